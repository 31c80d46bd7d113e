/**
 * /v1/simulations: launch a run and read it back.
 */
import { randomInt } from 'node:crypto';
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { MAX_SEED, simulationRequestSchema } from '../models/simulation-request.js';
import { MODEL_VERSION } from '../models/model-version.js';
import type { AppEnv } from './app-env.js';
import { problemResponse, problemSchema } from './problem.js';
import { RUN_ID_PATTERN } from './run-id.js';
import { runLocation, runResourceSchema, toRunResource } from './run-resource.js';
import type { SimulationService } from './simulation-service.js';

const problemContent = { 'application/problem+json': { schema: problemSchema } };

const launchRoute = createRoute({
  method: 'post',
  path: '/simulations',
  summary: 'Launch a simulation',
  request: {
    body: { required: true, content: { 'application/json': { schema: simulationRequestSchema } } },
  },
  responses: {
    202: {
      description: 'Accepted: the run (the same request always names the same run)',
      headers: z.object({ Location: z.string() }),
      content: { 'application/json': { schema: runResourceSchema } },
    },
    400: { description: 'Malformed JSON', content: problemContent },
    415: { description: 'Not JSON', content: problemContent },
    422: { description: 'Invalid request', content: problemContent },
    503: { description: 'Temporal unavailable', content: problemContent },
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/simulations/{id}',
  summary: 'A run: status, progress and, once succeeded, its result summary',
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: {
    200: { description: 'The run', content: { 'application/json': { schema: runResourceSchema } } },
    404: { description: 'No such run', content: problemContent },
    503: { description: 'Temporal unavailable', content: problemContent },
  },
});

export function simulationsRoutes(service: SimulationService) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(launchRoute, async (c) => {
    const request = c.req.valid('json');
    const input = { ...request, seed: request.seed ?? randomInt(0, Math.min(MAX_SEED, 2 ** 48 - 1)) };
    const { id } = await service.start(input);
    c.set('runId', id);
    const view = (await service.get(id)) ?? {
      id,
      status: 'queued' as const,
      seed: input.seed,
      iterations: input.iterations,
      modelVersion: MODEL_VERSION,
      progress: { phase: 'validating', iterationsDone: 0, iterationsTotal: input.iterations },
    };
    c.header('Location', runLocation(id));
    return c.json(toRunResource(view), 202);
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    c.set('runId', id);
    const view = RUN_ID_PATTERN.test(id) ? await service.get(id) : undefined;
    if (!view) return problemResponse(c, 'not-found', `no simulation run has id ${id}`) as never;
    return c.json(toRunResource(view), 200);
  });

  return app;
}
