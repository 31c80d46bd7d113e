/**
 * Answers GET /simulations/{id}/results (results.routes.ts): the stored JSON byte for byte, or
 * narrowed by filters, or as CSV, each view made once and served through cached-views.ts.
 */
import type { RouteHandler } from '@hono/zod-openapi';
import { canonicalJson } from '../../models/canonical-json.js';
import { decodeResult, type RunRepository } from '../../store/run-repository.js';
import { prefersCsv } from '../accept.js';
import type { AppEnv } from '../app-env.js';
import { type CachedViews, renderedView, type ViewOutcome } from '../cached-views.js';
import { scopeParam } from '../deprecated-names.js';
import { problemResponse } from '../problem.js';
import { wideCsv } from '../exports/wide-csv.js';
import { filterDomain, filterResult, resultCsv } from '../results-view.js';
import { runLocation } from '../run-resource.js';
import type { SimulationService } from '../simulation-service.js';
import type { resultsRoute } from './results.routes.js';
import { noResultYet } from './run-lookup.js';

export interface ResultsDependencies {
  service: SimulationService;
  runs: RunRepository;
  views: CachedViews;
}

export function resultsHandlers({ service, runs, views }: ResultsDependencies) {
  const results: RouteHandler<typeof resultsRoute, AppEnv> = async (c) => {
    const { id } = c.req.valid('param');
    const query = c.req.valid('query');
    c.set('runId', id);
    const csv = query.format ? query.format === 'csv' : prefersCsv(c.req.header('accept'));
    const scope = scopeParam(c, query);
    if ('errors' in scope)
      return problemResponse(c, 'invalid-request', 'see errors for each offending parameter', { errors: scope.errors });
    const filters = {
      ...(scope.scope ? { scope: splitList(scope.scope) } : {}),
      ...(query.option ? { option: splitList(query.option) } : {}),
      ...(query.year ? { year: splitList(query.year) } : {}),
      ...(query.metric ? { metric: splitList(query.metric) } : {}),
    };
    const wide = csv && query.layout === 'wide';
    const cacheKey = `${id}|${csv ? (wide ? 'csv-wide' : 'csv') : 'json'}|${canonicalJson(filters)}`;
    const made = await views.view(cacheKey, async (): Promise<ViewOutcome> => {
      const stored = await runs.resultBytes(id);
      if (!stored) return { missing: true };
      let body: Uint8Array = stored;
      if (csv || Object.keys(filters).length > 0) {
        const result = decodeResult(stored);
        const domain = filterDomain(result);
        const errors = (Object.keys(filters) as (keyof typeof filters)[]).flatMap((name) =>
          filters[name]!.filter((v) => !domain[name].includes(v)).map((v) => ({
            parameter: name,
            detail: `${JSON.stringify(v)} is not one of ${domain[name].join(', ')}`,
          })),
        );
        if (errors.length > 0) return { errors };
        const filtered = filterResult(result, filters);
        body = new TextEncoder().encode(
          csv ? (wide ? wideCsv(filtered) : resultCsv(filtered)) : canonicalJson(filtered),
        );
      }
      return renderedView(body, csv ? 'text/csv; charset=utf-8' : 'application/json');
    });
    if ('missing' in made) return await noResultYet(c, service, runs, id, 'results exist');
    if ('errors' in made)
      return problemResponse(c, 'invalid-request', 'a filter names something this result does not have', {
        errors: made.errors,
      });
    // Appended: a deprecated ?site= has put its own Link there already.
    if (csv) c.header('Link', csvProvenanceLinks(id), { append: true });
    return views.send(
      c,
      made,
      'results',
      csv ? { 'Content-Disposition': `attachment; filename="${id}${wide ? '-wide' : ''}.csv"` } : {},
    );
  };

  return { results };
}

/**
 * A CSV's provenance, as links rather than rows: comment or header rows would break a plain
 * pandas.read_csv or a spreadsheet's import, while the run resource already states where the
 * figures came from (scenario source and changes, seed, iterations, model version).
 */
export function csvProvenanceLinks(id: string): string {
  const run = runLocation(id);
  return `<${run}>; rel="describedby"; type="application/json", <${run}/scenario>; rel="related"; title="the scenario as run"`;
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}
