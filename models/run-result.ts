/**
 * The stored result of a run: the engine's summary with its provenance. Everything in it is a
 * function of the run's inputs (no clock, no host), so its canonical JSON, and the hash of that,
 * is the same on every machine, for every split into shards and after every retry. Times a run
 * was created or finished belong to the API's view of the run, never in here.
 */
import type { EngineResult } from './engine-summary.js';
import type { RunSource } from './run-source.js';

/**
 * The results contract's version (docs/results-changelog.md). 2 (model 0.3.0): the calibration
 * section, bed pools as scopes, daysFull beside daysDemandAtOrAboveCapacity (which replaces
 * daysAtOrOverCapacity). 3 (model 0.5.0): a bridge step's median is p50, as in every
 * distribution. Results stored under 1 or 2 are served as they were stored: immutable bytes.
 */
export const RESULT_SCHEMA_VERSION = 3;

export interface RunResult extends EngineResult {
  /** A result read back from the store keeps the version it was stored under (store/run-repository.ts decodeResult). */
  schemaVersion: 1 | 2 | typeof RESULT_SCHEMA_VERSION;
  runId: string;
  modelVersion: string;
  /** sha256 of the canonical inputs (resolved scenario, seed, iterations, model version). */
  inputsSha256: string;
  /** Where the scenario came from, e.g. { preset: 'sel-stp-2016' }; empty for an inline one (models/run-source.ts). */
  source: RunSource;
}

export function runResult(
  engine: EngineResult,
  provenance: Omit<RunResult, keyof EngineResult | 'schemaVersion'>,
): RunResult {
  return { schemaVersion: RESULT_SCHEMA_VERSION, ...provenance, ...engine };
}

/**
 * A stored result as today's readers (report, CSV, workbook, charts) expect it: a result stored
 * under schemaVersion 1 or 2 names a bridge step's median `median`, which is `p50` now. Its
 * schemaVersion and every other field stay as stored; the stored bytes themselves never change.
 */
export function readableResult(stored: RunResult): RunResult {
  if (stored.schemaVersion >= 3) return stored;
  const bridges = stored.bridges.map((b) => ({
    ...b,
    steps: b.steps.map((step) => {
      const { median, ...rest } = step as typeof step & { median?: number };
      return median === undefined ? step : { ...rest, p50: median };
    }),
  }));
  return { ...stored, bridges };
}
