/**
 * The risk method of bed conversion: the fewest beds for which the risk stays within the risk
 * target, the risk measured one of two ways (bedPolicy.riskMeasure):
 *
 *   arrivalsTurnedAway  the share of protected (emergency) arrivals that find every bed full, in a
 *                       loss system (Erlang B per point, below);
 *   timeAtCapacity      the share of time that demand for beds, the census with no one turned
 *                       away (Poisson per point), is at or above the beds: the "risk of running
 *                       out of beds" convention of the planning tools that cite a 1% target.
 *
 * The first is the smaller for the same beds (a turned-away patient frees no bed but also takes
 * none), so it needs fewer beds; which one a plan means decides the answer.
 *
 * A ward's census on day d is Poisson with mean L x level(d), where L is the yearly mean census
 * and level(d) its seasonal and weekday shape (census-profile.ts). With c beds, the share of the
 * day's arrivals turned away is Erlang B(c, L x level(d)): the modified-offered-load
 * approximation for time-varying loss systems (Jennings, Mandelbaum, Massey and Whitt, 1996),
 * exact for a stationary ward. The year's share is the arrival-weighted mean over days.
 *
 * Days are grouped by (month, weekday), 84 points, which keeps the weekly rhythm of elective
 * wards and the winter peak while cutting the work fourfold.
 *
 * A pool with planned (scheduled) admissions has a census less variable than Poisson: its shape
 * carries each point's variance relative to the mean, and every measure here then uses the
 * translated Poisson census of scheduled-census.ts (and, for the loss system, its truncation)
 * instead of the Poisson census, and Hayward's approximation instead of Erlang B.
 */
import { erlangB, inverseErlangB, poissonPmf, poissonUpperTail } from './erlang.js';
import { monthOfDay } from './census-profile.js';
import type { RiskMeasure } from './risk-measures.js';
import {
  pointDispersion,
  translatedUpperTail,
  translatedUpperTailAndSlope,
  haywardFullShare,
  type WithinDayCensus,
} from './scheduled-census.js';

/** The span of every Erlang start here (see recursionStart): errors below e^-32. */
const SPAN = 8;

export interface CensusShape {
  /** Census of each point relative to the yearly mean census. */
  level: Float64Array;
  /** Share of the protected arrivals (emergency, or all at an elective centre) on each point; sums to 1. */
  arrivalWeight: Float64Array;
  /** Days each point stands for; sums to the days in the year. */
  days: Float64Array;
  /**
   * Variance of the census relative to its mean, per point, where the pool has planned
   * (scheduled) admissions (scheduled-census.ts); absent, the census is Poisson (variance = mean).
   */
  dispersion?: Float64Array;
}

export interface CensusComponent {
  /** Expected census per day, any scale. */
  census: Float64Array;
  /** Protected arrivals per day, any scale (zeros when the component has none). */
  protectedArrivals: Float64Array;
  /**
   * For planned admissions (scheduled-census.ts): the census's mean and variance at each instant
   * of each day, on the same scale as `census` (whose entries are their daily means). Absent, the
   * component is Poisson.
   */
  planned?: WithinDayCensus;
}

/** Adds the components' daily census and arrivals, then groups days into (month, weekday) points. */
export function buildCensusShape(components: readonly CensusComponent[], days: number): CensusShape {
  const census = new Float64Array(days);
  const arrivals = new Float64Array(days);
  for (const c of components) {
    for (let d = 0; d < days; d++) {
      census[d]! += c.census[d]!;
      arrivals[d]! += c.protectedArrivals[d]!;
    }
  }
  const meanCensus = census.reduce((a, b) => a + b, 0) / days;
  const totalArrivals = arrivals.reduce((a, b) => a + b, 0);
  const months = monthOfDay(days);
  const points = 84;
  const level = new Float64Array(points);
  const weight = new Float64Array(points);
  const count = new Float64Array(points);
  for (let d = 0; d < days; d++) {
    const p = months[d]! * 7 + (d % 7);
    level[p]! += census[d]!;
    weight[p]! += arrivals[d]!;
    count[p]! += 1;
  }
  for (let p = 0; p < points; p++) {
    level[p] = count[p]! > 0 && meanCensus > 0 ? level[p]! / count[p]! / meanCensus : 0;
    weight[p] = totalArrivals > 0 ? weight[p]! / totalArrivals : count[p]! / days;
  }
  const shape: CensusShape = { level, arrivalWeight: weight, days: count };
  const planned = components.filter((c) => c.planned);
  if (planned.length === 0) return shape;
  // A pool with planned admissions: its census's spread per point (a Poisson part plus a planned part).
  const poissonCensus = new Float64Array(days);
  for (const c of components) if (!c.planned) for (let d = 0; d < days; d++) poissonCensus[d]! += c.census[d]!;
  const mean = new Float64Array(planned[0]!.planned!.mean.length);
  const variance = new Float64Array(mean.length);
  for (const c of planned) {
    for (let i = 0; i < mean.length; i++) {
      mean[i]! += c.planned!.mean[i]!;
      variance[i]! += c.planned!.variance[i]!;
    }
  }
  shape.dispersion = pointDispersion(poissonCensus, { mean, variance }, (d) => months[d]! * 7 + (d % 7), points);
  return shape;
}

/** Beyond load + 15 sqrt(load) + 10 beds, Erlang B and the Poisson tail are below 1e-45: zero. */
function negligibleAbove(load: number): number {
  return load + 15 * Math.sqrt(load) + 10;
}

/**
 * The Erlang recursion for every point at once, from a common start c0 = min_p(a_p - 8 sqrt(a_p)).
 * Each point's value at c0 comes from its own recursion begun at recursionStart(c0, a_p, 8), so
 * its error is below e^-32 from c0 on (see recursionStart), however far c0 lies below a_p.
 */
interface Sweep {
  c: number;
  loads: Float64Array;
  inverse: Float64Array;
  weights: Float64Array;
}

function sweepFrom(meanCensus: number, shape: CensusShape, fromZero: boolean): Sweep {
  const n = shape.level.length;
  const loads = new Float64Array(n);
  const inverse = new Float64Array(n);
  let start = Number.POSITIVE_INFINITY;
  for (let p = 0; p < n; p++) {
    loads[p] = meanCensus * shape.level[p]!;
    if (shape.arrivalWeight[p]! > 0 && loads[p]! > 0)
      start = Math.min(start, Math.floor(loads[p]! - 8 * Math.sqrt(loads[p]!)));
  }
  if (fromZero || !Number.isFinite(start) || start < 0) start = 0;
  for (let p = 0; p < n; p++) inverse[p] = loads[p]! === 0 ? 1 : inverseErlangB(start, loads[p]!, SPAN);
  return { c: start, loads, inverse, weights: shape.arrivalWeight };
}

/** One bed more: 1/B(c, a) = 1 + (c/a) / B(c-1, a) for every point. */
function step(s: Sweep): void {
  s.c += 1;
  const { loads, inverse, c } = s;
  for (let p = 0; p < loads.length; p++) {
    const a = loads[p]!;
    if (a !== 0) inverse[p] = 1 + (c / a) * inverse[p]!; // B(c, 0) = 0 for c >= 1
  }
}

/** The arrival-weighted share turned away at the sweep's current c. */
function shareAt(s: Sweep): number {
  let share = 0;
  for (let p = 0; p < s.loads.length; p++) if (s.loads[p]! > 0) share += s.weights[p]! / s.inverse[p]!;
  return share;
}

/**
 * The first c at or above the start whose share is within the target. The share (a division
 * per point) is only taken every STRIDE beds; once one is within the target, the sweep goes back
 * to the last checkpoint and steps one bed at a time, so the answer is exactly the first c.
 */
const STRIDE = 16;
function firstWithin(
  meanCensus: number,
  shape: CensusShape,
  target: number,
  fromZero: boolean,
): { c: number; atStart: boolean } {
  const s = sweepFrom(meanCensus, shape, fromZero);
  if (shareAt(s) <= target) return { c: s.c, atStart: true };
  const saved = new Float64Array(s.inverse.length);
  for (;;) {
    const checkpoint = s.c;
    saved.set(s.inverse);
    for (let k = 0; k < STRIDE; k++) step(s);
    if (shareAt(s) <= target) {
      s.c = checkpoint;
      s.inverse.set(saved);
      for (;;) {
        step(s);
        if (shareAt(s) <= target) return { c: s.c, atStart: false };
      }
    }
  }
}

/** Share of protected arrivals that find all beds busy, with `beds` beds and yearly mean census L. */
export function shareTurnedAway(beds: number, meanCensus: number, shape: CensusShape): number {
  if (meanCensus <= 0) return 0;
  if (shape.dispersion) return plannedShareFull(beds, meanCensus, shape, shape.dispersion, shape.arrivalWeight);
  let share = 0;
  for (let p = 0; p < shape.level.length; p++) {
    const w = shape.arrivalWeight[p]!;
    const a = meanCensus * shape.level[p]!;
    if (w > 0 && a > 0 && beds <= negligibleAbove(a)) share += w / inverseErlangB(beds, a, SPAN);
  }
  return share;
}

/** Reference implementation: the same share by one full Erlang recursion per point. */
export function shareTurnedAwayDirect(beds: number, meanCensus: number, shape: CensusShape): number {
  if (meanCensus <= 0) return 0;
  if (shape.dispersion) return plannedShareFull(beds, meanCensus, shape, shape.dispersion, shape.arrivalWeight);
  let share = 0;
  for (let p = 0; p < shape.level.length; p++) {
    const w = shape.arrivalWeight[p]!;
    if (w > 0) share += w * erlangB(beds, meanCensus * shape.level[p]!);
  }
  return share;
}

/**
 * Share of the year's time that demand (the census with unlimited beds) is at or above `beds`:
 * each point's Poisson tail, weighted by the days it stands for.
 */
export function shareOfTimeAtOrAbove(beds: number, meanCensus: number, shape: CensusShape): number {
  const total = totalDays(shape);
  return total > 0 ? daysAtOrOverCapacity(beds, meanCensus, shape) / total : 0;
}

/**
 * Expected days on which every bed is busy in the loss system (arrivals turned away): Erlang B
 * per point, since with Poisson arrivals the share of time all beds are busy equals the share of
 * arrivals that find them so (PASTA). The loss model's counterpart of daysAtOrOverCapacity.
 */
export function daysFull(beds: number, meanCensus: number, shape: CensusShape): number {
  if (meanCensus <= 0) return beds <= 0 ? totalDays(shape) : 0;
  if (shape.dispersion) return plannedShareFull(beds, meanCensus, shape, shape.dispersion, shape.days);
  let days = 0;
  for (let p = 0; p < shape.level.length; p++) {
    const n = shape.days[p]!;
    const a = meanCensus * shape.level[p]!;
    if (n > 0 && a > 0 && beds <= negligibleAbove(a)) days += n / inverseErlangB(beds, a, SPAN);
  }
  return days;
}

/**
 * The time share at `beds` and mean census L, and its derivative in L: d/da P(N >= c) = P(N = c - 1)
 * for a Poisson N of mean a, times level_p (the point's load is L x level_p), weighted by days.
 * The threshold solve's inner loop for the timeAtCapacity measure.
 */
export function timeShareAndSlope(
  beds: number,
  meanCensus: number,
  shape: CensusShape,
): { share: number; slope: number } {
  if (meanCensus <= 0) return { share: beds === 0 ? 1 : 0, slope: 0 };
  const total = totalDays(shape);
  const dispersion = shape.dispersion;
  let share = 0;
  let slope = 0;
  for (let p = 0; p < shape.level.length; p++) {
    const w = shape.days[p]! / total;
    const a = meanCensus * shape.level[p]!;
    if (!(w > 0 && a > 0)) continue;
    if (dispersion) {
      const { tail, slope: tailSlope } = translatedUpperTailAndSlope(beds, a, dispersion[p]!, shape.level[p]!);
      share += w * tail;
      slope += w * tailSlope;
      continue;
    }
    share += w * poissonUpperTail(beds, a);
    slope += w * shape.level[p]! * poissonPmf(beds - 1, a);
  }
  return { share, slope };
}

/** Reference implementation: the fewest beds whose time share is within the target, by a plain search. */
export function bedsForTimeAtCapacity(meanCensus: number, shape: CensusShape, riskTarget: number): number {
  if (meanCensus <= 0) return 0;
  let c = 0;
  while (shareOfTimeAtOrAbove(c, meanCensus, shape) > riskTarget) c += 1;
  return c;
}

/** The share and slope of a measure, for the threshold solve. */
export function measureShareAndSlope(measure: RiskMeasure) {
  return measure === 'timeAtCapacity' ? timeShareAndSlope : shareAndSlope;
}

function totalDays(shape: CensusShape): number {
  let total = 0;
  for (const d of shape.days) total += d;
  return total;
}

/** Expected days in the year on which the census (with unlimited beds) reaches `beds`. */
export function daysAtOrOverCapacity(beds: number, meanCensus: number, shape: CensusShape): number {
  if (meanCensus <= 0) return beds <= 0 ? shape.days.reduce((a, b) => a + b, 0) : 0;
  const dispersion = shape.dispersion;
  let days = 0;
  for (let p = 0; p < shape.level.length; p++) {
    const n = shape.days[p]!;
    const load = meanCensus * shape.level[p]!;
    if (!(n > 0 && beds <= negligibleAbove(load))) continue;
    days += n * (dispersion ? translatedUpperTail(beds, load, dispersion[p]!) : poissonUpperTail(beds, load));
  }
  return days;
}

/**
 * A pool with planned admissions, in the loss system: the share of time all beds are busy per
 * point by Hayward's approximation (scheduled-census.ts), weighted by `weights` (arrivals or days).
 */
function plannedShareFull(
  beds: number,
  meanCensus: number,
  shape: CensusShape,
  dispersion: Float64Array,
  weights: Float64Array,
): number {
  let share = 0;
  for (let p = 0; p < shape.level.length; p++) {
    const w = weights[p]!;
    const a = meanCensus * shape.level[p]!;
    if (w > 0 && a > 0 && beds <= negligibleAbove(a)) share += w * haywardFullShare(beds, a, dispersion[p]!);
  }
  return share;
}

/** plannedShareFull over arrivals and its slope in L, by a central difference (the Newton step needs no more). */
function plannedShareAndSlope(beds: number, meanCensus: number, shape: CensusShape, dispersion: Float64Array) {
  const share = plannedShareFull(beds, meanCensus, shape, dispersion, shape.arrivalWeight);
  const h = 1e-6 * meanCensus;
  const up = plannedShareFull(beds, meanCensus + h, shape, dispersion, shape.arrivalWeight);
  const down = plannedShareFull(beds, meanCensus - h, shape, dispersion, shape.arrivalWeight);
  return { share, slope: (up - down) / (2 * h) };
}

/** The fewest beds whose turned-away share is within the risk target. */
export function bedsForRisk(meanCensus: number, shape: CensusShape, riskTarget: number): number {
  if (meanCensus <= 0) return 0;
  if (shape.dispersion) {
    // No Erlang sweep for a census that is not Poisson: a plain search up from zero.
    let c = 0;
    while (shareTurnedAway(c, meanCensus, shape) > riskTarget) c += 1;
    return c;
  }
  const found = firstWithin(meanCensus, shape, riskTarget, false);
  // Met already at the sweep's start (a lax target): fewer beds may do, so search up from zero.
  if (found.atStart && found.c > 0) return firstWithin(meanCensus, shape, riskTarget, true).c;
  return found.c;
}

/**
 * The turned-away share with `beds` beds at mean census L, and its derivative in L:
 * dB/da = B (c/a - 1 + B) for each point's Erlang B, weighted by the point's arrivals and
 * times level_p (its load is L x level_p). Used to solve for the loads at which a number of beds
 * just meets the risk target (risk-thresholds.ts), where it is the inner loop: each point runs
 * its own recursion from recursionStart rather than from the common start a sweep needs, and
 * points without protected arrivals are skipped.
 */
export function shareAndSlope(beds: number, meanCensus: number, shape: CensusShape): { share: number; slope: number } {
  if (meanCensus <= 0) return { share: beds === 0 ? 1 : 0, slope: 0 };
  if (shape.dispersion) return plannedShareAndSlope(beds, meanCensus, shape, shape.dispersion);
  let share = 0;
  let slope = 0;
  for (let p = 0; p < shape.level.length; p++) {
    const w = shape.arrivalWeight[p]!;
    const a = meanCensus * shape.level[p]!;
    if (!(w > 0 && a > 0)) continue;
    const b = 1 / inverseErlangB(beds, a, SPAN);
    share += w * b;
    slope += w * shape.level[p]! * b * (beds / a - 1 + b);
  }
  return { share, slope };
}
