/**
 * Finding a run: in Temporal, or, for one Temporal no longer knows (past retention) or cannot be
 * asked about, from its stored result. Shared by the run, results and report handlers.
 */
import type { Context } from 'hono';
import { RUN_ID_PATTERN, sha256Hex } from '../../models/run-identity.js';
import { decodeResult, type RunRepository } from '../../store/run-repository.js';
import { problemResponse } from '../problem.js';
import { scenarioRef } from '../run-resource.js';
import { EngineUnavailableError, type RunView, type SimulationService } from '../simulation-service.js';

/** A run read back from its stored result alone: it succeeded, or it would have none. */
export async function storedRunView(runs: RunRepository, id: string): Promise<RunView | undefined> {
  const bytes = await runs.resultBytes(id);
  if (!bytes) return undefined;
  const result = decodeResult(bytes);
  const record = (await runs.record(id)) ?? {};
  return {
    ...(record.createdAt ? { createdAt: record.createdAt } : {}),
    ...(record.finishedAt ? { finishedAt: record.finishedAt } : {}),
    id,
    status: 'succeeded',
    seed: result.seed,
    iterations: result.iterations,
    modelVersion: result.modelVersion,
    scenario: scenarioRef(result.scenario.id, result.source),
    progress: {
      phase: 'done',
      iterationsDone: result.iterations,
      iterationsTotal: result.iterations,
      shardsDone: 0,
      shardsTotal: 0,
    },
    result: { sha256: sha256Hex(bytes), bytes: bytes.byteLength },
  };
}

/** The run from Temporal, or from the result store when Temporal does not know it or is down. */
export async function findRun(
  service: SimulationService,
  runs: RunRepository,
  id: string,
): Promise<RunView | undefined> {
  if (!RUN_ID_PATTERN.test(id)) return undefined;
  try {
    return (await service.get(id)) ?? (await storedRunView(runs, id));
  } catch (err) {
    if (!(err instanceof EngineUnavailableError)) throw err;
    const stored = await storedRunView(runs, id);
    if (stored) return stored;
    throw err;
  }
}

/** The longest Retry-After a 409 gives: past a minute a client polling the run resource learns more. */
export const MAX_RETRY_AFTER_SECONDS = 60;

/**
 * The answer when a run has no stored result: 404 for no such run, 409 for one not (yet)
 * succeeded. A queued or running run will have one: Retry-After is its progress.etaSeconds (5 s
 * before it has any), clamped to 1..60 s. A failed or cancelled run never will, so that 409 has
 * no Retry-After, and its detail says to launch it again.
 */
export async function noResultYet(
  c: Context,
  service: SimulationService,
  runs: RunRepository,
  id: string,
  what: string,
) {
  const run = await findRun(service, runs, id);
  if (!run) return problemResponse(c, 'not-found', `no simulation run has id ${id}`);
  const waiting = run.status === 'queued' || run.status === 'running';
  return problemResponse(
    c,
    'run-not-finished',
    waiting
      ? `run ${id} is ${run.status}; ${what} once it has succeeded`
      : `run ${id} is ${run.status} and will have no result; ${what} only for a run that succeeded, so launch it again`,
    {},
    { 'Cache-Control': 'no-store', ...(waiting ? { 'Retry-After': String(retryAfterSeconds(run)) } : {}) },
  );
}

/** Seconds until a run in flight is worth asking again: its ETA, within 1..MAX_RETRY_AFTER_SECONDS. */
export function retryAfterSeconds(run: Pick<RunView, 'progress'>): number {
  const eta = run.progress.etaSeconds;
  if (eta === undefined || !Number.isFinite(eta)) return 5;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(eta)));
}
