/**
 * A throwaway PostgreSQL server for the store tests: initdb into a temporary directory and start
 * it on a free loopback port. As root (CI), it runs as the `postgres` user, because initdb and
 * postgres refuse to run as root. DATABASE_URL, when set, is used instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, chownSync, constants, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../harness/free-port.js';

export interface PostgresServer {
  url: string;
  stop(): void;
}

export function findPostgresBin(): string | undefined {
  const candidates = [
    ...(process.env.BEDCAST_PG_BIN ? [process.env.BEDCAST_PG_BIN] : []),
    ...(process.env.PATH ?? '').split(path.delimiter),
    ...safeList('/usr/lib/postgresql')
      .sort()
      .reverse()
      .map((v) => `/usr/lib/postgresql/${v}/bin`),
  ];
  for (const dir of candidates) {
    try {
      accessSync(path.join(dir, 'initdb'), constants.X_OK);
      accessSync(path.join(dir, 'pg_ctl'), constants.X_OK);
      return dir;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export async function startPostgres(): Promise<PostgresServer | undefined> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: () => undefined };
  const bin = findPostgresBin();
  if (!bin) return undefined;
  const asRoot = process.getuid?.() === 0;
  const base = mkdtempSync(path.join(os.tmpdir(), 'bedcast-pg-'));
  const data = path.join(base, 'data');
  const port = await freePort();
  const uid = asRoot ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()) : undefined;
  const gid = asRoot ? Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()) : undefined;
  if (asRoot) {
    chmodSync(base, 0o755);
    chownSync(base, uid!, gid!);
  }
  const run = (args: string[]) => {
    const [cmd, ...rest] = asRoot ? ['runuser', '-u', 'postgres', '--', ...args] : args;
    const out = spawnSync(cmd!, rest, { encoding: 'utf8', timeout: 60_000 });
    if (out.status !== 0) throw new Error(`${args.join(' ')} failed:\n${out.stdout}\n${out.stderr}`);
  };
  run([path.join(bin, 'initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  run([
    path.join(bin, 'pg_ctl'),
    '-D',
    data,
    '-l',
    path.join(base, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => run([path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop']),
  };
}
