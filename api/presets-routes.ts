/**
 * /v1/presets: the built-in scenarios, each with the source of every parameter, so a strategy
 * team can see where each number came from before launching a run on it.
 */
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { PRESETS, findPreset } from '../models/presets/index.js';
import { parameterSourceSchema } from '../models/presets/preset.js';
import { scenarioSchema } from '../models/scenario.js';
import type { AppEnv } from './app-env.js';
import { problemContent, problemResponse } from './problem.js';

const presetSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  summary: z.string(),
  options: z.array(z.object({ id: z.string(), name: z.string() })),
  years: z.array(z.string()),
  links: z.object({ self: z.string() }),
});

const presetSchema = presetSummarySchema.extend({
  notes: z.array(z.string()),
  scenario: scenarioSchema,
  sources: z.array(parameterSourceSchema),
});

const listRoute = createRoute({
  method: 'get',
  path: '/presets',
  summary: 'Built-in scenarios',
  responses: {
    200: {
      description: 'The presets',
      content: { 'application/json': { schema: z.object({ presets: z.array(presetSummarySchema) }) } },
    },
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/presets/{id}',
  summary: 'One preset: its scenario, notes and the source of every parameter',
  request: { params: z.object({ id: z.string().describe('a preset id') }) },
  responses: {
    200: { description: 'The preset', content: { 'application/json': { schema: presetSchema } } },
    404: { description: 'No such preset', content: problemContent },
  },
});

function summaryOf(p: (typeof PRESETS)[number]) {
  return {
    id: p.id,
    name: p.name,
    summary: p.summary,
    options: p.scenario.options.map((o) => ({ id: o.id, name: o.name })),
    years: p.scenario.years,
    links: { self: `/v1/presets/${p.id}` },
  };
}

export function presetsRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(listRoute, (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json({ presets: PRESETS.map(summaryOf) }, 200);
  });
  app.openapi(getRoute, (c) => {
    const preset = findPreset(c.req.valid('param').id);
    if (!preset)
      return problemResponse(c, 'not-found', `no preset has id ${c.req.valid('param').id}; GET /v1/presets lists them`);
    c.header('Cache-Control', 'public, max-age=300');
    // Served as validated, with defaults filled in, so clients see the scenario the engine runs.
    return c.json(
      {
        ...summaryOf(preset),
        notes: preset.notes,
        scenario: scenarioSchema.parse(preset.scenario),
        sources: preset.sources,
      },
      200,
    );
  });
  return app;
}
