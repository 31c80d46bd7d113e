/**
 * A finished run's results (GET /simulations/{id}/results): JSON or tidy CSV, narrowed by
 * filters. Declarations only; results.handlers.ts answers it.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { PRECISION_STATEMENT } from '../exports/precision.js';
import { WIDE_CSV_KEY_COLUMNS } from '../exports/wide-csv.js';
import { scopeParams } from '../deprecated-names.js';
import { problemContent, runNotFinishedResponse } from '../problem.js';
import { runResultSchema } from '../result-schema.js';
import { CELL_METRICS } from '../../models/engine-summary.js';
import { CSV_HEADER } from '../results-view.js';
import { runIdParams } from './runs.routes.js';

const listParam = (what: string) =>
  z.string().max(1000).optional().describe(`${what}, comma-separated; all when omitted`);

export const resultsRoute = createRoute({
  method: 'get',
  path: '/simulations/{id}/results',
  summary: "A finished run's results: per option, site (and system) and year, every figure as mean and percentiles",
  description: `JSON by default, at full precision; CSV (UTF-8 with BOM, CRLF, formula-safe) with \`Accept: text/csv\` or \`?format=csv\`: tidy long by default, or wide with \`layout=wide\` (one row per option, site, metric, method and statistic; the years as columns; columns ${WIDE_CSV_KEY_COLUMNS.join(', ')}, then each year). CSV figures are rounded: ${PRECISION_STATEMENT}. Filters narrow all three. A workbook is at /v1/simulations/{id}/results.xlsx. Results are immutable: the strong ETag is the sha256 of the body, and a matching If-None-Match gets 304.`,
  request: {
    params: runIdParams,
    query: z.object({
      format: z.enum(['json', 'csv']).optional().describe('overrides the Accept header'),
      layout: z
        .enum(['long', 'wide'])
        .optional()
        .describe('CSV only: long (one figure a row, the default) or wide (the years as columns)'),
      ...scopeParams(
        'site ids, "site/pool" scopes, or "system", comma-separated; all when omitted (the JSON cells\' scope)',
      ),
      option: listParam('option ids'),
      year: listParam('years, e.g. 2020/21'),
      metric: listParam(`figures: ${[...CELL_METRICS, 'bridge'].join(', ')}`),
    }),
    headers: z.object({ 'if-none-match': z.string().optional(), accept: z.string().optional() }),
  },
  responses: {
    200: {
      description: 'The results',
      headers: z.object({
        ETag: z.string(),
        'Cache-Control': z.string(),
        Vary: z.string(),
        Link: z
          .string()
          .optional()
          .describe(
            'CSV only: where the figures come from (RFC 8288): rel="describedby" the run resource (scenario source and changes, seed, iterations, model version, when), rel="related" the scenario as run; a CSV carries no provenance rows of its own, so pandas.read_csv reads it as it is',
          ),
      }),
      content: {
        'application/json': { schema: runResultSchema },
        'text/csv': { schema: z.string().describe(`columns: ${CSV_HEADER.join(', ')}`) },
      },
    },
    304: { description: 'Not modified: the If-None-Match ETag is current' },
    404: { description: 'No such run', content: problemContent },
    409: runNotFinishedResponse,
    422: {
      description:
        'A filter names a scope, option, year or metric the result does not have, or both scope and its old name site',
      content: problemContent,
    },
    503: { description: 'Temporal unavailable and no stored result', content: problemContent },
  },
});
