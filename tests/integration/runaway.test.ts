/**
 * Issue 15 through the real stack: no request can hang the system.
 * - the typo scenario (`"ratePerYear": 1`, 11 years) is refused at launch, naming the field, and
 *   no workflow starts;
 * - a run's launch answer and status carry its cost estimate, and the status a poller sees
 *   never goes backwards;
 * - the same typo started behind the API's back (straight on Temporal) fails for good within
 *   seconds (RunTooBig, one attempt) instead of missing heartbeats and being retried, and the
 *   worker is free for the next run at once;
 * - with no worker to answer the progress query, the run stays running with the progress the
 *   server recorded (the workflow's memo), and it completes once a worker is back;
 * - a run cancelled mid-shard, or while the worker is busy with another run, ends cancelled
 *   within 10 s, keeps its progress, and frees the worker for the next run;
 * - a run just under the budget, slow, completes, while a small run launched after it finishes
 *   first (the interactive task queue).
 */
import { randomBytes } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulationWorker } from '../../worker/simulation-worker.js';
import { createApp } from '../../api/app.js';
import { TemporalSimulationService } from '../../api/temporal-simulation-service.js';
import { MODEL_VERSION } from '../../models/model-version.js';
import { selStp2016 } from '../../models/presets/sel-stp-2016.js';
import { estimateRunCost } from '../../models/run-cost.js';
import { scenarioSchema } from '../../models/scenario.js';
import { type LiveStack, startLiveStack } from '../support/live-stack.js';
import { getRun, pollMonotone } from '../support/poll-monotone.js';
import { readJson } from '../support/read-json.js';
import { RUNAWAY_YEARS, twoHospitals } from '../../harness/runaway-scenarios.js';
import { hasTemporal, temporalAddress, uniqueTaskQueue } from '../support/temporal-test-env.js';

const post = (stack: LiveStack, body: unknown) =>
  fetch(`${stack.baseUrl}/v1/simulations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** SEL iterations of the big run: over the interactive threshold, a few seconds of work. */
const BIG = 12_000;

describe.skipIf(!hasTemporal())('runaway runs (issue 15)', () => {
  let stack: LiveStack;

  beforeAll(async () => {
    // The big run of these tests is just under the budget: slow, but let through.
    stack = await startLiveStack('runaway', {
      limits: {
        maxRunCoreSeconds: 1.02 * estimateRunCost(scenarioSchema.parse(selStp2016.scenario), BIG).coreSeconds,
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses the typo scenario at launch, naming /growth/0/ratePerYear, and starts no workflow', async () => {
    const res = await post(stack, { scenario: twoHospitals(1), iterations: 20, seed: 15 });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await readJson(res);
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/scenario/growth/0/ratePerYear']);
    expect(body.errors[0].detail).toContain('/growth/0/ratePerYear');
    const listed = await readJson(await fetch(`${stack.baseUrl}/v1/simulations?scenario=two-hospitals`));
    expect(listed.runs).toEqual([]);
  });

  it('answers a launch with its estimate and keeps it on the run, whose status never goes back', async () => {
    const res = await post(stack, { scenario: twoHospitals(0.01), iterations: 400, seed: 15 });
    expect(res.status).toBe(202);
    const launched = await readJson(res);
    expect(launched.estimate.coreSeconds).toBeGreaterThan(0);
    const { run } = await pollMonotone(stack, launched.id);
    expect(run.status).toBe('succeeded');
    expect(run.estimate).toEqual(launched.estimate);
  });

  it('fails the typo started behind the API as RunTooBig on its first attempt, and frees the worker', async () => {
    const id = `sim-runaway-direct-${Date.now()}`;
    const started = Date.now();
    const handle = await stack.client.workflow.start('simulationWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: id,
      args: [
        { scenario: twoHospitals(1, RUNAWAY_YEARS), seed: 15, iterations: 2, modelVersion: MODEL_VERSION, source: {} },
      ],
    });
    const error = await handle.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause?.cause as { type?: string; message: string } | undefined;
    expect(cause?.type).toBe('RunTooBig');
    // Well inside the heartbeat timeout and the first retry: the deadline, not a timeout, ended it.
    expect(Date.now() - started).toBeLessThan(10_000);
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? []).flatMap((e) =>
      e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt ?? 1] : [],
    );
    expect(Math.max(...attempts)).toBe(1);
    expect((history.events ?? []).some((e) => e.activityTaskTimedOutEventAttributes)).toBe(false);

    const res = await post(stack, { preset: 'small-hospital', iterations: 200, seed: 15 });
    const { run } = await pollMonotone(stack, (await readJson(res)).id, 30_000);
    expect(run.status).toBe('succeeded');
  });

  it('keeps a run running with its recorded progress while no worker can answer, then completes it', async () => {
    const taskQueue = uniqueTaskQueue('runaway-memo');
    const appOf = () =>
      createApp({ simulations: new TemporalSimulationService(stack.client, taskQueue), store: stack.store });
    const app = appOf();
    const read = async (id: string) => readJson(await app.request(`/v1/simulations/${id}`));
    const connect = () => NativeConnection.connect({ address: temporalAddress() });
    let connection = await connect();
    let worker = await createSimulationWorker({ connection, taskQueue, store: stack.store });
    let running = worker.run();
    // A run id as the API derives them (sim- and 24 hex digits), so the API can be asked about it.
    const id = `sim-${randomBytes(12).toString('hex')}`;
    try {
      await stack.client.workflow.start('simulationWorkflow', {
        taskQueue,
        workflowId: id,
        args: [
          {
            scenario: selStp2016.scenario,
            seed: 15,
            iterations: 3000,
            modelVersion: MODEL_VERSION,
            source: {},
            execution: { shardSize: 200, maxConcurrentShards: 1 },
          },
        ],
      });
      const { seen } = await pollMonotone(read, id, 60_000, (run) => run.progress.shardsDone >= 2);
      worker.shutdown();
      await running;
      await connection.close();
      // A fresh API process knows nothing of the run: only the server's records can answer.
      const fresh = appOf();
      const view = await readJson(await fresh.request(`/v1/simulations/${id}`));
      expect(view.status).toBe('running');
      expect(view.progress.phase).toBe('simulating');
      expect(view.progress.iterationsDone).toBeGreaterThanOrEqual(400);
      // And the API that saw the run go so far never answers less.
      const again = await pollMonotone(read, id, 10_000, () => true, seen);
      expect(again.run.status).toBe('running');

      connection = await connect();
      worker = await createSimulationWorker({ connection, taskQueue, store: stack.store });
      running = worker.run();
      const { run } = await pollMonotone(read, id, 60_000, undefined, again.seen);
      expect(run.status).toBe('succeeded');
    } finally {
      worker.shutdown();
      await running.catch(() => undefined);
      await connection.close().catch(() => undefined);
    }
  });

  it('cancels a run mid-shard within 10 s, keeping its progress, and frees the worker', async () => {
    const launched = await readJson(await post(stack, { preset: 'sel-stp-2016', iterations: BIG, seed: 151 }));
    const { seen } = await pollMonotone(stack, launched.id, 60_000, (run) => run.progress.iterationsDone > 0);
    const asked = Date.now();
    expect((await fetch(`${stack.baseUrl}/v1/simulations/${launched.id}`, { method: 'DELETE' })).status).toBe(202);
    const { run } = await pollMonotone(stack, launched.id, 10_000, undefined, seen);
    expect(run.status).toBe('cancelled');
    expect(Date.now() - asked).toBeLessThan(10_000);
    expect(run.progress.phase).toBe('cancelled');
    expect(run.progress.iterationsDone).toBeGreaterThan(0);
    // Not only this API process's memory: a fresh one reads the same from the server's records.
    const fresh = createApp({
      simulations: new TemporalSimulationService(stack.client, stack.taskQueue),
      store: stack.store,
    });
    const view = await readJson(await fresh.request(`/v1/simulations/${launched.id}`));
    expect(view.progress).toMatchObject({ phase: 'cancelled', iterationsDone: run.progress.iterationsDone });
    const next = await readJson(await post(stack, { preset: 'small-hospital', iterations: 200, seed: 152 }));
    const done = await pollMonotone(stack, next.id, 10_000);
    expect(done.run.status).toBe('succeeded');
  });

  it('cancels a run waiting behind another within 10 s, then the other', async () => {
    const big = await readJson(await post(stack, { preset: 'sel-stp-2016', iterations: BIG, seed: 153 }));
    await pollMonotone(stack, big.id, 60_000, (run) => run.progress.phase === 'simulating');
    const small = await readJson(await post(stack, { preset: 'small-hospital', iterations: 2000, seed: 154 }));
    for (const id of [small.id, big.id]) {
      const asked = Date.now();
      expect((await fetch(`${stack.baseUrl}/v1/simulations/${id}`, { method: 'DELETE' })).status).toBe(202);
      const { run } = await pollMonotone(stack, id, 10_000);
      expect(run.status).toBe('cancelled');
      expect(Date.now() - asked).toBeLessThan(10_000);
    }
  });

  it('cancels a queued run no worker has picked up within 10 s', async () => {
    const taskQueue = uniqueTaskQueue('runaway-no-worker');
    const app = createApp({ simulations: new TemporalSimulationService(stack.client, taskQueue), store: stack.store });
    const launched = await readJson(
      await app.request('/v1/simulations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ preset: 'small-hospital', iterations: 200, seed: 155 }),
      }),
    );
    expect(launched.status).toBe('queued');
    const asked = Date.now();
    expect((await app.request(`/v1/simulations/${launched.id}`, { method: 'DELETE' })).status).toBe(202);
    const { run } = await pollMonotone(
      async (id) => readJson(await app.request(`/v1/simulations/${id}`)),
      launched.id,
      10_000,
    );
    expect(run.status).toBe('cancelled');
    expect(Date.now() - asked).toBeLessThan(10_000);
  });

  it('lets a run just under the budget through, and a small run launched after it finishes first', async () => {
    const over = await post(stack, { preset: 'sel-stp-2016', iterations: Math.ceil(BIG * 1.1), seed: 160 });
    expect(over.status).toBe(422);
    const big = await readJson(await post(stack, { preset: 'sel-stp-2016', iterations: BIG, seed: 161 }));
    expect(big.status).toBeDefined();
    const bigSeen = (await pollMonotone(stack, big.id, 60_000, (run) => run.progress.iterationsDone > 0)).seen;
    const small = await readJson(await post(stack, { preset: 'small-hospital', iterations: 2000, seed: 162 }));
    const { run: smallRun } = await pollMonotone(stack, small.id, 60_000);
    expect(smallRun.status).toBe('succeeded');
    // The big run was still in flight when the small one had finished: the small run's work did
    // not wait for it. (Simulating or already summarising: a warm worker can get the big run past
    // its shards by then, which says nothing about fairness.)
    const bigThen = await getRun(stack, big.id);
    expect(bigThen.status).toBe('running');
    expect(['simulating', 'summarising']).toContain(bigThen.progress.phase);
    const { run: bigRun } = await pollMonotone(stack, big.id, 120_000, undefined, bigSeen);
    expect(bigRun.status).toBe('succeeded');
    expect(Date.parse(smallRun.finishedAt)).toBeLessThan(Date.parse(bigRun.finishedAt));
  });
});
