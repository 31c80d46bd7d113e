/**
 * Names the API still accepts for one release after renaming them (docs/api-changelog.md), so a
 * report generator written against the old name keeps working and is told, not broken silently.
 * A request that uses one is answered as usual, with a Deprecation header (RFC 9745: when it was
 * deprecated) and a Link to the document that says what replaces it.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type { ProblemError } from './problem.js';

/** When model 0.5.0 deprecated the names below, as RFC 9745 writes a date: @ and Unix seconds (2026-12-01). */
export const DEPRECATED_SINCE = '@1796083200';

/** Where a client reads what replaced a deprecated name: the OpenAPI document marks each one. */
export const DEPRECATION_LINK = '</openapi.json>; rel="deprecation"; type="application/json"';

/** Marks the response to a request that used a deprecated name. */
export function markDeprecated(c: Context): void {
  c.header('Deprecation', DEPRECATED_SINCE);
  c.header('Link', DEPRECATION_LINK, { append: true });
}

/**
 * The scope filter, and `site`, its name before model 0.5.0 (the JSON has always called it
 * scope). Both take the same values; giving both is refused.
 */
export function scopeParams(describe: string) {
  return {
    scope: z.string().max(1000).optional().describe(describe),
    site: z
      .string()
      .max(1000)
      .optional()
      // The parameter's own deprecated flag (OpenAPI 3.1), beside its schema's.
      .meta({ deprecated: true, param: { deprecated: true } })
      .describe(
        'deprecated since model 0.5.0, accepted until the next release: the old name of scope (answered with a Deprecation header)',
      ),
  };
}

/** The scope a request asked for, by either name; marks the response when it used `site`. */
export function scopeParam(
  c: Context,
  query: { scope?: string | undefined; site?: string | undefined },
): { scope?: string } | { errors: ProblemError[] } {
  if (query.site !== undefined && query.scope !== undefined)
    return { errors: [{ parameter: 'site', detail: 'give scope only: site is its deprecated old name' }] };
  if (query.site !== undefined) {
    markDeprecated(c);
    return { scope: query.site };
  }
  return query.scope !== undefined ? { scope: query.scope } : {};
}
