/**
 * From per-iteration figures to the published result: distributions per option x scope x year,
 * paired differences from the baseline option (taken per iteration, then summarised), and a bed
 * bridge from today's beds to each year's requirement.
 *
 * Iterations are kept in blocks of consecutive indices. Merging blocks in index order gives the
 * very array one single pass would have produced, so any split into shards summarises to the same
 * bits.
 */
import { type CompiledScenario, METRICS, type Metric, simulateIterationInto, valueIndex } from './engine.js';
import { MONTH_NAMES, type Months, monthsOfCell, type SummaryShare, summaryShare } from './engine-months.js';
import { type Distribution, summarise } from './summary.js';

export { MONTH_NAMES, type Months, type SummaryShare, summaryShare };

export interface IterationBlock {
  first: number;
  count: number;
  /** count x stride figures, iteration-major. */
  values: Float64Array;
}

export function simulateBlock(c: CompiledScenario, seed: number, first: number, count: number): IterationBlock {
  return { first, count, values: simulateBlockInto(c, seed, first, count, new Float64Array(count * c.stride)) };
}

/** simulateBlock's figures written into `values` (count x stride; what it held is overwritten). */
export function simulateBlockInto(
  c: CompiledScenario,
  seed: number,
  first: number,
  count: number,
  values: Float64Array,
): Float64Array {
  if (values.length !== count * c.stride)
    throw new RangeError(`values must hold ${count * c.stride} figures, has ${values.length}`);
  values.fill(0);
  for (let i = 0; i < count; i++)
    simulateIterationInto(c, seed, first + i, values.subarray(i * c.stride, (i + 1) * c.stride));
  return values;
}

/** Joins blocks into one, in iteration order; they must tile a contiguous range. */
export function mergeBlocks(blocks: readonly IterationBlock[]): IterationBlock {
  const sorted = [...blocks].sort((a, b) => a.first - b.first);
  if (sorted.length === 0) throw new RangeError('no blocks to merge');
  const total = sorted.reduce((n, b) => n + b.count, 0);
  const stride = sorted[0]!.values.length / Math.max(1, sorted[0]!.count);
  const values = new Float64Array(total * stride);
  let next = sorted[0]!.first;
  let offset = 0;
  for (const b of sorted) {
    if (b.first !== next) throw new RangeError(`blocks do not tile: expected iteration ${next}, got ${b.first}`);
    values.set(b.values, offset);
    offset += b.values.length;
    next += b.count;
  }
  return { first: sorted[0]!.first, count: total, values };
}

export type Method = 'occupancy' | 'risk';
const BED_METRIC: Record<Method, Metric> = { occupancy: 'bedsOccupancy', risk: 'bedsRisk' };

export interface CellSummary {
  option: string;
  /** A site id, or "system". */
  scope: string;
  year: string;
  capacity: number;
  admissions: Distribution;
  emergencyAdmissions: Distribution;
  bedDays: Distribution;
  meanOccupied: Distribution;
  bedsRequired: Record<Method, Distribution>;
  /** Beds required minus capacity: positive is a shortfall. */
  gap: Record<Method, Distribution>;
  /** Share of iterations in which the beds required exceed capacity. */
  probabilityShortfall: Record<Method, number>;
  /** Protected admissions (emergency, or all at an elective centre) finding no bed at current capacity. */
  turnedAway: Distribution;
  /** Loss model: expected days (site-days for the system) on which every bed is busy. */
  daysFull: Distribution;
  /** Expected days (site-days for the system) on which the census reaches capacity. */
  daysDemandAtOrAboveCapacity: Distribution;
  /** This option minus the baseline option, iteration by iteration; absent for the baseline. */
  differenceFromBaseline?: {
    bedDays: Distribution;
    bedsRequired: Record<Method, Distribution>;
    /** Share of iterations in which this option needs fewer beds than the baseline. */
    probabilityFewerBeds: Record<Method, number>;
  };
  /** System cells only: beds short where they happen, beside the netted system gap. */
  shortfall?: Shortfall;
  /** Month by month, January..December. */
  months: Months;
}

/**
 * The figures of a cell, the one list of them: the order CSV rows and JSON keys come in, the
 * results' metric filter (api/results-view.ts), the CLI's compare.
 */
export const CELL_METRICS = [
  'admissions',
  'emergencyAdmissions',
  'bedDays',
  'meanOccupied',
  'bedsRequired',
  'gap',
  'probabilityShortfall',
  'turnedAway',
  'daysFull',
  'daysDemandAtOrAboveCapacity',
  'differenceFromBaseline',
  'shortfall',
  'months',
] as const satisfies readonly (keyof CellSummary)[];
export type CellMetric = (typeof CELL_METRICS)[number];

/**
 * The system's gap nets one site's spare beds against another's shortfall, which patients cannot
 * use: a bed free in one trust does not admit a patient who arrived at another. These figures add
 * up the shortfalls where they happen instead, iteration by iteration. Beds short at a scope are
 * max(0, beds required - capacity), in whole beds by either method.
 */
export interface Shortfall {
  /** Per iteration, the sum over sites of each site's beds short; at least max(0, system gap). */
  sumOverSites: Record<Method, Distribution>;
  /**
   * The same over bed pools (each declared pool on its own, a site without pools as one pool):
   * pools are ring-fenced, so a site's gap nets its pools the way the system's nets its sites.
   * At least sumOverSites; equal to it when no site declares pools.
   */
  sumOverPools: Record<Method, Distribution>;
  /** Share of iterations in which at least one site is short. */
  probabilityAnySiteShort: Record<Method, number>;
  /** Share of iterations in which at least one bed pool is short. */
  probabilityAnyPoolShort: Record<Method, number>;
  /** Each site, then each declared pool ("site/pool"): the share of iterations it is short. */
  byScope: { scope: string; probabilityShort: Record<Method, number> }[];
}

export interface BridgeStep {
  /** "today's beds", "gap today", "growth", an intervention id, "interaction", or "required". */
  step: string;
  kind: 'start' | 'change' | 'end';
  /** The median over iterations, named p50 as in every distribution (results schemaVersion 3; "median" before). */
  p50: number;
  p10: number;
  p90: number;
}

/** From today's beds to the horizon year's requirement, per option, scope and method. */
export interface Bridge {
  option: string;
  scope: string;
  year: string;
  method: Method;
  steps: BridgeStep[];
}

/**
 * The base year, observed against modelled: the check a planner makes before trusting any
 * projection. The model reproduces the observed bed days in every iteration (engine.ts), so the
 * two agree to rounding; largestDifference is the worst iteration.
 */
export interface Calibration {
  /** A site id, or "system". */
  scope: string;
  year: string;
  beds: number;
  /** The site's stated occupied beds, else its streams' observed bed days over the days in the year. */
  observedOccupiedBeds: number;
  /** Mean over iterations of the modelled base-year mean occupied beds (baseline option). */
  modelledOccupiedBeds: number;
  /** Largest |modelled - observed| over the iterations, in beds. */
  largestDifference: number;
  /** Occupied over available beds; absent where the scope has no beds. */
  observedOccupancy?: number;
  modelledOccupancy?: number;
}

export interface EngineResult {
  scenario: { id: string; name: string };
  seed: number;
  iterations: number;
  years: string[];
  sites: { id: string; name: string; role: string; pools?: { id: string; name: string; scope: string }[] }[];
  options: { id: string; name: string; interventions: string[] }[];
  baselineOption: string;
  cells: CellSummary[];
  bridges: Bridge[];
  /** Per site and for the system: the observed base year beside the modelled one. */
  calibration: Calibration[];
}

export function summariseEngine(c: CompiledScenario, seed: number, block: IterationBlock): EngineResult {
  const parts: ScopeSummary[] = [];
  const shared = summaryShare();
  for (let s = 0; s < c.scopeCount; s++) parts.push(summariseScope(c, block, s, shared));
  return assembleEngineResult(c, seed, block.count, parts);
}

/**
 * One scope's share of the result (a site, or the system): its cells and bridges, each with its
 * place in the result's order. Each part reads only the block (the system's also reads the sites'
 * and pools' beds, for its shortfalls), never another part, so scopes can be summarised apart (by
 * several activities at once) and assembled into the very result one pass gives.
 */
export interface ScopeSummary {
  scope: number;
  calibration: Calibration;
  cells: { at: number; cell: CellSummary }[];
  bridges: { at: number; bridges: Bridge[] }[];
}

export function summariseScope(
  c: CompiledScenario,
  block: IterationBlock,
  s: number,
  /**
   * Given when the caller summarises several scopes of one block: what one scope's part works out
   * for all (each pool's months, once for its site, its own scope and the system) is kept for the
   * others. The part is the same without it.
   */
  shared?: SummaryShare,
): ScopeSummary {
  if (!Number.isInteger(s) || s < 0 || s >= c.scopeCount)
    throw new RangeError(`scope must be a whole number in [0, ${c.scopeCount}), got ${s}`);
  const n = block.count;
  const { scenario, years } = c;
  const scopeId = c.scopeIds[s]!;
  const bySeries = scopeSeries(c, block, s);
  const series = (variant: number, scope: number, year: number, metric: Metric): Float64Array => {
    if (scope !== s) throw new RangeError(`scope ${s}'s summary read scope ${scope}`);
    const k = (variant * years.length + year) * METRICS.length + METRICS.indexOf(metric);
    return bySeries.subarray(k * n, (k + 1) * n);
  };
  const dist = (xs: Float64Array) => summarise(xs);
  // Plain loops: map and reduce with a closure per value were a tenth of the summary's time.
  const minus = (a: Float64Array, b: Float64Array | number) => {
    const out = new Float64Array(a.length);
    if (typeof b === 'number') for (let i = 0; i < a.length; i++) out[i] = a[i]! - b;
    else for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
    return out;
  };
  const share = (xs: Float64Array, test: (x: number) => boolean) => {
    let k = 0;
    for (let i = 0; i < xs.length; i++) if (test(xs[i]!)) k += 1;
    return k / n;
  };
  const methods: Method[] = ['occupancy', 'risk'];

  const part: ScopeSummary = { scope: s, calibration: calibration(c, series, s, scopeId), cells: [], bridges: [] };
  // The result puts cells back in option-major order.
  const T = years.length;
  years.forEach((year, t) => {
    scenario.options.forEach((option, o) => {
      const v = c.optionVariants[o]!;
      const isBaseline = option.id === scenario.baselineOption;
      const capacity = c.capacity[v]![s]![t]!;
      const beds = Object.fromEntries(methods.map((m) => [m, series(v, s, t, BED_METRIC[m])])) as Record<
        Method,
        Float64Array
      >;
      const cell = {
        option: option.id,
        scope: scopeId,
        year,
        capacity,
        admissions: dist(series(v, s, t, 'admissions')),
        emergencyAdmissions: dist(series(v, s, t, 'emergencyAdmissions')),
        bedDays: dist(series(v, s, t, 'bedDays')),
        meanOccupied: dist(series(v, s, t, 'meanOccupied')),
        bedsRequired: { occupancy: dist(beds.occupancy), risk: dist(beds.risk) },
        gap: { occupancy: dist(minus(beds.occupancy, capacity)), risk: dist(minus(beds.risk, capacity)) },
        probabilityShortfall: {
          occupancy: share(beds.occupancy, (x) => x > capacity),
          risk: share(beds.risk, (x) => x > capacity),
        },
        turnedAway: dist(series(v, s, t, 'turnedAway')),
        daysFull: dist(series(v, s, t, 'daysFull')),
        daysDemandAtOrAboveCapacity: dist(series(v, s, t, 'daysDemandAtOrAboveCapacity')),
      } as CellSummary;
      if (!isBaseline) {
        const b = c.baselineVariant;
        const diff = Object.fromEntries(
          methods.map((m) => [m, minus(beds[m], series(b, s, t, BED_METRIC[m]))]),
        ) as Record<Method, Float64Array>;
        cell.differenceFromBaseline = {
          bedDays: dist(minus(series(v, s, t, 'bedDays'), series(b, s, t, 'bedDays'))),
          bedsRequired: { occupancy: dist(diff.occupancy), risk: dist(diff.risk) },
          probabilityFewerBeds: {
            occupancy: share(diff.occupancy, (x) => x < 0),
            risk: share(diff.risk, (x) => x < 0),
          },
        };
      }
      if (s === c.scopeCount - 1) cell.shortfall = shortfall(c, block, v, t);
      cell.months = monthsOfCell(c, block, s, v, t, shared);
      const at = (o * c.scopeCount + s) * T + t;
      part.cells.push({ at, cell });
      // The bridge runs from today's beds to the horizon, as the waterfall in the report does.
      if (t === T - 1)
        part.bridges.push({
          at,
          bridges: methods.map((method) => bridge(c, series, option.id, o, s, scopeId, t, method)),
        });
    });
  });
  return part;
}

/**
 * One scope's figures, series by series: [variant][year][metric][iteration], each series a
 * contiguous run of block.count values. The block holds them iteration by iteration, a series'
 * values a whole row (stride figures, 11 KB for the SEL preset) apart, so reading a series
 * straight from it missed the cache and the TLB on every value: 40% of the summary's time. Here
 * the block is read a tile of rows at a time, and each series gets a cache line per tile.
 */
function scopeSeries(c: CompiledScenario, block: IterationBlock, s: number): Float64Array {
  const n = block.count;
  const { stride } = c;
  const values = block.values;
  const perVariant = c.years.length * METRICS.length; // consecutive figures of a variant's scope
  const variants = c.variants.length;
  const out = new Float64Array(variants * perVariant * n);
  for (let i0 = 0; i0 < n; i0 += SERIES_TILE) {
    const i1 = Math.min(n, i0 + SERIES_TILE);
    for (let v = 0; v < variants; v++) {
      const from = valueIndex(c, v, s, 0, 0);
      for (let j = 0; j < perVariant; j++) {
        const to = (v * perVariant + j) * n;
        for (let i = i0; i < i1; i++) out[to + i] = values[i * stride + from + j]!;
      }
    }
  }
  return out;
}

/** Rows per tile: a tile's reads (about 15 KB for the SEL preset) stay in the L1 cache. */
const SERIES_TILE = 16;

/**
 * The system's shortfalls where they happen, for one variant and year, read straight from the
 * block: every site and declared pool, iteration by iteration, in scope order (so the sums are
 * the same bits however the summary is split).
 */
function shortfall(c: CompiledScenario, block: IterationBlock, v: number, t: number): Shortfall {
  const n = block.count;
  const { stride } = c;
  const values = block.values;
  const sites = c.scenario.sites.length;
  const scopes = c.scopeCount - 1; // every scope but the system
  // Each pool's own figures: its declared scope, else its site's (a site of one pool).
  const poolSeries = c.pools.map((p, u) => (c.poolScope[u]! >= 0 ? c.poolScope[u]! : p.site));
  const short = new Float64Array(scopes);
  const result = {
    sumOverSites: {},
    sumOverPools: {},
    probabilityAnySiteShort: {},
    probabilityAnyPoolShort: {},
  } as Omit<Shortfall, 'byScope'>;
  const shortShare: Record<Method, Float64Array> = {
    occupancy: new Float64Array(scopes),
    risk: new Float64Array(scopes),
  };
  for (const method of ['occupancy', 'risk'] as const) {
    const metric = METRICS.indexOf(BED_METRIC[method]);
    const bySite = new Float64Array(n);
    const byPool = new Float64Array(n);
    let anySite = 0;
    let anyPool = 0;
    const counts = shortShare[method];
    for (let i = 0; i < n; i++) {
      const row = i * stride;
      for (let k = 0; k < scopes; k++) {
        const x = values[row + valueIndex(c, v, k, t, metric)]! - c.capacity[v]![k]![t]!;
        short[k] = x > 0 ? x : 0;
        if (x > 0) counts[k]! += 1;
      }
      let siteSum = 0;
      let siteShort = false;
      for (let k = 0; k < sites; k++) {
        siteSum += short[k]!;
        if (short[k]! > 0) siteShort = true;
      }
      let poolSum = 0;
      let poolShort = false;
      for (const k of poolSeries) {
        poolSum += short[k]!;
        if (short[k]! > 0) poolShort = true;
      }
      bySite[i] = siteSum;
      byPool[i] = poolSum;
      if (siteShort) anySite += 1;
      if (poolShort) anyPool += 1;
    }
    result.sumOverSites[method] = summarise(bySite);
    result.sumOverPools[method] = summarise(byPool);
    result.probabilityAnySiteShort[method] = anySite / n;
    result.probabilityAnyPoolShort[method] = anyPool / n;
  }
  return {
    ...result,
    byScope: Array.from({ length: scopes }, (_, k) => ({
      scope: c.scopeIds[k]!,
      probabilityShort: { occupancy: shortShare.occupancy[k]! / n, risk: shortShare.risk[k]! / n },
    })),
  };
}

/** The result from every scope's part, in any order; fails unless each scope is there once. */
export function assembleEngineResult(
  c: CompiledScenario,
  seed: number,
  iterations: number,
  parts: readonly ScopeSummary[],
): EngineResult {
  const seen = new Set(parts.map((p) => p.scope));
  if (parts.length !== c.scopeCount || seen.size !== c.scopeCount) {
    throw new RangeError(
      `need one part for each of ${c.scopeCount} scopes, got scopes [${parts.map((p) => p.scope).join(', ')}]`,
    );
  }
  const cellAt: CellSummary[] = [];
  const bridgesAt: Bridge[][] = [];
  for (const part of parts) {
    for (const { at, cell } of part.cells) cellAt[at] = cell;
    for (const { at, bridges } of part.bridges) bridgesAt[at] = bridges;
  }
  const { scenario, years } = c;
  return {
    scenario: { id: scenario.id, name: scenario.name },
    seed,
    iterations,
    years,
    sites: scenario.sites.map((s, i) => ({
      id: s.id,
      name: s.name,
      role: s.role,
      // Declared pools only, each with the scope its cells and bridges carry.
      ...(s.pools
        ? {
            pools: c.pools.flatMap((p, u) =>
              p.site === i && p.declared ? [{ id: p.id, name: p.name, scope: c.scopeIds[c.poolScope[u]!]! }] : [],
            ),
          }
        : {}),
    })),
    options: scenario.options.map((o) => ({
      id: o.id,
      name: o.name,
      interventions: o.interventions.map((iv) => iv.id),
    })),
    baselineOption: scenario.baselineOption,
    cells: cellAt.filter((cell) => cell !== undefined),
    bridges: bridgesAt.filter((group) => group !== undefined).flat(),
    calibration: [...parts].sort((a, b) => a.scope - b.scope).map((p) => p.calibration),
  };
}

function calibration(
  c: CompiledScenario,
  series: (variant: number, scope: number, year: number, metric: Metric) => Float64Array,
  s: number,
  scope: string,
): Calibration {
  const observed = c.scopeObservedOccupied[s]!;
  const modelled = series(c.baselineVariant, s, 0, 'meanOccupied');
  let sum = 0;
  let largest = 0;
  for (const x of modelled) {
    sum += x;
    largest = Math.max(largest, Math.abs(x - observed));
  }
  const mean = sum / modelled.length;
  const beds = c.capacity[c.baselineVariant]![s]![0]!;
  return {
    scope,
    year: c.years[0]!,
    beds,
    observedOccupiedBeds: observed,
    modelledOccupiedBeds: mean,
    largestDifference: largest,
    ...(beds > 0 ? { observedOccupancy: observed / beds, modelledOccupancy: mean / beds } : {}),
  };
}

/**
 * Today's beds -> the gap today -> growth to this year -> each lever alone -> the interaction of
 * the levers -> beds required. Capacity changes have no step: they move capacity (shown in the
 * gap), never the beds required. Each change is taken per iteration and summarised; the
 * interaction is whatever the levers do together beyond the sum of their separate effects, shown
 * rather than spread over them. The steps' medians need not add up (medians do not), their
 * per-iteration values do.
 */
function bridge(
  c: CompiledScenario,
  series: (variant: number, scope: number, year: number, metric: Metric) => Float64Array,
  optionId: string,
  o: number,
  s: number,
  scope: string,
  t: number,
  method: Method,
): Bridge {
  const metric = BED_METRIC[method];
  const b = c.baselineVariant;
  const today = c.capacity[b]![s]![0]!;
  const baseYear = series(b, s, 0, metric);
  const baselineNow = series(b, s, t, metric);
  const optionNow = series(c.optionVariants[o]!, s, t, metric);
  const step = (name: string, kind: BridgeStep['kind'], xs: Float64Array | number): BridgeStep => {
    if (typeof xs === 'number') return { step: name, kind, p50: xs, p10: xs, p90: xs };
    const d = summarise(xs);
    return { step: name, kind, p50: d.p50, p10: d.p10, p90: d.p90 };
  };
  const steps: BridgeStep[] = [
    step("today's beds", 'start', today),
    step(
      'gap today',
      'change',
      baseYear.map((x) => x - today),
    ),
    step(
      'growth',
      'change',
      baselineNow.map((x, i) => x - baseYear[i]!),
    ),
  ];
  const leverSum = new Float64Array(baselineNow.length);
  const option = c.scenario.options[o]!;
  const baselineIds = new Set(
    c.scenario.options.find((x) => x.id === c.scenario.baselineOption)!.interventions.map((iv) => iv.id),
  );
  const levers = option.interventions.filter((iv) => !baselineIds.has(iv.id) && iv.type !== 'capacityChange');
  for (const iv of levers) {
    const alone = series(c.leverVariants.get(iv.id)!, s, t, metric);
    const effect = alone.map((x, i) => x - baselineNow[i]!);
    effect.forEach((x, i) => (leverSum[i]! += x));
    steps.push(step(iv.id, 'change', effect));
  }
  if (levers.length > 1) {
    steps.push(
      step(
        'interaction',
        'change',
        optionNow.map((x, i) => x - baselineNow[i]! - leverSum[i]!),
      ),
    );
  }
  steps.push(step('required', 'end', optionNow));
  return { option: optionId, scope, year: c.years[t]!, method, steps };
}
