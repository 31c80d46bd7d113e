/**
 * Response caching for rendered views of immutable results (the results JSON and CSV, the report
 * page), in one place: the views cache (view-cache.ts), one request making a view that others
 * wait for, strong ETags and 304s, gzip negotiation (content-encoding.ts), and a middleware that
 * answers a current If-None-Match before validation and rendering.
 */
import type { ProblemError } from './problem.js';
import type { Context, MiddlewareHandler } from 'hono';
import { sha256Hex } from '../models/run-identity.js';
import { prefersCsv } from './accept.js';
import type { AppEnv } from './app-env.js';
import { acceptsGzip, gzipEtag, gzipped } from './content-encoding.js';
import { type RenderedView, ViewCache } from './view-cache.js';

export type ViewKind = 'results' | 'report';

/** What making a view comes to: the view, no result to make it from, or filters the result lacks. */
export type ViewOutcome = RenderedView | { missing: true } | { errors: ProblemError[] };

const VARY = 'Accept, Accept-Encoding';

const cacheControlOf = (view: ViewKind) =>
  view === 'report' ? 'private, max-age=3600' : 'private, max-age=31536000, immutable';

/** A view of its body: a view of an immutable result never changes, so its hash is a strong validator. */
export function renderedView(body: Uint8Array, contentType: string): RenderedView {
  const gzip = gzipped(body);
  return { body, etag: `"${sha256Hex(body)}"`, contentType, ...(gzip ? { gzip } : {}) };
}

export function cachedViews() {
  const views = new ViewCache();
  // Revalidations are most of a report generator's traffic: answer a current If-None-Match from
  // the URL alone, before validation and rendering. Only URLs already served once are known here;
  // anything else goes the full way. A URL's representation depends on Accept (JSON or CSV) and
  // on whether the client takes gzip.
  const knownEtags = new Map<string, string>();
  const urlKey = (c: Context<AppEnv>, takesGzip: boolean) =>
    `${c.req.url}|${prefersCsv(c.req.header('accept')) ? 'csv' : 'json'}|${takesGzip ? 'gzip' : 'identity'}`;
  const remember = (key: string, etag: string) => {
    if (knownEtags.size >= 10_000) knownEtags.delete(knownEtags.keys().next().value!);
    knownEtags.set(key, etag);
  };

  /** For the views' routes (with :id and :view params): a 304 for a URL whose current ETag is known. */
  const revalidate: MiddlewareHandler<AppEnv> = async (c, next) => {
    const inm = c.req.header('if-none-match');
    const etag =
      inm && c.req.method === 'GET'
        ? knownEtags.get(urlKey(c, acceptsGzip(c.req.header('accept-encoding'))))
        : undefined;
    if (etag && matchesEtag(inm, etag)) {
      c.set('runId', c.req.param('id'));
      return c.body(null, 304, {
        ETag: etag,
        'Cache-Control': cacheControlOf(c.req.param('view') as ViewKind),
        Vary: VARY,
      });
    }
    await next();
  };

  // Requests for a view not yet made wait for the one request making it, rather than each
  // reading, rendering, compressing and hashing the same bytes (50 at once, at a cold start).
  const making = new Map<string, Promise<ViewOutcome>>();
  const makeOnce = (key: string, make: () => Promise<ViewOutcome>): Promise<ViewOutcome> => {
    let pending = making.get(key);
    if (!pending) {
      pending = make()
        .then((outcome) => {
          if ('body' in outcome) views.set(key, outcome);
          return outcome;
        })
        .finally(() => making.delete(key));
      making.set(key, pending);
    }
    return pending;
  };

  /** The view under `key`: cached, being made by another request, or made now. */
  const view = async (key: string, make: () => Promise<ViewOutcome>): Promise<ViewOutcome> =>
    views.get(key) ?? (await makeOnce(key, make));

  /** A rendered view as the client takes it (gzip or not), or 304 when it has it already. */
  const send = (c: Context<AppEnv>, rendered: RenderedView, which: ViewKind, extra: Record<string, string> = {}) => {
    const takesGzip = acceptsGzip(c.req.header('accept-encoding'));
    const gzip = takesGzip && rendered.gzip !== undefined;
    const etag = gzip ? gzipEtag(rendered.etag) : rendered.etag;
    remember(urlKey(c, takesGzip), etag);
    const headers: Record<string, string> = { ETag: etag, 'Cache-Control': cacheControlOf(which), Vary: VARY };
    if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    const body = (gzip ? rendered.gzip! : rendered.body) as Uint8Array<ArrayBuffer>;
    return c.body(body, 200, {
      ...headers,
      ...extra,
      'Content-Type': rendered.contentType,
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
  };

  return { revalidate, view, send };
}

export type CachedViews = ReturnType<typeof cachedViews>;

/** If-None-Match: '*', or a list of ETags (weak ones compare by their opaque part, RFC 9110 13.1.2). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
