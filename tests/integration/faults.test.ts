/**
 * Faults in the middle of a run change nothing in its result:
 * - a worker process killed with SIGKILL in the middle of a shard, another started: the shard is
 *   retried after its heartbeat timeout, resumes from its last stored chunk, and the run completes
 *   with the in-process bytes;
 * - the Temporal dev server stopped and restarted on the same SQLite file during a run: workers
 *   and client reconnect and the run completes with the in-process bytes.
 * Each test has its own dev server, so restarting it disturbs no other test.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { findTemporalCli } from '../../bin/temporal-cli.js';
import { type DevServer, startDevServer } from '../../bin/temporal-dev-server.js';
import { MODEL_VERSION } from '../../models/model-version.js';
import { selStp2016 } from '../../models/presets/sel-stp-2016.js';
import { runInProcess } from '../../models/run-document.js';
import type { RunInput, RunSummary } from '../../orchestration/run-input.js';
import { FileResultStore } from '../../store/file-result-store.js';
import { freePort } from '../../harness/free-port.js';
import { hasTemporal, uniqueTaskQueue } from '../support/temporal-test-env.js';
import { spawnWorker, type WorkerProcess } from '../../harness/worker-process.js';

const base = {
  scenario: selStp2016.scenario as Record<string, unknown>,
  seed: 17,
  iterations: 400,
  modelVersion: MODEL_VERSION,
  source: { preset: 'sel-stp-2016' },
};

async function ownServer(dir: string, port?: number): Promise<DevServer> {
  const cli = findTemporalCli();
  if (!cli) throw new Error('no Temporal CLI');
  return startDevServer({
    cliPath: cli.path,
    port: port ?? (await freePort()),
    dbFilename: path.join(dir, 'temporal.db'),
  });
}

async function until(what: string, test: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!hasTemporal())('faults during a run', () => {
  const expected = runInProcess(base);

  it('a worker killed with SIGKILL mid-shard: the run completes with the same bytes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-kill-'));
    const server = await ownServer(dir);
    const taskQueue = uniqueTaskQueue('kill');
    const store = new FileResultStore(path.join(dir, 'results'));
    const workers: WorkerProcess[] = [spawnWorker({ address: server.address, taskQueue, dataDir: dir })];
    const connection = await Connection.connect({ address: server.address });
    try {
      await workers[0]!.ready;
      const client = new Client({ connection });
      const workflowId = `kill-${process.pid}`;
      // One shard at a time, ten chunks each: a kill after two stored chunks is inside shard 0.
      const handle = await client.workflow.start('simulationWorkflow', {
        taskQueue,
        workflowId,
        args: [{ ...base, execution: { shardSize: 200, chunkSize: 20, maxConcurrentShards: 1 } } satisfies RunInput],
      });
      await until('two stored chunks', async () => (await store.list(`runs/${workflowId}/blocks/`)).length >= 2);
      workers[0]!.child.kill('SIGKILL');
      expect(await workers[0]!.exited).toBe('SIGKILL');
      workers.push(spawnWorker({ address: server.address, taskQueue, dataDir: dir }));
      const summary = (await handle.result()) as RunSummary;
      expect(summary.resultSha256).toBe(expected.sha256);
      // Shard 0 ran twice: the first attempt died with its worker.
      const history = await handle.fetchHistory();
      const attempts = history.events
        ?.filter((e) => e.activityTaskStartedEventAttributes)
        .map((e) => e.activityTaskStartedEventAttributes!.attempt ?? 1);
      expect(Math.max(...attempts!)).toBeGreaterThanOrEqual(2);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await connection.close();
      await server.stop();
    }
  });

  it('a worker killed during the summary: noticed by heartbeat, summarised again, same bytes (found by the chaos harness)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-kill-summary-'));
    const server = await ownServer(dir);
    const taskQueue = uniqueTaskQueue('kill-summary');
    const workers: WorkerProcess[] = [spawnWorker({ address: server.address, taskQueue, dataDir: dir })];
    const connection = await Connection.connect({ address: server.address });
    const input = { ...base, seed: 23, iterations: 3000 };
    const expectedHere = runInProcess(input);
    try {
      await workers[0]!.ready;
      const client = new Client({ connection });
      const handle = await client.workflow.start('simulationWorkflow', {
        taskQueue,
        workflowId: `kill-summary-${process.pid}`,
        args: [{ ...input, execution: { shardSize: 1000 } } satisfies RunInput],
      });
      await until(
        'the summary to start',
        async () => {
          const pending = (await handle.describe()).raw.pendingActivities ?? [];
          return pending.some((a) => a.activityType?.name === 'summariseRun' && a.lastStartedTime);
        },
        120_000,
      );
      workers[0]!.child.kill('SIGKILL');
      await workers[0]!.exited;
      const killedAt = Date.now();
      workers.push(spawnWorker({ address: server.address, taskQueue, dataDir: dir }));
      const summary = (await handle.result()) as RunSummary;
      expect(summary.resultSha256).toBe(expectedHere.sha256);
      // Within the summary's heartbeat timeout (30 s) and a retry, not its 30-minute start-to-close.
      expect(Date.now() - killedAt).toBeLessThan(75_000);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await connection.close();
      await server.stop();
    }
  }, 180_000);

  it('the dev server restarted on the same database mid-run: the run completes with the same bytes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-restart-'));
    let server = await ownServer(dir);
    const port = Number(server.address.split(':').at(-1));
    const taskQueue = uniqueTaskQueue('restart');
    const store = new FileResultStore(path.join(dir, 'results'));
    const worker = spawnWorker({ address: server.address, taskQueue, dataDir: dir });
    const connection = await Connection.connect({ address: server.address });
    try {
      await worker.ready;
      const client = new Client({ connection });
      const workflowId = `restart-${process.pid}`;
      const handle = await client.workflow.start('simulationWorkflow', {
        taskQueue,
        workflowId,
        args: [{ ...base, execution: { shardSize: 100, chunkSize: 20, maxConcurrentShards: 2 } } satisfies RunInput],
      });
      await until('two stored chunks', async () => (await store.list(`runs/${workflowId}/blocks/`)).length >= 2);
      await server.stop();
      await new Promise((r) => setTimeout(r, 1_000));
      server = await ownServer(dir, port);
      const summary = (await handle.result()) as RunSummary;
      expect(summary.resultSha256).toBe(expected.sha256);
    } finally {
      await worker.stop();
      await connection.close();
      await server.stop();
    }
  });
});
