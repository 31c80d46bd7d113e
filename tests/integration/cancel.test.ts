/**
 * Cancelling through the API against a real Temporal server. The run is cancelled before any
 * worker polls its task queue, then a worker starts: the run must end cancelled without its
 * activity ever being scheduled. No race with the simulation's speed, so no flakiness.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulationWorker } from '../../activities/simulation-worker.js';
import { createApp } from '../../api/app.js';
import { TemporalSimulationService } from '../../api/temporal-simulation-service.js';
import { exampleScenario } from '../../models/example-scenario.js';
import { readJson } from '../support/read-json.js';
import { tempStore } from '../support/temp-store.js';
import { hasTemporal, temporalAddress, uniqueTaskQueue } from '../support/temporal-test-env.js';

describe.skipIf(!hasTemporal())('cancel through the API', () => {
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    connection = await Connection.connect({ address: temporalAddress() });
    client = new Client({ connection });
  });

  afterAll(async () => {
    await connection?.close();
  });

  it('a cancelled run ends cancelled and never runs its activity', async () => {
    const taskQueue = uniqueTaskQueue('cancel');
    const app = createApp({ simulations: new TemporalSimulationService(client, taskQueue), store: tempStore() });
    const launched = await app.request('/v1/simulations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: exampleScenario, iterations: 5000, seed: 99 }),
    });
    expect(launched.status).toBe(202);
    const { id, status } = await readJson(launched);
    expect(status).toBe('queued');

    const cancelled = await app.request(`/v1/simulations/${id}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(202);

    const nativeConnection = await NativeConnection.connect({ address: temporalAddress() });
    const worker = await createSimulationWorker({ connection: nativeConnection, taskQueue });
    const running = worker.run();
    try {
      let run;
      for (let i = 0; i < 300; i++) {
        run = await readJson(await app.request(`/v1/simulations/${id}`));
        if (run.status !== 'queued' && run.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(run.status).toBe('cancelled');
      const history = await client.workflow.getHandle(id).fetchHistory();
      expect(history.events?.some((e) => e.activityTaskScheduledEventAttributes)).toBe(false);
      expect((await app.request(`/v1/simulations/${id}`, { method: 'DELETE' })).status).toBe(409);
    } finally {
      worker.shutdown();
      await running;
      await nativeConnection.close();
    }
  });
});
