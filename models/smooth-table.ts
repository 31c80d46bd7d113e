/**
 * A smooth function of one non-negative variable, evaluated lazily at the nodes of a fixed grid
 * and interpolated by the cubic through four neighbouring nodes. Each node's value is a pure
 * function of its position, so the interpolated value never depends on which nodes a process has
 * already computed: results stay bit-identical across shards and workers.
 *
 * The interpolation error of a cubic is h^4 f''''/384 or less; callers pick h small against the
 * scale on which f changes (see the tests for the bound they rely on).
 */
export function tabulated(f: (x: number) => number, spacing: number, bounds: { min?: number; max?: number } = {}): (x: number) => number {
  if (!(spacing > 0)) throw new RangeError(`grid spacing must be positive, got ${spacing}`);
  // Node values by index (x >= 0, so indices start at 0), NaN where not yet computed.
  let cache = new Float64Array(0);
  const node = (j: number) => {
    if (j >= cache.length) {
      const grown = new Float64Array(Math.max(2 * cache.length, j + 4)).fill(Number.NaN);
      grown.set(cache);
      cache = grown;
    }
    let v = cache[j]!;
    if (Number.isNaN(v)) {
      v = f(j * spacing);
      cache[j] = v;
    }
    return v;
  };
  const min = bounds.min ?? Number.NEGATIVE_INFINITY;
  const max = bounds.max ?? Number.POSITIVE_INFINITY;
  return (x: number) => {
    const t = x / spacing;
    const base = Math.max(0, Math.floor(t) - 1);
    const s = t - base; // in [0, 3): the cubic through nodes base .. base + 3
    const value =
      (-(s - 1) * (s - 2) * (s - 3) / 6) * node(base) +
      ((s * (s - 2) * (s - 3)) / 2) * node(base + 1) +
      (-(s * (s - 1) * (s - 3)) / 2) * node(base + 2) +
      ((s * (s - 1) * (s - 2)) / 6) * node(base + 3);
    return Math.min(max, Math.max(min, value));
  };
}

/**
 * For positive functions with Gaussian-like tails (Erlang B, Poisson tails): tabulates log f,
 * whose tails are nearly quadratic, so a cubic interpolates them to a small relative error even
 * where f itself is tiny. Values below 1e-300 count as 1e-300.
 */
export function tabulatedPositive(f: (x: number) => number, spacing: number, max: number): (x: number) => number {
  const logTable = tabulated((x) => Math.log(Math.max(1e-300, f(x))), spacing, { max: Math.log(max) });
  return (x) => {
    const v = Math.exp(logTable(x));
    return v <= 1e-300 ? 0 : v;
  };
}
