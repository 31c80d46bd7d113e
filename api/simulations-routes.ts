/**
 * /v1/simulations: launch a run and read it back.
 */
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { simulationRequestSchema } from '../models/simulation-request.js';
import { MODEL_VERSION } from '../models/model-version.js';
import type { ResultStore } from '../store/result-store.js';
import type { AppEnv } from './app-env.js';
import { IDEMPOTENCY_KEY_PATTERN, IdempotencyKeyReusedError, seedFor } from './idempotency.js';
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
    headers: z.object({
      'idempotency-key': z.string().optional().describe('retry-safe key: the same key and body give the same run; another body with it is refused (422)'),
    }),
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
    422: { description: 'Invalid request, or an Idempotency-Key reused with another body', content: problemContent },
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

const cancelRoute = createRoute({
  method: 'delete',
  path: '/simulations/{id}',
  summary: 'Cancel a run: in-flight work stops and the run ends as cancelled',
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: {
    202: { description: 'Cancellation requested; the run', content: { 'application/json': { schema: runResourceSchema } } },
    404: { description: 'No such run', content: problemContent },
    409: { description: 'The run has already finished', content: problemContent },
    503: { description: 'Temporal unavailable', content: problemContent },
  },
});

export function simulationsRoutes(service: SimulationService, store: ResultStore) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(launchRoute, async (c) => {
    const request = c.req.valid('json');
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      return problemResponse(c, 'bad-request', 'Idempotency-Key must be 1 to 255 visible ASCII characters', { errors: [{ pointer: '#/headers/idempotency-key', detail: 'invalid value' }] }) as never;
    }
    let seed: number;
    try {
      seed = await seedFor(store, key, request);
    } catch (err) {
      if (err instanceof IdempotencyKeyReusedError) {
        return problemResponse(c, 'idempotency-key-reused', err.message, { errors: [{ pointer: '#/headers/idempotency-key', detail: err.message }] }) as never;
      }
      throw err;
    }
    const input = { ...request, seed };
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

  app.openapi(cancelRoute, async (c) => {
    const { id } = c.req.valid('param');
    c.set('runId', id);
    const outcome = RUN_ID_PATTERN.test(id) ? await service.cancel(id) : 'not-found';
    if (outcome === 'not-found') return problemResponse(c, 'not-found', `no simulation run has id ${id}`) as never;
    if (outcome === 'finished') return problemResponse(c, 'run-finished', `run ${id} has already finished; its result stays available`) as never;
    const view = await service.get(id);
    return c.json(toRunResource(view!), 202);
  });

  return app;
}
