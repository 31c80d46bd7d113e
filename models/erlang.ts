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
 * Where the Erlang recursion 1/B(k) = 1 + (k/a) / B(k-1) may start from the fluid value
 * 1/B(k0, a) ~ a / (a - k0) and still be exact to double precision on reaching `servers`.
 * The start's relative error (order one at worst) is multiplied by k/a at each step below the
 * load and shrinks at each step above it, so from k0 to c <= a it falls by about
 * exp(-((a - k0)^2 - (a - c)^2) / 2a). Taking (a - k0)^2 = span^2 a + (a - c)^2 makes that
 * exp(-span^2 / 2) for any c: an overloaded ward (c < a) starts further back rather than
 * settling for less. 0 means: start from B(0, a) = 1.
 */
export function recursionStart(servers: number, load: number, span: number): number {
  const over = Math.max(0, load - servers);
  const k = Math.floor(load - Math.sqrt(span * span * load + over * over));
  return k > 0 ? k : 0;
}

/**
 * 1 / B(servers, load) for a load > 0, by the recursion from recursionStart(servers, load, span):
 * exact to double precision once e^(-span^2 / 2) is below it (span 8 gives e^-32).
 */
export function inverseErlangB(servers: number, load: number, span: number): number {
  let k = recursionStart(servers, load, span);
  let inverse = k === 0 ? 1 : load / (load - k);
  const perLoad = 1 / load;
  while (k < servers) {
    k += 1;
    inverse = 1 + k * perLoad * inverse;
  }
  return inverse;
}

/**
 * Exact Erlang B by the stable recursion, started at recursionStart(c, a, 12): the fluid
 * start's error shrinks below e^-72 before the result, so it agrees with the full recursion
 * from zero to double precision.
 */
export function erlangB(servers: number, load: number): number {
  if (!Number.isInteger(servers) || servers < 0)
    throw new RangeError(`servers must be a whole number >= 0, got ${servers}`);
  if (!(load >= 0) || !Number.isFinite(load)) throw new RangeError(`load must be finite and >= 0, got ${load}`);
  if (load === 0) return servers === 0 ? 1 : 0;
  return 1 / inverseErlangB(servers, load, 12);
}

/**
 * ln P(N = k) for N ~ Poisson(mean). A module function rather than a closure in
 * poissonUpperTail: under tsx every closure created gets its name set at creation, which cost
 * more than the tail itself when the engine tabulates days at capacity.
 */
function logPoissonPmf(k: number, mean: number): number {
  return -mean + k * Math.log(mean) - logFactorial(k);
}

/** P(N = k) for N ~ Poisson(mean), k a whole number >= 0. */
export function poissonPmf(k: number, mean: number): number {
  if (k < 0) return 0;
  if (mean === 0) return k === 0 ? 1 : 0;
  return Math.exp(logPoissonPmf(k, mean));
}

/** P(N >= c) for N ~ Poisson(mean), summing the pmf outward from c (relative error < 1e-12). */
export function poissonUpperTail(c: number, mean: number): number {
  if (c <= 0) return 1;
  if (mean === 0) return 0;
  if (c > mean) {
    // Upper tail: pmf(c) * (1 + m/(c+1) + m^2/((c+1)(c+2)) + ...)
    let term = 1;
    let sum = 1;
    for (let k = c + 1; term > 1e-17 * sum && k < c + 10_000; k++) {
      term *= mean / k;
      sum += term;
    }
    return Math.min(1, Math.exp(logPoissonPmf(c, mean)) * sum);
  }
  // Lower tail P(N <= c-1) = pmf(c-1) * (1 + (c-1)/m + (c-1)(c-2)/m^2 + ...), then complement.
  let term = 1;
  let sum = 1;
  for (let k = c - 1; k > 0 && term > 1e-17 * sum; k--) {
    term *= k / mean;
    sum += term;
  }
  return Math.max(0, 1 - Math.exp(logPoissonPmf(c - 1, mean)) * sum);
}
