/**
 * Which methods each path has, read off the app's registered routes, for 405 answers (with Allow)
 * and for refusing a non-JSON body only on paths that exist. Derived rather than listed, so a new
 * route can never be missing from it.
 */

/** A registered route as Hono lists it (app.routes): middleware is method 'ALL'. */
interface RegisteredRoute {
  method: string;
  path: string;
}

/** The order Allow lists methods in; any other method follows, in registration order. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export type MethodTable = [pattern: RegExp, methods: string[]][];

/** One pattern per path (a trailing slash matches too) with its methods; HEAD comes with GET. */
export function methodTable(routes: readonly RegisteredRoute[]): MethodTable {
  const byPattern = new Map<string, Set<string>>();
  for (const { method, path } of routes) {
    if (method === 'ALL') continue;
    const source = pathPattern(path);
    const methods = byPattern.get(source) ?? new Set<string>();
    methods.add(method);
    if (method === 'GET') methods.add('HEAD');
    byPattern.set(source, methods);
  }
  return [...byPattern].map(([source, methods]) => [new RegExp(source), inOrder(methods)]);
}

/** The methods a request path has, or undefined for a path no route serves. */
export function allowedMethods(table: MethodTable, path: string): string[] | undefined {
  // Every pattern that matches: a path can match two routes' (/docs/assets/init.js, /docs/assets/:file).
  const matches = table.filter(([pattern]) => pattern.test(path));
  return matches.length === 0 ? undefined : inOrder(new Set(matches.flatMap(([, methods]) => methods)));
}

function inOrder(methods: Set<string>): string[] {
  const rank = (m: string) => (METHOD_ORDER.includes(m) ? METHOD_ORDER.indexOf(m) : METHOD_ORDER.length);
  return [...methods].sort((a, b) => rank(a) - rank(b));
}

/** A Hono route path as a regular expression: /v1/simulations/:id -> ^/v1/simulations/[^/]+/?$. */
function pathPattern(path: string): string {
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      if (segment === '*') return '.*';
      // :name, or :name{regex} with its own pattern.
      const param = /^:[^{}]+(?:\{(.+)\})?$/.exec(segment);
      if (param) return param[1] ? `(?:${param[1]})` : '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    });
  return `^${segments.map((s) => `\\/${s}`).join('')}\\/?$`;
}
