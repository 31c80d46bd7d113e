/**
 * Answers the saved scenario resource's routes (scenarios.routes.ts): save a scenario whole or as
 * a copy (of a preset, a run's scenario or a saved revision), list them, read the latest revision,
 * and save the next one when If-Match names the latest (412 when someone saved first, 428 without).
 */
import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { pointerOf, valueAt } from '../../models/json-pointer.js';
import { findPreset } from '../../models/presets/index.js';
import { applyOverrides } from '../../models/resolve-run-request.js';
import type { Scenario } from '../../models/scenario.js';
import type { RunRepository } from '../../store/run-repository.js';
import {
  RevisionConflictError,
  type ScenarioOrigin,
  type ScenarioRepository,
} from '../../store/scenario-repository.js';
import type { AppEnv } from '../app-env.js';
import { type ProblemError, problemResponse } from '../problem.js';
import {
  revisionEtag,
  revisionLocation,
  savedScenarioResource,
  scenarioLocation,
  unreadableScenarioProblem,
} from './saved-scenario-resource.js';
import type {
  createScenarioRoute,
  getScenarioRoute,
  listScenariosRoute,
  reviseScenarioRoute,
} from './scenarios.routes.js';

export interface ScenariosDependencies {
  repository: ScenarioRepository;
  /** Where a copy of a run's scenario comes from. */
  runs: RunRepository;
}

/** Notes must name values the scenario has, so a note never floats free of what it explains. */
function noteErrors(scenario: Scenario, notes: Record<string, string>) {
  return Object.keys(notes)
    .filter((pointer) => !valueAt(scenario, pointer).found)
    .map((pointer) => ({
      pointer: pointerOf(['notes', pointer]),
      detail: `the scenario has nothing at ${pointer} to note`,
    }));
}

const invalid = (c: Context, errors: ProblemError[]) =>
  problemResponse(c, 'invalid-request', 'see errors for each offending field', { errors });

export function scenariosHandlers({ repository, runs }: ScenariosDependencies) {
  const create: RouteHandler<typeof createScenarioRoute, AppEnv> = async (c) => {
    const body = c.req.valid('json');
    let scenario: Scenario;
    let origin: ScenarioOrigin | undefined;
    if (body.scenario) {
      scenario = body.scenario;
    } else {
      const from = body.from!;
      let base: unknown;
      let what: string;
      if ('preset' in from) {
        const preset = findPreset(from.preset);
        if (!preset)
          return problemResponse(c, 'not-found', `no preset has id ${from.preset}`, {
            errors: [{ pointer: '/from/preset', detail: 'no such preset; GET /v1/presets lists them' }],
          });
        base = preset.scenario;
        what = 'the preset scenario';
        origin = { preset: preset.id };
      } else if ('run' in from) {
        const stored = await runs.scenario(from.run);
        if (stored === undefined)
          return problemResponse(c, 'not-found', `no stored scenario for run ${from.run}`, {
            errors: [
              {
                pointer: '/from/run',
                detail: 'no such run, or no worker has prepared it yet (its scenario is stored then)',
              },
            ],
          });
        base = stored;
        what = `the scenario of ${from.run}`;
        origin = { run: from.run };
      } else {
        const read = await repository.read(from.scenario.id, from.scenario.revision);
        if (!read.ok) return unreadableScenarioProblem(c, from.scenario.id, read);
        base = read.revision.scenario;
        what = `revision ${from.scenario.revision} of ${from.scenario.id}`;
        origin = { scenario: { id: from.scenario.id, revision: from.scenario.revision } };
      }
      const applied = applyOverrides(base, body.overrides ?? {}, '/from', what);
      if (!applied.ok) return invalid(c, applied.errors);
      scenario = applied.scenario;
    }
    const notes = body.notes ?? {};
    const errors = noteErrors(scenario, notes);
    if (errors.length > 0) return invalid(c, errors);
    const saved = await repository.create({ scenario, notes, ...(origin ? { origin } : {}) });
    c.header('Location', scenarioLocation(saved.id));
    c.header('ETag', revisionEtag(saved.id, saved.revision));
    return c.json(await savedScenarioResource(repository, saved), 201);
  };

  const list: RouteHandler<typeof listScenariosRoute, AppEnv> = async (c) => {
    const scenarios = [];
    for (const id of await repository.ids()) {
      const read = await repository.read(id);
      const revision = read.ok ? read.revision.revision : ((await repository.latestRevision(id)) ?? 0);
      scenarios.push({
        id,
        revision,
        ...(read.ok ? { name: read.revision.scenario.name, createdAt: read.revision.createdAt } : {}),
        ...(!read.ok && 'reason' in read ? { unreadable: read.reason } : {}),
        links: { self: scenarioLocation(id) },
      });
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ scenarios }, 200);
  };

  const get: RouteHandler<typeof getScenarioRoute, AppEnv> = async (c) => {
    const { id } = c.req.valid('param');
    const read = await repository.read(id);
    if (!read.ok) return unreadableScenarioProblem(c, id, read);
    // The latest revision changes with every PUT: revalidate each time.
    c.header('Cache-Control', 'no-cache');
    c.header('ETag', revisionEtag(id, read.revision.revision));
    return c.json(await savedScenarioResource(repository, read.revision), 200);
  };

  const revise: RouteHandler<typeof reviseScenarioRoute, AppEnv> = async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const latest = await repository.read(id);
    if (!latest.ok) return unreadableScenarioProblem(c, id, latest);
    const current = latest.revision;
    const ifMatch = c.req.header('if-match');
    if (ifMatch === undefined)
      return problemResponse(
        c,
        'precondition-required',
        `send If-Match: ${revisionEtag(id, current.revision)} (the ETag of the revision you edited)`,
        { errors: [{ header: 'if-match', detail: 'required' }] },
      );
    const etag = revisionEtag(id, current.revision);
    const matches = ifMatch.trim() === '*' || ifMatch.split(',').some((t) => t.trim() === etag);
    const stale = (revision: number) =>
      problemResponse(
        c,
        'precondition-failed',
        `${id} is at revision ${revision} (ETag ${revisionEtag(id, revision)}), not the one you edited; read it and apply your change again`,
        { errors: [{ header: 'if-match', detail: `the latest ETag is ${revisionEtag(id, revision)}` }] },
        { ETag: revisionEtag(id, revision) },
      );
    if (!matches) return stale(current.revision);
    let scenario: Scenario;
    if (body.scenario) scenario = body.scenario;
    else {
      const applied = applyOverrides(current.scenario, body.overrides!, '/overrides', `revision ${current.revision}`);
      if (!applied.ok) return invalid(c, applied.errors);
      scenario = applied.scenario;
    }
    const notes =
      body.notes ??
      Object.fromEntries(Object.entries(current.notes).filter(([pointer]) => valueAt(scenario, pointer).found));
    const errors = noteErrors(scenario, notes);
    if (errors.length > 0) return invalid(c, errors);
    let saved;
    try {
      saved = await repository.revise(id, current.revision + 1, {
        scenario,
        notes,
        origin: { scenario: { id, revision: current.revision } },
      });
    } catch (err) {
      // Another editor's PUT created this revision between our read and our write.
      if (err instanceof RevisionConflictError)
        return stale((await repository.latestRevision(id)) ?? current.revision + 1);
      throw err;
    }
    c.header('ETag', revisionEtag(id, saved.revision));
    c.header('Content-Location', revisionLocation(id, saved.revision));
    return c.json(await savedScenarioResource(repository, saved), 200);
  };

  return { create, list, get, revise };
}
