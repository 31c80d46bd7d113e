/**
 * Erlang's loss formula and Poisson tails: the analytic core of the risk method.
 *
 * Erlang B(c, a) is the share of arrivals that find all c beds busy when admissions arrive as a
 * Poisson stream with offered load a (mean occupied beds if beds were unlimited). It depends on
 * the LoS distribution only through its mean (insensitivity), which is what makes it exact for
 * any LoS shape.
 */
import { logFactorial } from './distributions.js';

/**
 * Exact Erlang B by the stable recursion 1/B(k) = 1 + (k/a) / B(k-1).
 * For large loads the recursion starts at k0 = a - 12 sqrt(a) from the fluid value: the error of
 * the start value is multiplied by prod(k/a) over the following steps, which is below e^-70 by
 * the time k reaches a, so the result agrees with the full recursion to double precision.
 */
export function erlangB(servers: number, load: number): number {
  if (!Number.isInteger(servers) || servers < 0) throw new RangeError(`servers must be a whole number >= 0, got ${servers}`);
  if (!(load >= 0) || !Number.isFinite(load)) throw new RangeError(`load must be finite and >= 0, got ${load}`);
  if (load === 0) return servers === 0 ? 1 : 0;
  let k = 0;
  let inverse = 1; // 1 / B(0, a)
  const start = Math.floor(load - 12 * Math.sqrt(load));
  if (start > 0 && servers > start) {
    k = start;
    inverse = load / (load - k); // fluid value of 1/B(k, a), accurate for k well below a
  }
  for (let j = k + 1; j <= servers; j++) inverse = 1 + (j / load) * inverse;
  return 1 / inverse;
}

/** P(N >= c) for N ~ Poisson(mean), summing the pmf outward from c (relative error < 1e-12). */
export function poissonUpperTail(c: number, mean: number): number {
  if (c <= 0) return 1;
  if (mean === 0) return 0;
  const logPmf = (k: number) => -mean + k * Math.log(mean) - logFactorial(k);
  if (c > mean) {
    // Upper tail: pmf(c) * (1 + m/(c+1) + m^2/((c+1)(c+2)) + ...)
    let term = 1;
    let sum = 1;
    for (let k = c + 1; term > 1e-17 * sum && k < c + 10_000; k++) {
      term *= mean / k;
      sum += term;
    }
    return Math.min(1, Math.exp(logPmf(c)) * sum);
  }
  // Lower tail P(N <= c-1) = pmf(c-1) * (1 + (c-1)/m + (c-1)(c-2)/m^2 + ...), then complement.
  let term = 1;
  let sum = 1;
  for (let k = c - 1; k > 0 && term > 1e-17 * sum; k--) {
    term *= k / mean;
    sum += term;
  }
  return Math.max(0, 1 - Math.exp(logPmf(c - 1)) * sum);
}
