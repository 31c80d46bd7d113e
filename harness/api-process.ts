/**
 * The API as its own process (bin/api.ts, as `npm start` runs it), for harnesses that kill it or
 * measure it. Resolves once it listens.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const API_ENTRY = fileURLToPath(new URL('../bin/api.ts', import.meta.url));

export function startApiProcess(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', API_ENTRY], {
    env: { ...process.env, LOG_LEVEL: 'silent', API_TOKENS: '', ...env, API_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`API exited with ${code} before it was ready`)));
  });
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}
