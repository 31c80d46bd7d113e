/**
 * /v1/simulations: launch a run and read it back. Each resource has its route definitions
 * (*.routes.ts, which the OpenAPI document is built from) apart from its handlers
 * (*.handlers.ts); this file wires them, in the order the OpenAPI document lists them.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { DEFAULT_MAX_RUN_CORE_SECONDS } from '../../models/run-cost.js';
import type { ResultStore } from '../../store/result-store.js';
import { RunRepository } from '../../store/run-repository.js';
import { ScenarioRepository } from '../../store/scenario-repository.js';
import type { AppEnv } from '../app-env.js';
import { cachedViews } from '../cached-views.js';
import type { SimulationService } from '../simulation-service.js';
import type { RunLimits } from './launch-limits.js';
import { reportHandlers } from './report.handlers.js';
import { reportRoute } from './report.routes.js';
import { resultsHandlers } from './results.handlers.js';
import { resultsRoute } from './results.routes.js';
import { runsHandlers } from './runs.handlers.js';
import { cancelRoute, getRoute, launchRoute, listRoute } from './runs.routes.js';
import { runScenarioHandlers } from './scenario.handlers.js';
import { runScenarioRoute } from './scenario.routes.js';

export type { RunLimits } from './launch-limits.js';

export function simulationsRoutes(
  service: SimulationService,
  store: ResultStore,
  limits: RunLimits = { maxRunCoreSeconds: DEFAULT_MAX_RUN_CORE_SECONDS },
) {
  const runs = new RunRepository(store);
  const views = cachedViews();
  const run = runsHandlers({ service, store, runs, scenarios: new ScenarioRepository(store), limits });
  const { results } = resultsHandlers({ service, runs, views });
  const { report } = reportHandlers({ service, runs, views });

  const app = new OpenAPIHono<AppEnv>();
  app.openapi(launchRoute, run.launch);
  app.openapi(listRoute, run.list);
  app.openapi(getRoute, run.get);
  app.use('/simulations/:id/:view{results|report}', views.revalidate);
  app.openapi(resultsRoute, results);
  app.openapi(reportRoute, report);
  app.openapi(cancelRoute, run.cancel);
  return app;
}

/** GET /v1/simulations/{id}/scenario, mounted after the scenario import (its place in the OpenAPI document). */
export function runScenarioRoutes(store: ResultStore, service?: SimulationService) {
  const { runScenario } = runScenarioHandlers({ runs: new RunRepository(store), service });
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(runScenarioRoute, runScenario);
  return app;
}
