/**
 * Names shared by the workflow, the worker and the API. Plain constants, safe to import from
 * workflow code.
 */
export const DEFAULT_TASK_QUEUE = 'bedcast-simulation';
export const SIMULATION_WORKFLOW = 'simulationWorkflow';
export const PROGRESS_QUERY = 'progress';

/**
 * Runs estimated at no more than this many core-seconds of simulation are interactive: their
 * shards and summary go to a task queue where every worker process keeps a slot of its own
 * (activities/simulation-worker.ts), so a big run in flight cannot make them wait. About 8,000
 * SEL or 100,000 small-hospital iterations by models/run-cost.ts.
 */
export const INTERACTIVE_MAX_CORE_SECONDS = 10;

export function isInteractive(secondsPerIteration: number, iterations: number): boolean {
  return secondsPerIteration * iterations <= INTERACTIVE_MAX_CORE_SECONDS;
}

/** The interactive task queue that goes with a simulation task queue. */
export function interactiveTaskQueue(taskQueue: string): string {
  return `${taskQueue}-interactive`;
}
export const WORKFLOW_ID_PREFIX = 'sim-';

export type SimulationPhase =
  'validating' | 'preparing' | 'simulating' | 'summarising' | 'done' | 'failed' | 'cancelled';

export interface SimulationProgress {
  phase: SimulationPhase;
  iterationsDone: number;
  iterationsTotal: number;
  shardsDone: number;
  shardsTotal: number;
}

/** Values of the BedcastStatus search attribute, which the API lists runs by. */
export type IndexedStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Search attributes the dev server registers at start and the API lists runs by. */
export const SEARCH_ATTRIBUTES = {
  BedcastScenario: 'Keyword',
  BedcastStatus: 'Keyword',
} as const;
