/**
 * One revision of a saved scenario (GET /scenarios/{id}/revisions/{revision}). Declaration only;
 * revisions.handlers.ts answers it.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { problemContent } from '../problem.js';
import { savedScenarioSchema } from './saved-scenario-schemas.js';
import { etagHeaders, scenarioIdParams } from './scenarios.routes.js';

export const revisionRoute = createRoute({
  method: 'get',
  path: '/scenarios/{id}/revisions/{revision}',
  summary: 'One revision of a saved scenario; revisions never change',
  request: {
    params: scenarioIdParams.extend({ revision: z.string().max(10).describe('a revision number, from 1') }),
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
