/**
 * Worker entry point: `npm run worker`. Connects to Temporal and polls the simulation task queue
 * until SIGINT or SIGTERM, when the SDK's runtime shuts it down gracefully.
 */
import { existsSync } from 'node:fs';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createSimulationWorker } from '../worker/simulation-worker.js';
import { openResultStore } from '../store/open-result-store.js';
import { ConfigError, loadConfig } from './config.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.BEDCAST_WORKFLOW_BUNDLE && !existsSync(config.BEDCAST_WORKFLOW_BUNDLE)) {
    throw new ConfigError(`BEDCAST_WORKFLOW_BUNDLE=${config.BEDCAST_WORKFLOW_BUNDLE}: no such file`);
  }
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const results = openResultStore({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  try {
    const worker = await createSimulationWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      store: results.store,
      ...(config.BEDCAST_WORKFLOW_BUNDLE ? { workflowBundle: { codePath: config.BEDCAST_WORKFLOW_BUNDLE } } : {}),
    });
    // A launcher that dies without signalling must not leave this worker behind.
    process.on('disconnect', () => worker.shutdown());
    const running = worker.run();
    process.send?.({ type: 'ready', pid: process.pid });
    console.log(
      `worker ${process.pid} polling task queue ${config.TEMPORAL_TASK_QUEUE} at ${config.TEMPORAL_ADDRESS}; results in ${results.description}`,
    );
    await running;
  } finally {
    await Promise.allSettled([connection.close(), results.close()]);
  }
}

main()
  // The IPC channel to a launcher would keep the process alive after the worker stopped.
  .then(() => process.exit(0))
  .catch((err) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
