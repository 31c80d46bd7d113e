/**
 * Cancelling through the API against a real Temporal server:
 * - before any worker polls its task queue: the run ends cancelled without any activity ever
 *   being scheduled (no race with the simulation's speed, so no flakiness);
 * - in the middle of its shards: it ends cancelled within seconds, every started shard has
 *   stopped, and its working blocks are gone.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulationWorker } from '../../worker/simulation-worker.js';
import { createApp } from '../../api/app.js';
import { TemporalSimulationService } from '../../api/temporal-simulation-service.js';
import { installTestRuntime, type LiveStack, startLiveStack } from '../support/live-stack.js';
import { readJson } from '../support/read-json.js';
import { tempStore } from '../support/temp-store.js';
import { hasTemporal, temporalAddress, uniqueTaskQueue } from '../support/temporal-test-env.js';

describe.skipIf(!hasTemporal())('cancel through the API', () => {
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    installTestRuntime();
    connection = await Connection.connect({ address: temporalAddress() });
    client = new Client({ connection });
  });

  afterAll(async () => {
    await connection?.close();
  });

  it('a cancelled run ends cancelled and never runs its activity', async () => {
    const taskQueue = uniqueTaskQueue('cancel');
    const store = tempStore();
    const app = createApp({ simulations: new TemporalSimulationService(client, taskQueue), store });
    const launched = await app.request('/v1/simulations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ preset: 'small-hospital', iterations: 5000, seed: 99 }),
    });
    expect(launched.status).toBe(202);
    const { id, status } = await readJson(launched);
    expect(status).toBe('queued');

    const cancelled = await app.request(`/v1/simulations/${id}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(202);

    const nativeConnection = await NativeConnection.connect({ address: temporalAddress() });
    const worker = await createSimulationWorker({ connection: nativeConnection, taskQueue, store });
    const running = worker.run();
    try {
      let run;
      for (let i = 0; i < 300; i++) {
        run = await readJson(await app.request(`/v1/simulations/${id}`));
        if (run.status !== 'queued' && run.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(run.status).toBe('cancelled');
      const history = await client.workflow.getHandle(id).fetchHistory();
      expect(history.events?.some((e) => e.activityTaskScheduledEventAttributes)).toBe(false);
      expect((await app.request(`/v1/simulations/${id}`, { method: 'DELETE' })).status).toBe(409);
    } finally {
      worker.shutdown();
      await running;
      await nativeConnection.close();
    }
  });
});

describe.skipIf(!hasTemporal())('cancel a run in the middle of its shards', () => {
  let stack: LiveStack;

  beforeAll(async () => {
    stack = await startLiveStack('cancel-mid-run');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('ends cancelled within seconds, with no shard left running and no working blocks left', async () => {
    const { baseUrl, client, store, worker } = stack;
    const launched = await fetch(`${baseUrl}/v1/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ preset: 'sel-stp-2016', iterations: 20_000, seed: 7 }),
    });
    expect(launched.status).toBe(202);
    const { id } = await readJson(launched);
    // Wait until shards have stored blocks: the run is truly mid-way.
    for (let i = 0; i < 600 && (await store.list(`runs/${id}/blocks/`)).length < 2; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await store.list(`runs/${id}/blocks/`)).length).toBeGreaterThanOrEqual(2);

    const asked = Date.now();
    expect((await fetch(`${baseUrl}/v1/simulations/${id}`, { method: 'DELETE' })).status).toBe(202);
    let run;
    for (let i = 0; i < 300; i++) {
      run = await readJson(await fetch(`${baseUrl}/v1/simulations/${id}`));
      if (run.status !== 'queued' && run.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const tookMs = Date.now() - asked;
    expect(run.status).toBe('cancelled');
    expect(tookMs).toBeLessThan(10_000);
    expect(run.progress.iterationsDone).toBeLessThan(20_000);

    // Every shard that started had stopped before the workflow closed.
    const history = await client.workflow.getHandle(id).fetchHistory();
    const events = history.events ?? [];
    const closedAt = events.findIndex((e) => e.workflowExecutionCanceledEventAttributes);
    expect(closedAt).toBeGreaterThan(0);
    const started = events
      .filter((e) => e.activityTaskStartedEventAttributes)
      .map((e) => String(e.activityTaskStartedEventAttributes!.scheduledEventId));
    const ended = events
      .slice(0, closedAt)
      .map(
        (e) =>
          e.activityTaskCompletedEventAttributes ??
          e.activityTaskCanceledEventAttributes ??
          e.activityTaskFailedEventAttributes ??
          e.activityTaskTimedOutEventAttributes,
      )
      .filter(Boolean)
      .map((a) => String(a!.scheduledEventId));
    expect(started.length).toBeGreaterThan(0);
    for (const s of started) expect(ended).toContain(s);
    expect(events.some((e) => e.activityTaskCanceledEventAttributes)).toBe(true);
    expect(worker.getStatus().numInFlightActivities).toBe(0);
    expect(await store.list(`runs/${id}/blocks/`)).toEqual([]);
    expect(await store.get(`runs/${id}/result.json`)).toBeUndefined();
  });
});
