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
  // Typed arrays only (every series a summary takes): one array type keeps the counting loop fast.
  const counted = values instanceof Float64Array ? summariseWholeNumbers(values) : undefined;
  if (counted) return counted;
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

/**
 * The same summary, to the bit, for whole numbers in a narrow range (bed counts, gaps and
 * differences: most of the series a summary takes, 26 more per cell with months): from a count
 * of each value, without sorting. Every statistic is the sorted array's, taken in the same order
 * of operations: the sum of whole numbers below 2^53 is exact (so simple-statistics' compensated
 * sum is the plain one), the squared deviations are added one value at a time in ascending
 * order, and each percentile reads the values at its positions in the sorted order. Undefined
 * (sort instead) for anything else: a fraction, NaN, -0 (whose sign the sort keeps), a wide range.
 */
function summariseWholeNumbers(values: Float64Array): Distribution | undefined {
  const n = values.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    // Fails for NaN and fractions; -0 is whole but would come back as +0.
    if (Math.floor(x) !== x || (x === 0 && 1 / x < 0)) return undefined;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const range = max - min + 1;
  if (!(range <= 4 * n + 256) || n * Math.max(Math.abs(min), Math.abs(max)) >= 2 ** 52) return undefined;
  const count = countScratch(range);
  for (let i = 0; i < n; i++) count[values[i]! - min]! += 1;
  let total = 0;
  for (let k = 0; k < range; k++) total += (min + k) * count[k]!;
  const mean = total / n;
  let squares = 0;
  for (let k = 0; k < range; k++) {
    const d = min + k - mean;
    const dd = d * d;
    for (let c = count[k]!; c > 0; c--) squares += dd;
  }
  // The value at a position of the sorted order: a walk on from the last one asked (positions
  // come nearly in ascending order), back to the start if it lies behind.
  let k = 0;
  let below = 0; // values before value min + k in the sorted order
  const at = (position: number) => {
    if (position < below) {
      k = 0;
      below = 0;
    }
    while (below + count[k]! <= position) below += count[k++]!;
    return min + k;
  };
  const q = (p: number) => {
    // quantileSorted (simple-statistics): the type 7 quantile.
    const idx = (n - 1) * (p / 100);
    if (idx % 1 === 0) return at(idx);
    const lower = Math.floor(idx);
    const x = at(lower);
    return x + (idx - lower) * (at(Math.ceil(idx)) - x);
  };
  const p5 = q(5);
  const p10 = q(10);
  const p25 = q(25);
  const p50 = q(50);
  const p75 = q(75);
  const p90 = q(90);
  const p95 = q(95);
  return {
    mean,
    mcse: n > 1 ? Math.sqrt(squares / (n - 1)) / Math.sqrt(n) : 0,
    p5,
    p10,
    p25,
    p50,
    p75,
    p90,
    p95,
  };
}

/** Counts for summariseWholeNumbers, zeroed and grown as needed (as the sort array is). */
let counts = new Uint32Array(0);
function countScratch(range: number): Uint32Array {
  if (counts.length < range) counts = new Uint32Array(Math.max(range, 2 * counts.length));
  const view = counts.subarray(0, range);
  view.fill(0);
  return view;
}

/** Share of iterations for which the predicate holds. */
export function probability(values: readonly number[], predicate: (v: number) => boolean): number {
  let hits = 0;
  for (const v of values) if (predicate(v)) hits += 1;
  return hits / values.length;
}
