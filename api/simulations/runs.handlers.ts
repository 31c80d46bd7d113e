/**
 * Answers the run resource's routes (runs.routes.ts): launch a run, list runs, read one, cancel one.
 */
import type { RouteHandler } from '@hono/zod-openapi';
import { MODEL_VERSION } from '../../models/model-version.js';
import { blameField, resolveRunRequest, type SavedBase } from '../../models/resolve-run-request.js';
import { estimateRunCost, overBudgetAdvice } from '../../models/run-cost.js';
import { RUN_ID_PATTERN, runIdOf } from '../../models/run-identity.js';
import type { RunRepository } from '../../store/run-repository.js';
import type { ScenarioRepository } from '../../store/scenario-repository.js';
import type { ResultStore } from '../../store/result-store.js';
import { prefersHtml } from '../accept.js';
import type { AppEnv } from '../app-env.js';
import { runsListPage } from '../runs-list-html.js';
import { IDEMPOTENCY_KEY_PATTERN, IdempotencyKeyReusedError, seedFor } from '../idempotency.js';
import { problemResponse } from '../problem.js';
import { runLocation, scenarioRef, toRunResource } from '../run-resource.js';
import { savedScenarioProblem } from '../scenarios/saved-scenario-resource.js';
import { InvalidCursorError, type RunView, type SimulationService } from '../simulation-service.js';
import { type RunLimits, TokenLedger } from './launch-limits.js';
import { findRun, storedRunView } from './run-lookup.js';
import type { cancelRoute, getRoute, launchRoute, listRoute } from './runs.routes.js';

export interface RunsDependencies {
  service: SimulationService;
  /** Idempotency records (the seed an Idempotency-Key was given). */
  store: ResultStore;
  runs: RunRepository;
  scenarios: ScenarioRepository;
  limits: RunLimits;
}

export function runsHandlers({ service, store, runs, scenarios, limits }: RunsDependencies) {
  const ledger = new TokenLedger();

  const launch: RouteHandler<typeof launchRoute, AppEnv> = async (c) => {
    const request = c.req.valid('json');
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      return problemResponse(c, 'bad-request', 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
        errors: [{ header: 'idempotency-key', detail: 'invalid value' }],
      });
    }
    // A saved scenario is read here (the store is the API's, not the model's); a missing one is
    // 404 and one this bedcast cannot open 422, both naming /savedScenario.
    let saved: SavedBase | undefined;
    if (request.savedScenario) {
      const read = await scenarios.read(request.savedScenario.id, request.savedScenario.revision);
      if (!read.ok) return savedScenarioProblem(c, request.savedScenario, read);
      saved = { id: read.revision.id, revision: read.revision.revision, scenario: read.revision.scenario };
    }
    const resolution = resolveRunRequest(request, saved);
    if (!resolution.ok) {
      if (resolution.unknownPreset)
        return problemResponse(c, 'not-found', resolution.errors[0]!.detail, { errors: resolution.errors });
      return problemResponse(c, 'invalid-request', 'see errors for each offending field', {
        errors: resolution.errors,
      });
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
      );
    }
    if (estimate.coreSeconds > limits.maxRunCoreSeconds) {
      const advice = overBudgetAdvice(estimate, limits.maxRunCoreSeconds);
      return problemResponse(c, 'invalid-request', advice, {
        errors: [{ pointer: '/iterations', detail: advice }],
      });
    }
    const runEstimate = { coreSeconds: roundTo(estimate.coreSeconds, 1), budgetCoreSeconds: limits.maxRunCoreSeconds };
    const token = c.get('tokenId');
    let seed: number;
    try {
      seed = await seedFor(store, key, request);
    } catch (err) {
      if (err instanceof IdempotencyKeyReusedError) {
        return problemResponse(c, 'idempotency-key-reused', err.message, {
          errors: [{ header: 'idempotency-key', detail: err.message }],
        });
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
          );
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
  };

  const list: RouteHandler<typeof listRoute, AppEnv> = async (c) => {
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
          errors: [{ parameter: 'cursor', detail: err.message }],
        });
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
    c.header('Vary', 'Accept');
    // A browser gets the same page as a table for people (api/runs-list-html.ts).
    if (prefersHtml(c.req.header('accept')))
      return c.html(
        await runsListPage(
          store,
          service,
          page.runs,
          { self: link(query.cursor), ...(page.nextCursor ? { next: link(page.nextCursor) } : {}) },
          query,
        ),
        200,
      );
    return c.json(
      {
        // startedAt and closedAt, the old names of createdAt and finishedAt, for one more release.
        runs: page.runs.map((r) => ({
          ...r,
          startedAt: r.createdAt,
          ...(r.finishedAt ? { closedAt: r.finishedAt } : {}),
          links: { self: runLocation(r.id) },
        })),
        links: { self: link(query.cursor), ...(page.nextCursor ? { next: link(page.nextCursor) } : {}) },
      },
      200,
    );
  };

  const get: RouteHandler<typeof getRoute, AppEnv> = async (c) => {
    const { id } = c.req.valid('param');
    c.set('runId', id);
    const view = await findRun(service, runs, id);
    if (!view) return problemResponse(c, 'not-found', `no simulation run has id ${id}`);
    // Status changes while a run is in flight: never cache it.
    c.header('Cache-Control', 'no-store');
    return c.json(toRunResource(view), 200);
  };

  const cancel: RouteHandler<typeof cancelRoute, AppEnv> = async (c) => {
    const { id } = c.req.valid('param');
    c.set('runId', id);
    const outcome = RUN_ID_PATTERN.test(id) ? await service.cancel(id) : 'not-found';
    // Temporal may have forgotten a finished run whose result is stored: it still cannot be cancelled.
    if (outcome === 'not-found' && (await storedRunView(runs, id)))
      return problemResponse(c, 'run-finished', `run ${id} has already finished; its result stays available`);
    if (outcome === 'not-found') return problemResponse(c, 'not-found', `no simulation run has id ${id}`);
    if (outcome === 'finished')
      return problemResponse(c, 'run-finished', `run ${id} has already finished; its result stays available`);
    const view = await findRun(service, runs, id);
    return c.json(toRunResource(view!), 202);
  };

  return { launch, list, get, cancel };
}

function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
