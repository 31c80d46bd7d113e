/**
 * Names shared by the workflow, the worker and the API. Plain constants, safe to import from
 * workflow code.
 */
export const DEFAULT_TASK_QUEUE = 'bedcast-simulation';
export const SIMULATION_WORKFLOW = 'simulationWorkflow';
export const PROGRESS_QUERY = 'progress';
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
