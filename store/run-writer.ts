/**
 * A run's stored entries as the activities make them: the validated scenario, the blocks of raw
 * figures, the summary parts, the result and the run record, and the working entries they read
 * back while summarising. With RunRepository (the API's reads), the only code that knows where a
 * run's entries live (store/run-keys.ts) and how they are encoded: activities name a run and an
 * iteration range or a scope, never a key.
 *
 * Entries are immutable: writing other bytes where some already are throws ImmutableEntryError,
 * which the activities turn into "not reproduced". This module knows nothing of Temporal.
 */
import type { ScopeSummary } from '../models/engine-summary.js';
import { decodeIterationBlock } from './iteration-block-format.js';
import { ImmutableEntryError, type ResultStore, checkKey } from './result-store.js';
import { blockKey, blocksPrefix, partKey, partsPrefix, resultKey, runRecordKey, scenarioKey } from './run-keys.js';
import type { RunRecord } from './run-repository.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class RunWriter {
  constructor(private readonly store: ResultStore) {}

  /** Throws InvalidKeyError when the run id cannot name the run's entries (it becomes part of each key). */
  checkRunId(runId: string): void {
    checkKey(scenarioKey(runId));
  }

  /** The resolved scenario's canonical bytes, the run's input: durable. */
  async putScenario(runId: string, bytes: Uint8Array): Promise<void> {
    await this.store.put(scenarioKey(runId), bytes);
  }

  async scenarioBytes(runId: string): Promise<Uint8Array | undefined> {
    return await this.store.get(scenarioKey(runId));
  }

  /**
   * A chunk's sealed block (store/iteration-block-format.ts), not durably: blocks are a cache of
   * a pure function, checked when read. A torn block where this one goes (from an attempt whose
   * machine crashed after writing it) is replaced, and the answer says so; a whole block with
   * other figures throws ImmutableEntryError.
   */
  async putBlock(
    runId: string,
    first: number,
    count: number,
    bytes: Uint8Array,
    valueCount: number,
  ): Promise<{ replacedTorn: boolean }> {
    const key = blockKey(runId, first, count);
    try {
      await this.store.put(key, bytes, { durable: false });
      return { replacedTorn: false };
    } catch (err) {
      if (!(err instanceof ImmutableEntryError)) throw err;
    }
    const existing = await this.store.get(key);
    const torn = existing === undefined || decodeIterationBlock(existing, valueCount) === undefined;
    if (torn) await this.store.remove(key);
    await this.store.put(key, bytes, { durable: false });
    return { replacedTorn: torn };
  }

  /**
   * Reads a chunk's block into `target` (sized for a whole block), giving the bytes read, or
   * undefined when there is none; the caller checks it (decodeIterationBlock).
   */
  async readBlockInto(runId: string, first: number, count: number, target: Uint8Array): Promise<number | undefined> {
    return await this.store.getInto(blockKey(runId, first, count), target);
  }

  /** One scope's summary, durable. */
  async putPart(runId: string, scope: number, part: ScopeSummary): Promise<void> {
    await this.store.put(partKey(runId, scope), encoder.encode(JSON.stringify(part)));
  }

  async hasPart(runId: string, scope: number): Promise<boolean> {
    return (await this.store.get(partKey(runId, scope))) !== undefined;
  }

  async part(runId: string, scope: number): Promise<ScopeSummary | undefined> {
    const bytes = await this.store.get(partKey(runId, scope));
    return bytes ? (JSON.parse(decoder.decode(bytes)) as ScopeSummary) : undefined;
  }

  /** The summarised result's canonical bytes, durable. */
  async putResult(runId: string, bytes: Uint8Array): Promise<void> {
    await this.store.put(resultKey(runId), bytes);
  }

  async resultBytes(runId: string): Promise<Uint8Array | undefined> {
    return await this.store.get(resultKey(runId));
  }

  /**
   * When the run started and finished. The first record written stands (a retry finds it and
   * leaves it); metadata only, so failing to write it never fails the run.
   */
  async putRecordOnce(runId: string, record: RunRecord): Promise<void> {
    if (await this.store.get(runRecordKey(runId))) return;
    await this.store.put(runRecordKey(runId), encoder.encode(JSON.stringify(record))).catch(() => undefined);
  }

  /** Drops the run's working entries (blocks, then parts), giving how many went; harmless again. */
  async discardWork(runId: string): Promise<number> {
    return (await this.store.removePrefix(blocksPrefix(runId))) + (await this.store.removePrefix(partsPrefix(runId)));
  }
}
