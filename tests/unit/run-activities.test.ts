/**
 * The simulation activities without a server (MockActivityEnvironment): a shard resumes from its
 * heartbeat checkpoint instead of redoing stored chunks, refuses to overwrite a stored chunk with
 * different figures but replaces a torn one, honours cancellation between chunks, and summarise
 * gives the in-process bytes, recomputing blocks that were lost or torn.
 */
import os from 'node:os';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createRunActivities } from '../../activities/run-activities.js';
import { compileScenario } from '../../models/engine.js';
import { MODEL_VERSION } from '../../models/model-version.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import { runInProcess } from '../../models/run-document.js';
import { scenarioSchema } from '../../models/scenario.js';
import { decodeIterationBlock, encodeIterationBlock } from '../../store/iteration-block-format.js';
import { blockKey, blocksPrefix } from '../../store/run-keys.js';
import { tempStore } from '../support/temp-store.js';

const runId = 'sim-000000000000000000000abc';
const scenario = smallHospital.scenario;
/** Figures per iteration of the scenario. */
const stride = compileScenario(scenarioSchema.parse(scenario)).stride;

/** An activity run in a fresh mock environment, its result typed by the activity's own signature. */
function runActivity<A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> {
  return new MockActivityEnvironment().run<A, R, typeof fn>(fn, ...args);
}

async function prepared() {
  const store = tempStore();
  const activities = createRunActivities(store);
  const { scenarioSha256, scopes, figuresPerIteration } = await runActivity(activities.prepareRun, {
    runId,
    scenario,
    modelVersion: MODEL_VERSION,
  });
  // What the workflow plans the summary's parts and the chunks' size by.
  expect({ scopes, figuresPerIteration }).toEqual({ scopes: 2, figuresPerIteration: stride });
  const shard = { runId, scenarioSha256, seed: 3, first: 0, count: 12, chunkSize: 4, modelVersion: MODEL_VERSION };
  return { store, activities, shard, scenarioSha256 };
}

describe('run activities', () => {
  it('prepareRun refuses an invalid scenario as non-retryable InvalidInput naming the field', async () => {
    const activities = createRunActivities(tempStore());
    const bad = { ...scenario, bedPolicy: { targetOccupancy: 0, riskTarget: 0.01 } };
    const error = await new MockActivityEnvironment()
      .run(activities.prepareRun, { runId, scenario: bad, modelVersion: MODEL_VERSION })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).type).toBe('InvalidInput');
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).message).toContain('/scenario/bedPolicy/targetOccupancy');
  });

  it('prepareRun refuses a run id the store cannot key (a workflow started by hand) as non-retryable InvalidInput', async () => {
    const activities = createRunActivities(tempStore());
    const error = await new MockActivityEnvironment()
      .run(activities.prepareRun, { runId: 'My-Run', scenario, modelVersion: MODEL_VERSION })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).type).toBe('InvalidInput');
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).message).toContain('"My-Run"');
  });

  it('a retried shard resumes after its last stored chunk', async () => {
    const { store, activities, shard } = await prepared();
    // Chunk 0 holds a whole block of figures the engine would never produce; a resumed attempt
    // must not touch it.
    await store.put(blockKey(runId, 0, 4), encodeIterationBlock(new Float64Array(4 * stride).fill(1)));
    const resumed = new MockActivityEnvironment({ heartbeatDetails: { nextChunk: 1 }, attempt: 2 });
    await expect(resumed.run(activities.simulateShard, shard)).resolves.toEqual({
      first: 0,
      count: 12,
      chunks: 3,
      worker: `${os.hostname()}:${process.pid}`,
    });
    // From the start, chunk 0 is recomputed and found to differ from what is stored: never overwritten.
    const error = await new MockActivityEnvironment().run(activities.simulateShard, shard).catch((e: unknown) => e);
    expect((error as ApplicationFailure).type).toBe('NotReproduced');
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
  });

  it('a shard replaces a block torn by a crash, and stores whole blocks', async () => {
    const { store, activities, shard } = await prepared();
    // What a machine crash can leave of a block written without fsync: the right length of zeros.
    await store.put(blockKey(runId, 4, 4), new Uint8Array(4 * stride * 8 + 8));
    await new MockActivityEnvironment().run(activities.simulateShard, shard);
    const whole = await Promise.all(
      [0, 4, 8].map(async (first) => decodeIterationBlock((await store.get(blockKey(runId, first, 4)))!, 4 * stride)),
    );
    expect(whole.every((figures) => figures !== undefined && figures.some((x) => x !== 0))).toBe(true);
  });

  it('heartbeats a checkpoint per chunk and stops at a cancellation', async () => {
    const { activities, shard } = await prepared();
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => {
      beats.push(d);
      if (beats.length === 1) env.cancel('CANCELLED');
    });
    await expect(env.run(activities.simulateShard, shard)).rejects.toBeInstanceOf(CancelledFailure);
    expect(beats).toEqual([{ nextChunk: 1 }]);
  });

  it('summarise over shards gives the in-process bytes and clears the blocks', async () => {
    const { store, activities, shard, scenarioSha256 } = await prepared();
    for (const first of [0, 12]) await new MockActivityEnvironment().run(activities.simulateShard, { ...shard, first });
    const summary = await runActivity(activities.summariseRun, {
      runId,
      scenarioSha256,
      seed: 3,
      iterations: 24,
      shardSize: 12,
      chunkSize: 4,
      modelVersion: MODEL_VERSION,
      source: {},
    });
    expect(summary.resultSha256).toBe(runInProcess({ scenario, seed: 3, iterations: 24 }).sha256);
    expect(await store.list(`runs/${runId}/blocks/`)).toEqual([]);
    // Idempotent: a retried summarise answers from the stored result.
    const again = await new MockActivityEnvironment().run(activities.summariseRun, {
      runId,
      scenarioSha256,
      seed: 3,
      iterations: 24,
      shardSize: 12,
      chunkSize: 4,
      modelVersion: MODEL_VERSION,
      source: {},
    });
    expect(again).toEqual(summary);
  });

  it('summarise recomputes blocks lost or torn after the shards stored them, to the same bytes', async () => {
    const { store, activities, shard, scenarioSha256 } = await prepared();
    for (const first of [0, 12]) await new MockActivityEnvironment().run(activities.simulateShard, { ...shard, first });
    expect(await store.list(blocksPrefix(runId))).toHaveLength(6);
    // One block gone, one cut short, one zero-filled, one with a single bit flipped.
    await store.remove(blockKey(runId, 4, 4));
    const short = (await store.get(blockKey(runId, 8, 4)))!;
    await store.remove(blockKey(runId, 8, 4));
    await store.put(blockKey(runId, 8, 4), short.subarray(0, 100));
    await store.remove(blockKey(runId, 12, 4));
    await store.put(blockKey(runId, 12, 4), new Uint8Array(short.byteLength));
    const flipped = (await store.get(blockKey(runId, 16, 4)))!;
    flipped[10]! ^= 1;
    await store.remove(blockKey(runId, 16, 4));
    await store.put(blockKey(runId, 16, 4), flipped);
    const summary = await runActivity(activities.summariseRun, {
      runId,
      scenarioSha256,
      seed: 3,
      iterations: 24,
      shardSize: 12,
      chunkSize: 4,
      modelVersion: MODEL_VERSION,
      source: {},
    });
    expect(summary.resultSha256).toBe(runInProcess({ scenario, seed: 3, iterations: 24 }).sha256);
  });

  it('summaries in parts (as several workers take them) assemble into the in-process bytes', async () => {
    const { store, activities, shard, scenarioSha256 } = await prepared();
    for (const first of [0, 12]) await new MockActivityEnvironment().run(activities.simulateShard, { ...shard, first });
    const input = {
      runId,
      scenarioSha256,
      seed: 3,
      iterations: 24,
      shardSize: 12,
      chunkSize: 4,
      modelVersion: MODEL_VERSION,
      source: {},
    };
    // The small hospital has one site: scopes 0 (the site) and 1 (the system).
    await expect(
      new MockActivityEnvironment().run(activities.summariseScopes, { ...input, scopes: [1] }),
    ).resolves.toEqual({ scopes: 1 });
    // A retried part finds itself stored and does nothing.
    await expect(
      new MockActivityEnvironment().run(activities.summariseScopes, { ...input, scopes: [1] }),
    ).resolves.toEqual({ scopes: 0 });
    expect(await store.list(`runs/${runId}/parts/`)).toHaveLength(1);
    // Scope 0 was never taken: summariseRun takes it itself, and uses the stored part for scope 1.
    const summary = await runActivity(activities.summariseRun, input);
    expect(summary.resultSha256).toBe(runInProcess({ scenario, seed: 3, iterations: 24 }).sha256);
    expect(await store.list(`runs/${runId}/parts/`)).toEqual([]);
    expect(await store.list(`runs/${runId}/blocks/`)).toEqual([]);
  });

  it('a worker of another model version does not take the shard (retryable, for a worker that can)', async () => {
    const { activities, shard } = await prepared();
    const error = await new MockActivityEnvironment()
      .run(activities.simulateShard, { ...shard, modelVersion: '0.0.0-other' })
      .catch((e: unknown) => e);
    expect((error as ApplicationFailure).type).toBe('ModelVersionMismatch');
    expect((error as ApplicationFailure).nonRetryable).toBe(false);
  });
});
