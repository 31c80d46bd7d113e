/**
 * The API's view of simulation runs, independent of how they are executed. Routes depend on this
 * interface only, so they can be tested with a fake and the engine can change behind them.
 */
import { z } from 'zod';
import type { RunInput } from '../orchestration/run-input.js';
import { simulationProgressSchema } from '../orchestration/temporal-contract.js';
import type { RunSource } from '../models/run-source.js';

/** What a run simulated and where it came from (models/run-source.ts): the scenario id, plus the source. */
export type RunScenarioRef = { id: string } & RunSource;

export const runStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** The workflow's progress (orchestration/temporal-contract.ts), with the time left where it can be told. */
export const runProgressSchema = simulationProgressSchema.extend({
  /** Absent until some iterations are done (or the launch estimate says). */
  etaSeconds: z.number().int().optional().describe('seconds left at the pace so far'),
});
export type RunProgress = z.infer<typeof runProgressSchema>;

/** One run in a listing: enough to pick it out, with a link to the whole. */
export interface RunListItem {
  id: string;
  status: RunStatus;
  scenario: RunScenarioRef;
  seed: number;
  iterations: number;
  /** When the run was launched and when it ended (ISO 8601): the run resource's names for them. */
  createdAt: string;
  finishedAt?: string;
}

export interface RunListQuery {
  status?: RunStatus;
  scenario?: string;
  pageSize: number;
  /** Opaque, from a previous page's nextCursor. */
  cursor?: string;
}

export interface RunListPage {
  runs: RunListItem[];
  nextCursor?: string;
}

/** Thrown by list() for a cursor it did not issue; the API answers 400. */
export class InvalidCursorError extends Error {}

/** What a run was estimated to cost at launch (models/run-cost.ts), against the budget it passed. */
export interface RunEstimate {
  coreSeconds: number;
  budgetCoreSeconds: number;
}

/** What the API knows of a run beyond its input, kept with it for display. */
export interface RunMeta {
  estimate?: RunEstimate;
}

export interface RunView {
  id: string;
  status: RunStatus;
  seed: number;
  iterations: number;
  modelVersion: string;
  scenario: RunScenarioRef;
  progress: RunProgress;
  /** When the run was launched and when it ended (ISO 8601), where known. */
  createdAt?: string;
  finishedAt?: string;
  /** Once succeeded: the stored result's hash and size (the result itself is at /results). */
  result?: { sha256: string; bytes: number };
  error?: { message: string; type?: string };
  estimate?: RunEstimate;
}

export interface SimulationService {
  /** Starts the run with this id, or attaches to it when it exists (the same id is the same request). */
  start(id: string, input: RunInput & { scenario: { id: string } }, meta?: RunMeta): Promise<void>;
  /** Undefined when no run has this id. */
  get(id: string): Promise<RunView | undefined>;
  /** Runs, newest first, a page at a time. */
  list(query: RunListQuery): Promise<RunListPage>;
  /** Asks a run to stop. 'finished' when it had already ended (nothing to cancel). */
  cancel(id: string): Promise<'requested' | 'not-found' | 'finished'>;
  /**
   * The input a run was started with (for a run no worker has prepared yet, whose scenario is not
   * stored); undefined when there is no such run. Optional: a service may not keep inputs.
   */
  input?(id: string): Promise<RunInput | undefined>;
  /** True when Temporal answers. */
  ready(): Promise<boolean>;
}

/** Thrown by a service when its engine cannot be reached; the API answers 503. */
export class EngineUnavailableError extends Error {}
