/**
 * API entry point: `npm run api`. Serves HTTP even while Temporal is down (the connection is
 * lazy), so health answers and readiness can say what is missing.
 */
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { pino } from 'pino';
import { createApp, MAX_HEADER_BYTES } from '../api/app.js';
import { parseApiTokens } from '../api/bearer-auth.js';
import { TemporalSimulationService } from '../api/temporal-simulation-service.js';
import { openResultStore } from '../store/open-result-store.js';
import { ConfigError, loadConfig } from './config.js';

function main(): void {
  const config = loadConfig();
  const connection = Connection.lazy({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const logger = pino({ level: config.LOG_LEVEL, base: { service: 'bedcast-api' } });
  const tokens = parseApiTokens(config.API_TOKENS);
  const results = openResultStore({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  const store = results.store;
  logger.info({ resultStore: results.description }, 'result store');
  const app = createApp({
    simulations: new TemporalSimulationService(client, config.TEMPORAL_TASK_QUEUE),
    store,
    tokens,
    logger,
    limits: {
      maxRunCoreSeconds: config.BEDCAST_MAX_RUN_CORE_SECONDS,
      perToken: {
        maxConcurrentRuns: config.BEDCAST_TOKEN_MAX_RUNS,
        maxCoreSeconds: config.BEDCAST_TOKEN_MAX_CORE_SECONDS,
      },
    },
  });
  if (tokens.length > 0) logger.info({ tokens: tokens.length }, 'bearer-token authentication on');
  // Room for the longest URL the OpenAPI document allows (filters of up to 1,000 characters).
  const server = serve(
    {
      fetch: app.fetch,
      port: config.API_PORT,
      hostname: config.API_HOST,
      serverOptions: { maxHeaderSize: MAX_HEADER_BYTES },
    },
    (info) => {
      const url = `http://${config.API_HOST}:${info.port}`;
      console.log(`API listening on ${url}`);
      process.send?.({ type: 'ready', url });
    },
  );
  server.on('error', (err: Error) => {
    console.error(`API could not listen on ${config.API_HOST}:${config.API_PORT}: ${err.message}`);
    process.exit(1);
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => {
      void Promise.allSettled([connection.close(), results.close()]).finally(() => process.exit(0));
    });
    // Keep-alive connections must not hold shutdown hostage.
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}

try {
  main();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
