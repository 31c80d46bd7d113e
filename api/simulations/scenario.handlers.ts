/**
 * Answers GET /simulations/{id}/scenario (scenario.routes.ts): the scenario a run simulated, as
 * stored once a worker validated it, or for a queued run as its workflow was started with.
 */
import type { RouteHandler } from '@hono/zod-openapi';
import { RUN_ID_PATTERN } from '../../models/run-identity.js';
import { decodeResult, type RunRepository } from '../../store/run-repository.js';
import type { AppEnv } from '../app-env.js';
import { problemResponse } from '../problem.js';
import { scenarioRef } from '../run-resource.js';
import { revisionLocation } from '../scenarios/saved-scenario-resource.js';
import { EngineUnavailableError, type RunScenarioRef, type SimulationService } from '../simulation-service.js';
import type { runScenarioRoute } from './scenario.routes.js';

export interface RunScenarioDependencies {
  runs: RunRepository;
  /** Temporal, for a run not prepared yet; without it only stored scenarios are found. */
  service?: SimulationService | undefined;
}

export function runScenarioHandlers({ runs, service }: RunScenarioDependencies) {
  const runScenario: RouteHandler<typeof runScenarioRoute, AppEnv> = async (c) => {
    const { id } = c.req.valid('param');
    c.set('runId', id);
    if (!RUN_ID_PATTERN.test(id)) return problemResponse(c, 'not-found', `no simulation run has id ${id}`);
    let scenario = await runs.scenario(id);
    const result = await runs.resultBytes(id);
    // Where it came from: the result's source once it has one, else the run's (Temporal's memo).
    let source: RunScenarioRef | undefined;
    if (result) {
      const r = decodeResult(result);
      source = scenarioRef(r.scenario.id, r.source);
    }
    let validated = scenario !== undefined;
    if (!source || scenario === undefined) {
      try {
        source ??= (await service?.get(id))?.scenario;
        if (scenario === undefined) {
          // Not prepared yet (queued): the scenario the workflow was started with.
          const input = await service?.input?.(id);
          if (input) {
            scenario = input.scenario;
            validated = false;
            source ??= scenarioRef((input.scenario as { id?: string }).id ?? 'unknown', input.source);
          }
        }
      } catch (err) {
        // With the scenario stored, Temporal being down only costs the memo's source.
        if (!(err instanceof EngineUnavailableError) || scenario === undefined) throw err;
      }
    }
    if (scenario === undefined) return problemResponse(c, 'not-found', `no simulation run has id ${id}`);
    c.header('Cache-Control', validated ? 'private, max-age=31536000, immutable' : 'no-store');
    return c.json(
      {
        runId: id,
        validated,
        scenario: scenario as Record<string, unknown>,
        source: source ?? { id: (scenario as { id?: string }).id ?? 'unknown' },
        links: {
          run: `/v1/simulations/${id}`,
          ...(source?.saved ? { saved: revisionLocation(source.saved.id, source.saved.revision) } : {}),
        },
      },
      200,
    );
  };

  return { runScenario };
}
