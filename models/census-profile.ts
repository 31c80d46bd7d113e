/**
 * The within-year shape of a ward's census. Admissions arrive with a weekday and monthly
 * profile (a non-homogeneous Poisson process); each stays for a random LoS. The expected census
 * on day d is then m(d) = sum_k lambda(d - k) g_k, where g_k = integral of P(LoS > u) over
 * u in [k, k+1) is the bed time an admission contributes to its k-th day. sum_k g_k = mean LoS,
 * so the yearly mean census is arrivals x mean LoS / days (Little's law) whatever the profile.
 * The census on each day is Poisson with mean m(d) (M(t)/G/infinity), which the risk method uses.
 *
 * The year is treated as periodic: stays that run past 31 December wrap to January, as the same
 * pattern repeats year on year.
 */
import type { LosShape } from './scenario.js';
import { losSurvival } from './los-distribution.js';

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const FLAT_WEEK = [1, 1, 1, 1, 1, 1, 1];
const FLAT_YEAR = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];

/** Month (0-11) of each day of the year; days past 365 belong to December. */
export function monthOfDay(days: number): number[] {
  const out: number[] = [];
  MONTH_LENGTHS.forEach((len, month) => {
    for (let i = 0; i < len; i++) out.push(month);
  });
  while (out.length < days) out.push(11);
  return out.slice(0, days);
}

/** Relative arrival rate of each day, mean 1. Day 0 is taken as a Monday. */
export function arrivalProfile(
  days: number,
  weekday: readonly number[] = FLAT_WEEK,
  monthly: readonly number[] = FLAT_YEAR,
): Float64Array {
  const months = monthOfDay(days);
  const rate = new Float64Array(days);
  let total = 0;
  for (let d = 0; d < days; d++) {
    rate[d] = weekday[d % 7]! * monthly[months[d]!]!;
    total += rate[d]!;
  }
  const mean = total / days;
  for (let d = 0; d < days; d++) rate[d] = rate[d]! / mean;
  return rate;
}

/** g_k: expected bed time on day k after admission, by Simpson's rule on 16 panels per day. */
export function dailyBedTime(shape: LosShape, meanLos: number, days: number): Float64Array {
  const survival = losSurvival(shape, meanLos);
  const g = new Float64Array(days);
  const panels = 16;
  const h = 1 / panels;
  // Stays longer than ten years are negligible for any LoS the schema admits.
  for (let k = 0; k < 10 * days; k++) {
    let integral = 0;
    for (let i = 0; i <= panels; i++) {
      const weight = i === 0 || i === panels ? 1 : i % 2 === 1 ? 4 : 2;
      integral += weight * survival(k + i * h);
    }
    integral *= h / 3;
    g[k % days]! += integral;
    if (survival(k + 1) < 1e-10) break;
  }
  // Rescale so sum g_k equals the mean exactly: Little's law must hold to rounding, not to quadrature error.
  let sum = 0;
  for (const v of g) sum += v;
  if (sum > 0) for (let k = 0; k < days; k++) g[k] = (g[k]! * meanLos) / sum;
  return g;
}

/**
 * The expected census on each day per admission-per-day of mean arrival rate: multiply by
 * (annual admissions / days) for the census itself. Its mean over the year is the mean LoS.
 */
export function censusPerUnitArrivalRate(arrivals: Float64Array, bedTime: Float64Array): Float64Array {
  const days = arrivals.length;
  const census = new Float64Array(days);
  for (let k = 0; k < days; k++) {
    const gk = bedTime[k]!;
    if (gk === 0) continue;
    for (let d = 0; d < days; d++) {
      const from = d - k;
      census[d]! += arrivals[from >= 0 ? from : from + days]! * gk;
    }
  }
  return census;
}
