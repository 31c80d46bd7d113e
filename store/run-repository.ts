/**
 * A run's stored entries, read back (store/run-keys.ts says where each lives; the activities write
 * them through store/run-writer.ts). Readers get bytes or decoded documents by run id and never see a key, so where and how a
 * run is stored can change in one place.
 */
import { RUN_ID_PATTERN } from '../models/run-identity.js';
import { readableResult, type RunResult } from '../models/run-result.js';
import type { ResultStore } from './result-store.js';
import { resultKey, runRecordKey, scenarioKey } from './run-keys.js';

/** When a run started and finished (runs/<id>/run.json), kept apart from the result's bytes. */
export interface RunRecord {
  createdAt?: string;
  finishedAt?: string;
}

export class RunRepository {
  constructor(private readonly store: ResultStore) {}

  /**
   * The result's bytes exactly as stored (served byte for byte, hashed for ETags), or undefined
   * when there is none. Only a well-formed run id can name a stored entry (and be a valid key).
   */
  async resultBytes(runId: string): Promise<Uint8Array | undefined> {
    return RUN_ID_PATTERN.test(runId) ? await this.store.get(resultKey(runId)) : undefined;
  }

  /** The resolved scenario the run simulated, stored once a worker has validated it. */
  async scenario(runId: string): Promise<unknown> {
    if (!RUN_ID_PATTERN.test(runId)) return undefined;
    const bytes = await this.store.get(scenarioKey(runId));
    return bytes ? decodeJson(bytes) : undefined;
  }

  /** When the run started and finished, once its result is stored. */
  async record(runId: string): Promise<RunRecord | undefined> {
    if (!RUN_ID_PATTERN.test(runId)) return undefined;
    const bytes = await this.store.get(runRecordKey(runId));
    return bytes ? (decodeJson(bytes) as RunRecord) : undefined;
  }
}

/** A stored result document, decoded (its bytes are canonical JSON, models/run-document.ts). */
export function decodeResult(bytes: Uint8Array): RunResult {
  // Readers see one shape whatever version stored it (a filtered view of an old result too).
  return readableResult(decodeJson(bytes) as RunResult);
}

function decodeJson(bytes: Uint8Array): unknown {
  return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
}
