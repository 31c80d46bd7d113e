/**
 * /v1/scenarios: saved scenarios with immutable revisions, so a team can keep what it asked,
 * tweak it and launch it again without passing files around. A revision never changes; a new one
 * comes by PUT with If-Match naming the revision the editor started from, so of two editors the
 * second is told (412) instead of silently overwriting the first. Every value can carry a
 * rationale note, by JSON pointer. Launch one with POST /v1/simulations { savedScenario }.
 */
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { diffDocuments, valueAt } from '../models/json-pointer.js';
import { findPreset } from '../models/presets/index.js';
import { applyOverrides } from '../models/resolve-run-request.js';
import { type Scenario, scenarioSchema } from '../models/scenario.js';
import type { ResultStore } from '../store/result-store.js';
import { RunRepository } from '../store/run-repository.js';
import {
  RevisionConflictError,
  ScenarioRepository,
  type ScenarioOrigin,
  type ScenarioRevision,
} from '../store/scenario-repository.js';
import type { AppEnv } from './app-env.js';
import { type ProblemError, type ProblemResponse, problemResponse, problemSchema } from './problem.js';

const problemContent = { 'application/problem+json': { schema: problemSchema } };

const pointerKey = z
  .string()
  .regex(/^(\/([^~/]|~[01])*)+$/, 'expected a JSON pointer such as /bedPolicy/targetOccupancy');
const overridesSchema = z
  .record(pointerKey, z.unknown())
  .refine((o) => Object.keys(o).length <= 100, 'at most 100 overrides')
  .describe('JSON pointer -> new value, replacing values of the scenario copied from');
const notesSchema = z
  .record(pointerKey, z.string().min(1).max(2000))
  .refine((o) => Object.keys(o).length <= 200, 'at most 200 notes')
  .describe('rationale notes: JSON pointer into the scenario -> why that value is what it is');

const originSchema = z.union([
  z.object({ preset: z.string().min(1).max(100) }).strict(),
  z.object({ run: z.string().min(1).max(100) }).strict(),
  z
    .object({
      scenario: z.object({ id: z.string().max(100), revision: z.number().int().min(1).max(999_999) }).strict(),
    })
    .strict(),
]);

export const createScenarioSchema = z
  .object({
    scenario: scenarioSchema.optional().describe('a whole scenario; give this or from'),
    from: originSchema
      .optional()
      .describe(
        'copy a preset, the scenario a run simulated, or a revision of a saved scenario; give this or scenario',
      ),
    overrides: overridesSchema.optional().describe('with from: changes to the copy'),
    notes: notesSchema.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if ((r.scenario === undefined) === (r.from === undefined))
      ctx.addIssue({
        code: 'custom',
        path: r.scenario === undefined ? [] : ['from'],
        message: 'give exactly one of scenario and from',
      });
    if (r.overrides !== undefined && r.from === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['overrides'],
        message: 'overrides apply to a copy; edit a whole scenario directly',
      });
  })
  .meta({
    examples: [
      {
        from: { preset: 'sel-stp-2016' },
        overrides: { '/bedPolicy/targetOccupancy': 0.92 },
        notes: { '/bedPolicy/targetOccupancy': 'SEL ran at 92.3% in 2018/19 (KH03)' },
      },
    ],
  });

export const reviseScenarioSchema = z
  .object({
    scenario: scenarioSchema.optional().describe('the whole new scenario; give this or overrides'),
    overrides: overridesSchema.optional().describe('changes to the revision named by If-Match; give this or scenario'),
    notes: notesSchema
      .optional()
      .describe("the new revision's notes; when omitted, the previous ones whose values still exist are kept"),
  })
  .strict()
  .superRefine((r, ctx) => {
    if ((r.scenario === undefined) === (r.overrides === undefined))
      ctx.addIssue({
        code: 'custom',
        path: r.scenario === undefined ? [] : ['overrides'],
        message: 'give exactly one of scenario and overrides',
      });
  });

const changeSchema = z.object({
  pointer: z.string(),
  from: z.unknown().optional().describe('absent when the value was added'),
  to: z.unknown().optional().describe('absent when the value was removed'),
});

export const savedScenarioSchema = z
  .object({
    id: z.string().describe('scn- and 16 hex digits'),
    revision: z.number().int().min(1),
    name: z.string(),
    createdAt: z.string().describe('when this revision was saved (ISO 8601)'),
    scenario: scenarioSchema,
    notes: z.record(z.string(), z.string()).describe('rationale notes by JSON pointer into the scenario'),
    origin: originSchema.optional().describe('what revision 1 was copied from, or this one revised'),
    changes: z.array(changeSchema).optional().describe('what this revision changed from the previous one'),
    upgradedFrom: z
      .number()
      .int()
      .optional()
      .describe('the format it was saved in by an older bedcast, upgraded on reading'),
    links: z.object({ self: z.string(), scenario: z.string(), previous: z.string().optional() }),
  })
  .meta({ id: 'SavedScenario' });

const etagHeaders = z.object({ ETag: z.string() });
const idParam = z.object({ id: z.string().describe('a saved scenario id, scn- and 16 hex digits') });

const createRouteDef = createRoute({
  method: 'post',
  path: '/scenarios',
  summary: 'Save a scenario (revision 1): whole, or copied from a preset, a run or another saved scenario',
  request: { body: { required: true, content: { 'application/json': { schema: createScenarioSchema } } } },
  responses: {
    201: {
      description: 'Saved',
      headers: z.object({ Location: z.string(), ETag: z.string() }),
      content: { 'application/json': { schema: savedScenarioSchema } },
    },
    400: { description: 'Malformed JSON', content: problemContent },
    404: { description: 'Nothing to copy at from', content: problemContent },
    415: { description: 'Not JSON', content: problemContent },
    422: { description: 'Invalid scenario, override or note (each field named)', content: problemContent },
  },
});

const listRouteDef = createRoute({
  method: 'get',
  path: '/scenarios',
  summary: 'Saved scenarios, each at its latest revision',
  responses: {
    200: {
      description: 'The saved scenarios',
      content: {
        'application/json': {
          schema: z.object({
            scenarios: z.array(
              z.object({
                id: z.string(),
                revision: z.number().int(),
                name: z.string().optional(),
                createdAt: z.string().optional(),
                unreadable: z.string().optional().describe('why this bedcast cannot open it'),
                links: z.object({ self: z.string() }),
              }),
            ),
          }),
        },
      },
    },
  },
});

const getRouteDef = createRoute({
  method: 'get',
  path: '/scenarios/{id}',
  summary: 'A saved scenario at its latest revision; the ETag names the revision, for If-Match',
  request: { params: idParam },
  responses: {
    200: {
      description: 'The latest revision',
      headers: etagHeaders,
      content: { 'application/json': { schema: savedScenarioSchema } },
    },
    404: { description: 'No such scenario', content: problemContent },
    422: { description: 'Saved in a form this bedcast cannot read (the reason is given)', content: problemContent },
  },
});

const revisionRouteDef = createRoute({
  method: 'get',
  path: '/scenarios/{id}/revisions/{revision}',
  summary: 'One revision of a saved scenario; revisions never change',
  request: {
    params: idParam.extend({ revision: z.string().max(10).describe('a revision number, from 1') }),
  },
  responses: {
    200: {
      description: 'The revision',
      headers: etagHeaders,
      content: { 'application/json': { schema: savedScenarioSchema } },
    },
    404: { description: 'No such scenario or revision', content: problemContent },
    422: { description: 'Saved in a form this bedcast cannot read (the reason is given)', content: problemContent },
  },
});

const putRouteDef = createRoute({
  method: 'put',
  path: '/scenarios/{id}',
  summary: 'Save the next revision: If-Match must name the latest one (412 otherwise; 428 without it)',
  request: {
    params: idParam,
    headers: z.object({ 'if-match': z.string().max(200).optional().describe('the ETag of the revision edited') }),
    body: { required: true, content: { 'application/json': { schema: reviseScenarioSchema } } },
  },
  responses: {
    200: {
      description: 'The new revision',
      headers: z.object({ ETag: z.string(), 'Content-Location': z.string() }),
      content: { 'application/json': { schema: savedScenarioSchema } },
    },
    400: { description: 'Malformed JSON', content: problemContent },
    404: { description: 'No such scenario', content: problemContent },
    412: {
      description: 'Someone saved a newer revision first: read it and apply the change again',
      content: problemContent,
    },
    415: { description: 'Not JSON', content: problemContent },
    422: {
      description: 'Invalid scenario, override or note, or an unreadable latest revision',
      content: problemContent,
    },
    428: { description: 'No If-Match header', content: problemContent },
  },
});

export const scenarioLocation = (id: string) => `/v1/scenarios/${id}`;
export const revisionLocation = (id: string, revision: number) => `/v1/scenarios/${id}/revisions/${revision}`;
/** Strong, and names the revision: a client's If-Match says which revision it edited. */
export const revisionEtag = (id: string, revision: number) => `"${id}.${revision}"`;

/** Notes must name values the scenario has, so a note never floats free of what it explains. */
function noteErrors(scenario: Scenario, notes: Record<string, string>) {
  return Object.keys(notes)
    .filter((pointer) => !valueAt(scenario, pointer).found)
    .map((pointer) => ({
      pointer: `/notes/${pointer.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      detail: `the scenario has nothing at ${pointer} to note`,
    }));
}

/** The answer to a launch naming a saved scenario that cannot be read: 404 or 422, at /savedScenario. */
export function savedScenarioProblem(
  c: Context,
  ref: { id: string; revision?: number | undefined },
  outcome: { missing: true } | { reason: string; pointer: string },
): ProblemResponse<'scenario-unreadable' | 'not-found'> {
  const what = ref.revision === undefined ? ref.id : `revision ${ref.revision} of ${ref.id}`;
  if ('reason' in outcome)
    return problemResponse(c, 'scenario-unreadable', `saved scenario ${what} cannot be opened: ${outcome.reason}`, {
      errors: [{ pointer: '/savedScenario', detail: outcome.reason }],
    });
  return problemResponse(c, 'not-found', `no saved scenario ${what}; GET /v1/scenarios lists them`, {
    errors: [{ pointer: '/savedScenario', detail: 'no such saved scenario or revision' }],
  });
}

export function scenariosRoutes(store: ResultStore, repository = new ScenarioRepository(store)) {
  const app = new OpenAPIHono<AppEnv>();
  const runs = new RunRepository(store);

  const invalid = (c: Context, errors: ProblemError[]) =>
    problemResponse(c, 'invalid-request', 'see errors for each offending field', { errors });

  /** The resource for a revision, with what it changed from the one before. */
  const resourceOf = async (r: ScenarioRevision) => {
    let changes;
    if (r.revision > 1) {
      const previous = await repository.read(r.id, r.revision - 1);
      if (previous.ok) changes = diffDocuments(previous.revision.scenario, r.scenario);
    }
    return {
      id: r.id,
      revision: r.revision,
      name: r.scenario.name,
      createdAt: r.createdAt,
      scenario: r.scenario,
      notes: r.notes,
      ...(r.origin ? { origin: r.origin } : {}),
      ...(changes ? { changes } : {}),
      ...(r.upgradedFrom !== undefined ? { upgradedFrom: r.upgradedFrom } : {}),
      links: {
        self: revisionLocation(r.id, r.revision),
        scenario: scenarioLocation(r.id),
        ...(r.revision > 1 ? { previous: revisionLocation(r.id, r.revision - 1) } : {}),
      },
    };
  };

  /** A read that failed as an answer: 404 for nothing there, 422 naming why it cannot be opened. */
  const unreadable = (c: Context, id: string, outcome: { missing: true } | { reason: string; pointer: string }) =>
    'reason' in outcome
      ? problemResponse(c, 'scenario-unreadable', `saved scenario ${id} cannot be opened: ${outcome.reason}`, {
          errors: [{ pointer: outcome.pointer, detail: outcome.reason }],
        })
      : problemResponse(c, 'not-found', `no saved scenario ${id}; GET /v1/scenarios lists them`);

  app.openapi(createRouteDef, async (c) => {
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
        if (!read.ok) return unreadable(c, from.scenario.id, read);
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
    return c.json(await resourceOf(saved), 201);
  });

  app.openapi(listRouteDef, async (c) => {
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
  });

  app.openapi(getRouteDef, async (c) => {
    const { id } = c.req.valid('param');
    const read = await repository.read(id);
    if (!read.ok) return unreadable(c, id, read);
    // The latest revision changes with every PUT: revalidate each time.
    c.header('Cache-Control', 'no-cache');
    c.header('ETag', revisionEtag(id, read.revision.revision));
    return c.json(await resourceOf(read.revision), 200);
  });

  app.openapi(revisionRouteDef, async (c) => {
    const { id, revision } = c.req.valid('param');
    const n = /^[1-9]\d{0,5}$/.test(revision) ? Number(revision) : undefined;
    const read = n === undefined ? ({ ok: false, missing: true } as const) : await repository.read(id, n);
    if (!read.ok) return unreadable(c, id, read);
    c.header('Cache-Control', 'private, max-age=31536000, immutable');
    c.header('ETag', revisionEtag(id, read.revision.revision));
    return c.json(await resourceOf(read.revision), 200);
  });

  app.openapi(putRouteDef, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const latest = await repository.read(id);
    if (!latest.ok) return unreadable(c, id, latest);
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
    return c.json(await resourceOf(saved), 200);
  });

  return app;
}
