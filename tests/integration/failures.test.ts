/**
 * A run whose activity fails for good ends failed, with that activity's error, against the real
 * dev server and through the API: prepareRun, a shard (shard 5 of 20, while the workflow waits for
 * a free slot in its window of 8 and shard 6 is still computing on the other worker), a summary
 * part, the summary. Each time the run resource says failed with the injected error, the listing
 * has it under failed, the status search attribute says failed, no activity is left running, and
 * the run's blocks and parts are gone.
 *
 * Two workers run the real activities, wrapped to throw a non-retryable error for chosen inputs.
 */
import { ApplicationFailure, CancelledFailure, heartbeat, sleep } from '@temporalio/activity';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunActivities, type RunActivities } from '../../activities/run-activities.js';
import { createSimulationWorker } from '../../worker/simulation-worker.js';
import { defaultShardSize, planShards } from '../../orchestration/shard-plan.js';
import { STATUS_KEY } from '../../orchestration/temporal-contract.js';
import { type LiveStack, startLiveStack } from '../support/live-stack.js';
import { readJson } from '../support/read-json.js';
import { hasTemporal, temporalAddress } from '../support/temporal-test-env.js';

// 500 iterations of the small hospital: 20 shards of 25, more than the window of 8.
const ITERATIONS = 500;
const SHARDS = planShards(ITERATIONS, defaultShardSize(ITERATIONS));
const FAILING_SHARD = 5;
/** Keeps computing (heartbeating) until it is cancelled, when FAILING_SHARD fails. */
const SLOW_SHARD = 6;

type Fault = 'prepareRun' | 'simulateShard' | 'summariseScopes' | 'summariseRun';
/** The fault the run being tested meets; the tests of this file run one at a time. */
let fault: Fault | undefined;
/** Shard executions in progress on the test workers right now. */
let shardsRunning = 0;
let slowShard: 'idle' | 'running' | 'cancelled' | 'failed' = 'idle';
/** Blocks the run had stored when the failing shard failed. */
let blocksAtFailure = 0;

function injected(what: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`injected fault: ${what}`, 'InjectedFault');
}

describe.skipIf(!hasTemporal())('a run whose activity fails for good', () => {
  let stack: LiveStack;
  let native: NativeConnection;
  let second: Worker;
  let secondRun: Promise<void>;

  function faulty(real: RunActivities): RunActivities {
    return {
      ...real,
      async prepareRun(input) {
        if (fault === 'prepareRun') throw injected('prepareRun');
        return real.prepareRun(input);
      },
      async simulateShard(input) {
        shardsRunning++;
        try {
          const index = SHARDS.findIndex((s) => s.first === input.first);
          if (fault === 'simulateShard' && index === SLOW_SHARD) {
            slowShard = 'running';
            try {
              // The heartbeat brings the cancellation in; sleep rejects with it.
              for (;;) {
                heartbeat();
                await sleep(100);
              }
            } catch (err) {
              // Cancelled by the workflow (not NOT_FOUND: after its run had closed, nor TIMED_OUT).
              slowShard = err instanceof CancelledFailure && err.message === 'CANCELLED' ? 'cancelled' : 'failed';
              throw err;
            }
          }
          if (fault === 'simulateShard' && index === FAILING_SHARD) {
            // Fails once it has stored its blocks and the slow shard computes on the other worker.
            await real.simulateShard(input);
            for (let i = 0; i < 300 && slowShard !== 'running'; i++) await sleep(100);
            blocksAtFailure = (await stack.store.list(`runs/${input.runId}/blocks/`)).length;
            throw injected(`shard ${index} of ${SHARDS.length}`);
          }
          const outcome = await real.simulateShard(input);
          // Labelled as if by two worker processes, so the workflow splits the summary into two
          // parts (one per scope of the small hospital), as it does when two workers took shards.
          return { ...outcome, worker: `${outcome.worker}/${index % 2}` };
        } finally {
          shardsRunning--;
        }
      },
      async summariseScopes(input) {
        if (fault === 'summariseScopes' && input.scopes.includes(0)) throw injected('summary part of scope 0');
        return real.summariseScopes(input);
      },
      async summariseRun(input) {
        if (fault === 'summariseRun') throw injected('summariseRun');
        return real.summariseRun(input);
      },
    };
  }

  beforeAll(async () => {
    stack = await startLiveStack('failures', { activities: faulty });
    // A second worker on the same task queue and store: two shards run at once.
    native = await NativeConnection.connect({ address: temporalAddress() });
    second = await createSimulationWorker({
      connection: native,
      taskQueue: stack.taskQueue,
      store: stack.store,
      activities: faulty(createRunActivities(stack.store)),
    });
    secondRun = second.run();
  });

  afterAll(async () => {
    second?.shutdown();
    await secondRun;
    await native?.close();
    await stack?.stop();
  });

  /** Launches a small-hospital run through the API meeting `what`, and waits until it has ended. */
  async function launchFailing(what: Fault, seed: number) {
    fault = what;
    const launched = await fetch(`${stack.baseUrl}/v1/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ preset: 'small-hospital', iterations: ITERATIONS, seed }),
    });
    expect(launched.status).toBe(202);
    const { id } = await readJson(launched);
    let run;
    for (let i = 0; i < 600; i++) {
      run = await readJson(await fetch(`${stack.baseUrl}/v1/simulations/${id}`));
      if (run.status !== 'queued' && run.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const handle = stack.client.workflow.getHandle(id);
    const events = (await handle.fetchHistory()).events ?? [];
    const nameOf = (scheduledEventId: unknown) =>
      events.find((e) => String(e.eventId) === String(scheduledEventId))?.activityTaskScheduledEventAttributes
        ?.activityType?.name;
    // Activity types scheduled, and completed, in history order.
    const scheduled = events
      .filter((e) => e.activityTaskScheduledEventAttributes)
      .map((e) => e.activityTaskScheduledEventAttributes!.activityType!.name);
    const completed = events
      .filter((e) => e.activityTaskCompletedEventAttributes)
      .map((e) => nameOf(e.activityTaskCompletedEventAttributes!.scheduledEventId));
    return { id, run, handle, events, scheduled, completed };
  }

  /** What every run failed for good must show, whichever activity failed. */
  async function expectFailedCleanly(failed: Awaited<ReturnType<typeof launchFailing>>, message: string) {
    const { id, run, handle, events } = failed;
    expect(run.status).toBe('failed');
    expect(run.error).toEqual({ message: `injected fault: ${message}`, type: 'InjectedFault' });
    expect(run.result).toBeUndefined();
    expect((await handle.describe()).typedSearchAttributes.get(STATUS_KEY)).toBe('failed');
    // The listing reads Temporal's visibility store, which follows the close within moments.
    let listed: { id: string; status: string }[] = [];
    for (let i = 0; i < 50 && !listed.some((r) => r.id === id); i++) {
      listed = (await readJson(await fetch(`${stack.baseUrl}/v1/simulations?status=failed&limit=100`))).runs;
      if (!listed.some((r) => r.id === id)) await new Promise((r) => setTimeout(r, 100));
    }
    expect(listed.find((r) => r.id === id)).toMatchObject({ id, status: 'failed' });
    const cancelled = (await readJson(await fetch(`${stack.baseUrl}/v1/simulations?status=cancelled&limit=100`))).runs;
    expect(cancelled.map((r: { id: string }) => r.id)).not.toContain(id);

    // Closed as failed, and every activity that started had ended before that.
    const closedAt = events.findIndex((e) => e.workflowExecutionFailedEventAttributes);
    expect(closedAt).toBeGreaterThan(0);
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
    for (const e of events.filter((e) => e.activityTaskStartedEventAttributes))
      expect(ended).toContain(String(e.activityTaskStartedEventAttributes!.scheduledEventId));
    expect((await handle.describe()).raw.pendingActivities ?? []).toEqual([]);
    expect(shardsRunning).toBe(0);
    expect(stack.worker.getStatus().numInFlightActivities).toBe(0);
    expect(second.getStatus().numInFlightActivities).toBe(0);

    // Its working blocks and summary parts are gone, and it has no result.
    expect(await stack.store.list(`runs/${id}/blocks/`)).toEqual([]);
    expect(await stack.store.list(`runs/${id}/parts/`)).toEqual([]);
    expect(await stack.store.get(`runs/${id}/result.json`)).toBeUndefined();
  }

  it('prepareRun fails: the run fails with its error and no shard is ever scheduled', async () => {
    const failed = await launchFailing('prepareRun', 9101);
    await expectFailedCleanly(failed, 'prepareRun');
    expect(failed.scheduled).toEqual(['prepareRun']);
  });

  it('shard 5 of 20 fails while the workflow waits for a free slot: the run fails with its error, not cancelled', async () => {
    const failed = await launchFailing('simulateShard', 9102);
    await expectFailedCleanly(failed, `shard ${FAILING_SHARD} of ${SHARDS.length}`);
    const shardsScheduled = failed.scheduled.filter((n) => n === 'simulateShard').length;
    // The window was full when the shard failed: not every shard had been scheduled.
    expect(shardsScheduled).toBeGreaterThanOrEqual(8);
    expect(shardsScheduled).toBeLessThan(SHARDS.length);
    // The shard still computing was cancelled and stopped before the run closed (checked above).
    expect(slowShard).toBe('cancelled');
    expect(failed.events.some((e) => e.activityTaskCanceledEventAttributes)).toBe(true);
    // The failing shard had stored blocks, which discardRun removed.
    expect(blocksAtFailure).toBeGreaterThan(0);
    expect(failed.completed).toContain('discardRun');
    expect(failed.scheduled).not.toContain('summariseRun');
  });

  it('a summary part fails: the run fails with its error once the other part has settled', async () => {
    const failed = await launchFailing('summariseScopes', 9103);
    await expectFailedCleanly(failed, 'summary part of scope 0');
    // Two parts: the other one stored its part, which discardRun removed.
    expect(failed.scheduled.filter((n) => n === 'summariseScopes')).toHaveLength(2);
    expect(failed.completed.filter((n) => n === 'summariseScopes')).toHaveLength(1);
    expect(failed.completed).toContain('discardRun');
    expect(failed.scheduled).not.toContain('summariseRun');
  });

  it('the summary fails: the run fails with its error and its blocks and parts are discarded', async () => {
    const failed = await launchFailing('summariseRun', 9104);
    await expectFailedCleanly(failed, 'summariseRun');
    expect(failed.completed.filter((n) => n === 'simulateShard')).toHaveLength(SHARDS.length);
    expect(failed.completed.filter((n) => n === 'summariseScopes')).toHaveLength(2);
    expect(failed.completed).toContain('discardRun');
  });
});
