/**
 * The run resource's routes: launch (POST /simulations), list, read and cancel. Declarations
 * only (the OpenAPI document is built from them); runs.handlers.ts answers them.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { runRequestSchema } from '../../models/run-request.js';
import { problemContent } from '../problem.js';
import { runResourceSchema, runScenarioRefSchema } from '../run-resource.js';
import { runStatusSchema } from '../simulation-service.js';

/** The {id} of every /simulations/{id} route. */
export const runIdParams = z.object({ id: z.string().describe('a run id, sim- and 24 hex digits') });

export const launchRoute = createRoute({
  method: 'post',
  path: '/simulations',
  summary: 'Launch a simulation',
  request: {
    headers: z.object({
      'idempotency-key': z
        .string()
        .optional()
        .describe('retry-safe key: the same key and body give the same run; another body with it is refused (422)'),
    }),
    body: {
      required: true,
      description:
        "at most 2 MiB; a scenario, inline or resolved from a preset or saved scenario with the overrides, at most 1 MiB (1,048,576 bytes) as JSON, since it travels in the run's Temporal workflow input (Temporal refuses payloads over 2 MB)",
      content: { 'application/json': { schema: runRequestSchema } },
    },
  },
  responses: {
    202: {
      description: 'Accepted: the run (the same request always names the same run)',
      headers: z.object({ Location: z.string() }),
      content: { 'application/json': { schema: runResourceSchema } },
    },
    400: { description: 'Malformed JSON', content: problemContent },
    404: { description: 'No preset or saved scenario (revision) has this id', content: problemContent },
    413: {
      description:
        'The body is over 2 MiB (2,097,152 bytes), the limit of any request body: room for the largest scenario (1 MiB as JSON) with its overrides',
      content: problemContent,
    },
    415: { description: 'Not JSON', content: problemContent },
    429: {
      description:
        "With API_TOKENS: the token's runs in flight are at their cap in number or in estimated cost; Retry-After says when to try again",
      headers: z.object({ 'Retry-After': z.string() }),
      content: problemContent,
    },
    422: {
      description:
        'Invalid request (unknown preset or option, an override that does not apply, an invalid scenario, a scenario over 1 MiB as JSON), a run whose estimated cost is over the budget or whose inputs describe no hospital (a census or growth beyond any plausible size, the field named), or an Idempotency-Key reused with another body',
      content: problemContent,
    },
    503: { description: 'Temporal unavailable', content: problemContent },
  },
});

const runListItemSchema = z.object({
  id: z.string(),
  status: runStatusSchema,
  scenario: runScenarioRefSchema,
  seed: z.number().int(),
  iterations: z.number().int(),
  createdAt: z.string().describe('when the run was launched (ISO 8601), as the run resource names it'),
  finishedAt: z.string().optional().describe('when it ended (ISO 8601); absent while it is in flight'),
  startedAt: z
    .string()
    .meta({ deprecated: true })
    .describe('deprecated since model 0.5.0, removed in the next release: createdAt under its old name'),
  closedAt: z
    .string()
    .optional()
    .meta({ deprecated: true })
    .describe('deprecated since model 0.5.0, removed in the next release: finishedAt under its old name'),
  links: z.object({ self: z.string().describe('the run resource') }),
});

export const listRoute = createRoute({
  method: 'get',
  path: '/simulations',
  summary: 'Runs, newest first, a page at a time',
  request: {
    query: z.object({
      status: runStatusSchema
        .optional()
        .describe('only runs in this state (queued and running both match runs in flight)'),
      scenario: z
        .string()
        .min(1)
        .max(80)
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)
        .optional()
        .describe('only runs of this scenario id'),
      limit: z.coerce.number().int().min(1).max(100).default(20).describe('runs per page'),
      cursor: z
        .string()
        .max(2000)
        .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
        .optional()
        .describe("the previous page's next cursor (from links.next)"),
    }),
  },
  responses: {
    200: {
      description: 'A page of runs; follow links.next for the next one',
      content: {
        'application/json': {
          schema: z.object({
            runs: z.array(runListItemSchema),
            links: z.object({ self: z.string(), next: z.string().optional() }),
          }),
        },
        'text/html': {
          schema: z
            .string()
            .describe('for a browser (Accept ranking text/html above JSON): the same page as a table, runs named'),
        },
      },
    },
    404: { description: 'No page at this cursor: cursors come from links.next', content: problemContent },
    422: { description: 'An invalid filter or a malformed cursor', content: problemContent },
    503: { description: 'Temporal unavailable', content: problemContent },
  },
});

export const getRoute = createRoute({
  method: 'get',
  path: '/simulations/{id}',
  summary: 'A run: status, progress and, once succeeded, its result summary',
  request: { params: runIdParams },
  responses: {
    200: { description: 'The run', content: { 'application/json': { schema: runResourceSchema } } },
    404: { description: 'No such run', content: problemContent },
    503: { description: 'Temporal unavailable', content: problemContent },
  },
});

export const cancelRoute = createRoute({
  method: 'delete',
  path: '/simulations/{id}',
  summary: 'Cancel a run: in-flight work stops and the run ends as cancelled',
  request: { params: runIdParams },
  responses: {
    202: {
      description: 'Cancellation requested; the run',
      content: { 'application/json': { schema: runResourceSchema } },
    },
    404: { description: 'No such run', content: problemContent },
    409: { description: 'The run has already finished', content: problemContent },
    503: { description: 'Temporal unavailable', content: problemContent },
  },
});
