/**
 * The simulation workflow. Orchestration only: no maths, no I/O, no clock.
 *
 *   validate  the input's shape here (cheap), the scenario in full in prepareRun
 *   prepare   store the scenario once; shards read it from the store by hash
 *   simulate  shards of iterations as activities, at most maxConcurrentShards at a time
 *   summarise activities summarise groups of scopes (sites, the system) at once, from the shards'
 *             blocks joined in iteration order; one more assembles the parts and stores the result
 *
 * The result depends on (scenario, seed, iterations, model version) alone: shard size,
 * concurrency, worker count, retries and restarts only change who computes which iterations.
 * Progress is a query and a one-line summary in the Temporal UI; the BedcastStatus search
 * attribute follows the run to its end so the API can list runs.
 */
import {
  ActivityCancellationType,
  type ActivityOptions,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  defineQuery,
  isCancellation,
  deprecatePatch,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { RunActivities, ShardOutcome } from '../activities/run-activities.js';
import { type RunInput, type RunSummary, runInputSchema } from '../orchestration/run-input.js';
import { fieldErrorLine, fieldErrors } from '../models/field-errors.js';
import {
  costSizedChunk,
  DEFAULT_CHUNK_SIZE,
  defaultChunkSize,
  defaultShardSize,
  MAX_SUMMARY_PARTS,
  planShards,
  scopeGroups,
} from '../orchestration/shard-plan.js';
import {
  type IndexedStatus,
  interactiveTaskQueue,
  isInteractive,
  PROGRESS_QUERY,
  type SimulationProgress,
  STATUS_KEY,
} from '../orchestration/temporal-contract.js';

const DEFAULT_MAX_CONCURRENT_SHARDS = 8;

const PREPARE_OPTIONS = {
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: ['InvalidInput'] },
} satisfies ActivityOptions;

const SHARD_OPTIONS = {
  // A chunk heartbeats every fraction of a second; ten seconds of silence means a lost worker,
  // and the shard is retried elsewhere from its last stored chunk.
  heartbeatTimeout: '10 seconds',
  startToCloseTimeout: '20 minutes',
  retry: {
    initialInterval: '1 second',
    maximumAttempts: 5,
    nonRetryableErrorTypes: ['InvalidInput', 'NotReproduced', 'ScenarioMismatch'],
  },
  // A cancelled run waits until its shards have stopped, so none keeps computing after it ends.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
} satisfies ActivityOptions;

const SUMMARY_OPTIONS = {
  // It heartbeats while it reads the blocks and between scopes: a lost worker is noticed within
  // the heartbeat timeout (a chaos run found a summary stalled for the whole start-to-close
  // timeout when its worker was killed). A scope of a 100,000-iteration SEL run takes seconds.
  heartbeatTimeout: '30 seconds',
  startToCloseTimeout: '30 minutes',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['NotReproduced', 'ScenarioMismatch'] },
} satisfies ActivityOptions;

export const progressQuery = defineQuery<SimulationProgress>(PROGRESS_QUERY);

/**
 * Patch ids, all retired under docs/upgrade-policy.md: deprecated in this release (a run in
 * flight from the previous release, whose history holds their markers, replays here), and the
 * calls go in the next release. Each id says what it once guarded.
 *
 * The summary taken in parts by several activities at once: */
export const SUMMARY_IN_PARTS = 'summary-in-parts';
/** 200 iterations a chunk by default rather than 50: */
export const LARGER_CHUNKS = 'larger-chunks';
/** The status search attribute set to failed when the input's shape is invalid: */
export const INDEX_INVALID_INPUT = 'index-invalid-input';
/** Chunks sized by the scenario's figures per iteration (about 500 SEL iterations, a shard): */
export const SIZED_CHUNKS = 'sized-chunks';
/** Chunks no longer than about a second by the estimated cost per iteration as well (issue 15): */
export const COST_SIZED_CHUNKS = 'cost-sized-chunks';
/**
 * Progress also in the memo, which describe() returns from the server's own records when the
 * progress query cannot be answered in time (workers busy or gone), so a run's status never
 * seems to go back, and a cancelled or failed run keeps its last progress (issue 15):
 */
export const PROGRESS_IN_MEMO = 'progress-in-memo';
/** Summary activities waited for when the run is cancelled (issue 15): */
export const SUMMARY_WAITS_FOR_CANCEL = 'summary-waits-for-cancel';
/**
 * A small run's shards and summary on the interactive task queue, where every worker process
 * keeps a slot of its own, so a big run in flight cannot make it wait (issue 15):
 */
export const INTERACTIVE_QUEUE = 'interactive-queue';

export async function simulationWorkflow(input: RunInput): Promise<RunSummary> {
  const progress: SimulationProgress = {
    phase: 'validating',
    iterationsDone: 0,
    iterationsTotal: 0,
    shardsDone: 0,
    shardsTotal: 0,
  };
  setHandler(progressQuery, () => progress);
  deprecatePatch(PROGRESS_IN_MEMO);
  let published = '';
  /**
   * The progress into the memo when it has changed (one history event per change, no more):
   * describe() returns it from the server's own records when the progress query cannot be
   * answered in time, so a run's status never seems to go back.
   */
  const publish = () => {
    const text = JSON.stringify(progress);
    if (text === published) return;
    published = text;
    upsertMemo({ progress: { ...progress } });
  };

  const parsed = runInputSchema.safeParse(input);
  if (!parsed.success) {
    // The status search attribute follows this end too, or a run listed as running never ends.
    deprecatePatch(INDEX_INVALID_INPUT);
    progress.phase = 'failed';
    indexStatus('failed');
    setCurrentDetails('Failed: invalid input');
    publish();
    // Non-retryable: a bad input fails the run at once instead of retrying a workflow task forever.
    throw ApplicationFailure.nonRetryable(
      `invalid simulation input: ${fieldErrors(parsed.error)
        .map((error) => fieldErrorLine(error, '(input)'))
        .join('; ')}`,
      'InvalidInput',
    );
  }
  const { scenario, seed, iterations, source, execution, modelVersion } = parsed.data;
  const runId = workflowInfo().workflowId;
  const shardSize = execution.shardSize ?? defaultShardSize(iterations);
  // A run keeps one chunk size from start to end: its blocks are stored and read back by it.
  // The default waits for prepareRun, which knows the figures and seconds per iteration.
  deprecatePatch(LARGER_CHUNKS);
  let chunkSize = execution.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const window = execution.maxConcurrentShards ?? DEFAULT_MAX_CONCURRENT_SHARDS;
  const shards = planShards(iterations, shardSize);
  progress.iterationsTotal = iterations;
  progress.shardsTotal = shards.length;
  let shardsStarted = 0;
  // A run's short activities (prepare, discard) go to the interactive queue, so they never wait
  // behind a big run's shards; a small run's shards and summary too.
  deprecatePatch(INTERACTIVE_QUEUE);
  const onQueue = { taskQueue: interactiveTaskQueue(workflowInfo().taskQueue) };
  const housekeeping = proxyActivities<RunActivities>({ ...PREPARE_OPTIONS, ...onQueue });

  try {
    progress.phase = 'preparing';
    setCurrentDetails(`Preparing ${iterations} iterations (seed ${seed})`);
    publish();
    const prepared = await housekeeping.prepareRun({ runId, scenario, modelVersion }).catch(asInvalidInput);
    if (execution.chunkSize === undefined) {
      // No longer than the figures a chunk holds, nor than about a second of work.
      deprecatePatch(SIZED_CHUNKS);
      chunkSize = defaultChunkSize(shardSize, prepared.figuresPerIteration);
      deprecatePatch(COST_SIZED_CHUNKS);
      chunkSize = costSizedChunk(chunkSize, prepared.secondsPerIteration);
    }

    const interactive = isInteractive(prepared.secondsPerIteration, iterations);
    const shardActivities = proxyActivities<RunActivities>({ ...SHARD_OPTIONS, ...(interactive ? onQueue : {}) });

    progress.phase = 'simulating';
    setCurrentDetails(
      `Simulating ${prepared.scenarioId}: 0 of ${iterations} iterations, ${shards.length} shards of ${shardSize}`,
    );
    publish();
    const outcomes: ShardOutcome[] = new Array<ShardOutcome>(shards.length);
    let inFlight = 0;
    let failure: unknown;
    const fanOut = new CancellationScope();
    const fannedOut = fanOut.run(async () => {
      const pending: Promise<void>[] = [];
      try {
        for (const [index, shard] of shards.entries()) {
          await condition(() => inFlight < window || failure !== undefined);
          // A slot frees when a shard ends: the progress it made goes into the memo here.
          publish();
          if (failure !== undefined) break;
          inFlight++;
          shardsStarted++;
          pending.push(
            shardActivities
              .simulateShard({
                runId,
                scenarioSha256: prepared.scenarioSha256,
                seed,
                chunkSize,
                modelVersion,
                ...shard,
              })
              .then((outcome) => {
                // Kept by shard index: completion order must never matter.
                outcomes[index] = outcome;
                progress.shardsDone++;
                progress.iterationsDone += outcome.count;
                setCurrentDetails(
                  `Simulating ${prepared.scenarioId}: ${progress.iterationsDone} of ${iterations} iterations (${progress.shardsDone} of ${shards.length} shards)`,
                );
              })
              .catch((err: unknown) => {
                // The first failure for good stops the others; later ones are its echoes.
                if (failure === undefined) {
                  failure = err;
                  fanOut.cancel();
                }
              })
              .finally(() => inFlight--),
          );
        }
      } finally {
        // Even when the run is cancelled while waiting for a free slot: every shard started has
        // settled (and, being cancelled, acknowledged it) before the workflow moves on.
        await Promise.all(pending);
      }
    });
    await fannedOut.catch((err: unknown) => {
      // A shard that failed for good cancelled the fan-out to stop the others, and a loop waiting
      // for a free slot rejects with that cancellation: the run failed with the shard's error,
      // thrown below. A cancellation of the run itself (its shards fail as cancelled) stands.
      if (failure === undefined || isCancellation(failure) || !isCancellation(err)) throw err;
    });
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- a shard's failure, rethrown as caught
    if (failure !== undefined) throw failure;
    const simulated = outcomes.reduce((n, o) => n + (o?.count ?? 0), 0);
    if (simulated !== iterations)
      throw ApplicationFailure.nonRetryable(`shards covered ${simulated} of ${iterations} iterations`, 'IncompleteRun');

    progress.phase = 'summarising';
    setCurrentDetails(`Summarising ${iterations} iterations`);
    publish();
    // A cancelled run waits for its summary activities to stop (they see it between scopes), so
    // none keeps a worker busy, or writes a part, after the run has ended.
    if (!interactive) deprecatePatch(SUMMARY_WAITS_FOR_CANCEL);
    const summary$ = proxyActivities<RunActivities>({
      ...SUMMARY_OPTIONS,
      ...(interactive ? onQueue : {}),
      cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    });
    const summariseInput = {
      runId,
      scenarioSha256: prepared.scenarioSha256,
      seed,
      iterations,
      shardSize,
      chunkSize,
      modelVersion,
      source,
      createdAt: workflowInfo().startTime.toISOString(),
    };
    deprecatePatch(SUMMARY_IN_PARTS);
    // As many parts as worker processes took shards (each part reads all the blocks, which
    // only pays when another worker takes the other parts), unless the input says otherwise.
    const workers = new Set(outcomes.map((o) => o.worker)).size;
    const groups = scopeGroups(prepared.scopes, execution.summaryParts ?? Math.min(workers, MAX_SUMMARY_PARTS));
    if (groups.length > 1) {
      // Every part settles before a failure is thrown, so none writes after discardRun.
      const settled = await Promise.allSettled(
        groups.map((scopes) => summary$.summariseScopes({ ...summariseInput, scopes })),
      );
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
    const summary = await summary$.summariseRun(summariseInput);

    progress.phase = 'done';
    publish();
    indexStatus('succeeded');
    setCurrentDetails(`Done: ${iterations} iterations, result ${summary.resultSha256.slice(0, 12)}`);
    return summary;
  } catch (err) {
    const cancelled = isCancellation(err);
    progress.phase = cancelled ? 'cancelled' : 'failed';
    indexStatus(cancelled ? 'cancelled' : 'failed');
    setCurrentDetails(cancelled ? 'Cancelled' : 'Failed');
    publish();
    // Drop the run's working blocks, if any shard may have written some; in a scope that runs
    // even when the workflow itself is being cancelled.
    if (shardsStarted > 0)
      await CancellationScope.nonCancellable(() => housekeeping.discardRun({ runId })).catch(() => undefined);
    throw err;
  }
}

function indexStatus(status: IndexedStatus): void {
  upsertSearchAttributes([{ key: STATUS_KEY, value: status }]);
}

/** A scenario prepareRun rejected fails the run as InvalidInput, with prepareRun's message. */
function asInvalidInput(err: unknown): never {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'InvalidInput') {
    throw ApplicationFailure.nonRetryable(err.cause.message, 'InvalidInput', ...(err.cause.details ?? []));
  }
  throw err;
}
