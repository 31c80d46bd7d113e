/**
 * Reproducibility across orchestration: the same request run with shard sizes 1, 7 and 1,000,
 * with one worker process and with two, gives byte-identical results, all equal to one pass of
 * the engine in this process (compared by the sha256 of the canonical result JSON).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_VERSION } from '../../models/model-version.js';
import { selStp2016 } from '../../models/presets/sel-stp-2016.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import { runInProcess } from '../../models/run-document.js';
import type { RunInput, RunSummary } from '../../orchestration/run-input.js';
import { sha256Hex } from '../../models/run-identity.js';
import { FileResultStore } from '../../store/file-result-store.js';
import { hasTemporal, temporalAddress, uniqueTaskQueue } from '../support/temporal-test-env.js';
import { spawnWorker, type WorkerProcess } from '../../harness/worker-process.js';

describe.skipIf(!hasTemporal())('results do not depend on shard size or worker count', () => {
  const taskQueue = uniqueTaskQueue('shards');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-shards-'));
  const store = new FileResultStore(path.join(dataDir, 'results'));
  const workers: WorkerProcess[] = [];
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    connection = await Connection.connect({ address: temporalAddress() });
    client = new Client({ connection });
    workers.push(spawnWorker({ address: temporalAddress(), taskQueue, dataDir }));
    await workers[0]!.ready;
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await connection?.close();
  });

  let runs = 0;
  async function run(input: RunInput): Promise<{ summary: RunSummary; workflowId: string }> {
    const workflowId = `shards-${process.pid}-${++runs}`;
    const summary = await client.workflow.execute<(input: RunInput) => Promise<RunSummary>>('simulationWorkflow', {
      taskQueue,
      workflowId,
      args: [input],
      workflowExecutionTimeout: '5 minutes',
    });
    return { summary, workflowId };
  }

  it('shard sizes 1, 7 and 1,000 on one worker give the in-process bytes', async () => {
    const base = {
      scenario: smallHospital.scenario as Record<string, unknown>,
      seed: 31,
      iterations: 60,
      modelVersion: MODEL_VERSION,
      source: { preset: 'small-hospital' },
    };
    const expected = runInProcess(base);
    for (const shardSize of [1, 7, 1000]) {
      const { summary, workflowId } = await run({ ...base, execution: { shardSize, chunkSize: 4 } });
      expect({ shardSize, sha256: summary.resultSha256 }).toEqual({ shardSize, sha256: expected.sha256 });
      expect(summary.shards).toBe(Math.ceil(60 / shardSize));
      // The stored bytes are the ones hashed.
      expect(sha256Hex((await store.get(`runs/${workflowId}/result.json`))!)).toBe(expected.sha256);
      // One worker took every shard: the summary is one activity, with no second read of the blocks.
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      expect(
        history.events?.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'summariseScopes'),
      ).toHaveLength(0);
    }
  });

  it('two worker processes share the shards of an SEL run and give the in-process bytes', async () => {
    workers.push(spawnWorker({ address: temporalAddress(), taskQueue, dataDir }));
    await workers[1]!.ready;
    const base = {
      scenario: selStp2016.scenario as Record<string, unknown>,
      seed: 2016,
      iterations: 84,
      modelVersion: MODEL_VERSION,
      source: { preset: 'sel-stp-2016' },
    };
    const expected = runInProcess(base);
    const { summary, workflowId } = await run({ ...base, execution: { shardSize: 7, maxConcurrentShards: 4 } });
    expect(summary.resultSha256).toBe(expected.sha256);
    // Both processes really took shards.
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const identities = new Set(
      history.events
        ?.filter((e) => e.activityTaskStartedEventAttributes)
        .map((e) => e.activityTaskStartedEventAttributes!.identity),
    );
    expect(identities.size).toBe(2);
    // And the summary came in two parts, one per worker that took shards, then their assembly.
    const scheduled = history.events
      ?.filter((e) => e.activityTaskScheduledEventAttributes)
      .map((e) => e.activityTaskScheduledEventAttributes!.activityType!.name);
    expect(scheduled?.filter((name) => name === 'summariseScopes')).toHaveLength(2);
    expect(scheduled?.at(-1)).toBe('summariseRun');
  });
});
