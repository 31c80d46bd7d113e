/**
 * RFC 9457 problem details. Every error the API returns goes through here, so clients see one
 * shape with a stable `type` per kind of error and the request id as `instance`.
 */
import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import { z } from 'zod';
import { type ValidationIssues, fieldErrorLine, fieldErrors } from '../models/field-errors.js';

export const PROBLEM_TYPES = {
  'invalid-request': { status: 422, title: 'The request is not valid' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key reused with a different request' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  'bad-request': { status: 400, title: 'Bad request' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed with this token' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'run-finished': { status: 409, title: 'The run has already finished' },
  'too-many-runs': { status: 429, title: 'This token has as many runs in flight as it may' },
  'run-not-finished': { status: 409, title: 'The run has no result (yet)' },
  'precondition-failed': { status: 412, title: 'The resource has changed since the given ETag' },
  'precondition-required': { status: 428, title: 'If-Match is required' },
  'scenario-unreadable': { status: 422, title: 'The saved scenario cannot be read by this bedcast' },
  'not-implemented': { status: 501, title: 'Not available on this server' },
  'temporal-unavailable': { status: 503, title: 'The simulation engine is unavailable' },
  internal: { status: 500, title: 'Internal server error' },
} as const;

export type ProblemKind = keyof typeof PROBLEM_TYPES;

/**
 * One thing wrong with a request. Where it is, by one convention everywhere: `pointer` is a JSON
 * pointer (RFC 6901, as RFC 9457's own example uses it) into the JSON request body, "" the whole
 * body; a query or path parameter is named by `parameter`, a request header by `header`.
 */
export const problemErrorSchema = z
  .object({
    pointer: z
      .string()
      .optional()
      .describe(
        'a JSON pointer (RFC 6901) into the JSON request body, e.g. "/scenario/sites/0/beds"; "" for the whole body. A saved scenario this bedcast cannot read (scenario-unreadable, on reading it) is pointed into by the same convention: its stored document',
      ),
    parameter: z.string().optional().describe('the query or path parameter at fault, by name, e.g. "scope"'),
    header: z.string().optional().describe('the request header at fault, by name in lower case, e.g. "if-match"'),
    detail: z.string().describe('what is wrong, and what was expected'),
  })
  .describe('one offending part of the request: exactly one of pointer, parameter and header says where')
  .meta({ id: 'ProblemError' });

export type ProblemError = z.infer<typeof problemErrorSchema>;

export const problemSchema = z.object({
  type: z.string().describe('stable URI of the kind of problem'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional().describe('the request id'),
  errors: z
    .array(problemErrorSchema)
    .optional()
    .describe('each offending part of the request, where it is and what is wrong with it'),
});

export type Problem = z.infer<typeof problemSchema>;

/** A route definition's content for a problem response: `400: { description, content: problemContent }`. */
export const problemContent = { 'application/problem+json': { schema: problemSchema } };

/** The 409 of a route that needs a run's result (api/simulations/run-lookup.ts noResultYet). */
export const runNotFinishedResponse = {
  description:
    'The run has no result: while it is queued or running, Retry-After gives the seconds to wait (its progress.etaSeconds, 1 to 60; 5 before it has an estimate); a failed or cancelled run never will have one, and that 409 has no Retry-After',
  headers: z.object({
    'Retry-After': z.string().optional().describe('seconds, 1 to 60: present only while the run is queued or running'),
  }),
  content: problemContent,
};

export function problemType(kind: ProblemKind): string {
  return `urn:bedcast:problem:${kind}`;
}

export function problemBody(kind: ProblemKind, detail?: string, extra: Partial<Problem> = {}): Problem {
  const { status, title } = PROBLEM_TYPES[kind];
  return { type: problemType(kind), title, status, ...(detail ? { detail } : {}), ...extra };
}

/**
 * A problem response typed by its status, as c.json() types its responses: a route handler may
 * return one only when its route declares that status (with problem+json content), so the
 * OpenAPI document lists every problem a route can answer with.
 */
export type ProblemResponse<K extends ProblemKind = ProblemKind> = Response &
  TypedResponse<JSONParsed<Problem>, (typeof PROBLEM_TYPES)[K]['status'], 'json'>;

export function problemResponse<K extends ProblemKind>(
  c: Context,
  kind: K,
  detail?: string,
  extra: Partial<Problem> = {},
  headers: Record<string, string> = {},
): ProblemResponse<K> {
  const requestId = c.get('requestId') as string | undefined;
  const body = problemBody(kind, detail, { ...(requestId ? { instance: requestId } : {}), ...extra });
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: {
      'content-type': 'application/problem+json',
      ...(requestId ? { 'x-request-id': requestId } : {}),
      ...headers,
    },
  }) as ProblemResponse<K>;
}

/**
 * A failed request validation's issues as problem errors, by the one convention: a body's issues
 * at their JSON pointers (models/field-errors.ts, as every layer reports them), a query, path or
 * header issue by the name of the parameter or header (its path's first key).
 */
export function validationErrors(issues: ValidationIssues, target = 'json'): ProblemError[] {
  if (target !== 'query' && target !== 'param' && target !== 'header') return fieldErrors(issues);
  const list = 'issues' in issues ? issues.issues : issues;
  return list.map((issue) => {
    const name = String(issue.path[0] ?? '');
    return target === 'header'
      ? { header: name.toLowerCase(), detail: issue.message }
      : { parameter: name, detail: issue.message };
  });
}

/** A problem error as one line of text (the CLI's): "/scenario/beds: ...", "?scope: ...", "if-match header: ...". */
export function problemErrorLine(error: ProblemError): string {
  if (error.pointer !== undefined) return fieldErrorLine({ pointer: error.pointer, detail: error.detail }, '(request)');
  if (error.parameter !== undefined) return `?${error.parameter}: ${error.detail}`;
  return `${error.header ?? '(request)'} header: ${error.detail}`;
}
