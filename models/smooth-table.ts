/**
 * A smooth function of one non-negative variable, evaluated lazily at the nodes of a fixed grid
 * and interpolated by the cubic through four neighbouring nodes. Each node's value is a pure
 * function of its position, so the interpolated value never depends on which nodes a process has
 * already computed: results stay bit-identical across shards and workers.
 *
 * The interpolation error of a cubic is h^4 f''''/384 or less; callers pick h small against the
 * scale on which f changes (see the tests for the bound they rely on).
 */
export function tabulated(
  f: (x: number) => number,
  spacing: number,
  bounds: { min?: number; max?: number } = {},
): (x: number) => number {
  if (!(spacing > 0)) throw new RangeError(`grid spacing must be positive, got ${spacing}`);
  const node = lazyByIndex((j) => f(j * spacing));
  const min = bounds.min ?? Number.NEGATIVE_INFINITY;
  const max = bounds.max ?? Number.POSITIVE_INFINITY;
  return (x: number) => {
    const t = x / spacing;
    const base = Math.max(0, Math.floor(t) - 1);
    const s = t - base; // in [0, 3): the cubic through nodes base .. base + 3
    const value =
      ((-(s - 1) * (s - 2) * (s - 3)) / 6) * node(base) +
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

/**
 * f(j) for whole j >= 0, each computed once when first asked for. A pure f gives the same value
 * whatever was asked before, which is what keeps shards and workers bit-identical.
 */
export function lazyByIndex(f: (j: number) => number): (j: number) => number {
  let cache = grownNaN(new Float64Array(0), 0);
  return (j: number) => {
    if (j >= cache.length) cache = grownNaN(cache, j);
    let v = cache[j]!;
    if (Number.isNaN(v)) {
      v = f(j);
      cache[j] = v;
    }
    return v;
  };
}

/** A copy with room for index `at` (doubling), the new entries NaN: "not computed yet". */
export function grownNaN(values: Float64Array<ArrayBuffer>, at: number): Float64Array<ArrayBuffer> {
  const next = new Float64Array(Math.max(2 * values.length, at + 4)).fill(Number.NaN);
  next.set(values);
  return next;
}
