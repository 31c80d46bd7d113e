/**
 * A finished run's report page (GET /simulations/{id}/report). Declaration only;
 * report.handlers.ts answers it.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { problemContent, runNotFinishedResponse } from '../problem.js';
import { runIdParams } from './runs.routes.js';

export const reportRoute = createRoute({
  method: 'get',
  path: '/simulations/{id}/report',
  summary: "A finished run's results page: charts (inline SVG) and the tables behind them, no script",
  request: {
    params: runIdParams,
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
    409: runNotFinishedResponse,
    503: { description: 'Temporal unavailable and no stored result', content: problemContent },
  },
});
