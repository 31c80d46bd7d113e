/**
 * The simulation activities, wrapping the engine in models/ for the workflow:
 *
 *   prepareRun     validate the scenario in full and store it (the run's input, by claim check)
 *   simulateShard  simulate a range of iterations, chunk by chunk, storing each chunk's raw figures
 *   summariseScopes read every chunk in iteration order and summarise some scopes (sites, or the
 *                  system), storing each scope's part; several run at once on several workers
 *   summariseRun   assemble the parts (taking any missing ones itself) and store the result
 *   discardRun     drop a run's working blocks and parts (after a cancellation or failure)
 *
 * Why raw blocks in the store rather than summaries in payloads: a shard's figures for the SEL
 * preset are 1,440 numbers per iteration, so even a mergeable summary (histograms per series) of
 * one shard would pass Temporal's payload limits; and exact percentiles of continuous figures
 * (bed days, turned-away admissions) need every value. So shards write their blocks to the result
 * store and return a few numbers; the workflow's history holds ids and counts only, whatever the
 * iterations; and the one summary, taken over the blocks joined in iteration order, is the very
 * summary a single in-process pass gives. Blocks are deleted once the result is stored.
 *
 * Blocks are a cache of a pure function, so they are written without waiting for the disk and
 * checked when read: a block a machine crash lost or tore is recomputed, to the same figures.
 * The scenario, the summary parts and the result are written durably.
 */
import os from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ApplicationFailure, activityInfo, cancellationSignal, heartbeat, log } from '@temporalio/activity';
import { canonicalJson } from '../models/canonical-json.js';
import { type CompiledScenario, compileScenario, simulateIterationInto } from '../models/engine.js';
import {
  assembleEngineResult,
  type IterationBlock,
  type ScopeSummary,
  simulateBlock,
  summariseScope,
  summaryShare,
} from '../models/engine-summary.js';
import { fieldErrorLine, fieldErrors } from '../models/field-errors.js';
import { MODEL_VERSION } from '../models/model-version.js';
import { estimateRunCost } from '../models/run-cost.js';
import type { RunSummary } from '../orchestration/run-input.js';
import { documentOf } from '../models/run-document.js';
import { sha256Hex } from '../models/run-identity.js';
import type { RunSource } from '../models/run-source.js';
import { type Scenario, scenarioSchema } from '../models/scenario.js';
import { type IterationRange, planShards, splitRange } from '../orchestration/shard-plan.js';
import { decodeIterationBlock, iterationBlockBytes, sealIterationBlock } from '../store/iteration-block-format.js';
import { ImmutableEntryError, InvalidKeyError, type ResultStore } from '../store/result-store.js';
import { RunWriter } from '../store/run-writer.js';
import { iterationOverLimit } from './iteration-deadline.js';

export interface PrepareRunInput {
  runId: string;
  scenario: unknown;
  modelVersion: string;
}

export interface PreparedRun {
  scenarioSha256: string;
  scenarioId: string;
  options: number;
  /** Sites plus the system: the units the summary can be split into. */
  scopes: number;
  /** Figures each iteration stores, which sizes its chunks. */
  figuresPerIteration: number;
  /** Estimated seconds of one core per iteration (models/run-cost.ts), which also sizes chunks. */
  secondsPerIteration: number;
}

export interface ShardInput extends IterationRange {
  runId: string;
  scenarioSha256: string;
  seed: number;
  chunkSize: number;
  modelVersion: string;
}

export interface ShardOutcome extends IterationRange {
  chunks: number;
  /** Which worker process ran the shard (host and pid): the workflow splits the summary over as many. */
  worker?: string;
}

export interface SummariseInput {
  runId: string;
  scenarioSha256: string;
  seed: number;
  iterations: number;
  shardSize: number;
  chunkSize: number;
  modelVersion: string;
  source: RunSource;
  /** When the run started (the workflow's start time, ISO 8601), for the run record. */
  createdAt?: string;
}

export interface SummariseScopesInput extends SummariseInput {
  scopes: number[];
}

/** When a run started and when its result was stored: metadata, apart from the result itself. */
export interface RunRecord {
  createdAt?: string;
  finishedAt: string;
}

/** Heartbeat details of a shard: the chunks before nextChunk are stored, a retry starts here. */
interface ShardCheckpoint {
  nextChunk: number;
}

const encoder = new TextEncoder();
const WORKER_PROCESS = `${os.hostname()}:${process.pid}`;
const decoder = new TextDecoder();

/** Limits of a unit of work; the defaults suit the shard's 10 s heartbeat timeout. */
export interface WorkLimits {
  /** The longest one iteration may run before the shard fails as RunTooBig. */
  maxIterationSeconds?: number;
  /** How long a chunk computes between yields (heartbeat, cancellation). */
  yieldEveryMs?: number;
}

export function createRunActivities(store: ResultStore, limits: WorkLimits = {}) {
  const workLimits = {
    maxIterationSeconds: limits.maxIterationSeconds ?? MAX_ITERATION_SECONDS,
    yieldEveryMs: limits.yieldEveryMs ?? YIELD_EVERY_MS,
  };
  const run = new RunWriter(store);
  // Compiling a scenario costs far more than a small shard: keep the last few per process.
  const compiled = new Map<string, { scenario: Scenario; compiled: CompiledScenario }>();
  async function loadScenario(runId: string, sha: string) {
    const cached = compiled.get(sha);
    if (cached) return cached;
    const bytes = await run.scenarioBytes(runId);
    if (!bytes)
      throw ApplicationFailure.nonRetryable(
        `run ${runId} has no stored scenario; prepareRun must come first`,
        'MissingScenario',
      );
    if (sha256Hex(bytes) !== sha)
      throw ApplicationFailure.nonRetryable(
        `the stored scenario of ${runId} does not match its hash`,
        'ScenarioMismatch',
      );
    const scenario = scenarioSchema.parse(JSON.parse(decoder.decode(bytes)));
    const entry = { scenario, compiled: compileScenario(scenario) };
    if (compiled.size >= 4) compiled.delete(compiled.keys().next().value!);
    compiled.set(sha, entry);
    return entry;
  }

  function checkModelVersion(version: string): void {
    // Retryable: in a rolling upgrade, a worker of the right version can take the task instead.
    if (version !== MODEL_VERSION)
      throw ApplicationFailure.retryable(
        `run needs model ${version}; this worker has ${MODEL_VERSION}`,
        'ModelVersionMismatch',
      );
  }

  /** Writes an entry that may exist already: only with the same bytes, which a retry reproduces. */
  async function once<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } catch (err) {
      // The same entry with other bytes means the figures were not reproduced: never paper over it.
      if (err instanceof ImmutableEntryError) throw ApplicationFailure.nonRetryable(err.message, 'NotReproduced');
      throw err;
    }
  }

  return {
    async prepareRun(input: PrepareRunInput): Promise<PreparedRun> {
      checkModelVersion(input.modelVersion);
      checkRunId(run, input.runId);
      const parsed = scenarioSchema.safeParse(input.scenario);
      if (!parsed.success) {
        const problems = fieldErrors(parsed.error, '/scenario').map((error) => fieldErrorLine(error));
        throw ApplicationFailure.nonRetryable(`invalid scenario: ${problems.join('; ')}`, 'InvalidInput', {
          errors: problems,
        });
      }
      const bytes = encoder.encode(canonicalJson(parsed.data));
      const scenarioSha256 = sha256Hex(bytes);
      await once(run.putScenario(input.runId, bytes));
      // Compiled here, as a shard would compile it (and kept for this worker's shards).
      const { compiled: c } = await loadScenario(input.runId, scenarioSha256);
      return {
        scenarioSha256,
        scenarioId: parsed.data.id,
        options: parsed.data.options.length,
        scopes: c.scopeCount,
        figuresPerIteration: c.stride,
        secondsPerIteration: estimateRunCost(parsed.data, 1).secondsPerIteration,
      };
    },

    async simulateShard(input: ShardInput): Promise<ShardOutcome> {
      checkModelVersion(input.modelVersion);
      const { compiled: c } = await loadScenario(input.runId, input.scenarioSha256);
      const chunks = splitRange(input, input.chunkSize);
      const checkpoint = activityInfo().heartbeatDetails as ShardCheckpoint | undefined;
      const signal = cancellationSignal();
      // On this thread, chunk by chunk. A worker thread for the computation, with the next chunk
      // computed while the last is stored, measured no faster (bench:temporal, medians of three
      // runs: 5.61 s against 5.64 s on one worker, 4.47 s against 4.53 s on two), so it is not here.
      // One buffer for the shard's chunks, each simulated into it and sealed in place: a fresh
      // array and a copy with its checksum for every chunk kept V8 collecting (bench:temporal).
      const buffer = new ArrayBuffer(iterationBlockBytes(largestCount(chunks) * c.stride));
      for (let k = checkpoint?.nextChunk ?? 0; k < chunks.length; k++) {
        const { first, count } = chunks[k]!;
        const bytes = new Uint8Array(buffer, 0, iterationBlockBytes(count * c.stride));
        // Between iterations of a slow chunk: the checkpoint is unchanged, but the heartbeat says
        // the worker is alive and the yield after it lets a cancellation in.
        await simulateChunk(c, input.seed, first, count, new Float64Array(buffer, 0, count * c.stride), workLimits, {
          beforeYield: () => heartbeat({ nextChunk: k } satisfies ShardCheckpoint),
          afterYield: () => signal.throwIfAborted(),
        });
        // Not durably (see the header). A torn block a crashed attempt left takes these bytes; a
        // whole one with other figures is not reproduced.
        const { replacedTorn } = await once(
          run.putBlock(input.runId, first, count, sealIterationBlock(bytes), count * c.stride),
        );
        if (replacedTorn) log.warn('replaced a torn block', { runId: input.runId, first, count });
        heartbeat({ nextChunk: k + 1 } satisfies ShardCheckpoint);
        // Yield, so the heartbeat goes out and a cancellation can come in, then honour it.
        await yieldToEventLoop();
        signal.throwIfAborted();
      }
      return { first: input.first, count: input.count, chunks: chunks.length, worker: WORKER_PROCESS };
    },

    async summariseScopes(input: SummariseScopesInput): Promise<{ scopes: number }> {
      // The result is there already (a retry after it was stored): nothing left to do.
      if (await run.resultBytes(input.runId)) return { scopes: 0 };
      checkModelVersion(input.modelVersion);
      const { compiled: c } = await loadScenario(input.runId, input.scenarioSha256);
      let block: IterationBlock | undefined;
      let taken = 0;
      // A group with the system works out every scope's months for it anyway: its other scopes
      // take theirs from it. A group of sites alone does only its own pools.
      const shared = input.scopes.includes(c.scopeCount - 1) ? summaryShare() : undefined;
      for (const scope of input.scopes) {
        if (await run.hasPart(input.runId, scope)) continue;
        block ??= await readBlocks(run, input, c);
        await once(run.putPart(input.runId, scope, summariseScope(c, block, scope, shared)));
        taken++;
        // Between scopes: a lost worker is noticed within the heartbeat timeout, and a
        // cancelled run frees the worker here rather than after every scope.
        heartbeat({ phase: 'summarising', scope });
        await yieldToEventLoop();
        cancellationSignal().throwIfAborted();
      }
      return { scopes: taken };
    },

    async summariseRun(input: SummariseInput): Promise<RunSummary> {
      let bytes = await run.resultBytes(input.runId);
      if (!bytes) {
        checkModelVersion(input.modelVersion);
        const { scenario, compiled: c } = await loadScenario(input.runId, input.scenarioSha256);
        // Parts summarised by summariseScopes are taken as stored; any missing one (all of them,
        // for a workflow from before summaries in parts) is summarised here, scope by scope.
        const parts: ScopeSummary[] = [];
        let block: IterationBlock | undefined;
        const shared = summaryShare();
        for (let scope = 0; scope < c.scopeCount; scope++) {
          const stored = await run.part(input.runId, scope);
          if (stored) {
            parts.push(stored);
            continue;
          }
          block ??= await readBlocks(run, input, c);
          parts.push(summariseScope(c, block, scope, shared));
          heartbeat({ phase: 'summarising', scope });
          await yieldToEventLoop();
          cancellationSignal().throwIfAborted();
        }
        bytes = documentOf(assembleEngineResult(c, input.seed, input.iterations, parts), scenario, input.source).bytes;
        await once(run.putResult(input.runId, bytes));
      }
      // The first record written stands: a retry finds it and leaves it.
      const record: RunRecord = {
        ...(input.createdAt ? { createdAt: input.createdAt } : {}),
        finishedAt: new Date().toISOString(),
      };
      await run.putRecordOnce(input.runId, record);
      // The result is safe: the working blocks and parts can go (again, harmlessly, on a retry).
      await run.discardWork(input.runId);
      return {
        runId: input.runId,
        iterations: input.iterations,
        seed: input.seed,
        shards: planShards(input.iterations, input.shardSize).length,
        resultSha256: sha256Hex(bytes),
        resultBytes: bytes.byteLength,
      };
    },

    async discardRun(input: { runId: string }): Promise<number> {
      return await run.discardWork(input.runId);
    },
  };
}

export type RunActivities = ReturnType<typeof createRunActivities>;

/**
 * Every chunk of the run, in iteration order, as one block. A chunk whose block is missing or
 * fails its checksum (lost or torn by a machine crash: blocks are not written durably) is
 * recomputed here, to the very figures the shard stored, rather than failing the run.
 */
async function readBlocks(run: RunWriter, input: SummariseInput, c: CompiledScenario): Promise<IterationBlock> {
  const { stride } = c;
  const values = new Float64Array(input.iterations * stride);
  const chunks = planShards(input.iterations, input.shardSize).flatMap((shard) => splitRange(shard, input.chunkSize));
  const largest = largestCount(chunks);
  let recomputed = 0;
  // A few reads in flight keep the disk (or page cache) and the I/O threads busy.
  let next = 0;
  const reader = async () => {
    // One buffer per reader, reused: a buffer per chunk made 115 MB of garbage at 10,000 SEL
    // iterations, and major collections with it.
    const buffer = new Uint8Array(iterationBlockBytes(largest * stride));
    while (next < chunks.length) {
      const { first, count } = chunks[next++]!;
      const stored = buffer.subarray(0, iterationBlockBytes(count * stride));
      const length = await run.readBlockInto(input.runId, first, count, stored);
      const figures = length === stored.byteLength ? decodeIterationBlock(stored, count * stride) : undefined;
      if (figures) {
        values.set(figures, first * stride);
      } else {
        values.set(simulateBlock(c, input.seed, first, count).values, first * stride);
        recomputed++;
      }
      heartbeat({ phase: 'reading', first });
      cancellationSignal().throwIfAborted();
    }
  };
  await Promise.all(Array.from({ length: READS_IN_FLIGHT }, reader));
  if (recomputed > 0)
    log.warn('recomputed blocks that were missing or torn', { runId: input.runId, recomputed, of: chunks.length });
  return { first: 0, count: input.iterations, values };
}

const READS_IN_FLIGHT = 4;

/**
 * One iteration may take this long at most. An implausible scenario the launch did not refuse
 * (a worker is reachable without the API) can take seconds per cell, and while an iteration runs
 * the activity cannot heartbeat: past this, well inside the shard's 10 s heartbeat timeout, the
 * shard fails for good rather than timing out and being retried into the same wall.
 */
export const MAX_ITERATION_SECONDS = 4;
/** A chunk yields (heartbeat, cancellation) between iterations once this long has passed since the last yield. */
const YIELD_EVERY_MS = 500;

/**
 * simulateBlockInto's figures, iteration by iteration, yielding between iterations when the
 * chunk runs long: the same figures (each iteration is a pure function of its index), but no
 * chunk, however slow its scenario, keeps the worker from heartbeating or seeing a cancellation
 * for longer than one iteration.
 */
async function simulateChunk(
  c: CompiledScenario,
  seed: number,
  first: number,
  count: number,
  values: Float64Array,
  limits: Required<WorkLimits>,
  hooks: { beforeYield: () => void; afterYield: () => void },
): Promise<void> {
  values.fill(0);
  let lastYield = performance.now();
  for (let i = 0; i < count; i++) {
    const overLimit = iterationOverLimit(limits.maxIterationSeconds);
    const checkDeadline = () => {
      if (overLimit())
        throw ApplicationFailure.nonRetryable(
          `iteration ${first + i} took over ${limits.maxIterationSeconds} s of CPU on its own: this scenario is too big to simulate (a census or growth far beyond any hospital's?); the run's estimate is in models/run-cost.ts`,
          'RunTooBig',
        );
    };
    simulateIterationInto(c, seed, first + i, values.subarray(i * c.stride, (i + 1) * c.stride), checkDeadline);
    if (performance.now() - lastYield >= limits.yieldEveryMs) {
      hooks.beforeYield();
      await yieldToEventLoop();
      hooks.afterYield();
      lastYield = performance.now();
    }
  }
}

/** The most iterations in any one range: a loop, not Math.max(...), since spread arguments go on the stack and a run can have 100,000 chunks. */
function largestCount(ranges: readonly IterationRange[]): number {
  let most = 0;
  for (const range of ranges) most = Math.max(most, range.count);
  return most;
}

/**
 * The run id names the run's store keys. One the store cannot hold (a workflow started by hand
 * with capital letters, say) would fail every attempt the same way: fail the run at once.
 */
function checkRunId(run: RunWriter, runId: string): void {
  try {
    run.checkRunId(runId);
  } catch (err) {
    if (!(err instanceof InvalidKeyError)) throw err;
    throw ApplicationFailure.nonRetryable(
      `run id ${JSON.stringify(runId)} cannot name the run's store entries: use lower-case letters, digits, '.', '_' and '-' (the API's ids are sim-...)`,
      'InvalidInput',
    );
  }
}
