/** The Accept header: which representation a client prefers. */

/** True when the Accept header ranks text/csv above JSON (quality values honoured, ties to JSON). */
export function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const quality = (type: string) => {
    let best = -1;
    for (const part of accept.split(',')) {
      const [media, ...params] = part.trim().toLowerCase().split(';');
      if (media !== type && media !== `${type.split('/')[0]}/*` && media !== '*/*') continue;
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      // An exact match outranks a wildcard at the same quality.
      best = Math.max(best, (q === undefined ? 1 : Number(q)) + (media === type ? 0.0001 : 0));
    }
    return best;
  };
  return quality('text/csv') > quality('application/json');
}
