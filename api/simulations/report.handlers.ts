/**
 * Answers GET /simulations/{id}/report (report.routes.ts): the results page rendered once from the
 * stored result, its scenario's bed policy and its record, served through cached-views.ts.
 */
import type { RouteHandler } from '@hono/zod-openapi';
import { decodeResult, type RunRepository } from '../../store/run-repository.js';
import type { AppEnv } from '../app-env.js';
import { type CachedViews, renderedView, type ViewOutcome } from '../cached-views.js';
import { type ReportContext, renderReport } from '../report/report-html.js';
import { runLocation } from '../run-resource.js';
import type { SimulationService } from '../simulation-service.js';
import type { reportRoute } from './report.routes.js';
import { noResultYet } from './run-lookup.js';

export interface ReportDependencies {
  service: SimulationService;
  runs: RunRepository;
  views: CachedViews;
}

export function reportHandlers({ service, runs, views }: ReportDependencies) {
  const report: RouteHandler<typeof reportRoute, AppEnv> = async (c) => {
    const { id } = c.req.valid('param');
    c.set('runId', id);
    const made = await views.view(`${id}|html`, async (): Promise<ViewOutcome> => {
      const stored = await runs.resultBytes(id);
      if (!stored) return { missing: true };
      const scenario = (await runs.scenario(id)) as { bedPolicy?: ReportContext['bedPolicy'] } | undefined;
      const record = await runs.record(id);
      const html = renderReport(decodeResult(stored), {
        ...(scenario?.bedPolicy ? { bedPolicy: scenario.bedPolicy } : {}),
        ...(record?.createdAt ? { createdAt: record.createdAt } : {}),
        links: {
          json: `${runLocation(id)}/results`,
          csv: `${runLocation(id)}/results?format=csv`,
          run: runLocation(id),
        },
      });
      return renderedView(new TextEncoder().encode(html), 'text/html; charset=utf-8');
    });
    if (!('body' in made)) return await noResultYet(c, service, runs, id, 'its report exists');
    return views.send(c, made, 'report');
  };

  return { report };
}
