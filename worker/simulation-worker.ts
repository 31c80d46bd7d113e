/**
 * Builds the simulation worker. Shared by the worker entry point and the integration tests, so
 * the tests exercise the same options production uses.
 */
import { fileURLToPath } from 'node:url';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { ResultStore } from '../store/result-store.js';
import { interactiveTaskQueue } from '../orchestration/temporal-contract.js';
import { createRunActivities, type RunActivities } from '../activities/run-activities.js';

// The workflows beside this module: compiled (dist/) or source (through tsx), whichever this one is.
export const WORKFLOWS_PATH = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../workflows/index.ts' : '../workflows/index.js', import.meta.url),
);

/**
 * A cancellation reaches a running activity only in the answer to a heartbeat, and the SDK sends
 * heartbeats at most every 0.8 x the heartbeat timeout by default (8 s for a shard, 24 s for a
 * summary, 30 s for prepare, which has none): a second apart, a cancelled run frees its workers'
 * slots within about a second of its activities' next heartbeat. Activities heartbeat far more
 * often than that; this only bounds how many of those reach the server.
 */
const HEARTBEATS = {
  maxHeartbeatThrottleInterval: '1 second',
  defaultHeartbeatThrottleInterval: '1 second',
} satisfies Partial<WorkerOptions>;

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

/**
 * The worker for a simulation task queue, polling its interactive queue too (one activity slot
 * there, activities only): small runs' shards go there (workflows/simulation.ts,
 * INTERACTIVE_QUEUE), so they start within seconds even while a big run holds the main slot.
 * The two share the process's event loop, and a shard yields every half second (YIELD_EVERY_MS),
 * so they take turns. run() and shutdown() of the returned worker drive both.
 */
export async function createSimulationWorker(options: SimulationWorkerOptions): Promise<Worker> {
  const activities = options.activities ?? createRunActivities(options.store);
  const main = await Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities,
    ...(options.identity ? { identity: options.identity } : {}),
    // Simulation activities are CPU-bound: one at a time per worker process, and one process per
    // core, rather than the default 100 concurrent activities fighting for one event loop.
    maxConcurrentActivityTaskExecutions: 1,
    ...HEARTBEATS,
    // A stuck activity must never hang shutdown (sdk-typescript#2266).
    shutdownGraceTime: '5s',
    shutdownForceTime: '15s',
  });
  const interactive = await Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: interactiveTaskQueue(options.taskQueue),
    activities,
    ...(options.identity ? { identity: `${options.identity}-interactive` } : {}),
    maxConcurrentActivityTaskExecutions: 1,
    ...HEARTBEATS,
    shutdownGraceTime: '5s',
    shutdownForceTime: '15s',
  });
  const runMain = main.run.bind(main);
  const shutdownMain = main.shutdown.bind(main);
  // Whichever stops first (a shutdown, or a fatal error) stops the other.
  const stop = (w: Worker, shutdown: () => void) => {
    if (w.getState() === 'RUNNING') shutdown();
  };
  main.run = async () => {
    const both = await Promise.allSettled([
      runMain().finally(() => stop(interactive, () => interactive.shutdown())),
      interactive.run().finally(() => stop(main, shutdownMain)),
    ]);
    const failed = both.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  main.shutdown = () => {
    stop(main, shutdownMain);
    stop(interactive, () => interactive.shutdown());
  };
  return main;
}
