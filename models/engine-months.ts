/**
 * Cells month by month: each pool's beds required in each month, by both methods, summed over a
 * scope's pools as the year's beds are, and summarised per cell.
 *
 * A month is a function of the pool's yearly mean census L, which the block holds (engine.ts,
 * MonthFunctions): its bed days are L x the month's census days, its risk beds a threshold lookup
 * on the month's own points. So the iteration block needs no figure per month.
 *
 * The work is 24 figures per pool, iteration and cell, and every pool counts for its site, its
 * own scope (a declared pool) and the system. Summarised one scope at a time, the system's part
 * would do every pool's again; with a SummaryShare (a caller summarising several scopes of one
 * block), the first part to ask for a (variant, year) works out every scope's months at once,
 * each pool once, and keeps the small summaries for the others. Beds are whole numbers, so the
 * sums over pools are exact in any order: the months are the same bits either way.
 */
import { type CompiledScenario, METRICS, valueIndex } from './engine.js';
import type { IterationBlock, Method } from './engine-summary.js';
import { bedsByOccupancy } from './occupancy-method.js';
import { type Distribution, summarise } from './summary.js';

export const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/**
 * The cell month by month: beds required in each month (a sum over the scope's pools, as the
 * year's are), the share of iterations in which a month needs more than the year's capacity, and
 * the peak. Occupancy method: the month's bed days / (days in the month x target occupancy),
 * rounded up; risk method: the fewest beds meeting the risk target within the month.
 */
export interface Months {
  bedsRequired: Record<Method, Distribution[]>;
  probabilityShortfall: Record<Method, number[]>;
  /**
   * The month with the most beds required on average (ties: the earliest), 0 = January; and per
   * iteration the most beds any month needs.
   */
  peak: Record<Method, { month: number; beds: Distribution }>;
}

/** Months already worked out for a block, by variant x year, then by scope. */
export interface SummaryShare {
  months: Map<number, Months[]>;
}

export function summaryShare(): SummaryShare {
  return { months: new Map() };
}

/** One cell's months: from the share when given (every scope's at once), else its own pools only. */
export function monthsOfCell(
  c: CompiledScenario,
  block: IterationBlock,
  s: number,
  v: number,
  t: number,
  share: SummaryShare | undefined,
): Months {
  if (!share) return monthsOfScopes(c, block, [s], v, t)[0]!;
  const key = v * c.years.length + t;
  let all = share.months.get(key);
  if (!all) {
    all = monthsOfScopes(
      c,
      block,
      Array.from({ length: c.scopeCount }, (_, k) => k),
      v,
      t,
    );
    share.months.set(key, all);
  }
  return all[s]!;
}

/** 24 series per method and month, [method][month], of n values each. */
const SERIES = 24;

/** The months of the given scopes for one variant and year, each pool's series worked out once. */
function monthsOfScopes(
  c: CompiledScenario,
  block: IterationBlock,
  scopes: readonly number[],
  v: number,
  t: number,
): Months[] {
  const n = block.count;
  const { stride } = c;
  const values = block.values;
  const system = c.scopeCount - 1;
  const meanOccupied = METRICS.indexOf('meanOccupied');
  const policy = c.scenario.bedPolicy;
  // Each scope's sums, then one pool's series, its loads and a peak.
  const scratch = monthScratch((scopes.length + 1) * SERIES * n + 2 * n);
  scratch.fill(0, 0, scopes.length * SERIES * n);
  const sums = (k: number) => scratch.subarray(k * SERIES * n, (k + 1) * SERIES * n);
  const pool = scratch.subarray(scopes.length * SERIES * n, (scopes.length + 1) * SERIES * n);
  const loads = scratch.subarray((scopes.length + 1) * SERIES * n, (scopes.length + 1) * SERIES * n + n);
  const peak = scratch.subarray((scopes.length + 1) * SERIES * n + n, (scopes.length + 1) * SERIES * n + 2 * n);
  for (let u = 0; u < c.pools.length; u++) {
    const f = c.atCapacity[v]![u]![t];
    if (!f) continue; // no activity: no beds in any month
    const site = c.pools[u]!.site;
    const own = c.poolScope[u]!;
    const into: number[] = [];
    scopes.forEach((scope, k) => {
      if (scope === system || scope === site || scope === own) into.push(k);
    });
    if (into.length === 0) continue;
    const at = valueIndex(c, v, own >= 0 ? own : site, t, meanOccupied);
    for (let i = 0; i < n; i++) loads[i] = values[i * stride + at]!;
    const target = c.scenario.sites[site]!.targetOccupancy ?? policy.targetOccupancy;
    const { censusDays, days, bedsRisk } = f.months;
    pool.fill(0);
    for (let m = 0; m < 12; m++) {
      const occupancy = pool.subarray(m * n, (m + 1) * n);
      const bedDaysPerCensus = censusDays[m]!;
      const monthDays = days[m]!;
      for (let i = 0; i < n; i++) occupancy[i] = bedsByOccupancy(loads[i]! * bedDaysPerCensus, target, monthDays);
      bedsRisk[m]!.addInto(loads, pool.subarray((12 + m) * n, (13 + m) * n));
    }
    for (const k of into) {
      const sum = sums(k);
      for (let j = 0; j < SERIES * n; j++) sum[j]! += pool[j]!;
    }
  }
  return scopes.map((scope, k) => summariseMonths(sums(k), n, c.capacity[v]![scope]![t]!, peak));
}

/** A scope's months from its 24 series (each method's 12 months in turn); `peak` is scratch. */
function summariseMonths(series: Float64Array, n: number, capacity: number, peak: Float64Array): Months {
  const summary = (method: number) => {
    const month = (m: number) => series.subarray((12 * method + m) * n, (12 * method + m + 1) * n);
    peak.set(month(0));
    const probability: number[] = [];
    const distributions: Distribution[] = [];
    let top = 0;
    for (let m = 0; m < 12; m++) {
      const xs = month(m);
      let short = 0;
      for (let i = 0; i < n; i++) {
        const x = xs[i]!;
        if (x > capacity) short += 1;
        if (x > peak[i]!) peak[i] = x;
      }
      probability.push(short / n);
      distributions.push(summarise(xs));
      if (distributions[m]!.mean > distributions[top]!.mean) top = m;
    }
    return { distributions, probability, peak: { month: top, beds: summarise(peak) } };
  };
  const o = summary(0);
  const r = summary(1);
  return {
    bedsRequired: { occupancy: o.distributions, risk: r.distributions },
    probabilityShortfall: { occupancy: o.probability, risk: r.probability },
    peak: { occupancy: o.peak, risk: r.peak },
  };
}

/**
 * One array for the months' series, grown as needed: fresh arrays per cell came to megabytes
 * each, outside the heap, which sets off full collections (see summary.ts). Safe to share:
 * monthsOfScopes never returns it or yields while it is in use.
 */
let monthValues = new Float64Array(0);
function monthScratch(size: number): Float64Array {
  if (monthValues.length < size) monthValues = new Float64Array(size);
  return monthValues;
}
