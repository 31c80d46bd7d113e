/**
 * The saved scenario resource's routes: save one (POST /scenarios), list them, read the latest
 * revision and save the next (PUT with If-Match). Declarations only (the OpenAPI document is
 * built from them); scenarios.handlers.ts answers them.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { problemContent } from '../problem.js';
import {
  createScenarioSchema,
  reviseScenarioSchema,
  savedScenarioSchema,
  savedScenarioSummarySchema,
} from './saved-scenario-schemas.js';

/** The {id} of every /scenarios/{id} route. */
export const scenarioIdParams = z.object({ id: z.string().describe('a saved scenario id, scn- and 16 hex digits') });
export const etagHeaders = z.object({ ETag: z.string() });

export const createScenarioRoute = createRoute({
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

export const listScenariosRoute = createRoute({
  method: 'get',
  path: '/scenarios',
  summary: 'Saved scenarios, each at its latest revision',
  responses: {
    200: {
      description: 'The saved scenarios',
      content: {
        'application/json': { schema: z.object({ scenarios: z.array(savedScenarioSummarySchema) }) },
      },
    },
  },
});

export const getScenarioRoute = createRoute({
  method: 'get',
  path: '/scenarios/{id}',
  summary: 'A saved scenario at its latest revision; the ETag names the revision, for If-Match',
  request: { params: scenarioIdParams },
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

export const reviseScenarioRoute = createRoute({
  method: 'put',
  path: '/scenarios/{id}',
  summary: 'Save the next revision: If-Match must name the latest one (412 otherwise; 428 without it)',
  request: {
    params: scenarioIdParams,
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
