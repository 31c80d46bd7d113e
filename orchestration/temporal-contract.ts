/**
 * Names shared by the workflow, the worker, the API and the dev server, in one place: the task
 * queues, the workflow type, its query and its search attributes. Safe to import from workflow
 * code (constants, and the SDK's search attribute keys). A run's workflow id is its run id
 * (models/run-identity.ts).
 */
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { z } from 'zod';
import type * as workflows from '../workflows/index.js';

export const DEFAULT_TASK_QUEUE = 'bedcast-simulation';
/** The workflow type: the name workflows/index.ts exports the workflow function under (checked). */
export const SIMULATION_WORKFLOW = 'simulationWorkflow' satisfies keyof typeof workflows;
export const PROGRESS_QUERY = 'progress';

/**
 * Runs estimated at no more than this many core-seconds of simulation are interactive: their
 * shards and summary go to a task queue where every worker process keeps a slot of its own
 * (worker/simulation-worker.ts), so a big run in flight cannot make them wait. About 8,000
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
/** A run's phases, in the order a run goes through them (failed and cancelled end it early). */
export const SIMULATION_PHASES = [
  'validating',
  'preparing',
  'simulating',
  'summarising',
  'done',
  'failed',
  'cancelled',
] as const;
export type SimulationPhase = (typeof SIMULATION_PHASES)[number];

/**
 * A run's progress, the one definition: what the workflow's progress query answers and its memo
 * holds, and (with the API's estimate of the time left, api/simulation-service.ts) the run
 * resource's `progress`.
 */
export const simulationProgressSchema = z.object({
  phase: z.enum(SIMULATION_PHASES).describe('the step the run is in'),
  iterationsDone: z.number().int().describe('iterations simulated and stored so far'),
  iterationsTotal: z.number().int().describe('iterations the run will simulate'),
  shardsDone: z.number().int().describe('shards (blocks of iterations, each one activity) finished'),
  shardsTotal: z.number().int().describe('shards the run is split into'),
});
export type SimulationProgress = z.infer<typeof simulationProgressSchema>;

/** Values of the BedcastStatus search attribute, which the API lists runs by. */
export type IndexedStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** The scenario id of a run (set at start) and its status (upserted by the workflow); the API lists runs by them. */
export const SCENARIO_KEY = defineSearchAttributeKey('BedcastScenario', SearchAttributeType.KEYWORD);
export const STATUS_KEY = defineSearchAttributeKey('BedcastStatus', SearchAttributeType.KEYWORD);

/** The search attributes the dev server registers at start, by name and type (temporal --search-attribute). */
export const SEARCH_ATTRIBUTES = {
  [SCENARIO_KEY.name]: 'Keyword',
  [STATUS_KEY.name]: 'Keyword',
} as const;
