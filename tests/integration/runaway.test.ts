/**
 * Issue 15 through the real stack: no request can hang the system.
 * - the typo scenario (`"ratePerYear": 1`, 11 years) is refused at launch, naming the field, and
 *   no workflow starts;
 * - a run's launch answer and status carry its cost estimate, and the status a poller sees
 *   never goes backwards;
 * - the same typo started behind the API's back (straight on Temporal) fails for good within
 *   seconds (RunTooBig, one attempt) instead of missing heartbeats and being retried, and the
 *   worker is free for the next run at once.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_VERSION } from '../../models/model-version.js';
import { type LiveStack, startLiveStack } from '../support/live-stack.js';
import { readJson } from '../support/read-json.js';
import { twoHospitals } from '../support/runaway-scenarios.js';
import { hasTemporal } from '../support/temporal-test-env.js';

const post = (stack: LiveStack, body: unknown) =>
  fetch(`${stack.baseUrl}/v1/simulations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const ORDER = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
const PHASES = ['validating', 'preparing', 'simulating', 'summarising', 'done', 'failed', 'cancelled'];

/** Polls a run until it ends, checking that neither status, phase nor progress ever goes back. */
async function pollMonotone(stack: LiveStack, id: string, timeoutMs = 60_000) {
  const seen: { status: string; phase: string; done: number }[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await readJson(await fetch(`${stack.baseUrl}/v1/simulations/${id}`));
    const now = { status: run.status, phase: run.progress.phase, done: run.progress.iterationsDone };
    const last = seen.at(-1);
    if (last) {
      expect(ORDER.indexOf(now.status), JSON.stringify([...seen, now])).toBeGreaterThanOrEqual(
        Math.min(ORDER.indexOf(last.status), 2),
      );
      if (ORDER.indexOf(now.status) < 2) {
        expect(PHASES.indexOf(now.phase), JSON.stringify([...seen, now])).toBeGreaterThanOrEqual(
          PHASES.indexOf(last.phase),
        );
      }
      expect(now.done, JSON.stringify([...seen, now])).toBeGreaterThanOrEqual(last.done);
    }
    seen.push(now);
    if (!['queued', 'running'].includes(run.status)) return { run, seen };
    if (Date.now() > deadline) throw new Error(`run ${id} did not end: ${JSON.stringify(seen.slice(-5))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!hasTemporal())('runaway runs (issue 15)', () => {
  let stack: LiveStack;

  beforeAll(async () => {
    stack = await startLiveStack('runaway');
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
      args: [{ scenario: twoHospitals(1), seed: 15, iterations: 2, modelVersion: MODEL_VERSION, source: {} }],
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
});
