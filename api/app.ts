/**
 * The bedcast HTTP API. createApp takes its dependencies, so tests can pass a fake service and
 * call app.request() without a network or a Temporal server.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from 'pino';
import './openapi-components.js';
import { MODEL_VERSION } from '../models/model-version.js';
import { MAX_SCENARIO_BYTES } from '../models/scenario.js';
import type { ResultStore } from '../store/result-store.js';
import type { AppEnv } from './app-env.js';
import { type ApiToken, bearerAuth } from './bearer-auth.js';
import { problemResponse, validationErrors } from './problem.js';
import { EngineUnavailableError, type SimulationService } from './simulation-service.js';
import { docsRoutes } from './docs-routes.js';
import { exportsRoutes } from './exports/exports-routes.js';
import { importRoutes } from './import-routes.js';
import { launchRoutes } from './launch-routes.js';
import { presetsRoutes } from './presets-routes.js';
import { allowedMethods, type MethodTable, methodTable } from './route-methods.js';
import { scenariosRoutes } from './scenarios/index.js';
import { type RunLimits, runScenarioRoutes, simulationsRoutes } from './simulations/index.js';

/**
 * 2 MiB: room for the largest scenario the schema allows (MAX_SCENARIO_BYTES, 1 MiB) with its
 * overrides and notes; a scenario over its own limit gets a 422 that names it, not this 413.
 */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Request line and headers; Node's default of 16 KiB is less than the longest URL the API documents. */
export const MAX_HEADER_BYTES = 64 * 1024;
export const RETRY_AFTER_SECONDS = '5';

export interface AppDependencies {
  simulations: SimulationService;
  /** Where results and idempotency records live. */
  store: ResultStore;
  /** Bearer tokens; the API is open when there are none. */
  tokens?: readonly ApiToken[];
  /** Structured request logs; silent when omitted. */
  logger?: Logger;
  /** What a run may cost; DEFAULT_MAX_RUN_CORE_SECONDS when omitted. */
  limits?: RunLimits;
}

export function createApp(deps: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return problemResponse(c, 'invalid-request', 'see errors for each offending field', {
          errors: validationErrors(result.error, result.target),
        });
      }
      return undefined;
    },
  });

  app.use('*', requestId());
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // requestId() prepared the header; a response built without it gets it here. Through
    // c.res.headers, not c.header(): after the handler, c.header() rebuilds the response around a
    // body stream, which took the Node adapter off its direct path for every response (a full
    // SEL result at 50 connections: 1,650 requests/s; gzip, where the stream also waited on a
    // timer, half that).
    if (!c.res.headers.has('X-Request-Id')) c.res.headers.set('X-Request-Id', c.get('requestId'));
    // Method, path and outcome only: headers (and so tokens) and bodies are never logged.
    deps.logger?.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ...(c.get('runId') ? { runId: c.get('runId') } : {}),
      },
      'request',
    );
  });
  app.use('*', secureHeaders());
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      problemResponse(
        c,
        'payload-too-large',
        `the body limit is ${MAX_BODY_BYTES.toLocaleString('en-GB')} bytes (2 MiB); a scenario may be at most ${MAX_SCENARIO_BYTES.toLocaleString('en-GB')} bytes as JSON`,
      ),
  });
  // Only requests that may carry a body go through the limit: looking for a body makes the Node
  // adapter build a full Request, which costs the GETs (most of the traffic) a third of their time.
  // Hono types a context's input as `any` by default; passing the context on is safe.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- Hono's default `any` input type
  app.use('*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));
  // Read off the routes registered below, at the first request (all are registered by then).
  let routeMethods: MethodTable | undefined;
  const methodsOf = (path: string) => allowedMethods((routeMethods ??= methodTable(app.routes)), path);
  // A known path asked with a method it does not have: 405 with the methods it does have,
  // before anything looks at the body.
  app.use('*', async (c, next) => {
    const allowed = methodsOf(c.req.path);
    if (allowed && !allowed.includes(c.req.method)) {
      return problemResponse(
        // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- Hono's default `any` input type, as above
        c,
        'method-not-allowed',
        `${c.req.path} allows ${allowed.join(', ')}`,
        {},
        { Allow: allowed.join(', ') },
      );
    }
    await next();
  });
  // Only JSON is accepted as a request body; anything else is 415, before any validation.
  app.use('/v1/*', async (c, next) => {
    // (Only on paths that exist: anywhere else the answer is 404, whatever the body.)
    if (
      (c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH') &&
      methodsOf(c.req.path) !== undefined
    ) {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
        return problemResponse(
          // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- Hono's default `any` input type, as above
          c,
          'unsupported-media-type',
          `expected Content-Type application/json, got ${type || 'none'}`,
        );
      }
    }
    await next();
  });

  app.use('/v1/*', bearerAuth(deps.tokens ?? []));

  app.get('/health', (c) => c.json({ status: 'ok', modelVersion: MODEL_VERSION }));
  app.get('/ready', async (c) => {
    const [temporal, resultStore] = await Promise.all([deps.simulations.ready(), deps.store.ready()]);
    const ready = temporal && resultStore;
    return c.json(
      {
        status: ready ? 'ready' : 'not-ready',
        dependencies: { temporal: temporal ? 'up' : 'down', resultStore: resultStore ? 'up' : 'down' },
      },
      ready ? 200 : 503,
    );
  });

  app.route('/v1', exportsRoutes(deps.simulations, deps.store));
  app.route('/v1', simulationsRoutes(deps.simulations, deps.store, deps.limits));
  app.route('/v1', presetsRoutes());
  app.route('/v1', importRoutes());
  app.route('/v1', runScenarioRoutes(deps.store, deps.simulations));
  app.route('/v1', scenariosRoutes(deps.store));

  app.route('/', docsRoutes());
  app.route('/', launchRoutes());

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'bedcast API', version: MODEL_VERSION, description: 'Hospital bed requirements under uncertainty' },
  });

  app.notFound((c) => problemResponse(c, 'not-found', `no route for ${c.req.method} ${c.req.path}`));
  app.onError((err, c) => {
    if (err instanceof EngineUnavailableError) {
      return problemResponse(
        c,
        'temporal-unavailable',
        'Temporal is not reachable; try again shortly',
        {},
        { 'Retry-After': RETRY_AFTER_SECONDS },
      );
    }
    if (err instanceof HTTPException) {
      if (err.status === 400)
        return problemResponse(c, /JSON/i.test(err.message) ? 'malformed-json' : 'bad-request', err.message);
      if (err.status === 413) return problemResponse(c, 'payload-too-large', err.message);
      if (err.status === 415) return problemResponse(c, 'unsupported-media-type', err.message);
      if (err.status === 404) return problemResponse(c, 'not-found', err.message);
    }
    deps.logger?.error({ requestId: c.get('requestId'), err }, 'unhandled error');
    return problemResponse(c, 'internal', 'an unexpected error occurred; quote the request id when reporting it');
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
