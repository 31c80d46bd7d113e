/**
 * /v1/simulations: launch a run and read it back.
 */
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { canonicalJson } from '../models/canonical-json.js';
import { MODEL_VERSION } from '../models/model-version.js';
import { RUN_ID_PATTERN, runIdOf, sha256Hex } from '../models/run-identity.js';
import { runRequestSchema } from '../models/run-request.js';
import { blameField, resolveRunRequest, type SavedBase } from '../models/resolve-run-request.js';
import { DEFAULT_MAX_RUN_CORE_SECONDS, estimateRunCost, overBudgetAdvice } from '../models/run-cost.js';
import type { RunResult } from '../models/run-result.js';
import { resultKey, runRecordKey, scenarioKey } from '../store/run-keys.js';
import { type ReportContext, renderReport } from './report/report-html.js';
import type { ResultStore } from '../store/result-store.js';
import { ScenarioRepository } from '../store/scenario-repository.js';
import { savedScenarioProblem } from './scenarios-routes.js';
import type { AppEnv } from './app-env.js';
import { IDEMPOTENCY_KEY_PATTERN, IdempotencyKeyReusedError, seedFor } from './idempotency.js';
import { problemResponse, problemSchema } from './problem.js';
import { runResultSchema } from './result-schema.js';
import { CELL_METRICS, CSV_HEADER, filterDomain, filterResult, resultCsv } from './results-view.js';
import { acceptsGzip, gzipEtag, gzipped } from './content-encoding.js';
import { PRECISION_STATEMENT } from './exports/precision.js';
import { WIDE_CSV_KEY_COLUMNS, wideCsv } from './exports/wide-csv.js';
import { type RenderedView, ViewCache } from './view-cache.js';
import { runLocation, runResourceSchema, runScenarioRefSchema, scenarioRef, toRunResource } from './run-resource.js';
import {
  EngineUnavailableError,
  InvalidCursorError,
  runStatusSchema,
  type RunView,
  type SimulationService,
} from './simulation-service.js';

const problemContent = { 'application/problem+json': { schema: problemSchema } };

const launchRoute = createRoute({
  method: 'post',
  path: '/simulations',
  summary: 'Launch a simulation',
  request: {
    headers: z.object({
      'idempotency-key': z
        .string()
        .optional()
        .describe('retry-safe key: the same key and body give the same run; another body with it is refused (422)'),
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
    404: { description: 'No preset or saved scenario (revision) has this id', content: problemContent },
    415: { description: 'Not JSON', content: problemContent },
    429: {
      description:
        "With API_TOKENS: the token's runs in flight are at their cap in number or in estimated cost; Retry-After says when to try again",
      headers: z.object({ 'Retry-After': z.string() }),
      content: problemContent,
    },
    422: {
      description:
        'Invalid request (unknown preset or option, an override that does not apply, an invalid scenario), a run whose estimated cost is over the budget or whose inputs describe no hospital (a census or growth beyond any plausible size, the field named), or an Idempotency-Key reused with another body',
      content: problemContent,
    },
    503: { description: 'Temporal unavailable', content: problemContent },
  },
});

const runListItemSchema = z.object({
  id: z.string(),
  status: runStatusSchema,
  scenario: runScenarioRefSchema,
  seed: z.number().int(),
  iterations: z.number().int(),
  startedAt: z.string().describe('ISO 8601'),
  closedAt: z.string().optional(),
  links: z.object({ self: z.string() }),
});

const listRoute = createRoute({
  method: 'get',
  path: '/simulations',
  summary: 'Runs, newest first, a page at a time',
  request: {
    query: z.object({
      status: runStatusSchema
        .optional()
        .describe('only runs in this state (queued and running both match runs in flight)'),
      scenario: z
        .string()
        .min(1)
        .max(80)
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)
        .optional()
        .describe('only runs of this scenario id'),
      limit: z.coerce.number().int().min(1).max(100).default(20).describe('runs per page'),
      cursor: z
        .string()
        .max(2000)
        .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
        .optional()
        .describe("the previous page's next cursor (from links.next)"),
    }),
  },
  responses: {
    200: {
      description: 'A page of runs; follow links.next for the next one',
      content: {
        'application/json': {
          schema: z.object({
            runs: z.array(runListItemSchema),
            links: z.object({ self: z.string(), next: z.string().optional() }),
          }),
        },
      },
    },
    404: { description: 'No page at this cursor: cursors come from links.next', content: problemContent },
    422: { description: 'An invalid filter or a malformed cursor', content: problemContent },
    503: { description: 'Temporal unavailable', content: problemContent },
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/simulations/{id}',
  summary: 'A run: status, progress and, once succeeded, its result summary',
  request: { params: z.object({ id: z.string().describe('a run id, sim- and 24 hex digits') }) },
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
  request: { params: z.object({ id: z.string().describe('a run id, sim- and 24 hex digits') }) },
  responses: {
    202: {
      description: 'Cancellation requested; the run',
      content: { 'application/json': { schema: runResourceSchema } },
    },
    404: { description: 'No such run', content: problemContent },
    409: { description: 'The run has already finished', content: problemContent },
    503: { description: 'Temporal unavailable', content: problemContent },
  },
});

const listParam = (what: string) =>
  z.string().max(1000).optional().describe(`${what}, comma-separated; all when omitted`);

const resultsRoute = createRoute({
  method: 'get',
  path: '/simulations/{id}/results',
  summary: "A finished run's results: per option, site (and system) and year, every figure as mean and percentiles",
  description: `JSON by default, at full precision; CSV (UTF-8 with BOM, CRLF, formula-safe) with \`Accept: text/csv\` or \`?format=csv\`: tidy long by default, or wide with \`layout=wide\` (one row per option, site, metric, method and statistic; the years as columns; columns ${WIDE_CSV_KEY_COLUMNS.join(', ')}, then each year). CSV figures are rounded: ${PRECISION_STATEMENT}. Filters narrow all three. A workbook is at /v1/simulations/{id}/results.xlsx. Results are immutable: the strong ETag is the sha256 of the body, and a matching If-None-Match gets 304.`,
  request: {
    params: z.object({ id: z.string().describe('a run id, sim- and 24 hex digits') }),
    query: z.object({
      format: z.enum(['json', 'csv']).optional().describe('overrides the Accept header'),
      layout: z
        .enum(['long', 'wide'])
        .optional()
        .describe('CSV only: long (one figure a row, the default) or wide (the years as columns)'),
      site: listParam('site ids, or "system"'),
      option: listParam('option ids'),
      year: listParam('years, e.g. 2020/21'),
      metric: listParam(`figures: ${[...CELL_METRICS, 'bridge'].join(', ')}`),
    }),
    headers: z.object({ 'if-none-match': z.string().optional(), accept: z.string().optional() }),
  },
  responses: {
    200: {
      description: 'The results',
      headers: z.object({ ETag: z.string(), 'Cache-Control': z.string(), Vary: z.string() }),
      content: {
        'application/json': { schema: runResultSchema },
        'text/csv': { schema: z.string().describe(`columns: ${CSV_HEADER.join(', ')}`) },
      },
    },
    304: { description: 'Not modified: the If-None-Match ETag is current' },
    404: { description: 'No such run', content: problemContent },
    409: { description: 'The run has not succeeded (yet)', content: problemContent },
    422: {
      description: 'A filter names a site, option, year or metric the result does not have',
      content: problemContent,
    },
    503: { description: 'Temporal unavailable and no stored result', content: problemContent },
  },
});

const reportRoute = createRoute({
  method: 'get',
  path: '/simulations/{id}/report',
  summary: "A finished run's results page: charts (inline SVG) and the tables behind them, no script",
  request: {
    params: z.object({ id: z.string().describe('a run id, sim- and 24 hex digits') }),
    headers: z.object({ 'if-none-match': z.string().optional() }),
  },
  responses: {
    200: {
      description: 'The report, a self-contained HTML page',
      headers: z.object({ ETag: z.string() }),
      content: { 'text/html': { schema: z.string() } },
    },
    304: { description: 'Not modified' },
    404: { description: 'No such run', content: problemContent },
    409: { description: 'The run has not succeeded (yet)', content: problemContent },
    503: { description: 'Temporal unavailable and no stored result', content: problemContent },
  },
});

/** A run Temporal no longer knows (past retention) or cannot be asked about, read from its stored result. */
async function storedRunView(store: ResultStore, id: string): Promise<RunView | undefined> {
  // Only a well-formed run id can name a stored entry (and be a valid store key).
  if (!RUN_ID_PATTERN.test(id)) return undefined;
  const bytes = await store.get(resultKey(id));
  if (!bytes) return undefined;
  const result = JSON.parse(new TextDecoder().decode(bytes)) as RunResult;
  const recordBytes = await store.get(runRecordKey(id));
  const record = recordBytes
    ? (JSON.parse(new TextDecoder().decode(recordBytes)) as { createdAt?: string; finishedAt?: string })
    : {};
  return {
    ...(record.createdAt ? { createdAt: record.createdAt } : {}),
    ...(record.finishedAt ? { finishedAt: record.finishedAt } : {}),
    id,
    status: 'succeeded',
    seed: result.seed,
    iterations: result.iterations,
    modelVersion: result.modelVersion,
    scenario: scenarioRef(result.scenario.id, result.source),
    progress: {
      phase: 'done',
      iterationsDone: result.iterations,
      iterationsTotal: result.iterations,
      shardsDone: 0,
      shardsTotal: 0,
    },
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

/** The answer when a run has no stored result: 404 for no such run, 409 for one not (yet) succeeded. */
async function noResultYet(
  c: Context,
  service: SimulationService,
  store: ResultStore,
  id: string,
  what: string,
): Promise<Response> {
  const run = await findRun(service, store, id);
  if (!run) return problemResponse(c, 'not-found', `no simulation run has id ${id}`);
  return problemResponse(
    c,
    'run-not-finished',
    `run ${id} is ${run.status}; ${what} once it has succeeded`,
    {},
    { 'Cache-Control': 'no-store' },
  );
}

/** What a run may cost: its estimated core-seconds (models/run-cost.ts) at most. */
export interface RunLimits {
  maxRunCoreSeconds: number;
  /** With API_TOKENS: each token's runs in flight, in number and in estimated core-seconds. */
  perToken?: { maxConcurrentRuns: number; maxCoreSeconds: number };
}

/**
 * The runs each token has in flight, as this API process launched them: enough for one API
 * process (the embedded default); several would need them in Temporal's visibility instead.
 */
class TokenLedger {
  private readonly runs = new Map<string, Map<string, { coreSeconds: number; launchedAt: number }>>();

  /** The token's runs still in flight, asking the service about each (a few at most). */
  async inFlight(service: SimulationService, token: string) {
    const mine = this.runs.get(token) ?? new Map<string, { coreSeconds: number; launchedAt: number }>();
    for (const id of [...mine.keys()]) {
      const run = await service.get(id).catch(() => undefined);
      if (!run || (run.status !== 'queued' && run.status !== 'running')) mine.delete(id);
    }
    this.runs.set(token, mine);
    return mine;
  }

  /** True when the run is new to the token. */
  add(token: string, id: string, coreSeconds: number): boolean {
    const mine = this.runs.get(token) ?? new Map<string, { coreSeconds: number; launchedAt: number }>();
    this.runs.set(token, mine);
    if (mine.has(id)) return false;
    mine.set(id, { coreSeconds, launchedAt: Date.now() });
    return true;
  }

  remove(token: string, id: string) {
    this.runs.get(token)?.delete(id);
  }
}

export function simulationsRoutes(
  service: SimulationService,
  store: ResultStore,
  limits: RunLimits = { maxRunCoreSeconds: DEFAULT_MAX_RUN_CORE_SECONDS },
) {
  const app = new OpenAPIHono<AppEnv>();
  const ledger = new TokenLedger();

  app.openapi(launchRoute, async (c) => {
    const request = c.req.valid('json');
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      return problemResponse(c, 'bad-request', 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
        errors: [{ pointer: '#/headers/idempotency-key', detail: 'invalid value' }],
      }) as never;
    }
    // A saved scenario is read here (the store is the API's, not the model's); a missing one is
    // 404 and one this bedcast cannot open 422, both naming /savedScenario.
    let saved: SavedBase | undefined;
    if (request.savedScenario) {
      const read = await new ScenarioRepository(store).read(request.savedScenario.id, request.savedScenario.revision);
      if (!read.ok) return savedScenarioProblem(c, request.savedScenario, read) as never;
      saved = { id: read.revision.id, revision: read.revision.revision, scenario: read.revision.scenario };
    }
    const resolution = resolveRunRequest(request, saved);
    if (!resolution.ok) {
      if (resolution.unknownPreset)
        return problemResponse(c, 'not-found', resolution.errors[0]!.detail, { errors: resolution.errors }) as never;
      return problemResponse(c, 'invalid-request', 'see errors for each offending field', {
        errors: resolution.errors,
      }) as never;
    }
    // Known before anything starts: a run that would hold the workers for hours, or a typo that
    // makes one iteration run for seconds, is refused here rather than discovered in a worker.
    const estimate = estimateRunCost(resolution.scenario, request.iterations);
    if (estimate.implausible.length > 0) {
      return problemResponse(
        c,
        'invalid-request',
        'these values validate but describe no hospital, and would make the run very slow; see errors',
        { errors: estimate.implausible.map((f) => blameField(request, f.path, f.detail)) },
      ) as never;
    }
    if (estimate.coreSeconds > limits.maxRunCoreSeconds) {
      const advice = overBudgetAdvice(estimate, limits.maxRunCoreSeconds);
      return problemResponse(c, 'invalid-request', advice, {
        errors: [{ pointer: '/iterations', detail: advice }],
      }) as never;
    }
    const runEstimate = { coreSeconds: roundTo(estimate.coreSeconds, 1), budgetCoreSeconds: limits.maxRunCoreSeconds };
    const token = c.get('tokenId');
    let seed: number;
    try {
      seed = await seedFor(store, key, request);
    } catch (err) {
      if (err instanceof IdempotencyKeyReusedError) {
        return problemResponse(c, 'idempotency-key-reused', err.message, {
          errors: [{ pointer: '#/headers/idempotency-key', detail: err.message }],
        }) as never;
      }
      throw err;
    }
    const { scenario, source } = resolution;
    const input = { scenario, seed, iterations: request.iterations, source, modelVersion: MODEL_VERSION };
    const id = runIdOf(input);
    c.set('runId', id);
    if (token !== undefined && limits.perToken) {
      const mine = await ledger.inFlight(service, token);
      // The same request again names the same run: it attaches, and costs nothing more.
      if (!mine.has(id)) {
        const { maxConcurrentRuns, maxCoreSeconds } = limits.perToken;
        const held = [...mine.values()].reduce((a, r) => a + r.coreSeconds, 0);
        if (mine.size >= maxConcurrentRuns || held + estimate.coreSeconds > maxCoreSeconds) {
          // When the soonest of its runs should end, by their estimates on one core.
          const soonest = Math.min(
            ...[...mine.values()].map((r) => r.coreSeconds - (Date.now() - r.launchedAt) / 1000),
          );
          const retryAfter = Math.max(1, Math.ceil(Number.isFinite(soonest) ? soonest : 1));
          return problemResponse(
            c,
            'too-many-runs',
            mine.size >= maxConcurrentRuns
              ? `this token has ${mine.size} runs in flight, the most it may (BEDCAST_TOKEN_MAX_RUNS); retry once one has ended`
              : `this token's runs in flight are estimated at ${Math.round(held)} core-seconds and this one at ${Math.round(estimate.coreSeconds)}, over its budget of ${maxCoreSeconds} (BEDCAST_TOKEN_MAX_CORE_SECONDS)`,
            {},
            { 'Retry-After': String(retryAfter) },
          ) as never;
        }
      }
    }
    // Counted before it starts: a second launch from the token, checked meanwhile, sees it.
    const counted = token !== undefined && limits.perToken !== undefined && ledger.add(token, id, estimate.coreSeconds);
    try {
      await service.start(id, input, { estimate: runEstimate });
    } catch (err) {
      if (counted) ledger.remove(token, id);
      throw err;
    }
    const view: RunView = (await service.get(id)) ?? {
      id,
      status: 'queued',
      seed,
      iterations: input.iterations,
      modelVersion: MODEL_VERSION,
      scenario: scenarioRef(scenario.id, source),
      progress: {
        phase: 'validating',
        iterationsDone: 0,
        iterationsTotal: input.iterations,
        shardsDone: 0,
        shardsTotal: 0,
      },
    };
    c.header('Location', runLocation(id));
    return c.json(toRunResource({ ...view, estimate: view.estimate ?? runEstimate }), 202);
  });

  app.openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    let page;
    try {
      page = await service.list({
        pageSize: query.limit,
        ...(query.status ? { status: query.status } : {}),
        ...(query.scenario ? { scenario: query.scenario } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
    } catch (err) {
      if (err instanceof InvalidCursorError)
        return problemResponse(c, 'not-found', `no page at this cursor: ${err.message}`, {
          errors: [{ pointer: '#/query/cursor', detail: err.message }],
        }) as never;
      throw err;
    }
    const link = (cursor?: string) => {
      const params = new URLSearchParams();
      if (query.status) params.set('status', query.status);
      if (query.scenario) params.set('scenario', query.scenario);
      params.set('limit', String(query.limit));
      if (cursor) params.set('cursor', cursor);
      return `/v1/simulations?${params.toString()}`;
    };
    c.header('Cache-Control', 'no-store');
    return c.json(
      {
        runs: page.runs.map((r) => ({ ...r, links: { self: runLocation(r.id) } })),
        links: { self: link(query.cursor), ...(page.nextCursor ? { next: link(page.nextCursor) } : {}) },
      },
      200,
    );
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

  const views = new ViewCache();
  // Revalidations are most of a report generator's traffic: answer a current If-None-Match from
  // the URL alone, before validation and rendering. Only URLs already served once are known here;
  // anything else goes the full way. A URL's representation depends on Accept (JSON or CSV) and
  // on whether the client takes gzip.
  const knownEtags = new Map<string, string>();
  const urlKey = (c: Context<AppEnv>, takesGzip: boolean) =>
    `${c.req.url}|${prefersCsv(c.req.header('accept')) ? 'csv' : 'json'}|${takesGzip ? 'gzip' : 'identity'}`;
  const remember = (key: string, etag: string) => {
    if (knownEtags.size >= 10_000) knownEtags.delete(knownEtags.keys().next().value!);
    knownEtags.set(key, etag);
  };
  const cacheControlOf = (view: 'results' | 'report') =>
    view === 'report' ? 'private, max-age=3600' : 'private, max-age=31536000, immutable';
  app.use('/simulations/:id/:view{results|report}', async (c, next) => {
    const inm = c.req.header('if-none-match');
    const etag =
      inm && c.req.method === 'GET'
        ? // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- Hono's default `any` input type
          knownEtags.get(urlKey(c, acceptsGzip(c.req.header('accept-encoding'))))
        : undefined;
    if (etag && matchesEtag(inm, etag)) {
      c.set('runId', c.req.param('id'));
      return c.body(null, 304, {
        ETag: etag,
        'Cache-Control': cacheControlOf(c.req.param('view') as 'results' | 'report'),
        Vary: VARY,
      });
    }
    await next();
  });

  // Requests for a view not yet made wait for the one request making it, rather than each
  // reading, rendering, compressing and hashing the same bytes (50 at once, at a cold start).
  const making = new Map<string, Promise<ViewOutcome>>();
  const makeOnce = (key: string, make: () => Promise<ViewOutcome>): Promise<ViewOutcome> => {
    let pending = making.get(key);
    if (!pending) {
      pending = make()
        .then((outcome) => {
          if ('body' in outcome) views.set(key, outcome);
          return outcome;
        })
        .finally(() => making.delete(key));
      making.set(key, pending);
    }
    return pending;
  };

  /** A rendered view as the client takes it (gzip or not), or 304 when it has it already. */
  const sendView = (
    c: Context<AppEnv>,
    view: RenderedView,
    which: 'results' | 'report',
    extra: Record<string, string> = {},
  ) => {
    const takesGzip = acceptsGzip(c.req.header('accept-encoding'));
    const gzip = takesGzip && view.gzip !== undefined;
    const etag = gzip ? gzipEtag(view.etag) : view.etag;
    remember(urlKey(c, takesGzip), etag);
    const headers: Record<string, string> = { ETag: etag, 'Cache-Control': cacheControlOf(which), Vary: VARY };
    if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    const body = (gzip ? view.gzip! : view.body) as Uint8Array<ArrayBuffer>;
    return c.body(body, 200, {
      ...headers,
      ...extra,
      'Content-Type': view.contentType,
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
  };

  app.openapi(resultsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const query = c.req.valid('query');
    c.set('runId', id);
    const csv = query.format ? query.format === 'csv' : prefersCsv(c.req.header('accept'));
    const filters = {
      ...(query.site ? { site: splitList(query.site) } : {}),
      ...(query.option ? { option: splitList(query.option) } : {}),
      ...(query.year ? { year: splitList(query.year) } : {}),
      ...(query.metric ? { metric: splitList(query.metric) } : {}),
    };
    const wide = csv && query.layout === 'wide';
    const cacheKey = `${id}|${csv ? (wide ? 'csv-wide' : 'csv') : 'json'}|${canonicalJson(filters)}`;
    const made =
      views.get(cacheKey) ??
      (await makeOnce(cacheKey, async (): Promise<ViewOutcome> => {
        const stored = RUN_ID_PATTERN.test(id) ? await store.get(resultKey(id)) : undefined;
        if (!stored) return { missing: true };
        let body: Uint8Array = stored;
        if (csv || Object.keys(filters).length > 0) {
          const result = JSON.parse(new TextDecoder().decode(stored)) as RunResult;
          const domain = filterDomain(result);
          const errors = (Object.keys(filters) as (keyof typeof filters)[]).flatMap((name) =>
            filters[name]!.filter((v) => !domain[name].includes(v)).map((v) => ({
              pointer: `#/query/${name}`,
              detail: `${JSON.stringify(v)} is not one of ${domain[name].join(', ')}`,
            })),
          );
          if (errors.length > 0) return { errors };
          const filtered = filterResult(result, filters);
          body = new TextEncoder().encode(
            csv ? (wide ? wideCsv(filtered) : resultCsv(filtered)) : canonicalJson(filtered),
          );
        }
        // A view of an immutable result never changes: its hash is a strong validator.
        return {
          body,
          etag: `"${sha256Hex(body)}"`,
          contentType: csv ? 'text/csv; charset=utf-8' : 'application/json',
          ...withGzip(body),
        };
      }));
    if ('missing' in made) return await noResultYet(c, service, store, id, 'results exist');
    if ('errors' in made)
      return problemResponse(c, 'invalid-request', 'a filter names something this result does not have', {
        errors: made.errors,
      });
    const view = made;
    return sendView(
      c,
      view,
      'results',
      csv ? { 'Content-Disposition': `attachment; filename="${id}${wide ? '-wide' : ''}.csv"` } : {},
    );
  });

  app.openapi(reportRoute, async (c) => {
    const { id } = c.req.valid('param');
    c.set('runId', id);
    const cacheKey = `${id}|html`;
    const made =
      views.get(cacheKey) ??
      (await makeOnce(cacheKey, async (): Promise<ViewOutcome> => {
        const stored = RUN_ID_PATTERN.test(id) ? await store.get(resultKey(id)) : undefined;
        if (!stored) return { missing: true };
        const decode = <T>(bytes: Uint8Array | undefined) =>
          bytes ? (JSON.parse(new TextDecoder().decode(bytes)) as T) : undefined;
        const [scenario, record] = [
          decode<{ bedPolicy?: ReportContext['bedPolicy'] }>(await store.get(scenarioKey(id))),
          decode<{ createdAt?: string }>(await store.get(runRecordKey(id))),
        ];
        const html = renderReport(decode<RunResult>(stored)!, {
          ...(scenario?.bedPolicy ? { bedPolicy: scenario.bedPolicy } : {}),
          ...(record?.createdAt ? { createdAt: record.createdAt } : {}),
          links: {
            json: `${runLocation(id)}/results`,
            csv: `${runLocation(id)}/results?format=csv`,
            run: runLocation(id),
          },
        });
        const body = new TextEncoder().encode(html);
        return { body, etag: `"${sha256Hex(body)}"`, contentType: 'text/html; charset=utf-8', ...withGzip(body) };
      }));
    if (!('body' in made)) return await noResultYet(c, service, store, id, 'its report exists');
    const view = made;
    return sendView(c, view, 'report');
  });

  app.openapi(cancelRoute, async (c) => {
    const { id } = c.req.valid('param');
    c.set('runId', id);
    const outcome = RUN_ID_PATTERN.test(id) ? await service.cancel(id) : 'not-found';
    // Temporal may have forgotten a finished run whose result is stored: it still cannot be cancelled.
    if (outcome === 'not-found' && (await storedRunView(store, id)))
      return problemResponse(c, 'run-finished', `run ${id} has already finished; its result stays available`) as never;
    if (outcome === 'not-found') return problemResponse(c, 'not-found', `no simulation run has id ${id}`) as never;
    if (outcome === 'finished')
      return problemResponse(c, 'run-finished', `run ${id} has already finished; its result stays available`) as never;
    const view = await findRun(service, store, id);
    return c.json(toRunResource(view!), 202);
  });

  return app;
}

function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** True when the Accept header ranks text/csv above JSON (quality values honoured, ties to JSON). */
export function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const quality = (type: string) => {
    let best = -1;
    for (const part of accept.split(',')) {
      const [media, ...params] = part.trim().toLowerCase().split(';');
      if (media !== type && media !== `${type.split('/')[0]}/*` && media !== '*/*') continue;
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      // An exact match outranks a wildcard at the same quality.
      best = Math.max(best, (q === undefined ? 1 : Number(q)) + (media === type ? 0.0001 : 0));
    }
    return best;
  };
  return quality('text/csv') > quality('application/json');
}

/** If-None-Match: '*', or a list of ETags (weak ones compare by their opaque part, RFC 9110 13.1.2). */
const VARY = 'Accept, Accept-Encoding';

/** What making a view comes to: the view, no result to make it from, or filters the result lacks. */
type ViewOutcome = RenderedView | { missing: true } | { errors: { pointer: string; detail: string }[] };

function withGzip(body: Uint8Array): { gzip?: Uint8Array } {
  const gzip = gzipped(body);
  return gzip ? { gzip } : {};
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
