/**
 * The Accept header: which representation a client prefers. Quality values are honoured, an exact
 * match outranks a wildcard at the same quality, and ties go to the other type (the API's
 * default, JSON).
 */
export function ranksAbove(accept: string | undefined, type: string, other: string): boolean {
  if (!accept) return false;
  const quality = (wanted: string) => {
    let best = -1;
    for (const part of accept.split(',')) {
      const [media, ...params] = part.trim().toLowerCase().split(';');
      if (media !== wanted && media !== `${wanted.split('/')[0]}/*` && media !== '*/*') continue;
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      best = Math.max(best, (q === undefined ? 1 : Number(q)) + (media === wanted ? 0.0001 : 0));
    }
    return best;
  };
  return quality(type) > quality(other);
}

/** True when the Accept header ranks text/csv above JSON. */
export const prefersCsv = (accept: string | undefined) => ranksAbove(accept, 'text/csv', 'application/json');

/** True when a browser is asking: text/html ranked above JSON (a browser's navigation sends exactly that). */
export const prefersHtml = (accept: string | undefined) => ranksAbove(accept, 'text/html', 'application/json');
