/**
 * The vertical slice for real: HTTP request -> Hono API -> Temporal dev server -> worker ->
 * activity -> result, and back out through the API.
 */
import { type Client, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateMinimalIteration, summariseMinimal } from '../../models/simulate-minimal.js';
import { exampleScenario } from '../../models/example-scenario.js';
import { type LiveStack, startLiveStack } from '../support/live-stack.js';
import { readJson } from '../support/read-json.js';
import { hasTemporal } from '../support/temporal-test-env.js';

describe.skipIf(!hasTemporal())('slice end to end through a real Temporal server', () => {
  let stack: LiveStack;
  let client: Client;
  let baseUrl: string;
  let taskQueue: string;

  beforeAll(async () => {
    stack = await startLiveStack('slice');
    ({ client, baseUrl, taskQueue } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function waitForRun(location: string, until: (status: string) => boolean) {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const res = await fetch(`${baseUrl}${location}`);
      expect(res.status).toBe(200);
      const body = await readJson(res);
      if (until(body.status)) return body;
      if (Date.now() > deadline) throw new Error(`run still ${body.status} after 90 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('runs a launched simulation to the same percentiles as the in-process model', async () => {
    const request = { scenario: exampleScenario, iterations: 600, seed: 20161017 };
    const res = await fetch(`${baseUrl}/v1/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    expect(res.status).toBe(202);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/v1\/simulations\/sim-[0-9a-f]{24}$/);

    const run = await waitForRun(location, (s) => s === 'succeeded' || s === 'failed');
    expect(run.status).toBe('succeeded');

    const iterations = Array.from({ length: 600 }, (_, i) => simulateMinimalIteration(exampleScenario, 20161017, i));
    expect(run.result).toEqual(summariseMinimal(exampleScenario, 20161017, iterations));

    // The workflow really ran on the server: its history holds the activity.
    const history = await client.workflow.getHandle(run.id).fetchHistory();
    const activityTypes = history.events
      ?.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
      .filter(Boolean);
    expect(activityTypes).toEqual(['simulateMinimal']);

    // The same request again names the same run and does not start another.
    const again = await fetch(`${baseUrl}/v1/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    expect(again.status).toBe(202);
    expect(again.headers.get('location')).toBe(location);
    expect((await readJson(again)).status).toBe('succeeded');
  });

  it('starts no workflow for bad input', async () => {
    const bad = [
      '{"scenario": ',
      JSON.stringify({ scenario: { ...exampleScenario, stream: { admissionsPerYear: -1, meanLosDays: 4 } } }),
      JSON.stringify({ iterations: 10 }),
    ];
    for (const body of bad) {
      const res = await fetch(`${baseUrl}/v1/simulations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect([400, 422]).toContain(res.status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const started = await client.workflow.count(`TaskQueue = '${taskQueue}'`);
    // Only the valid run of the first test exists on this task queue.
    expect(started.count).toBe(1);
  });

  it('fails a workflow started with invalid input at once, without retrying', async () => {
    const handle = await client.workflow.start('simulationWorkflow', {
      taskQueue,
      workflowId: `invalid-${Date.now()}`,
      args: [{ scenario: { ...exampleScenario, targetOccupancy: 3 }, iterations: 10, seed: 1 }],
    });
    const error = await handle.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('InvalidInput');
    expect((cause as ApplicationFailure).nonRetryable).toBe(true);
    expect((cause as ApplicationFailure).message).toContain('scenario.targetOccupancy');
  });
});
