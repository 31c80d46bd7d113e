/**
 * Board-ready exports of a finished run: GET /v1/simulations/{id}/results.xlsx (a workbook:
 * cover with provenance and assumptions, the report's tables, the tidy data) and
 * GET /v1/simulations/{id}/charts/{chart}.svg|.png (the report's charts for slides). Both are
 * functions of the stored result and the run's stored inputs, so their bytes are made once and
 * their sha256 is a strong ETag; like the report, they depend on this bedcast's code too (the
 * layout, the presets' sources), so they are cached for an hour rather than for ever.
 */
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { findPreset } from '../../models/presets/index.js';
import type { Preset } from '../../models/presets/preset.js';
import { sha256Hex } from '../../models/run-identity.js';
import type { RunResult } from '../../models/run-result.js';
import type { RunSource } from '../../models/run-source.js';
import { scenarioSchema } from '../../models/scenario.js';
import type { ResultStore } from '../../store/result-store.js';
import { decodeResult, RunRepository } from '../../store/run-repository.js';
import { noResultYet } from '../simulations/run-lookup.js';
import { ScenarioRepository, type ScenarioOrigin } from '../../store/scenario-repository.js';
import type { AppEnv } from '../app-env.js';
import { scopeParam, scopeParams } from '../deprecated-names.js';
import { problemContent, problemResponse, runNotFinishedResponse } from '../problem.js';
import type { SimulationService } from '../simulation-service.js';
import { type RenderedView, ViewCache } from '../view-cache.js';
import { CHARTS, CHART_NAMES, type ChartName, chartSvg } from './chart-downloads.js';
import { pngRenderer } from './png-renderer.js';
import { PRECISION_STATEMENT } from './precision.js';
import { SHEET_NAMES, type WorkbookInputs } from './workbook.js';
import { buildWorkbookOffThread } from './workbook-off-thread.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CACHE_CONTROL = 'private, max-age=3600';
/** PNG pixels per SVG unit: a 640-wide chart becomes 1,280 pixels, sharp on a slide. */
const PNG_SCALE = 2;

const idParam = z.object({ id: z.string().describe('a run id, sim- and 24 hex digits') });

const workbookRoute = createRoute({
  method: 'get',
  path: '/simulations/{id}/results.xlsx',
  summary: "A finished run as an xlsx workbook: provenance and assumptions, the report's tables, the tidy data",
  description: `Sheets: ${Object.values(SHEET_NAMES).join(', ')}. The cover gives where the scenario came from, what the run changed, and every sourced, noted or changed value with its source (the preset's) and rationale (the saved scenario's notes). Figures are rounded: ${PRECISION_STATEMENT}; each cell's number format shows exactly that precision (probabilities as percentages).`,
  request: { params: idParam, headers: z.object({ 'if-none-match': z.string().optional() }) },
  responses: {
    200: {
      description: 'The workbook',
      headers: z.object({ ETag: z.string(), 'Cache-Control': z.string(), 'Content-Disposition': z.string() }),
      content: { [XLSX_TYPE]: { schema: z.string().meta({ format: 'binary' }) } },
    },
    304: { description: 'Not modified: the If-None-Match ETag is current' },
    404: { description: 'No such run', content: problemContent },
    409: runNotFinishedResponse,
    503: { description: 'Temporal unavailable and no stored result', content: problemContent },
  },
});

const chartRoute = createRoute({
  method: 'get',
  path: '/simulations/{id}/charts/{chart}',
  summary: "One of the report's charts as a file for slides: SVG, or PNG",
  description: `{chart} is a name and .svg or .png: ${CHART_NAMES.map((n) => `${n} (${CHARTS[n]})`).join('; ')}. PNG is drawn from the SVG at ${PNG_SCALE}x (1,280 pixels wide) on a white background.`,
  request: {
    params: idParam.extend({
      chart: z
        .string()
        .max(40)
        .describe(`${CHART_NAMES.map((n) => `${n}.svg`).join(', ')}, or the same names with .png`),
    }),
    query: z.object({
      ...scopeParams('a site id, a "site/pool" scope, or "system" (the default)'),
      option: z
        .string()
        .max(200)
        .optional()
        .describe(
          'beds and bridge: the option (default: the baseline for beds, the option with most levers for bridge)',
        ),
      year: z.string().max(20).optional().describe('options and differences: the year (default: the horizon)'),
      method: z.enum(['occupancy', 'risk']).optional().describe('options, differences and bridge: default occupancy'),
    }),
    headers: z.object({ 'if-none-match': z.string().optional() }),
  },
  responses: {
    200: {
      description: 'The chart',
      headers: z.object({ ETag: z.string(), 'Cache-Control': z.string(), 'Content-Disposition': z.string() }),
      content: {
        'image/svg+xml': { schema: z.string() },
        'image/png': { schema: z.string().meta({ format: 'binary' }) },
      },
    },
    304: { description: 'Not modified: the If-None-Match ETag is current' },
    404: { description: 'No such run, or no such chart', content: problemContent },
    409: runNotFinishedResponse,
    422: {
      description: 'A scope, option, year or method the run does not have, or both scope and its old name site',
      content: problemContent,
    },
    501: {
      description: 'PNG asked for, and this server has no PNG renderer; the SVG is there',
      content: problemContent,
    },
    503: { description: 'Temporal unavailable and no stored result', content: problemContent },
  },
});

export function exportsRoutes(service: SimulationService, store: ResultStore) {
  const app = new OpenAPIHono<AppEnv>();
  const repository = new ScenarioRepository(store);
  const runs = new RunRepository(store);
  const views = new ViewCache(32 * 2 ** 20);
  const making = new Map<string, Promise<RenderedView | undefined>>();
  /** A view made once for all the requests that ask for it at the same time. */
  const makeOnce = (key: string, make: () => Promise<RenderedView | undefined>) => {
    const cached = views.get(key);
    if (cached) return Promise.resolve(cached);
    let pending = making.get(key);
    if (!pending) {
      pending = make()
        .then((view) => {
          if (view) views.set(key, view);
          return view;
        })
        .finally(() => making.delete(key));
      making.set(key, pending);
    }
    return pending;
  };

  const storedResult = async (id: string): Promise<RunResult | undefined> => {
    const bytes = await runs.resultBytes(id);
    return bytes ? decodeResult(bytes) : undefined;
  };

  /** The preset a saved revision was first copied from, through revisions and runs (bounded). */
  const presetOfOrigin = async (origin: ScenarioOrigin | undefined, depth = 0): Promise<Preset | undefined> => {
    if (!origin || depth > 20) return undefined;
    if ('preset' in origin) return findPreset(origin.preset);
    if ('scenario' in origin) {
      const read = await repository.read(origin.scenario.id, origin.scenario.revision);
      return read.ok ? presetOfOrigin(read.revision.origin, depth + 1) : undefined;
    }
    const result = await storedResult(origin.run);
    return result ? presetOfSource(result.source, depth + 1) : undefined;
  };
  const presetOfSource = async (source: RunSource, depth = 0): Promise<Preset | undefined> => {
    if (source.preset) return findPreset(source.preset);
    if (!source.saved) return undefined;
    const read = await repository.read(source.saved.id, source.saved.revision);
    return read.ok ? presetOfOrigin(read.revision.origin, depth + 1) : undefined;
  };

  const workbookInputs = async (id: string, result: RunResult): Promise<WorkbookInputs> => {
    const scenario = await runs.scenario(id);
    const record = await runs.record(id);
    const preset = await presetOfSource(result.source);
    let saved: WorkbookInputs['saved'];
    if (result.source.saved) {
      const read = await repository.read(result.source.saved.id, result.source.saved.revision);
      if (read.ok)
        saved = {
          id: read.revision.id,
          revision: read.revision.revision,
          notes: read.revision.notes,
          createdAt: read.revision.createdAt,
        };
    }
    const base = `/v1/simulations/${id}`;
    return {
      result,
      ...(scenario !== undefined ? { scenario } : {}),
      ...(record?.createdAt ? { createdAt: record.createdAt } : {}),
      ...(preset ? { preset, presetScenario: scenarioSchema.parse(preset.scenario) } : {}),
      ...(saved ? { saved } : {}),
      links: { run: base, results: `${base}/results`, report: `${base}/report` },
    };
  };

  /** 404 for no such run, 409 for one without a result (yet); Temporal down is 503 (app.onError). */
  const noResult = (c: Context<AppEnv>, id: string, what: string) => noResultYet(c, service, runs, id, what);

  const send = (c: Context<AppEnv>, view: RenderedView, filename: string) => {
    const headers = { ETag: view.etag, 'Cache-Control': CACHE_CONTROL };
    if (matchesEtag(c.req.header('if-none-match'), view.etag)) return c.body(null, 304, headers);
    return c.body(view.body as Uint8Array<ArrayBuffer>, 200, {
      ...headers,
      'Content-Type': view.contentType,
      'Content-Disposition': `attachment; filename="${filename}"`,
    });
  };

  app.openapi(workbookRoute, async (c) => {
    const { id } = c.req.valid('param');
    c.set('runId', id);
    const view = await makeOnce(`${id}|xlsx`, async () => {
      const result = await storedResult(id);
      if (!result) return undefined;
      // Off the event loop: the API answers other requests while the workbook is built.
      const body = await buildWorkbookOffThread(await workbookInputs(id, result));
      return { body, etag: `"${sha256Hex(body)}"`, contentType: XLSX_TYPE };
    });
    if (!view) return noResult(c, id, 'its workbook exists');
    return send(c, view, `${id}.xlsx`);
  });

  app.openapi(chartRoute, async (c) => {
    const { id, chart: file } = c.req.valid('param');
    const query = c.req.valid('query');
    c.set('runId', id);
    const match = /^([a-z]+)\.(svg|png)$/.exec(file);
    const name = match?.[1] as ChartName | undefined;
    if (!match || !name || !CHART_NAMES.includes(name))
      return problemResponse(
        c,
        'not-found',
        `no chart ${file}; the charts are ${CHART_NAMES.map((n) => `${n}.svg`).join(', ')} (or .png)`,
      );
    const format = match[2] as 'svg' | 'png';
    const result = await storedResult(id);
    if (!result) return noResult(c, id, 'its charts exist');
    const scope = scopeParam(c, query);
    if ('errors' in scope)
      return problemResponse(c, 'invalid-request', 'see errors for each offending parameter', { errors: scope.errors });
    const outcome = chartSvg(result, name, { ...query, ...scope });
    if ('errors' in outcome)
      return problemResponse(c, 'invalid-request', 'the chart asks for something this run does not have', {
        errors: outcome.errors,
      });
    if (format === 'svg') {
      const body = new TextEncoder().encode(outcome.svg);
      return send(
        c,
        { body, etag: `"${sha256Hex(body)}"`, contentType: 'image/svg+xml; charset=utf-8' },
        `${outcome.filename}.svg`,
      );
    }
    const renderer = await pngRenderer();
    if (!renderer)
      return problemResponse(
        c,
        'not-implemented',
        `this server has no PNG renderer (@resvg/resvg-js has no binary for ${process.platform}-${process.arch}); the SVG is at ${c.req.path.replace(/\.png$/, '.svg')}`,
      );
    // Keyed by the SVG's hash: the same chart asked with its defaults spelled out is drawn once.
    const view = await makeOnce(`png|${sha256Hex(new TextEncoder().encode(outcome.svg))}`, () => {
      const body = renderer.render(outcome.svg, PNG_SCALE);
      return Promise.resolve({ body, etag: `"${sha256Hex(body)}"`, contentType: 'image/png' });
    });
    return send(c, view!, `${outcome.filename}.png`);
  });

  return app;
}

/** If-None-Match: '*', or a list of ETags (weak ones compare by their opaque part, RFC 9110 13.1.2). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
