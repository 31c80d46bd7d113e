/**
 * POST /v1/scenarios:import: tables in, scenario out. The same code as `bedcast import`
 * (models/import/import-scenario.ts): a KH03 beds table, optionally an activity table, the trusts,
 * base year and quarters, and overrides, give a scenario that validates with the schema POST
 * /v1/simulations takes, with the source of every derived figure. Nothing is stored or started.
 * A bad table is a 422 naming the field, row and column, e.g. pointer /beds with detail
 * "row 12, column ga_beds_occupied: expected a number, got "x"".
 */
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { importScenario } from '../models/import/import-scenario.js';
import { describeIssue, ImportError } from '../models/import/table.js';
import { parameterSourceSchema } from '../models/presets/preset.js';
import { scenarioSchema } from '../models/scenario.js';
import type { AppEnv } from './app-env.js';
import { problemContent, problemResponse } from './problem.js';

export const importRequestSchema = z
  .object({
    beds: z
      .string()
      .min(1)
      .describe(
        'CSV text in the KH03 trust-quarter form: org_code, org_name, period (e.g. "2018-19 Q3"), ga_beds_available, ga_beds_occupied, and ae_type1_attendances to pick acute trusts; other columns are ignored',
      ),
    activity: z
      .string()
      .min(1)
      .optional()
      .describe('CSV text: site (an org_code), pathway, segment (optional), admissions, bed_days or los_mean_days'),
    trusts: z
      .array(z.string().min(1).max(10))
      .max(300)
      .optional()
      .describe(
        'organisation codes, e.g. ["RJ1", "RJZ", "RJ2"]; all acute trusts (200+ G&A beds, type 1 A&E) when omitted',
      ),
    baseYear: z
      .string()
      .max(20)
      .optional()
      .describe('KH03 financial year, e.g. "2018-19"; the latest in the table when omitted'),
    quarters: z
      .array(z.string().max(4))
      .min(1)
      .max(4)
      .optional()
      .describe('quarters that make the base year, e.g. ["Q1", "Q2", "Q3"]; all four when omitted'),
    horizonYears: z
      .number()
      .int()
      .min(1)
      .max(29)
      .optional()
      .describe('projected years after the base year (default 5)'),
    overrides: z
      .record(z.string().startsWith('/'), z.unknown())
      .optional()
      .describe('values to set in the imported scenario by JSON pointer, e.g. {"/demandVariation/sdPerYear": 0.03}'),
  })
  .strict();

const importResponseSchema = z.object({
  scenario: scenarioSchema,
  sources: z.array(parameterSourceSchema),
  notes: z.array(z.string()),
  skipped: z.array(z.object({ orgCode: z.string(), reason: z.string() })),
});

const importRoute = createRoute({
  method: 'post',
  path: '/scenarios:import',
  summary: 'Import tables (KH03 beds, optional activity) into a scenario',
  request: { body: { required: true, content: { 'application/json': { schema: importRequestSchema } } } },
  responses: {
    200: {
      description: 'The scenario, the source of each figure, and notes',
      content: { 'application/json': { schema: importResponseSchema } },
    },
    400: { description: 'Malformed JSON', content: problemContent },
    413: { description: 'A body over the size limit', content: problemContent },
    415: { description: 'Not JSON', content: problemContent },
    422: {
      description: 'A table or option is not valid: each error names the field, and the row and column',
      content: problemContent,
    },
  },
});

export function importRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(importRoute, (c) => {
    const body = c.req.valid('json');
    try {
      const result = importScenario({
        beds: body.beds,
        bedsFile: 'beds',
        ...(body.activity !== undefined ? { activity: body.activity, activityFile: 'activity' } : {}),
        ...(body.trusts ? { trusts: body.trusts } : {}),
        ...(body.baseYear ? { baseYear: body.baseYear } : {}),
        ...(body.quarters ? { quarters: body.quarters } : {}),
        ...(body.horizonYears !== undefined ? { horizonYears: body.horizonYears } : {}),
        ...(body.overrides ? { overrides: body.overrides } : {}),
      });
      return c.json({ ...result, scenario: scenarioSchema.parse(result.scenario) }, 200);
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      return problemResponse(c, 'invalid-request', 'the tables or options cannot be imported; see errors', {
        errors: err.issues.map((issue) => ({
          pointer: issue.input === 'scenario' ? '' : `/${issue.input}`,
          detail: describeIssue(issue, false),
        })),
      });
    }
  });
  return app;
}
