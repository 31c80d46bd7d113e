/**
 * SimulationService on Temporal: a run is a workflow execution whose id is derived from the
 * request. Status comes from describe(), progress from the workflow's query, the result's hash
 * from the workflow's (small) return value; the result itself is in the result store.
 */
import {
  type Client,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  isGrpcServiceError,
} from '@temporalio/client';
import { createHash } from 'node:crypto';
import { ActivityFailure, defaultPayloadConverter } from '@temporalio/common';
import { MODEL_VERSION } from '../models/model-version.js';
import type { RunInput, RunSummary } from '../orchestration/run-input.js';
import type { RunSource } from '../models/run-source.js';
import { scenarioRef } from './run-resource.js';
import {
  PROGRESS_QUERY,
  SCENARIO_KEY,
  SIMULATION_WORKFLOW,
  type SimulationPhase,
  type SimulationProgress,
  STATUS_KEY,
} from '../orchestration/temporal-contract.js';
import type { simulationWorkflow } from '../workflows/simulation.js';
import {
  EngineUnavailableError,
  type RunStatus,
  InvalidCursorError,
  type RunListItem,
  type RunListPage,
  type RunListQuery,
  type RunMeta,
  type RunView,
  type SimulationService,
} from './simulation-service.js';

/** Temporal's execution status (WorkflowExecutionStatus) as a run status. */
const STATUS_OF_EXECUTION: Record<number, RunStatus> = {
  1: 'running',
  2: 'succeeded',
  3: 'failed',
  4: 'cancelled',
  5: 'cancelled',
  6: 'running',
  7: 'failed',
};
/** And back, for a visibility query. */
const EXECUTION_STATUSES: Record<RunStatus, string[]> = {
  queued: ['Running'],
  running: ['Running'],
  succeeded: ['Completed'],
  failed: ['Failed', 'TimedOut'],
  cancelled: ['Canceled', 'Terminated'],
};

const QUERY_TIMEOUT_MS = 3_000;
const LIST_TIMEOUT_MS = 5_000;

/**
 * Cursors are Temporal's page tokens with a checksum, so a cursor this API never issued (a typo,
 * a fuzzer's string) is refused here instead of being handed to the server, which can take many
 * seconds to reject garbage. The checksum is not a secret: it guards against accidents, not
 * attacks, and Temporal still validates the token itself.
 */
export function sealCursor(token: Uint8Array): string {
  return `${Buffer.from(token).toString('base64url')}.${cursorCheck(token)}`;
}

export function openCursor(cursor: string): Uint8Array {
  const [body, check, ...rest] = cursor.split('.');
  if (!body || !check || rest.length > 0 || !/^[A-Za-z0-9_-]+$/.test(body))
    throw new InvalidCursorError('not a cursor this API issued');
  const token = Buffer.from(body, 'base64url');
  if (cursorCheck(token) !== check) throw new InvalidCursorError('not a cursor this API issued');
  return token;
}

function cursorCheck(token: Uint8Array): string {
  return createHash('sha256').update('bedcast-cursor:').update(token).digest('base64url').slice(0, 16);
}

const PHASE_RANK: Record<SimulationPhase, number> = {
  validating: 0,
  preparing: 1,
  simulating: 2,
  summarising: 3,
  done: 4,
  failed: 5,
  cancelled: 5,
};

/** The further of two progress reports: by phase, then by iterations and shards done. */
function furthest(
  a: SimulationProgress | undefined,
  b: SimulationProgress | undefined,
): SimulationProgress | undefined {
  if (!a || !b) return a ?? b;
  const ra = PHASE_RANK[a.phase] ?? 0;
  const rb = PHASE_RANK[b.phase] ?? 0;
  if (ra !== rb) return ra > rb ? a : b;
  return a.iterationsDone + a.shardsDone >= b.iterationsDone + b.shardsDone ? a : b;
}

/** Runs whose progress this process has seen, so what it answers never goes back: */
const SEEN_RUNS = 10_000;

export class TemporalSimulationService implements SimulationService {
  /** The furthest progress seen of each run (most recent runs), by workflow and run id: a failed run's id may run again. */
  private readonly seen = new Map<string, SimulationProgress>();

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  async start(id: string, input: RunInput & { scenario: { id: string } }, meta: RunMeta = {}): Promise<void> {
    try {
      await engineCall(() =>
        this.client.workflow.start<typeof simulationWorkflow>(SIMULATION_WORKFLOW, {
          taskQueue: this.taskQueue,
          workflowId: id,
          args: [input],
          // The same request while it runs attaches to it; after it failed, it may run again.
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
          // Display data for the run resource; a few hundred bytes at most.
          memo: {
            seed: input.seed,
            iterations: input.iterations,
            modelVersion: input.modelVersion,
            scenario: input.scenario.id,
            ...(input.source?.preset ? { preset: input.source.preset } : {}),
            ...(meta.estimate ? { estimate: meta.estimate } : {}),
            // Where a saved scenario or overrides came in: bounded by the request's body limit.
            ...(input.source?.saved ? { saved: input.source.saved } : {}),
            ...(input.source?.changes ? { changes: input.source.changes } : {}),
          },
          typedSearchAttributes: [
            { key: SCENARIO_KEY, value: input.scenario.id },
            { key: STATUS_KEY, value: 'running' },
          ],
        }),
      );
    } catch (err) {
      // The same request already ran to completion: its run is the answer.
      if (err instanceof WorkflowExecutionAlreadyStartedError) return;
      throw err;
    }
  }

  async get(id: string): Promise<RunView | undefined> {
    const handle = this.client.workflow.getHandle(id);
    let description;
    try {
      description = await engineCall(() => handle.describe());
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
    const memo = (description.memo ?? {}) as {
      seed?: number;
      iterations?: number;
      modelVersion?: string;
      scenario?: string;
      estimate?: RunView['estimate'];
      /** Published by the workflow since patch progress-in-memo: what the server knows. */
      progress?: SimulationProgress;
    } & RunSource;
    const view: RunView = {
      id,
      status: 'running',
      seed: memo.seed ?? 0,
      iterations: memo.iterations ?? 0,
      modelVersion: memo.modelVersion ?? MODEL_VERSION,
      scenario: scenarioRef(memo.scenario ?? 'unknown', memo),
      progress: {
        phase: 'validating',
        iterationsDone: 0,
        iterationsTotal: memo.iterations ?? 0,
        shardsDone: 0,
        shardsTotal: 0,
      },
      createdAt: description.startTime.toISOString(),
      ...(description.closeTime ? { finishedAt: description.closeTime.toISOString() } : {}),
      ...(memo.estimate ? { estimate: memo.estimate } : {}),
    };
    switch (description.status.name) {
      case 'RUNNING':
      case 'CONTINUED_AS_NEW': {
        // Started and first task scheduled, nothing more: no worker has picked it up, and a query
        // would only wait out its deadline.
        if (description.historyLength <= 2) {
          view.status = 'queued';
          return view;
        }
        // When the query cannot answer in time (workers busy or gone), the memo the workflow
        // keeps and what this process saw last stand in: once work has started the run is
        // running, and its progress never goes back.
        const progress = this.remember(
          `${id}/${description.runId}`,
          furthest(await this.queryProgress(id), memo.progress),
        );
        if (progress) {
          view.progress = { ...progress };
          const elapsed = (Date.now() - description.startTime.getTime()) / 1000;
          if (progress.iterationsDone > 0 && progress.iterationsDone < progress.iterationsTotal) {
            view.progress.etaSeconds = Math.round(
              (elapsed * (progress.iterationsTotal - progress.iterationsDone)) / progress.iterationsDone,
            );
          } else if (progress.iterationsDone === 0 && memo.estimate) {
            // No pace yet: the launch estimate on one core, less the time gone.
            view.progress.etaSeconds = Math.max(0, Math.round(memo.estimate.coreSeconds - elapsed));
          }
        }
        view.status = 'running';
        return view;
      }
      case 'COMPLETED': {
        const summary = (await engineCall(() => handle.result())) as RunSummary;
        view.status = 'succeeded';
        view.result = { sha256: summary.resultSha256, bytes: summary.resultBytes };
        view.progress = {
          phase: 'done',
          // From the workflow's result, not the memo: a run started without one still says what it did.
          iterationsDone: summary.iterations,
          iterationsTotal: summary.iterations,
          shardsDone: summary.shards,
          shardsTotal: summary.shards,
        };
        return view;
      }
      default: {
        view.status = statusOfClosed(description.status.name);
        view.error = await this.failureOf(id);
        // A cancelled or failed run keeps the progress it had made.
        const last = furthest(memo.progress, this.seen.get(`${id}/${description.runId}`));
        if (last) view.progress = { ...last, phase: view.status === 'cancelled' ? 'cancelled' : 'failed' };
        return view;
      }
    }
  }

  async list(query: RunListQuery): Promise<RunListPage> {
    const clauses = [`WorkflowType = ${quote(SIMULATION_WORKFLOW)}`, `TaskQueue = ${quote(this.taskQueue)}`];
    if (query.status) clauses.push(`ExecutionStatus IN (${EXECUTION_STATUSES[query.status].map(quote).join(', ')})`);
    if (query.scenario) clauses.push(`BedcastScenario = ${quote(query.scenario)}`);
    const nextPageToken = query.cursor ? openCursor(query.cursor) : undefined;
    let response;
    try {
      response = await engineCall(() =>
        this.client.connection.withDeadline(Date.now() + LIST_TIMEOUT_MS, () =>
          this.client.workflowService.listWorkflowExecutions({
            namespace: this.client.options.namespace,
            query: clauses.join(' AND '),
            pageSize: query.pageSize,
            ...(nextPageToken ? { nextPageToken } : {}),
          }),
        ),
      );
    } catch (err) {
      // 3 INVALID_ARGUMENT: a token the server cannot read (an old or foreign cursor).
      // gRPC codes by number: the Status enum is @grpc/grpc-js's, not a direct dependency.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-comparison -- gRPC codes by number
      if (query.cursor && isGrpcServiceError(err) && err.code === 3)
        throw new InvalidCursorError('the server no longer knows this cursor');
      throw err;
    }
    const runs = (response.executions ?? []).map((e): RunListItem => {
      const memo = Object.fromEntries(
        Object.entries(e.memo?.fields ?? {}).map(([k, payload]) => [k, defaultPayloadConverter.fromPayload(payload)]),
      ) as { seed?: number; iterations?: number; scenario?: string } & RunSource;
      const millis = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
        t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : undefined;
      const closed = millis(e.closeTime);
      return {
        id: e.execution?.workflowId ?? '',
        status: STATUS_OF_EXECUTION[e.status ?? 1] ?? 'running',
        scenario: scenarioRef(memo.scenario ?? 'unknown', memo),
        seed: memo.seed ?? 0,
        iterations: memo.iterations ?? 0,
        createdAt: new Date(millis(e.startTime) ?? 0).toISOString(),
        ...(closed ? { finishedAt: new Date(closed).toISOString() } : {}),
      };
    });
    const token = response.nextPageToken;
    return { runs, ...(token && token.length > 0 ? { nextCursor: sealCursor(token) } : {}) };
  }

  async input(id: string): Promise<RunInput | undefined> {
    try {
      // The workflow's first event holds its input: read one event, not the whole history.
      const response = await engineCall(() =>
        this.client.workflowService.getWorkflowExecutionHistory({
          namespace: this.client.options.namespace,
          execution: { workflowId: id },
          maximumPageSize: 1,
        }),
      );
      const payload = response.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
      return payload ? defaultPayloadConverter.fromPayload<RunInput>(payload) : undefined;
    } catch (err) {
      // 5 NOT_FOUND
      // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-comparison -- gRPC codes by number, as above
      if (isGrpcServiceError(err) && err.code === 5) return undefined;
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  async cancel(id: string): Promise<'requested' | 'not-found' | 'finished'> {
    const handle = this.client.workflow.getHandle(id);
    try {
      const description = await engineCall(() => handle.describe());
      if (description.status.name !== 'RUNNING') return 'finished';
      // Never picked up by a worker (started, its first task scheduled, nothing more): there is
      // nothing to stop or clean up, and a cancellation would wait for a worker to be free to
      // process it. Terminated, it ends at once (and reads as cancelled).
      if (description.historyLength <= 2) {
        try {
          await engineCall(() => handle.terminate('cancelled before any work started'));
          return 'requested';
        } catch (err) {
          // A worker took it meanwhile, or it ended: cancel it as any other run.
          if (err instanceof WorkflowNotFoundError) return 'finished';
        }
      }
      // The workflow's activity sees the cancellation at its next heartbeat and the run ends CANCELLED.
      await engineCall(() => handle.cancel());
      return 'requested';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'not-found';
      throw err;
    }
  }

  async ready(): Promise<boolean> {
    try {
      await this.client.connection.withDeadline(Date.now() + 2_000, () =>
        this.client.connection.workflowService.getSystemInfo({}),
      );
      return true;
    } catch {
      return false;
    }
  }

  /** Keeps the furthest progress seen of a run, and returns it. */
  private remember(key: string, progress: SimulationProgress | undefined): SimulationProgress | undefined {
    const best = furthest(progress, this.seen.get(key));
    if (!best) return undefined;
    this.seen.delete(key);
    this.seen.set(key, best);
    if (this.seen.size > SEEN_RUNS) this.seen.delete(this.seen.keys().next().value!);
    return best;
  }

  private async queryProgress(id: string): Promise<SimulationProgress | undefined> {
    try {
      return await this.client.connection.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () =>
        this.client.workflow.getHandle(id).query<SimulationProgress>(PROGRESS_QUERY),
      );
    } catch {
      // No worker has picked the run up yet, so nobody can answer the query: it is queued.
      return undefined;
    }
  }

  private async failureOf(id: string): Promise<RunView['error']> {
    try {
      await this.client.workflow.getHandle(id).result();
      return undefined;
    } catch (err) {
      if (err instanceof WorkflowFailedError) {
        // An activity's failure reaches the workflow as "Activity task failed", wrapping the
        // activity's own error: that one says what went wrong.
        let cause: (Error & { type?: string }) | undefined = err.cause;
        while (cause instanceof ActivityFailure && cause.cause) cause = cause.cause;
        return { message: cause?.message ?? err.message, ...(cause?.type ? { type: cause.type } : {}) };
      }
      return { message: err instanceof Error ? err.message : String(err) };
    }
  }
}

/** A visibility-query string literal. */
function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function statusOfClosed(name: string): RunStatus {
  if (name === 'CANCELLED') return 'cancelled';
  if (name === 'TERMINATED') return 'cancelled';
  return 'failed';
}

/** Runs a Temporal call, turning "cannot reach the server" into EngineUnavailableError. */
async function engineCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUnavailable(err)) throw new EngineUnavailableError('Temporal is not reachable', { cause: err });
    throw err;
  }
}

function isUnavailable(err: unknown): boolean {
  const grpc = isGrpcServiceError(err)
    ? err
    : err instanceof ServiceError && isGrpcServiceError(err.cause)
      ? err.cause
      : undefined;
  // 14 UNAVAILABLE, 4 DEADLINE_EXCEEDED
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-comparison -- gRPC codes by number, as above
  if (grpc) return grpc.code === 14 || grpc.code === 4;
  return (
    err instanceof Error &&
    /connect|transport|UNAVAILABLE/i.test(err.message) &&
    !(err instanceof WorkflowNotFoundError)
  );
}
