/**
 * The census of scheduled (planned-list) admissions, and the census distribution of a pool that
 * has any.
 *
 * Planned admissions do not arrive at random: a list admits a fixed number of patients on its
 * days. With an infinite number of beds, the census at time t is then a sum of independent
 * Bernoulli indicators, one per booked slot, each "kept and still in a bed" with probability
 * (1 - cancellationShare) x P(LoS > age of the slot at t): a Poisson-binomial, whose variance
 * sum p (1 - p) is below its mean. A Poisson census (random arrivals) has variance equal to its
 * mean, so sizing planned activity as Poisson overstates its peaks.
 *
 * Conventions (the discrete-event simulation in tests/unit/scheduled-arrivals.test.ts uses the
 * same ones):
 *   - a list day's patients are all admitted at the start of the day (the day of surgery), so
 *     the census jumps then and falls through the day as stays end;
 *   - the stream's yearly admissions are the admissions that happen: with a cancellation share
 *     c, admissions / (1 - c) slots are booked and each is kept, independently, with
 *     probability 1 - c (so c -> 1 tends to Poisson arrivals of the same mean);
 *   - admissions per list day follow the stream's weekday and monthly profiles (weekdays only,
 *     Monday to Friday, equally, when it gives no weekday profile), with a fractional count
 *     per day standing for a list that varies around it (the moments are linear in the count).
 *
 * What the risk method gets per point of the census shape ((month, weekday), risk-method.ts) is
 * the census's mean and its variance over the point's days and times of day: the mean of the
 * variances plus the variance of the means (the census's fall through a list day is part of
 * its spread). The Poisson part of a pool (emergencies) contributes variance equal to its mean,
 * independent of the planned part, so a mixed pool's variance is the sum.
 *
 * The distribution per point is the translated Poisson with that mean and variance: K + B + P,
 * with K whole, B Bernoulli(phi) and P Poisson(variance), where K + phi = mean - variance. Sums
 * of independent indicators are close to it (Barbour and Xia 1999; Rollin 2007: total
 * variation error of order 1 / sd), it is exactly Poisson when the variance equals the mean,
 * it is continuous and increasing in the mean census (the threshold solves need both), and its
 * tails are Poisson tails, so it costs little more than the Poisson census it generalises. Its
 * variance exceeds the target by phi (1 - phi) <= 1/4: a quarter of a bed squared, on the
 * side of more beds. Where a point's variance would exceed its mean (a list of short stays
 * that empties within the day), it is taken as Poisson.
 *
 * Arrivals turned away (a loss system) use Hayward's approximation for traffic that is smoother
 * (or more peaked) than Poisson (Fredericks 1980; Whitt 1984): with peakedness z, the census's
 * variance over its mean, c beds block about as Erlang B with c / z beds and load a / z. It is
 * Erlang B itself when z = 1. It is read as the share of time all beds are busy, which the
 * emergency arrivals (Poisson) see (PASTA); planned arrivals at an elective centre are taken to
 * see it too. Against a simulated loss ward of Poisson emergencies and a weekday list
 * (tests/unit/scheduled-arrivals.test.ts) it gives 5.6% of emergencies turned away where the
 * simulation turns away 6.0% (Erlang B on the same mean census: 7.8%; the truncated census
 * P(N = c) / P(N <= c), tried first, 9.1%).
 *
 * The shape is built from each cell's central volume and LoS, like the rest of the shape, and
 * each iteration scales it by its mean census with the variance in proportion.
 */
import { inverseErlangB, poissonPmf, poissonUpperTail } from './erlang.js';
import { losSurvival } from './los-distribution.js';
import type { LosShape } from './scenario.js';

/** Instants per day at which the planned census is evaluated (midpoints of equal slices). */
export const INSTANTS_PER_DAY = 16;

/** The default lists: Monday to Friday, equal; none at weekends. */
export const WEEKDAY_LISTS: readonly number[] = [1, 1, 1, 1, 1, 0, 0];

export interface WithinDayCensus {
  /** Expected census at each instant, day-major: index d x INSTANTS_PER_DAY + i. */
  mean: Float64Array;
  /** Variance of the census at each instant, same layout. */
  variance: Float64Array;
}

/**
 * The planned census per unit of mean daily admissions: `admissions` is the relative number of
 * admissions on each day (mean 1, arrivalProfile), each admitted at the start of its day. The
 * year is periodic, as in census-profile.ts. The mean over the year is the mean LoS to
 * rounding (Little's law): the survival is rescaled so that it is exactly.
 */
export function scheduledCensusPerUnitRate(
  admissions: Float64Array,
  shape: LosShape,
  meanLos: number,
  cancellationShare: number,
): WithinDayCensus {
  const days = admissions.length;
  const U = INSTANTS_PER_DAY;
  const survival = losSurvival(shape, meanLos);
  // Survival at age k + (i + 1/2) / U, for ages until it is negligible (ten years at most).
  const ages: number[] = [];
  for (let k = 0; k < 10 * days; k++) {
    for (let i = 0; i < U; i++) ages.push(survival(k + (i + 0.5) / U));
    if (survival(k + 1) < 1e-10) break;
  }
  const lags = ages.length / U;
  let bedTime = 0;
  for (const s of ages) bedTime += s / U;
  const rescale = bedTime > 0 ? meanLos / bedTime : 1;
  const kept = 1 - cancellationShare;
  const mean = new Float64Array(days * U);
  const variance = new Float64Array(days * U);
  for (let d = 0; d < days; d++) {
    for (let k = 0; k < lags; k++) {
      const from = (((d - k) % days) + days) % days;
      const n = admissions[from]!;
      if (n === 0) continue;
      for (let i = 0; i < U; i++) {
        // A booked slot is kept and in a bed with probability q = kept x p; n / kept slots are booked.
        const p = Math.min(1, ages[k * U + i]! * rescale);
        mean[d * U + i]! += n * p;
        variance[d * U + i]! += n * p * (1 - kept * p);
      }
    }
  }
  return { mean, variance };
}

/**
 * Per point of a census shape: the variance of the census over its days and instants relative
 * to its mean (at most 1). `poissonCensus` is the pool's Poisson part per day (variance equal to
 * its mean, flat within the day); `planned` the planned part per instant; `pointOfDay` maps a
 * day to its point.
 */
export function pointDispersion(
  poissonCensus: Float64Array,
  planned: WithinDayCensus,
  pointOfDay: (d: number) => number,
  points: number,
): Float64Array {
  const days = poissonCensus.length;
  const U = INSTANTS_PER_DAY;
  const count = new Float64Array(points);
  const sum = new Float64Array(points);
  const sumSquares = new Float64Array(points);
  const sumVariance = new Float64Array(points);
  for (let d = 0; d < days; d++) {
    const p = pointOfDay(d);
    for (let i = 0; i < U; i++) {
      const m = poissonCensus[d]! + planned.mean[d * U + i]!;
      count[p]! += 1;
      sum[p]! += m;
      sumSquares[p]! += m * m;
      sumVariance[p]! += poissonCensus[d]! + planned.variance[d * U + i]!;
    }
  }
  const dispersion = new Float64Array(points);
  for (let p = 0; p < points; p++) {
    const n = count[p]!;
    const m = n > 0 ? sum[p]! / n : 0;
    const spread = n > 0 ? Math.max(0, sumSquares[p]! / n - m * m) : 0;
    dispersion[p] = m > 0 ? Math.min(1, (sumVariance[p]! / n + spread) / m) : 1;
  }
  return dispersion;
}

/**
 * The translated Poisson census of mean `mean` and variance dispersion x mean: whole shift K,
 * Bernoulli weight phi and Poisson mean lambda.
 */
interface Translated {
  K: number;
  phi: number;
  lambda: number;
}

function translated(mean: number, dispersion: number): Translated {
  const lambda = mean * dispersion;
  const x = mean - lambda;
  const K = Math.floor(x);
  return { K, phi: x - K, lambda };
}

function pmf(k: number, lambda: number): number {
  return k < 0 ? 0 : poissonPmf(k, lambda);
}

/**
 * P(N >= c) for the translated Poisson N: (1 - phi) P(P >= j) + phi P(P >= j - 1) with j = c - K,
 * taken as P(P >= j) + phi P(P = j - 1), one tail and one pmf (the engine's inner loop).
 */
export function translatedUpperTail(c: number, mean: number, dispersion: number): number {
  const { K, phi, lambda } = translated(mean, dispersion);
  const j = c - K;
  if (j <= 0) return 1;
  return Math.min(1, poissonUpperTail(j, lambda) + (phi > 0 ? phi * pmf(j - 1, lambda) : 0));
}

/**
 * The share of time c beds are all busy in the loss system, by Hayward's approximation: Erlang B
 * with c / z servers and load a / z, z the census's variance-to-mean ratio. Between whole numbers
 * of servers, log B is interpolated linearly, so it is continuous and increasing in the load.
 */
export function haywardFullShare(c: number, load: number, dispersion: number): number {
  const servers = c / dispersion;
  const a = load / dispersion;
  const whole = Math.floor(servers);
  const w = servers - whole;
  const inverse = inverseErlangB(whole, a, 8);
  if (w === 0) return 1 / inverse;
  const next = 1 + ((whole + 1) / a) * inverse;
  return Math.exp(-((1 - w) * Math.log(inverse) + w * Math.log(next)));
}

/**
 * P(N >= c) and its derivative in L, where the point's mean is L x level: phi grows at
 * (1 - r) level and lambda at r level, and dP(Poisson(lambda) >= j)/dlambda = P(Poisson(lambda) = j - 1).
 */
export function translatedUpperTailAndSlope(
  c: number,
  mean: number,
  dispersion: number,
  level: number,
): { tail: number; slope: number } {
  const { K, phi, lambda } = translated(mean, dispersion);
  const j = c - K;
  if (j <= 0) return { tail: 1, slope: 0 };
  const atJMinus1 = pmf(j - 1, lambda);
  // P(P = j - 2) from P(P = j - 1): one multiplication instead of another exp.
  const atJMinus2 = j >= 2 && lambda > 0 ? (atJMinus1 * (j - 1)) / lambda : j === 1 ? 0 : pmf(j - 2, lambda);
  const tail = Math.min(1, poissonUpperTail(j, lambda) + phi * atJMinus1);
  const atCMinus1 = (1 - phi) * atJMinus1 + phi * atJMinus2;
  return { tail, slope: level * ((1 - dispersion) * atJMinus1 + dispersion * atCMinus1) };
}
