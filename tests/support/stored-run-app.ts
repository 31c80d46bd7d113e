/**
 * An API app whose store holds one finished run of the small hospital (result, scenario and run
 * record, as a worker leaves them), with a fake simulation service: for export tests through
 * app.request().
 */
import { createApp } from '../../api/app.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import { runInProcess } from '../../models/run-document.js';
import { scenarioSchema } from '../../models/scenario.js';
import { resultKey, runRecordKey, scenarioKey } from '../../store/run-keys.js';
import { FakeSimulationService } from './fake-simulation-service.js';
import { tempStore } from './temp-store.js';

export const storedScenario = scenarioSchema.parse(smallHospital.scenario);
export const storedDocument = runInProcess({
  scenario: storedScenario,
  seed: 11,
  iterations: 30,
  source: { preset: 'small-hospital' },
});
export const storedRunId = storedDocument.result.runId;

export async function storedRunApp() {
  const service = new FakeSimulationService();
  const store = tempStore();
  await store.put(resultKey(storedRunId), storedDocument.bytes);
  await store.put(scenarioKey(storedRunId), new TextEncoder().encode(JSON.stringify(storedScenario)));
  await store.put(
    runRecordKey(storedRunId),
    new TextEncoder().encode(JSON.stringify({ createdAt: '2026-12-01T10:00:00.000Z' })),
  );
  return { service, store, app: createApp({ simulations: service, store }) };
}
