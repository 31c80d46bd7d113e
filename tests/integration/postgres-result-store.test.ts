/**
 * The PostgreSQL result store against a real server: the same contract as the file store.
 * With REQUIRE_POSTGRES=1 (CI) a missing PostgreSQL fails the run instead of skipping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresResultStore } from '../../store/postgres-result-store.js';
import { ImmutableEntryError, InvalidKeyError } from '../../store/result-store.js';
import { findPostgresBin, type PostgresServer, startPostgres } from '../support/postgres-server.js';

const available = Boolean(process.env.DATABASE_URL || findPostgresBin());
if (!available && process.env.REQUIRE_POSTGRES === '1') throw new Error('REQUIRE_POSTGRES=1 but no PostgreSQL binaries (initdb, pg_ctl) were found');
if (!available) console.warn('SKIPPED: PostgreSQL result store tests need initdb and pg_ctl, or DATABASE_URL');

const bytes = (text: string) => new TextEncoder().encode(text);

describe.skipIf(!available)('PostgreSQL result store', () => {
  let server: PostgresServer | undefined;
  let store: PostgresResultStore;

  beforeAll(async () => {
    server = await startPostgres();
    store = new PostgresResultStore(server!.url);
  });

  afterAll(async () => {
    await store?.close();
    server?.stop();
  });

  it('stores, returns, and is ready', async () => {
    expect(await store.ready()).toBe(true);
    expect(await store.put('runs/sim-a/result.json', bytes('{"a":1}'))).toEqual({ created: true });
    expect(new TextDecoder().decode(await store.get('runs/sim-a/result.json'))).toBe('{"a":1}');
    expect(await store.get('runs/sim-a/missing')).toBeUndefined();
  });

  it('is idempotent for a retried write and refuses to change an entry', async () => {
    await store.put('runs/x/result.json', bytes('one'));
    expect(await store.put('runs/x/result.json', bytes('one'))).toEqual({ created: false });
    await expect(store.put('runs/x/result.json', bytes('two'))).rejects.toBeInstanceOf(ImmutableEntryError);
  });

  it('lists by prefix, treating _ literally', async () => {
    for (const k of ['runs/p_q/a', 'runs/pxq/b', 'runs/p_q/c']) await store.put(k, bytes(k));
    expect(await store.list('runs/p_q/')).toEqual(['runs/p_q/a', 'runs/p_q/c']);
  });

  it('lets exactly one of many concurrent writers create an entry', async () => {
    const others = Array.from({ length: 3 }, () => new PostgresResultStore(server!.url));
    const payload = bytes('x'.repeat(1 << 20));
    const outcomes = await Promise.all([store, ...others].flatMap((s) => [s.put('runs/race/r', payload), s.put('runs/race/r', payload)]));
    await Promise.all(others.map((s) => s.close()));
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    expect((await store.get('runs/race/r'))!.length).toBe(payload.length);
  });

  it('rejects keys outside the key pattern', async () => {
    await expect(store.put('../x', bytes('x'))).rejects.toBeInstanceOf(InvalidKeyError);
  });
});
