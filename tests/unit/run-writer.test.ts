/**
 * RunWriter, the activities' way into the store: each write lands at the key run-keys.ts names
 * with the bytes given, a torn block is replaced (and said to be), a whole block with other
 * figures is refused, the first run record stands, and discarding drops blocks and parts only.
 */
import { describe, expect, it } from 'vitest';
import { encodeIterationBlock } from '../../store/iteration-block-format.js';
import { ImmutableEntryError, InvalidKeyError } from '../../store/result-store.js';
import { RunWriter } from '../../store/run-writer.js';
import { tempStore } from '../support/temp-store.js';

const runId = 'sim-000000000000000000000abc';
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined);

describe('RunWriter', () => {
  it('writes each entry at its key, and reads the working ones back', async () => {
    const store = tempStore();
    const run = new RunWriter(store);
    const block = encodeIterationBlock(Float64Array.from([1, 2, 3, 4]));
    await run.putScenario(runId, bytes('{"id":"s"}'));
    expect(await run.putBlock(runId, 7, 2, block, 4)).toEqual({ replacedTorn: false });
    const part = { scope: 0 } as unknown as Parameters<RunWriter['putPart']>[2];
    await run.putPart(runId, 3, part);
    await run.putResult(runId, bytes('{"r":1}'));
    await run.putRecordOnce(runId, { createdAt: 'a', finishedAt: 'b' });
    expect((await store.list(`runs/${runId}/`)).sort()).toEqual(
      [
        `runs/${runId}/blocks/000000007-2.block`,
        `runs/${runId}/parts/0003.json`,
        `runs/${runId}/result.json`,
        `runs/${runId}/run.json`,
        `runs/${runId}/scenario.json`,
      ].sort(),
    );
    expect(text(await store.get(`runs/${runId}/parts/0003.json`))).toBe('{"scope":0}');
    expect(text(await store.get(`runs/${runId}/run.json`))).toBe('{"createdAt":"a","finishedAt":"b"}');
    expect(text(await run.scenarioBytes(runId))).toBe('{"id":"s"}');
    expect(text(await run.resultBytes(runId))).toBe('{"r":1}');
    expect(await run.part(runId, 3)).toEqual({ scope: 0 });
    expect(await run.hasPart(runId, 4)).toBe(false);
    const into = new Uint8Array(block.byteLength);
    expect(await run.readBlockInto(runId, 7, 2, into)).toBe(block.byteLength);
    expect(into).toEqual(block);
  });

  it('replaces a torn block, refuses a whole one with other figures, and keeps the first record', async () => {
    const store = tempStore();
    const run = new RunWriter(store);
    const block = encodeIterationBlock(Float64Array.from([1, 2, 3, 4]));
    await store.put(`runs/${runId}/blocks/000000000-2.block`, new Uint8Array(block.byteLength));
    expect(await run.putBlock(runId, 0, 2, block, 4)).toEqual({ replacedTorn: true });
    expect(await store.get(`runs/${runId}/blocks/000000000-2.block`)).toEqual(block);
    const other = encodeIterationBlock(Float64Array.from([1, 2, 3, 5]));
    await expect(run.putBlock(runId, 0, 2, other, 4)).rejects.toBeInstanceOf(ImmutableEntryError);
    expect(await store.get(`runs/${runId}/blocks/000000000-2.block`)).toEqual(block);

    await run.putRecordOnce(runId, { finishedAt: 'first' });
    await run.putRecordOnce(runId, { finishedAt: 'second' });
    expect(text(await store.get(`runs/${runId}/run.json`))).toBe('{"finishedAt":"first"}');
  });

  it('discards blocks and parts, nothing else, and refuses a run id that cannot name a key', async () => {
    const store = tempStore();
    const run = new RunWriter(store);
    await run.putScenario(runId, bytes('{}'));
    await run.putBlock(runId, 0, 1, encodeIterationBlock(Float64Array.from([1])), 1);
    await run.putBlock(runId, 1, 1, encodeIterationBlock(Float64Array.from([2])), 1);
    await run.putPart(runId, 0, {} as Parameters<RunWriter['putPart']>[2]);
    expect(await run.discardWork(runId)).toBe(3);
    expect(await store.list(`runs/${runId}/`)).toEqual([`runs/${runId}/scenario.json`]);
    expect(await run.discardWork(runId)).toBe(0);
    expect(() => run.checkRunId('Run 1')).toThrow(InvalidKeyError);
    expect(() => run.checkRunId(runId)).not.toThrow();
  });
});
