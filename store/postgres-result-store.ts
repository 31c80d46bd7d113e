/**
 * The result store on PostgreSQL, for several machines (DATABASE_URL). One row per entry; the
 * primary key makes creation atomic, and an existing key is never overwritten.
 */
import pg from 'pg';
import {
  checkKey,
  checkPrefix,
  ImmutableEntryError,
  type PutOptions,
  type PutOutcome,
  type ResultStore,
} from './result-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS bedcast_results (
  key text PRIMARY KEY,
  bytes bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`;

export class PostgresResultStore implements ResultStore {
  private readonly pool: pg.Pool;
  private schemaReady: Promise<void> | undefined;

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 4 });
    // An idle client that loses its server must not crash the process.
    this.pool.on('error', () => undefined);
  }

  private ensureSchema(): Promise<void> {
    this.schemaReady ??= this.pool.query(SCHEMA).then(
      () => undefined,
      (err) => {
        this.schemaReady = undefined;
        throw err;
      },
    );
    return this.schemaReady;
  }

  /** Every commit is durable here: PutOptions.durable is a hint this store does not need. */
  async put(key: string, bytes: Uint8Array, _options?: PutOptions): Promise<PutOutcome> {
    checkKey(key);
    await this.ensureSchema();
    const inserted = await this.pool.query(
      'INSERT INTO bedcast_results (key, bytes) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key',
      [key, Buffer.from(bytes)],
    );
    if (inserted.rowCount === 1) return { created: true };
    const existing = await this.get(key);
    if (existing && Buffer.from(existing).equals(bytes)) return { created: false };
    throw new ImmutableEntryError(key);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    checkKey(key);
    await this.ensureSchema();
    const result = await this.pool.query<{ bytes: Buffer }>('SELECT bytes FROM bedcast_results WHERE key = $1', [key]);
    const row = result.rows[0];
    return row ? new Uint8Array(row.bytes) : undefined;
  }

  async getInto(key: string, target: Uint8Array): Promise<number | undefined> {
    const bytes = await this.get(key);
    if (!bytes) return undefined;
    target.set(bytes.subarray(0, Math.min(bytes.byteLength, target.byteLength)));
    return bytes.byteLength;
  }

  async list(prefix: string): Promise<string[]> {
    await this.ensureSchema();
    const pattern = likePrefix(prefix);
    const result = await this.pool.query<{ key: string }>(
      'SELECT key FROM bedcast_results WHERE key LIKE $1 ESCAPE \'\\\' ORDER BY key COLLATE "C"',
      [pattern],
    );
    return result.rows.map((r) => r.key);
  }

  async removePrefix(prefix: string): Promise<number> {
    await this.ensureSchema();
    const result = await this.pool.query("DELETE FROM bedcast_results WHERE key LIKE $1 ESCAPE '\\'", [
      likePrefix(checkPrefix(prefix)),
    ]);
    return result.rowCount ?? 0;
  }

  async remove(key: string): Promise<boolean> {
    checkKey(key);
    await this.ensureSchema();
    const result = await this.pool.query('DELETE FROM bedcast_results WHERE key = $1', [key]);
    return (result.rowCount ?? 0) > 0;
  }

  async ready(): Promise<boolean> {
    try {
      await this.ensureSchema();
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Keys hold [a-z0-9._-/] only; '_' is a LIKE wildcard and must be escaped. */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
