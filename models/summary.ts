/**
 * Summaries of per-iteration values: mean, the percentiles bedcast reports, and the Monte Carlo
 * standard error of the mean. Percentiles use simple-statistics' quantileSorted on the full
 * sorted sample, so integer bed counts give exact integer-valued percentiles.
 */
import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { sortInto } from './sort-numbers.js';

export const REPORTED_PERCENTILES = [5, 10, 25, 50, 75, 90, 95] as const;

export interface Distribution {
  mean: number;
  /** Monte Carlo standard error of the mean: sample sd / sqrt(n); 0 for a single iteration. */
  mcse: number;
  p5: number;
  p10: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  p95: number;
}

export function summarise(values: readonly number[] | Float64Array): Distribution {
  if (values.length === 0) throw new RangeError('cannot summarise zero iterations');
  // simple-statistics reads its input by index only, so it takes the sorted typed array as it
  // is (its types ask for number[]).
  const arr = sortInto(values, sortScratch(values.length)) as unknown as number[];
  const q = (p: number) => quantileSorted(arr, p / 100);
  return {
    mean: mean(arr),
    mcse: arr.length > 1 ? sampleStandardDeviation(arr) / Math.sqrt(arr.length) : 0,
    p5: q(5),
    p10: q(10),
    p25: q(25),
    p50: q(50),
    p75: q(75),
    p90: q(90),
    p95: q(95),
  };
}

/**
 * One array for every summary's sorted values, grown as needed: a run's summary sorts thousands
 * of series, and a fresh array for each (150 MB outside the heap for 10,000 SEL iterations) set
 * off full collections, dear in a worker process whose heap holds the Temporal SDK. Safe to
 * share: summarise never returns it or yields while it is in use.
 */
let sorted = new Float64Array(0);
function sortScratch(n: number): Float64Array {
  if (sorted.length < n) sorted = new Float64Array(Math.max(n, 2 * sorted.length));
  return sorted.subarray(0, n);
}

/** Share of iterations for which the predicate holds. */
export function probability(values: readonly number[], predicate: (v: number) => boolean): number {
  let hits = 0;
  for (const v of values) if (predicate(v)) hits += 1;
  return hits / values.length;
}
