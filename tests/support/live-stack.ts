/**
 * The real stack for an integration test file: a worker on a task queue of its own, a Temporal
 * client, and the API served over HTTP on a free loopback port, all against the shared dev server.
 * Call once per file (each file runs in its own process, and the SDK's Runtime is per process).
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createRunActivities, type RunActivities } from '../../activities/run-activities.js';
import { createSimulationWorker } from '../../worker/simulation-worker.js';
import { type AppDependencies, createApp, MAX_HEADER_BYTES } from '../../api/app.js';
import { TemporalSimulationService } from '../../api/temporal-simulation-service.js';
import type { FileResultStore } from '../../store/file-result-store.js';
import { tempStore } from './temp-store.js';
import { temporalAddress, uniqueTaskQueue } from './temporal-test-env.js';

export interface LiveStack {
  taskQueue: string;
  client: Client;
  /** The in-process worker, e.g. to see what it is executing. */
  worker: Worker;
  /** The result store the worker writes and the API reads. */
  store: FileResultStore;
  /** The API's base URL, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  stop(): Promise<void>;
}

let runtimeInstalled = false;
/** The SDK's Runtime can be installed once per process; test files may need it from several places. */
export function installTestRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
}

export interface LiveStackOptions extends Pick<AppDependencies, 'limits'> {
  /** The worker's activities made from the real ones over the stack's store (e.g. failing on purpose). */
  activities?: (real: RunActivities) => RunActivities;
}

export async function startLiveStack(name: string, options: LiveStackOptions = {}): Promise<LiveStack> {
  installTestRuntime();
  const taskQueue = uniqueTaskQueue(name);
  const nativeConnection = await NativeConnection.connect({ address: temporalAddress() });
  const store = tempStore();
  const worker = await createSimulationWorker({
    connection: nativeConnection,
    taskQueue,
    store,
    ...(options.activities ? { activities: options.activities(createRunActivities(store)) } : {}),
  });
  const workerRun = worker.run();
  const connection = await Connection.connect({ address: temporalAddress() });
  const client = new Client({ connection });
  const app = createApp({
    simulations: new TemporalSimulationService(client, taskQueue),
    store,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const server = serve({
    fetch: app.fetch,
    port: 0,
    hostname: '127.0.0.1',
    serverOptions: { maxHeaderSize: MAX_HEADER_BYTES },
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  // This process also runs a CPU-bound worker, whose summaries can hold the event loop for
  // seconds (npm start keeps the API in a process of its own): a keep-alive socket the server's
  // overdue 5 s timer closes just as the test reuses it answers ECONNRESET. Longer here only.
  const http = server as unknown as { keepAliveTimeout: number; headersTimeout: number };
  http.keepAliveTimeout = 60_000;
  http.headersTimeout = 61_000;
  return {
    taskQueue,
    client,
    worker,
    store,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      worker.shutdown();
      await workerRun;
      await connection.close();
      await nativeConnection.close();
    },
  };
}
