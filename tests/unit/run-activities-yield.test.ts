/**
 * Work that always yields (issue 15): a shard heartbeats and sees a cancellation between the
 * iterations of a slow chunk, with the same figures, and an iteration past its deadline fails the
 * shard for good (RunTooBig) instead of missing heartbeats and being retried into the same wall.
 */
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createRunActivities, type PreparedRun, type WorkLimits } from '../../activities/run-activities.js';
import { compileScenario } from '../../models/engine.js';
import { simulateBlock } from '../../models/engine-summary.js';
import { MODEL_VERSION } from '../../models/model-version.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import { selStp2016 } from '../../models/presets/sel-stp-2016.js';
import { estimateRunCost } from '../../models/run-cost.js';
import { costSizedChunk, defaultChunkSize } from '../../orchestration/shard-plan.js';
import { type ScenarioInput, scenarioSchema } from '../../models/scenario.js';
import { decodeIterationBlock } from '../../store/iteration-block-format.js';
import { blockKey } from '../../store/run-keys.js';
import { twoHospitals } from '../../harness/runaway-scenarios.js';
import { tempStore } from '../support/temp-store.js';

const runId = 'sim-000000000000000000000def';

async function prepared(scenario: ScenarioInput, limits: WorkLimits, count: number) {
  const store = tempStore();
  const activities = createRunActivities(store, limits);
  const prep: PreparedRun = await new MockActivityEnvironment().run(activities.prepareRun, {
    runId,
    scenario,
    modelVersion: MODEL_VERSION,
  });
  const shard = {
    runId,
    scenarioSha256: prep.scenarioSha256,
    seed: 5,
    first: 0,
    count,
    chunkSize: count,
    modelVersion: MODEL_VERSION,
  };
  return { store, activities, shard, prep };
}

describe('a shard always yields', () => {
  it('prepareRun gives the estimated seconds per iteration, which the workflow sizes chunks by', async () => {
    const { prep } = await prepared(smallHospital.scenario, {}, 1);
    expect(prep.secondsPerIteration).toBe(
      estimateRunCost(scenarioSchema.parse(smallHospital.scenario), 1).secondsPerIteration,
    );
  });

  it('sizes chunks by estimated cost too: SEL keeps its chunks, the typo gets one iteration a chunk', () => {
    const perIteration = (s: ScenarioInput) => estimateRunCost(scenarioSchema.parse(s), 1).secondsPerIteration;
    const sel = defaultChunkSize(1000, compileScenario(selStp2016.scenario).stride);
    expect(costSizedChunk(sel, perIteration(selStp2016.scenario))).toBe(sel);
    const typo = defaultChunkSize(1000, compileScenario(twoHospitals(1)).stride);
    expect(typo).toBeGreaterThan(100);
    expect(costSizedChunk(typo, perIteration(twoHospitals(1)))).toBe(1);
  });

  it('heartbeats between the iterations of a chunk, and stores the same figures', async () => {
    const { store, activities, shard } = await prepared(smallHospital.scenario, { yieldEveryMs: 0 }, 6);
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    await env.run(activities.simulateShard, shard);
    // One a chunk's iteration (the checkpoint unchanged), then the chunk's own.
    expect(beats).toEqual([...Array.from({ length: 6 }, () => ({ nextChunk: 0 })), { nextChunk: 1 }]);
    const c = compileScenario(smallHospital.scenario);
    const stored = decodeIterationBlock((await store.get(blockKey(runId, 0, 6)))!, 6 * c.stride);
    expect(Array.from(stored!)).toEqual(Array.from(simulateBlock(c, 5, 0, 6).values));
  });

  it('stops at a cancellation in the middle of a chunk, storing nothing', async () => {
    const { store, activities, shard } = await prepared(smallHospital.scenario, { yieldEveryMs: 0 }, 6);
    const env = new MockActivityEnvironment();
    let beats = 0;
    env.on('heartbeat', () => {
      if (++beats === 2) env.cancel('CANCELLED');
    });
    await expect(env.run(activities.simulateShard, shard)).rejects.toBeInstanceOf(CancelledFailure);
    expect(beats).toBe(2);
    expect(await store.get(blockKey(runId, 0, 6))).toBeUndefined();
  });

  it('fails an iteration past its deadline as non-retryable RunTooBig', async () => {
    // The typo (doubling every year for 11 years) takes seconds an iteration.
    const { activities, shard } = await prepared(twoHospitals(1), { maxIterationSeconds: 0.2 }, 2);
    const error = await new MockActivityEnvironment().run(activities.simulateShard, shard).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).type).toBe('RunTooBig');
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).message).toMatch(/iteration 0 took over 0\.2 s/);
  });

  it('a summary stops at a cancellation between its reads and scopes', async () => {
    const { activities, shard, prep } = await prepared(smallHospital.scenario, {}, 6);
    await new MockActivityEnvironment().run(activities.simulateShard, shard);
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => {
      beats.push(d);
      if (beats.length === 1) env.cancel('CANCELLED');
    });
    const input = {
      runId,
      scenarioSha256: prep.scenarioSha256,
      seed: 5,
      iterations: 6,
      shardSize: 6,
      chunkSize: 6,
      modelVersion: MODEL_VERSION,
      source: {},
    };
    await expect(env.run(activities.summariseScopes, { ...input, scopes: [0, 1] })).rejects.toBeInstanceOf(
      CancelledFailure,
    );
    expect(beats).toHaveLength(1);
  });
});
