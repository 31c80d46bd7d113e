/**
 * The API's view of simulation runs, independent of how they are executed. Routes depend on this
 * interface only, so they can be tested with a fake and the engine can change behind them.
 */
import { z } from 'zod';
import type { MinimalResult } from '../models/minimal-scenario.js';
import type { SimulationInput } from '../models/simulation-request.js';

export const runStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type RunStatus = z.infer<typeof runStatusSchema>;

export interface RunView {
  id: string;
  status: RunStatus;
  seed: number;
  iterations: number;
  modelVersion: string;
  progress: { phase: string; iterationsDone: number; iterationsTotal: number };
  result?: MinimalResult;
  error?: { message: string; type?: string };
}

export interface StartedRun {
  /** The run's id; the same request always gives the same id. */
  id: string;
}

export interface SimulationService {
  start(input: SimulationInput): Promise<StartedRun>;
  /** Undefined when no run has this id. */
  get(id: string): Promise<RunView | undefined>;
  /** Asks a run to stop. 'finished' when it had already ended (nothing to cancel). */
  cancel(id: string): Promise<'requested' | 'not-found' | 'finished'>;
  /** True when Temporal answers. */
  ready(): Promise<boolean>;
}

/** Thrown by a service when its engine cannot be reached; the API answers 503. */
export class EngineUnavailableError extends Error {}
