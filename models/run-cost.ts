/**
 * What a run will cost, known before it starts: a pure function of the validated scenario's
 * structure (variants, sites, years, streams and the census the risk method will sweep) and the
 * iterations. The API refuses a run above its budget with the drivers named, and flags inputs
 * that validate but cannot describe a hospital (a census past any ward's size, growth that
 * multiplies demand a hundredfold), naming the field, because those are what make one iteration
 * run for many seconds (issue 15: `"ratePerYear": 1` meant as 1% gave 24 s an iteration).
 *
 * Built on the scenario rather than on engine internals, which move: the estimate only needs to
 * be right within a small factor, and the bench (`npm run bench -- --cost`) prints it beside the
 * measured time for the cases it was calibrated on.
 */
import { baseYearBedDays, type Intervention, type Scenario, VALID_RANGES } from './scenario.js';
import { centralValue, type Uncertain } from './uncertain.js';

/** The schema's largest bed base of a site: a projected census beyond it is no hospital's. */
export const MAX_PLAUSIBLE_CENSUS = 20_000;
/** Growth that multiplies a stream's demand more than this over the horizon is taken for a typo. */
export const MAX_PLAUSIBLE_GROWTH_FACTOR = 100;

/**
 * Seconds of one core per unit, calibrated with `npm run bench:cost` on this 2-core machine
 * (Node 20, tsx), 2026-12-01, which prints the estimate beside the measured time:
 * - PER_CELL: one (variant, site, year) cell of an iteration at a small census, with its share
 *   of drawing and bookkeeping: after warm-up SEL STP 2016 (150 cells) took 0.36 ms an
 *   iteration and the small hospital (12 cells) 0.07 ms;
 * - WARM_UP_PER_CELL: the first iterations of a process fill each cell's risk lookup: SEL took
 *   0.69 s for its first 100 iterations against 0.04 s at the later pace, about 4 ms a cell;
 * - PER_CENSUS_BED: a cell's risk lookup grows with its census, and faster once the census has
 *   grown away from the base-year scale its lookup was set up at, or passes some 10,000 beds
 *   where each exact threshold is a long Erlang recursion: one site doubling every year for 11
 *   years from a census of 130 took 1.6 s an iteration (the issue's typo, two sites and three
 *   variants, 7 s), a matched census of 100,000 took 12.6 ms a cell, 30,000 took 3.1 ms;
 * - PER_FIGURE_LOG: the summary sorts every figure over the iterations: SEL's 5,000 iterations
 *   took 0.65 s to summarise.
 * It errs within about a factor of 3 either way on those cases, high where the census is large
 * but steady.
 */
export const SECONDS_PER_CELL = 2.5e-6;
export const SECONDS_WARM_UP_PER_CELL = 4e-3;
export const SECONDS_PER_CENSUS_BED = 9e-9;
export const SECONDS_PER_FIGURE_LOG = 4.0e-9;
/** Census at which a lookup's exact thresholds start to dominate even at its own scale. */
const LARGE_CENSUS = 10_000;
/** Figures a cell stores per iteration (engine METRICS): the summary's work. */
const FIGURES_PER_CELL = 8;

/**
 * The default budget: 30 minutes of one core, 15 of both on the 2-core machine bedcast is sized
 * for. SEL STP 2016 at 100,000 iterations is estimated at about 4 minutes; the issue's 100-site,
 * 1,000-stream, 30-year, 20-option scenario at 100,000 iterations at days.
 */
export const DEFAULT_MAX_RUN_CORE_SECONDS = 1800;

/** A field the estimate flags, by its path in the scenario (as zod paths are). */
export interface CostFinding {
  path: (string | number)[];
  detail: string;
}

export interface RunCostEstimate {
  /** Core-seconds of the whole run: simulation and summary. */
  coreSeconds: number;
  /** Core-seconds of one iteration's simulation. */
  secondsPerIteration: number;
  iterations: number;
  variants: number;
  sites: number;
  years: number;
  streams: number;
  /** The largest projected mean census of any site and year, and where. */
  peakCensus: { site: string; year: string; census: number };
  /** Inputs that validate but describe no hospital: refused by the same rule as the budget. */
  implausible: CostFinding[];
}

const upper = (u: Uncertain) => (typeof u === 'number' ? u : u.p90);

/** The engine's variants: the options, and "baseline + one intervention" for the bed bridge. */
export function variantCount(scenario: Scenario): number {
  const keys = new Set<string>();
  const key = (ivs: readonly Intervention[]) =>
    ivs
      .map((iv) => iv.id)
      .sort()
      .join('+');
  const baseline = scenario.options.find((o) => o.id === scenario.baselineOption)?.interventions ?? [];
  for (const o of scenario.options) keys.add(key(o.interventions));
  for (const o of scenario.options)
    for (const iv of o.interventions) {
      if (iv.type === 'capacityChange' || baseline.some((b) => b.id === iv.id)) continue;
      keys.add(key([...baseline, iv]));
    }
  return keys.size;
}

function matches(stream: Scenario['streams'][number], t: Scenario['growth'][number]['appliesTo']): boolean {
  return (
    (!t.sites || t.sites.includes(stream.site)) &&
    (!t.pathways || t.pathways.includes(stream.pathway)) &&
    (!t.segments || (stream.segment !== undefined && t.segments.includes(stream.segment)))
  );
}

export function estimateRunCost(scenario: Scenario, iterations: number): RunCostEstimate {
  const T = scenario.years.length;
  const days = scenario.daysPerYear;
  const implausible: CostFinding[] = [];

  scenario.growth.forEach((g, i) => {
    const rate = upper(g.ratePerYear);
    const factor = (1 + rate) ** (T - 1);
    if (factor > MAX_PLAUSIBLE_GROWTH_FACTOR) {
      implausible.push({
        path: ['growth', i, 'ratePerYear', ...(typeof g.ratePerYear === 'number' ? [] : ['p90'])],
        detail: `a growth rate of ${rate} a year (${Math.round(rate * 100)}%) multiplies demand ${formatFactor(factor)}-fold over ${T - 1} years; rates are fractions (0.01 is 1% a year)`,
      });
    }
  });

  // Central census per site and year (levers only take activity away, so they are left out),
  // and the upper census for plausibility, from each stream's admissions, growth and LoS.
  const siteIndex = new Map(scenario.sites.map((s, i) => [s.id, i]));
  const central = scenario.sites.map(() => new Float64Array(T));
  const high = scenario.sites.map(() => new Float64Array(T));
  const biggest = scenario.sites.map(() => ({ stream: -1, census: 0 }));
  scenario.streams.forEach((stream, k) => {
    const s = siteIndex.get(stream.site);
    if (s === undefined) return;
    const drivers = scenario.growth.filter((g) => matches(stream, g.appliesTo));
    // The base year is observed (engine.ts): its bed days are the stream's whatever LoS is drawn,
    // so only growth moves the census from there.
    const baseBedDays = baseYearBedDays(stream);
    for (let t = 0; t < T; t++) {
      let gc = 1;
      let gh = 1;
      for (const d of drivers) {
        gc *= (1 + centralValue(d.ratePerYear, VALID_RANGES.growthRate)) ** t;
        gh *= (1 + Math.min(VALID_RANGES.growthRate.max, upper(d.ratePerYear))) ** t;
      }
      central[s]![t]! += (baseBedDays * gc) / days;
      high[s]![t]! += (baseBedDays * gh) / days;
    }
    const own = baseBedDays / days;
    if (own > biggest[s]!.census) biggest[s] = { stream: k, census: own };
  });

  let peak = { site: scenario.sites[0]!.id, year: scenario.years[0]!, census: 0 };
  scenario.sites.forEach((site, s) => {
    for (let t = 0; t < T; t++) {
      if (central[s]![t]! > peak.census) peak = { site: site.id, year: scenario.years[t]!, census: central[s]![t]! };
    }
    const t = high[s]!.reduce((best, v, i) => (v > high[s]![best]! ? i : best), 0);
    const census = high[s]![t]!;
    // Growth already named covers a census that only growth made implausible.
    const base = high[s]![0]!;
    if (census > MAX_PLAUSIBLE_CENSUS && (base > MAX_PLAUSIBLE_CENSUS || implausible.length === 0)) {
      const k = biggest[s]!.stream;
      implausible.push({
        path:
          k >= 0
            ? ['streams', k, scenario.streams[k]!.bedDaysPerYear !== undefined ? 'bedDaysPerYear' : 'admissionsPerYear']
            : ['sites', s],
        detail: `site ${site.id} would have a mean census of ${Math.round(census).toLocaleString('en-GB')} beds in ${scenario.years[t]} (more than ${MAX_PLAUSIBLE_CENSUS.toLocaleString('en-GB')}, the largest bed base a site can have)${k >= 0 ? `; stream ${scenario.streams[k]!.id} alone brings ${Math.round(biggest[s]!.census).toLocaleString('en-GB')}` : ''}`,
      });
    }
  });

  const variants = variantCount(scenario);
  let perIteration = 0;
  for (let s = 0; s < scenario.sites.length; s++) {
    const base = Math.max(1, central[s]![0]!);
    for (let t = 0; t < T; t++) {
      const census = central[s]![t]!;
      const spread = Math.max(1, census / base, census / LARGE_CENSUS);
      perIteration += SECONDS_PER_CELL + SECONDS_PER_CENSUS_BED * census * spread;
    }
  }
  perIteration *= variants;
  const warmUp = SECONDS_WARM_UP_PER_CELL * variants * scenario.sites.length * T;
  const partial = { variants, sites: scenario.sites.length, years: T };
  return {
    coreSeconds: warmUp + perIteration * iterations + summaryOf(partial, iterations),
    secondsPerIteration: perIteration,
    iterations,
    variants,
    sites: scenario.sites.length,
    years: T,
    streams: scenario.streams.length,
    peakCensus: peak,
    implausible,
  };
}

function formatFactor(x: number): string {
  return x >= 1e6 ? x.toExponential(1) : Math.round(x).toLocaleString('en-GB');
}

/**
 * What drives an estimate over a budget, and what would bring it under: for the 422's detail.
 * The largest iteration count that fits is exact for this model; the structure terms say what
 * else scales the cost.
 */
export function overBudgetAdvice(estimate: RunCostEstimate, budgetCoreSeconds: number): string {
  const fits = largestIterationsWithin(estimate, budgetCoreSeconds);
  const parts = [
    `the run is estimated at ${formatSeconds(estimate.coreSeconds)} of one core, over the budget of ${formatSeconds(budgetCoreSeconds)}`,
    `it grows with iterations (${estimate.iterations.toLocaleString('en-GB')}) x variants (${estimate.variants}: the options and one per lever for the bed bridge) x sites (${estimate.sites}) x years (${estimate.years}), and with the census the risk method sweeps (largest: ${Math.round(estimate.peakCensus.census).toLocaleString('en-GB')} beds at ${estimate.peakCensus.site} in ${estimate.peakCensus.year})`,
    fits > 0
      ? `at most ${fits.toLocaleString('en-GB')} iterations of this scenario fit; fewer options, sites or years also bring it under`
      : 'even one iteration of this scenario is over the budget: fewer options, sites or years, or a smaller census, bring it under',
  ];
  return parts.join('; ');
}

/** The most iterations whose estimate stays within the budget (0 when not even one does). */
export function largestIterationsWithin(estimate: RunCostEstimate, budgetCoreSeconds: number): number {
  const fixed =
    estimate.coreSeconds -
    summaryOf(estimate, estimate.iterations) -
    estimate.secondsPerIteration * estimate.iterations;
  const costOf = (n: number) => fixed + estimate.secondsPerIteration * n + summaryOf(estimate, n);
  if (costOf(1) > budgetCoreSeconds) return 0;
  let lo = 1;
  let hi = estimate.iterations;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (costOf(mid) <= budgetCoreSeconds) lo = mid;
    else hi = mid;
  }
  return costOf(hi) <= budgetCoreSeconds ? hi : lo;
}

function summaryOf(e: Pick<RunCostEstimate, 'variants' | 'sites' | 'years'>, iterations: number): number {
  const figures = e.variants * (e.sites + 1) * e.years * FIGURES_PER_CELL;
  return SECONDS_PER_FIGURE_LOG * iterations * figures * Math.log2(Math.max(2, iterations));
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 3600) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
