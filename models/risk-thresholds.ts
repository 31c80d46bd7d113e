/**
 * Risk beds for one census shape and risk target as a lookup rather than a search.
 *
 * With c beds the turned-away share rises with the mean census L, so c beds meet the target
 * exactly while L <= T(c), the threshold load of c; and T rises with c. The beds required at
 * L are the fewest c with L <= T(c), which is what bedsForRisk finds by sweeping c upward.
 *
 * T is smooth in c (close to c - z sqrt(c)). It is solved exactly (safeguarded Newton on the
 * log share) at nodes every `spacing` beds and interpolated between them by cubics, which err
 * by up to about 1e-3 of a bed of census just above four spacings and far less higher up. Each
 * interpolated threshold carries an error margin; a load within its margin gets the exact
 * threshold instead. Below four spacings, where T curves most, every c is solved. So every
 * comparison of L with T(c) comes out as the exact threshold would have it, and the lookup
 * answers as bedsForRisk does.
 *
 * Why: a search costs an Erlang sweep over the 84 points of the shape for every load. Memoising
 * answers by load still paid several sweeps for every distinct answer, and that warm-up
 * dominated runs of a few thousand iterations. Here a few Newton steps buy a node that covers
 * `spacing` answers.
 *
 * Since every comparison agrees with the exact one, the answer never depends on what a process
 * computed before: shards and workers agree to the bit.
 */
import type { RiskMeasure } from './risk-measures.js';
import { type CensusShape, measureShareAndSlope } from './risk-method.js';
import { grownNaN, lazyByIndex } from './smooth-table.js';

/**
 * T(c): the mean census at which `beds` beds turn away exactly the target share. Newton's
 * method on x = ln L, where ln share is close to quadratic; steps that leave the bracket
 * found so far fall back to bisection.
 */
export function thresholdLoad(
  beds: number,
  shape: CensusShape,
  target: number,
  measure: RiskMeasure = 'arrivalsTurnedAway',
  /** Where Newton starts: a function of `beds` alone (here or the caller's), so the answer is too. */
  startLoad?: number,
): number {
  const shareAndSlope = measureShareAndSlope(measure);
  if (!Number.isInteger(beds) || beds < 0) throw new RangeError(`beds must be a whole number >= 0, got ${beds}`);
  if (!(target > 0 && target < 1)) throw new RangeError(`risk target must lie in (0, 1), got ${target}`);
  // No beds turn every arrival away, whatever the load.
  if (beds === 0) return 0;
  const lnTarget = Math.log(target);
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  let x = Math.log(startLoad !== undefined && startLoad > 0 ? startLoad : Math.max(beds - Math.sqrt(beds), 0.5 * beds));
  for (let k = 0; k < 300; k++) {
    const load = Math.exp(x);
    const { share, slope } = shareAndSlope(beds, load, shape);
    let next: number;
    if (!(share > 0)) {
      // Underflow far below the threshold.
      lo = x;
      next = Number.isFinite(hi) ? (x + hi) / 2 : x + 0.25;
    } else {
      const g = Math.log(share) - lnTarget;
      if (g === 0) return load;
      if (g < 0) lo = x;
      else hi = x;
      const dg = (load * slope) / share;
      const newton = dg > 0 ? g / dg : Number.NaN;
      // Converged: the step is below what x can resolve.
      if (Math.abs(newton) < 1e-14) return Math.exp(x - newton);
      next = x - newton;
      if (!(next > lo && next < hi)) {
        if (Number.isFinite(lo) && Number.isFinite(hi)) next = (lo + hi) / 2;
        else next = g < 0 ? x + 0.25 : x - 0.25;
      }
    }
    if (Math.abs(next - x) < 1e-14) return Math.exp(next);
    x = next;
  }
  return Math.exp(x);
}

/**
 * Node spacing in beds for a shape first met at mean census L: L^(3/4) / 2. A cubic through
 * nodes h apart errs by about h^4 T''''/24 with T'''' ~ c^-3.5, so near c = L this spacing errs
 * by about 1e-4 / sqrt(L) of a bed (1e-3 at worst, just above four spacings), while a run's
 * loads, which spread over some tenths of L, need only about L^(1/4) nodes. The spacing decides
 * the work, never the answer.
 */
export function thresholdSpacing(meanCensus: number): number {
  return Math.max(1, Math.floor(Math.max(0, meanCensus) ** 0.75 / 2));
}

/**
 * The cubic through T at nodes base - 1 .. base + 2 (x = c / spacing - base in [0, 1)), and an
 * estimate of its error: its gap to the cubic through nodes base .. base + 3. Each cubic errs by
 * T''''(xi) spacing^4 / 24 times its node polynomial, and on [0, 1) the two polynomials differ by
 * 4 x (x - 1)(x - 2), at least 2.6 times the first: the gap is a few times the error wherever
 * T'''' changes little over five nodes, which it does (T is close to c - z sqrt(c)).
 */
function interpolateThreshold(node: (j: number) => number, base: number, x: number): { value: number; gap: number } {
  const a = node(base - 1);
  const b = node(base);
  const c = node(base + 1);
  const d = node(base + 2);
  const e = node(base + 3);
  // Lagrange weights on nodes -1, 0, 1, 2 and on 0, 1, 2, 3.
  const value =
    ((-x * (x - 1) * (x - 2)) / 6) * a +
    (((x + 1) * (x - 1) * (x - 2)) / 2) * b -
    (((x + 1) * x * (x - 2)) / 2) * c +
    (((x + 1) * x * (x - 1)) / 6) * d;
  const other =
    ((-(x - 1) * (x - 2) * (x - 3)) / 6) * b +
    ((x * (x - 2) * (x - 3)) / 2) * c -
    ((x * (x - 1) * (x - 3)) / 2) * d +
    ((x * (x - 1) * (x - 2)) / 6) * e;
  return { value, gap: Math.abs(value - other) };
}

/**
 * An interpolated threshold is trusted only for loads further from it than 8 gaps, plus a floor
 * for rounding in the Newton solves (1e-12 relative). Measured on seasonal shapes for risk
 * targets 0.001 to 0.1 and up to 4,000 beds, the true error never exceeded 0.081 of this margin
 * (tests/unit/risk-thresholds.test.ts checks it); closer loads get the exact threshold.
 */
const GAPS = 8;
const ROUNDING = 1e-12;

/**
 * Beds required as a function of the mean census, for one shape and target; addInto answers a
 * whole series of loads at once (a summary's months ask 12 lookups per pool and iteration).
 */
export interface RiskBedsLookup {
  (meanCensus: number): number;
  /** out[i] += the beds required at loads[i], for every i. */
  addInto(loads: Float64Array, out: Float64Array): void;
}

/** Beds walked one at a time from the guess before the search gallops instead. */
const WALK = 4;

/** Beds required as a function of the mean census, for one shape and target. */
export function riskBedsByThreshold(
  shape: CensusShape,
  target: number,
  spacing: number,
  measure: RiskMeasure = 'arrivalsTurnedAway',
): RiskBedsLookup {
  if (!Number.isInteger(spacing) || spacing < 1)
    throw new RangeError(`spacing must be a whole number >= 1, got ${spacing}`);
  const solve = (c: number) => thresholdLoad(c, shape, target, measure);
  // Exact thresholds at the nodes: multiples of `spacing`, which are whole numbers of beds.
  const node = lazyByIndex((j) => solve(j * spacing));
  const exactBelow = spacing === 1 ? Number.POSITIVE_INFINITY : 4 * spacing;
  // A planned (scheduled) census's measures are not smooth enough in c for the cubic's error
  // margin (the translated Poisson's whole shift jumps with c): interpolated thresholds missed
  // by more than their margin, so answers depended on which thresholds a process had solved
  // exactly before (a one-bed difference in 90 of 3,000 SEL iterations between one pass and
  // three shards). Every threshold of such a shape is solved exactly, Newton starting from the
  // interpolated value (a function of c alone, from exact nodes), which takes a step or two.
  const planned = shape.dispersion !== undefined;
  // Per number of beds: its threshold (NaN until needed) and how far that may be from the exact
  // threshold (0 once exact).
  let known = new Float64Array(0);
  let margin = new Float64Array(0);
  /** L <= T(c), decided as the exact threshold would decide it. */
  const fits = (meanCensus: number, c: number): boolean => {
    if (c >= known.length) {
      known = grownNaN(known, c);
      margin = grownNaN(margin, c);
    }
    let t = known[c]!;
    if (Number.isNaN(t)) {
      if (c < exactBelow) {
        t = solve(c);
        margin[c] = 0;
      } else if (c % spacing === 0) {
        t = node(c / spacing);
        margin[c] = 0;
      } else {
        const base = Math.floor(c / spacing);
        const { value, gap } = interpolateThreshold(node, base, c / spacing - base);
        if (planned) {
          t = thresholdLoad(c, shape, target, measure, value);
          margin[c] = 0;
        } else {
          t = value;
          margin[c] = GAPS * gap + ROUNDING * value;
        }
      }
      known[c] = t;
    }
    if (margin[c]! > 0 && Math.abs(meanCensus - t) <= margin[c]!) {
      t = solve(c);
      known[c] = t;
      margin[c] = 0;
    }
    return meanCensus <= t;
  };

  // The last answer, its threshold and the threshold's rise per bed there: where the next answer
  // probably is (T is close to linear over a run's loads), and irrelevant to the answer itself,
  // which is the fewest c with L <= T(c) however the search finds it. A guess from the line is
  // within a bed or two, so most answers cost two comparisons (L <= T(c), L > T(c - 1)).
  let last = 0;
  let lastThreshold = 0;
  let perBed = 1;
  const answer = (meanCensus: number): number => {
    if (!(meanCensus > 0)) return 0;
    const start =
      last === 0
        ? Math.max(1, Math.round(meanCensus))
        : Math.max(1, last + Math.ceil((meanCensus - lastThreshold) / perBed));
    // Walk a few beds from the guess; further away, gallop to lo < hi with L > T(lo) and
    // L <= T(hi), then bisect. T(0) = 0 < L, so 1 bed fits whenever 0 is reached.
    let lo = 0;
    let hi = 0;
    let found = 0;
    if (fits(meanCensus, start)) {
      hi = start;
      for (let k = 0; found === 0 && k <= WALK; k++) {
        if (hi === 1 || !fits(meanCensus, hi - 1)) found = hi;
        else hi -= 1;
      }
      if (found === 0) {
        for (let stride = 2; ; stride *= 2) {
          lo = Math.max(0, hi - stride);
          if (lo === 0 || !fits(meanCensus, lo)) break;
          hi = lo;
        }
      }
    } else {
      lo = start;
      for (let k = 0; found === 0 && k <= WALK; k++) {
        if (fits(meanCensus, lo + 1)) found = lo + 1;
        else lo += 1;
      }
      if (found === 0) {
        for (let stride = 2; ; stride *= 2) {
          hi = lo + stride;
          if (fits(meanCensus, hi)) break;
          lo = hi;
        }
      }
    }
    if (found === 0) {
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (fits(meanCensus, mid)) hi = mid;
        else lo = mid;
      }
      found = hi;
    }
    // Both thresholds either side of the answer were compared, so both are known (bar T(0)).
    const rise = found > 1 ? known[found]! - known[found - 1]! : Number.NaN;
    last = found;
    lastThreshold = known[found]!;
    if (rise > 0) perBed = rise;
    return found;
  };
  // The common case inline: the guess's two thresholds are known and decide the load outright
  // (neither within its margin), so the answer is the guess without a call. Unknown thresholds
  // are NaN, which fails every comparison and falls through to the search.
  const addInto = (loads: Float64Array, out: Float64Array): void => {
    if (out.length < loads.length) throw new RangeError(`out must hold ${loads.length} values, has ${out.length}`);
    for (let i = 0; i < loads.length; i++) {
      const L = loads[i]!;
      const guess = last + Math.ceil((L - lastThreshold) / perBed);
      if (last > 0 && guess > 1 && guess < known.length) {
        const above = known[guess]!;
        const below = known[guess - 1]!;
        const marginAbove = margin[guess]!;
        const marginBelow = margin[guess - 1]!;
        if (
          L <= above &&
          L > below &&
          !(marginAbove > 0 && Math.abs(L - above) <= marginAbove) &&
          !(marginBelow > 0 && Math.abs(L - below) <= marginBelow)
        ) {
          out[i]! += guess;
          last = guess;
          lastThreshold = above;
          perBed = above - below;
          continue;
        }
      }
      out[i]! += answer(L);
    }
  };
  return Object.assign((meanCensus: number) => answer(meanCensus), { addInto });
}
