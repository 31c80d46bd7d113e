/**
 * Cancellation in the phases the other cancel tests do not reach (issue 15, item 3), through the
 * API against the real dev server: while the run prepares, while a summary part is being taken,
 * and while the final summary assembles. The worker's activities are the real ones, wrapped so
 * the one under test keeps working (heartbeating) until it learns of the cancellation, as a long
 * one would. Each time the run ends cancelled within 10 s of the DELETE, the activity stopped
 * because it was cancelled, the worker has no activity left in flight, the run keeps the progress
 * it had made, the status a poller sees never goes back, and no blocks, parts or result remain.
 */
import { CancelledFailure, heartbeat, sleep } from '@temporalio/activity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunActivities } from '../../activities/run-activities.js';
import { type LiveStack, startLiveStack } from '../support/live-stack.js';
import { pollMonotone, type Seen } from '../support/poll-monotone.js';
import { readJson } from '../support/read-json.js';
import { hasTemporal } from '../support/temporal-test-env.js';

type Stall = 'prepareRun' | 'summariseScopes' | 'summariseRun';
/** The activity the run being tested stalls in; the tests of this file run one at a time. */
let stall: Stall | undefined;
/** Where the stalled activity is: working until cancelled, then how it ended. */
let stalled: 'idle' | 'working' | 'cancelled' | 'ended otherwise' = 'idle';
let stoppedAt = 0;
/** Read through a call: the stalled activity changes it while the test awaits. */
const stallState = () => stalled;

/** Works (heartbeating every 100 ms) until the cancellation arrives, or 60 s at most. */
async function workUntilCancelled(): Promise<never> {
  stalled = 'working';
  try {
    for (let i = 0; i < 600; i++) {
      heartbeat();
      await sleep(100);
    }
    throw new Error('never cancelled');
  } catch (err) {
    stoppedAt = Date.now();
    // CANCELLED when the workflow cancelled it; NOT_FOUND when the run had already closed (an
    // activity the workflow does not wait for): either way the cancellation reached it.
    stalled = err instanceof CancelledFailure ? 'cancelled' : 'ended otherwise';
    throw err;
  }
}

function stalling(real: RunActivities): RunActivities {
  return {
    ...real,
    async prepareRun(input) {
      if (stall === 'prepareRun') await workUntilCancelled();
      return real.prepareRun(input);
    },
    async simulateShard(input) {
      const outcome = await real.simulateShard(input);
      // Labelled as if by two worker processes, so the summary is taken in two parts (one per
      // scope of the small hospital), as it is when two workers took shards.
      return { ...outcome, worker: `${outcome.worker}/${input.first === 0 ? 0 : 1}` };
    },
    async summariseScopes(input) {
      if (stall === 'summariseScopes' && input.scopes.includes(0)) await workUntilCancelled();
      return real.summariseScopes(input);
    },
    async summariseRun(input) {
      if (stall === 'summariseRun') await workUntilCancelled();
      return real.summariseRun(input);
    },
  };
}

describe.skipIf(!hasTemporal())('cancel a run in each phase', () => {
  let stack: LiveStack;

  beforeAll(async () => {
    stack = await startLiveStack('cancel-phases', { activities: stalling });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function cancelWhileStalled(what: Stall, seed: number) {
    stall = what;
    stalled = 'idle';
    const launched = await fetch(`${stack.baseUrl}/v1/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // Two shards of 25 (the smallest default shard), so the summary is taken in two parts.
      body: JSON.stringify({ preset: 'small-hospital', iterations: 50, seed }),
    });
    expect(launched.status).toBe(202);
    const { id } = await readJson(launched);
    const seen: Seen[] = [];
    await pollMonotone(stack, id, 60_000, () => stalled === 'working', seen);
    const before = await readJson(await fetch(`${stack.baseUrl}/v1/simulations/${id}`));
    const cancelledAt = Date.now();
    expect((await fetch(`${stack.baseUrl}/v1/simulations/${id}`, { method: 'DELETE' })).status).toBe(202);
    const { run } = await pollMonotone(stack, id, 10_000, undefined, seen);
    const endedIn = Date.now() - cancelledAt;
    // The worker's slot is free: the stalled activity saw its cancellation and stopped.
    for (let i = 0; i < 100 && (stallState() === 'working' || stack.worker.getStatus().numInFlightActivities > 0); i++)
      await new Promise((r) => setTimeout(r, 100));
    stall = undefined;
    return { id, run, before, cancelledAt, endedIn, seen };
  }

  async function expectCancelledCleanly(result: Awaited<ReturnType<typeof cancelWhileStalled>>) {
    const { id, run, before, cancelledAt, endedIn } = result;
    expect(run.status).toBe('cancelled');
    expect(endedIn).toBeLessThan(10_000);
    expect(stalled).toBe('cancelled');
    expect(stoppedAt - cancelledAt).toBeLessThan(10_000);
    expect(stack.worker.getStatus().numInFlightActivities).toBe(0);
    // The progress it had made stays, marked cancelled (with no time left to go).
    const { iterationsDone, iterationsTotal, shardsDone, shardsTotal } = before.progress;
    expect(run.progress).toEqual({ phase: 'cancelled', iterationsDone, iterationsTotal, shardsDone, shardsTotal });
    const handle = stack.client.workflow.getHandle(id);
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    const history = await handle.fetchHistory();
    expect(await stack.store.list(`runs/${id}/blocks/`)).toEqual([]);
    expect(await stack.store.list(`runs/${id}/parts/`)).toEqual([]);
    expect(await stack.store.get(`runs/${id}/result.json`)).toBeUndefined();
    return history;
  }

  it('while preparing: ends cancelled within 10 s, prepare stops, and no shard is ever scheduled', async () => {
    const result = await cancelWhileStalled('prepareRun', 1501);
    expect(result.before.progress.phase).toBe('preparing');
    const history = await expectCancelledCleanly(result);
    const scheduled = (history.events ?? []).flatMap((e) =>
      e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : [],
    );
    expect(scheduled).toEqual(['prepareRun']);
  });

  it('while a summary part is taken: ends cancelled within 10 s, the part stops, the other part is not left behind', async () => {
    const result = await cancelWhileStalled('summariseScopes', 1502);
    expect(result.before.progress).toMatchObject({ phase: 'summarising', iterationsDone: 50, shardsDone: 2 });
    await expectCancelledCleanly(result);
  });

  it('while the summary assembles: ends cancelled within 10 s, the summary stops and writes no result', async () => {
    const result = await cancelWhileStalled('summariseRun', 1503);
    expect(result.before.progress).toMatchObject({ phase: 'summarising', iterationsDone: 50, shardsDone: 2 });
    await expectCancelledCleanly(result);
  });
});
