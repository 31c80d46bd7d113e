/**
 * What a run simulated (GET /simulations/{id}/scenario). Declaration only; scenario.handlers.ts
 * answers it.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { problemContent } from '../problem.js';
import { runScenarioRefSchema } from '../run-resource.js';
import { runIdParams } from './runs.routes.js';

export const runScenarioRoute = createRoute({
  method: 'get',
  path: '/simulations/{id}/scenario',
  summary: 'What a run really simulated: the resolved scenario, where it came from and what was changed',
  request: { params: runIdParams },
  responses: {
    200: {
      description: "The run's scenario",
      content: {
        'application/json': {
          schema: z.object({
            runId: z.string(),
            validated: z
              .boolean()
              .describe('true once a worker validated and stored it; false for a queued run (its workflow input)'),
            scenario: z
              .record(z.string(), z.unknown())
              .describe('the resolved scenario, options chosen, defaults filled'),
            source: runScenarioRefSchema,
            links: z.object({ run: z.string(), saved: z.string().optional() }),
          }),
        },
      },
    },
    404: { description: 'No such run', content: problemContent },
    503: { description: 'Temporal unavailable and nothing stored', content: problemContent },
  },
});
