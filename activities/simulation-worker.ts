/**
 * Builds the simulation worker. Shared by the worker entry point and the integration tests, so
 * the tests exercise the same options production uses.
 */
import { fileURLToPath } from 'node:url';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { ResultStore } from '../store/result-store.js';
import { createRunActivities, type RunActivities } from './run-activities.js';

// The workflows beside this module: compiled (dist/) or source (through tsx), whichever this one is.
export const WORKFLOWS_PATH = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../workflows/index.ts' : '../workflows/index.js', import.meta.url),
);

export interface SimulationWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue: string;
  /** Where shards put their blocks and runs their results; the API must read the same store. */
  store: ResultStore;
  /** Activities instead of the real ones over `store`: a test's, wrapping them to fail on purpose. */
  activities?: RunActivities;
  /** A prebuilt workflow bundle; bundled from source when omitted. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  identity?: string;
}

export async function createSimulationWorker(options: SimulationWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: options.activities ?? createRunActivities(options.store),
    ...(options.identity ? { identity: options.identity } : {}),
    // Simulation activities are CPU-bound: one at a time per worker process, and one process per
    // core, rather than the default 100 concurrent activities fighting for one event loop.
    maxConcurrentActivityTaskExecutions: 1,
    // A stuck activity must never hang shutdown (sdk-typescript#2266).
    shutdownGraceTime: '5s',
    shutdownForceTime: '15s',
  });
}
