/**
 * /v1/simulations: launch a run and read it back.
 */
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { MODEL_VERSION } from '../models/model-version.js';
import { RUN_ID_PATTERN, runIdOf, sha256Hex } from '../models/run-identity.js';
import { runRequestSchema } from '../models/run-request.js';
import { resolveRunRequest } from '../models/resolve-run-request.js';
import type { RunResult } from '../models/run-result.js';
import { resultKey } from '../store/run-keys.js';
import type { ResultStore } from '../store/result-store.js';
import type { AppEnv } from './app-env.js';
import { IDEMPOTENCY_KEY_PATTERN, IdempotencyKeyReusedError, seedFor } from './idempotency.js';
import { problemResponse, problemSchema } from './problem.js';
import { runResultSchema } from './result-schema.js';
import { runLocation, runResourceSchema, toRunResource } from './run-resource.js';
import { EngineUnavailableError, type RunView, type SimulationService } from './simulation-service.js';

const problemContent = { 'application/problem+json': { schema: problemSchema } };

const launchRoute = createRoute({
  method: 'post',
  path: '/simulations',
  summary: 'Launch a simulation',
  request: {
    headers: z.object({
      'idempotency-key': z.string().optional().describe('retry-safe key: the same key and body give the same run; another body with it is refused (422)'),
    }),
    body: { required: true, content: { 'application/json': { schema: runRequestSchema } } },
  },
  responses: {
    202: {
      description: 'Accepted: the run (the same request always names the same run)',
      headers: z.object({ Location: z.string() }),
      content: { 'application/json': { schema: runResourceSchema } },
    },
    400: { description: 'Malformed JSON', content: problemContent },
    415: { description: 'Not JSON', content: problemContent },
    422: { description: 'Invalid request (unknown preset or option, an override that does not apply, an invalid scenario), or an Idempotency-Key reused with another body', content: problemContent },
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

const resultsRoute = createRoute({
  method: 'get',
  path: '/simulations/{id}/results',
  summary: "A finished run's results: per option, site (and system) and year, every figure as mean and percentiles",
  request: {
    params: z.object({ id: z.string().max(64) }),
    headers: z.object({ 'if-none-match': z.string().optional() }),
  },
  responses: {
    200: {
      description: 'The results (immutable: the ETag is the sha256 of the body)',
      headers: z.object({ ETag: z.string(), 'Cache-Control': z.string() }),
      content: { 'application/json': { schema: runResultSchema } },
    },
    304: { description: 'Not modified: the If-None-Match ETag is current' },
    404: { description: 'No such run', content: problemContent },
    409: { description: 'The run has not succeeded (yet)', content: problemContent },
    503: { description: 'Temporal unavailable and no stored result', content: problemContent },
  },
});

/** A run Temporal no longer knows (past retention) or cannot be asked about, read from its stored result. */
async function storedRunView(store: ResultStore, id: string): Promise<RunView | undefined> {
  const bytes = await store.get(resultKey(id));
  if (!bytes) return undefined;
  const result = JSON.parse(new TextDecoder().decode(bytes)) as RunResult;
  return {
    id,
    status: 'succeeded',
    seed: result.seed,
    iterations: result.iterations,
    modelVersion: result.modelVersion,
    scenario: { id: result.scenario.id, ...(result.source.preset ? { preset: result.source.preset } : {}) },
    progress: { phase: 'done', iterationsDone: result.iterations, iterationsTotal: result.iterations, shardsDone: 0, shardsTotal: 0 },
    result: { sha256: sha256Hex(bytes), bytes: bytes.byteLength },
  };
}

/** The run from Temporal, or from the result store when Temporal does not know it or is down. */
async function findRun(service: SimulationService, store: ResultStore, id: string): Promise<RunView | undefined> {
  if (!RUN_ID_PATTERN.test(id)) return undefined;
  try {
    return (await service.get(id)) ?? (await storedRunView(store, id));
  } catch (err) {
    if (!(err instanceof EngineUnavailableError)) throw err;
    const stored = await storedRunView(store, id);
    if (stored) return stored;
    throw err;
  }
}

export function simulationsRoutes(service: SimulationService, store: ResultStore) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(launchRoute, async (c) => {
    const request = c.req.valid('json');
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      return problemResponse(c, 'bad-request', 'Idempotency-Key must be 1 to 255 visible ASCII characters', { errors: [{ pointer: '#/headers/idempotency-key', detail: 'invalid value' }] }) as never;
    }
    const resolution = resolveRunRequest(request);
    if (!resolution.ok) return problemResponse(c, 'invalid-request', 'see errors for each offending field', { errors: resolution.errors }) as never;
    let seed: number;
    try {
      seed = await seedFor(store, key, request);
    } catch (err) {
      if (err instanceof IdempotencyKeyReusedError) {
        return problemResponse(c, 'idempotency-key-reused', err.message, { errors: [{ pointer: '#/headers/idempotency-key', detail: err.message }] }) as never;
      }
      throw err;
    }
    const { scenario, source } = resolution;
    const input = { scenario, seed, iterations: request.iterations, source, modelVersion: MODEL_VERSION };
    const id = runIdOf(input);
    c.set('runId', id);
    await service.start(id, input);
    const view: RunView = (await service.get(id)) ?? {
      id,
      status: 'queued',
      seed,
      iterations: input.iterations,
      modelVersion: MODEL_VERSION,
      scenario: { id: scenario.id, ...(source.preset ? { preset: source.preset } : {}) },
      progress: { phase: 'validating', iterationsDone: 0, iterationsTotal: input.iterations, shardsDone: 0, shardsTotal: 0 },
    };
    c.header('Location', runLocation(id));
    return c.json(toRunResource(view), 202);
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    c.set('runId', id);
    const view = await findRun(service, store, id);
    if (!view) return problemResponse(c, 'not-found', `no simulation run has id ${id}`) as never;
    // Status changes while a run is in flight: never cache it.
    c.header('Cache-Control', 'no-store');
    return c.json(toRunResource(view), 200);
  });

  app.openapi(resultsRoute, async (c) => {
    const { id } = c.req.valid('param');
    c.set('runId', id);
    const bytes = RUN_ID_PATTERN.test(id) ? await store.get(resultKey(id)) : undefined;
    if (!bytes) {
      const view = await findRun(service, store, id);
      if (!view) return problemResponse(c, 'not-found', `no simulation run has id ${id}`) as never;
      c.header('Cache-Control', 'no-store');
      return problemResponse(c, 'run-not-finished', `run ${id} is ${view.status}; results exist once it has succeeded`, {}, { 'Cache-Control': 'no-store' }) as never;
    }
    // A result never changes, so its hash is a strong validator and it may be cached for good.
    const etag = `"${sha256Hex(bytes)}"`;
    const headers = { ETag: etag, 'Cache-Control': 'private, max-age=31536000, immutable' };
    if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers) as never;
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Type': 'application/json' }) as never;
  });

  app.openapi(cancelRoute, async (c) => {
    const { id } = c.req.valid('param');
    c.set('runId', id);
    const outcome = RUN_ID_PATTERN.test(id) ? await service.cancel(id) : 'not-found';
    // Temporal may have forgotten a finished run whose result is stored: it still cannot be cancelled.
    if (outcome === 'not-found' && (await storedRunView(store, id))) return problemResponse(c, 'run-finished', `run ${id} has already finished; its result stays available`) as never;
    if (outcome === 'not-found') return problemResponse(c, 'not-found', `no simulation run has id ${id}`) as never;
    if (outcome === 'finished') return problemResponse(c, 'run-finished', `run ${id} has already finished; its result stays available`) as never;
    const view = await findRun(service, store, id);
    return c.json(toRunResource(view!), 202);
  });

  return app;
}

/** If-None-Match: '*', or a list of ETags (weak ones compare by their opaque part, RFC 9110 13.1.2). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
