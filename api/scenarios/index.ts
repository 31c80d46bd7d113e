/**
 * /v1/scenarios: saved scenarios with immutable revisions, so a team can keep what it asked,
 * tweak it and launch it again without passing files around. A revision never changes; a new one
 * comes by PUT with If-Match naming the revision the editor started from, so of two editors the
 * second is told (412) instead of silently overwriting the first. Every value can carry a
 * rationale note, by JSON pointer. Launch one with POST /v1/simulations { savedScenario }.
 *
 * Each resource has its route definitions (*.routes.ts, which the OpenAPI document is built
 * from) apart from its handlers (*.handlers.ts); this file wires them, in the order the OpenAPI
 * document lists them.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ResultStore } from '../../store/result-store.js';
import { RunRepository } from '../../store/run-repository.js';
import { ScenarioRepository } from '../../store/scenario-repository.js';
import type { AppEnv } from '../app-env.js';
import { revisionsHandlers } from './revisions.handlers.js';
import { revisionRoute } from './revisions.routes.js';
import { scenariosHandlers } from './scenarios.handlers.js';
import { createScenarioRoute, getScenarioRoute, listScenariosRoute, reviseScenarioRoute } from './scenarios.routes.js';

export function scenariosRoutes(store: ResultStore, repository = new ScenarioRepository(store)) {
  const scenarios = scenariosHandlers({ repository, runs: new RunRepository(store) });
  const { revision } = revisionsHandlers({ repository });

  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createScenarioRoute, scenarios.create);
  app.openapi(listScenariosRoute, scenarios.list);
  app.openapi(getScenarioRoute, scenarios.get);
  app.openapi(revisionRoute, revision);
  app.openapi(reviseScenarioRoute, scenarios.revise);
  return app;
}
