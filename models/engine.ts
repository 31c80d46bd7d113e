/**
 * The simulation engine. compileScenario does the per-scenario work once (years, variants,
 * capacities, census shapes); simulateIteration is then a pure function of (compiled scenario,
 * seed, iteration) that returns every figure of that iteration as one flat array.
 *
 * One iteration draws every uncertain parameter once from its named stream, then evaluates every
 * variant on those same draws (common random numbers). Variants are the scenario's options plus,
 * for the bed bridge, "baseline + one intervention" for each intervention an option uses.
 */
import { censusPerUnitArrivalRate, arrivalProfile, dailyBedTime } from './census-profile.js';
import { standardNormal } from './distributions.js';
import type { Activity } from './levers/activity.js';
import { capacityByYear } from './levers/capacity.js';
import { growthFactor } from './levers/growth.js';
import { applyLcnAvoidance } from './levers/lcn-admission-avoidance.js';
import { applyLosReduction } from './levers/los-reduction.js';
import { applyOrthopaedicConsolidation } from './levers/orthopaedic-consolidation.js';
import { rampByYear } from './levers/ramp.js';
import { streamMatches } from './levers/targets.js';
import { type BedPool, type PoolLayout, poolLayout } from './bed-pools.js';
import { bedsByOccupancy } from './occupancy-method.js';
import { namedStream } from './random-streams.js';
import {
  type CensusComponent,
  type CensusShape,
  buildCensusShape,
  daysAtOrOverCapacity,
  daysFull,
  shareTurnedAway,
} from './risk-method.js';
import { type RiskBedsLookup, riskBedsByThreshold, thresholdSpacing } from './risk-thresholds.js';
import {
  baseYearBedDays,
  EMERGENCY_PATHWAYS,
  type Intervention,
  type LosShape,
  type Scenario,
  scenarioSchema,
  type ScenarioInput,
  VALID_RANGES,
} from './scenario.js';
import {
  INSTANTS_PER_DAY,
  scheduledCensusPerUnitRate,
  WEEKDAY_LISTS,
  type WithinDayCensus,
} from './scheduled-census.js';
import { tabulatedPositive } from './smooth-table.js';
import { groupQuantity, type Uncertain, uncertainValue } from './uncertain.js';

export const METRICS = [
  'admissions',
  'emergencyAdmissions',
  'bedDays',
  'meanOccupied',
  'bedsOccupancy',
  'bedsRisk',
  'turnedAway',
  'daysFull',
  'daysDemandAtOrAboveCapacity',
] as const;
export type Metric = (typeof METRICS)[number];
const M = Object.fromEntries(METRICS.map((m, i) => [m, i])) as Record<Metric, number>;

const { growthRate: GROWTH_RANGE, share: SHARE_RANGE, losDays: LOS_RANGE, losFactor: LOS_FACTOR_RANGE } = VALID_RANGES;

export interface Variant {
  key: string;
  interventions: Intervention[];
  /** For each stream, the levers that act on it, in the order levers apply: fixed at compile. */
  steps: LeverStep[][];
}

/** One lever acting on one stream: which intervention, its ramp by year, and where movers go. */
interface LeverStep {
  type: 'lcnAdmissionAvoidance' | 'losReduction' | 'orthopaedicConsolidation';
  /** Index into CompiledScenario.interventions and into an iteration's intervention draws. */
  intervention: number;
  ramp: number[];
  /** Orthopaedic consolidation: the centres' pools and shares, and their LoS shape. */
  centrePools: number[];
  centreShares: number[];
  centreLosShape: LosShape | undefined;
}

export interface CompiledScenario {
  scenario: Scenario;
  years: string[];
  days: number;
  /**
   * Scope s < sites.length is a site; then come the pools sites declare (bed-pools.ts); the last,
   * scopeCount - 1, is the whole system.
   */
  scopeCount: number;
  /** Each scope's id in the results: a site id, "site/pool", or "system". */
  scopeIds: string[];
  /** The bed pools the risk method sizes: each site's declared pools, or one of all its beds. */
  pools: BedPool[];
  /** Each stream's pool, and each pool's own scope (-1 for a site's implicit pool). */
  streamPool: number[];
  poolScope: number[];
  /** Observed base-year mean occupied beds per scope, for the calibration section. */
  scopeObservedOccupied: number[];
  variants: Variant[];
  /** Index of each site by id; each stream's site index, whether it is emergency, and its growth drivers. */
  siteIndex: Map<string, number>;
  streamSite: number[];
  streamEmergency: boolean[];
  streamGrowthDrivers: number[][];
  /** Each stream's observed base-year bed days, which every iteration reproduces. */
  streamBaseBedDays: number[];
  /** Each site's local demand variation (sd of a year's log change; 0 for none). */
  siteVariationSd: number[];
  /** Every intervention once, by id. */
  interventions: Intervention[];
  /** Variant index of each option, in the scenario's order. */
  optionVariants: number[];
  baselineVariant: number;
  /** Variant index of "baseline + this intervention", by intervention id. */
  leverVariants: Map<string, number>;
  /** Beds by [variant][scope][year]; a site's is the sum of its pools', the system's of its sites'. */
  capacity: number[][][];
  /** Beds by [variant][pool][year]. */
  poolCapacity: number[][][];
  /** Census shape by [variant][pool][year]; undefined where the pool has no activity. */
  shapes: (CensusShape | undefined)[][][];
  /** Whether the risk method protects all arrivals (an elective centre) rather than emergencies, by [variant][pool][year]. */
  protectsAllArrivals: boolean[][][];
  /** Per [variant][pool][year], functions of the mean census (undefined where a pool has no activity). */
  atCapacity: (CellFunctions | undefined)[][][];
  stride: number;
}

/** Index of a metric in an iteration's flat array. */
export function valueIndex(c: CompiledScenario, variant: number, scope: number, year: number, metric: number): number {
  return ((variant * c.scopeCount + scope) * c.years.length + year) * METRICS.length + metric;
}

/**
 * What a cell needs per iteration, as functions of its mean census L. Risk beds are looked up
 * against threshold loads (risk-thresholds.ts), with bedsForRisk's answers. The turned-away
 * share and the days at capacity, at the cell's fixed capacity, are smooth in L: their logarithms are tabulated on a grid of spacing
 * sqrt(L_central) / 8 and interpolated by cubics, within 1e-5 of their value (about 5e-6 at
 * worst on the test fixture; tests/unit/risk-tables.test.ts checks it). Each grid node costs an
 * Erlang recursion per point of the shape, so the spacing trades warm-up time against an error far below what any
 * planning figure could notice.
 */
export interface CellFunctions {
  bedsRisk: (meanCensus: number) => number;
  /** Loss model (arrivals turned away when every bed is busy): the share turned away, and days full. */
  shareTurnedAway: (meanCensus: number) => number;
  daysFull: (meanCensus: number) => number;
  /** Unconstrained demand (nobody turned away): days on which demand meets or exceeds the beds. */
  daysDemandAtOrAboveCapacity: (meanCensus: number) => number;
  /** The cell month by month (January..December, as monthly profiles run). */
  months: MonthFunctions;
}

/**
 * What a cell's months need, as functions of its yearly mean census L: a month's bed days are
 * L x censusDays[m] (its points' levels times their days, from the unrounded shape, so a flat
 * profile gives every month the year's beds), over days[m] days; its risk beds are the fewest
 * meeting the risk target on the month's own points (the measure restricted to the month), by a
 * threshold lookup per (shape, month) that answers as the reference search does.
 */
export interface MonthFunctions {
  censusDays: Float64Array;
  days: Float64Array;
  bedsRisk: RiskBedsLookup[];
}

/** The points of month m (0 = January) of a shape, its arrival weights renormalised within it. */
export function monthShape(shape: CensusShape, m: number): CensusShape {
  const level = shape.level.slice(7 * m, 7 * m + 7);
  const days = shape.days.slice(7 * m, 7 * m + 7);
  const weight = shape.arrivalWeight.slice(7 * m, 7 * m + 7);
  const total = weight.reduce((a, b) => a + b, 0);
  const dayTotal = days.reduce((a, b) => a + b, 0);
  // A month with no protected arrivals weighs its points by days, as a year without any does.
  const arrivalWeight = weight.map((w, k) => (total > 0 ? w / total : days[k]! / dayTotal));
  // A pool with planned lists keeps its census's lower variance month by month, as over the year.
  if (shape.dispersion) return { level, arrivalWeight, days, dispersion: shape.dispersion.slice(7 * m, 7 * m + 7) };
  return { level, arrivalWeight, days };
}

/**
 * The shape with levels rounded to 1e-3 and arrival weights to 1e-3 of their mean, renormalised
 * (and a planned census's dispersion to 1e-3).
 */
export function roundedShape(shape: CensusShape): CensusShape {
  const n = shape.level.length;
  const level = shape.level.map((x) => Math.round(x * 1000) / 1000);
  const unit = 1 / n / 1000;
  const weight = shape.arrivalWeight.map((x) => Math.round(x / unit) * unit);
  const total = weight.reduce((a, b) => a + b, 0);
  const rounded: CensusShape = {
    level,
    arrivalWeight: weight.map((x) => (total > 0 ? x / total : 1 / n)),
    days: shape.days,
  };
  if (shape.dispersion) rounded.dispersion = shape.dispersion.map((x) => Math.round(x * 1000) / 1000);
  return rounded;
}

export function cellGridSpacing(centralMeanCensus: number): number {
  return Math.max(1e-3, Math.sqrt(centralMeanCensus) / 8);
}

interface Draws {
  growth: number[];
  losMean: number[];
  /**
   * Baseline admissions per [stream][year]: the expected rate under this iteration's growth.
   * The base year is observed: its bed days are the data, so its admissions are those bed days
   * over this iteration's drawn mean LoS (a shorter stay means more patients for the same beds),
   * and its bed days, occupied beds and occupancy are the data in every iteration. Uncertainty
   * enters only after it: growth, local demand variation and the levers.
   *
   * No Poisson draw of a yearly count: beds are planned for the demand rate, and the day-to-day
   * Poisson variation around it is what the risk method models analytically (census-profile.ts),
   * so a random yearly total on top would count that noise twice. It also keeps every lever
   * exactly monotone under common random numbers.
   */
  admissions: number[][];
  /** Each intervention's parameters, by its index in CompiledScenario.interventions. */
  byIntervention: Record<string, number>[];
}

function interventionParameters(iv: Intervention): Record<string, [Uncertain, { min: number; max: number }]> {
  switch (iv.type) {
    case 'lcnAdmissionAvoidance':
      return {
        avoidableShare: [iv.avoidableShare, SHARE_RANGE],
        reductionAtMaturity: [iv.reductionAtMaturity, SHARE_RANGE],
        avoidedLosFactor: [iv.avoidedLosFactor, LOS_FACTOR_RANGE],
      };
    case 'losReduction':
      return { reductionAtMaturity: [iv.reductionAtMaturity, SHARE_RANGE] };
    case 'orthopaedicConsolidation':
      return { shareMoved: [iv.shareMoved, SHARE_RANGE], centreLosMeanDays: [iv.centreLosMeanDays, LOS_RANGE] };
    case 'capacityChange':
      return {};
  }
}

/** Every intervention of the scenario once, by id (ids are checked to mean one thing). */
function distinctInterventions(scenario: Scenario): Intervention[] {
  const byId = new Map<string, Intervention>();
  for (const o of scenario.options) for (const iv of o.interventions) byId.set(iv.id, iv);
  return [...byId.values()];
}

/**
 * Draws for one iteration. `central` gives every parameter its median, which is how census
 * shapes are set.
 */
function drawParameters(
  c: Pick<
    CompiledScenario,
    | 'scenario'
    | 'years'
    | 'streamGrowthDrivers'
    | 'interventions'
    | 'streamBaseBedDays'
    | 'siteVariationSd'
    | 'streamSite'
  >,
  seed: number,
  iteration: number,
  central = false,
): Draws {
  const { scenario, years } = c;
  // A fixed parameter ignores its deviate, so only uncertain ones draw: streams are named, so
  // skipping one changes no other draw. Parameters of one uncertainty group share the group's
  // deviate (each through its own interval): one question, one answer per iteration.
  const groupDeviates = new Map<string, number>();
  const deviate = (name: string, group: string | undefined) => {
    if (group === undefined) return standardNormal(namedStream(seed, iteration, name));
    let z = groupDeviates.get(group);
    if (z === undefined) {
      z = standardNormal(namedStream(seed, iteration, groupQuantity(group)));
      groupDeviates.set(group, z);
    }
    return z;
  };
  const value = (param: Uncertain, name: string, range: { min: number; max: number }) =>
    uncertainValue(param, central || typeof param === 'number' ? 0 : deviate(name, param.group), range);
  const growth = scenario.growth.map((g) => value(g.ratePerYear, `growth/${g.id}`, GROWTH_RANGE));
  const losMean = scenario.streams.map((s) => value(s.losMeanDays, `stream/${s.id}/losMean`, LOS_RANGE));
  const siteFactor = scenario.sites.map((site, i) => {
    const sd = c.siteVariationSd[i]!;
    let walk = 0;
    return years.map((year, t) => {
      if (t > 0 && sd > 0 && !central)
        walk += standardNormal(namedStream(seed, iteration, `site/${site.id}/demand/${year}`));
      return t > 0 && sd > 0 ? Math.exp(sd * walk) : 1;
    });
  });
  const admissions = scenario.streams.map((_s, k) => {
    const rates = c.streamGrowthDrivers[k]!.map((d) => growth[d]!);
    const baseAdmissions = c.streamBaseBedDays[k]! / losMean[k]!;
    const factor = siteFactor[c.streamSite[k]!]!;
    return years.map((_y, t) => baseAdmissions * growthFactor(rates, t) * factor[t]!);
  });
  const byIntervention = c.interventions.map((iv) => {
    const values: Record<string, number> = {};
    for (const [name, [param, range]] of Object.entries(interventionParameters(iv))) {
      values[name] = value(param, `intervention/${iv.id}/${name}`, range);
    }
    return values;
  });
  return { growth, losMean, admissions, byIntervention };
}

/** A piece of a site's activity with one LoS distribution and arrival pattern, for census shapes. */
interface ActivityPiece {
  pool: number;
  year: number;
  activity: Activity;
  emergency: boolean;
  losShape: LosShape;
  losMean: number;
  weekday: readonly number[] | undefined;
  monthly: readonly number[] | undefined;
  /** Planned lists (scheduled-census.ts) and the share of their slots cancelled; Poisson when false. */
  scheduled: boolean;
  cancellationShare: number;
}

const LEVER_ORDER: Intervention['type'][] = ['lcnAdmissionAvoidance', 'losReduction', 'orthopaedicConsolidation'];

/**
 * Where evaluateVariant reports a piece of activity: a stream's own activity at its site in a
 * year, or (with `moved`, the lever step that sent it) what it sent to a centre. Plain numbers,
 * so the per-iteration loop allocates nothing per piece.
 */
type Visit = (
  pool: number,
  year: number,
  stream: number,
  admissions: number,
  bedDays: number,
  moved: LeverStep | undefined,
) => void;

// Scratch for pieces sent to centres: reported after the stream's own piece, as they always were.
const movedPool: number[] = [];
const movedAdmissions: number[] = [];
const movedBedDays: number[] = [];
const movedBy: LeverStep[] = [];

/** Admissions and bed days of one variant under one set of draws, piece by piece. */
function evaluateVariant(
  c: Pick<CompiledScenario, 'years' | 'streamPool'>,
  draws: Draws,
  variant: Variant,
  visit: Visit,
): void {
  const T = c.years.length;
  for (let s = 0; s < variant.steps.length; s++) {
    const steps = variant.steps[s]!;
    const pool = c.streamPool[s]!;
    const los = draws.losMean[s]!;
    for (let t = 0; t < T; t++) {
      const admissions = draws.admissions[s]![t]!;
      let activity: Activity = { admissions, bedDays: admissions * los };
      let moved = 0;
      for (const step of steps) {
        const ramp = step.ramp[t]!;
        const p = draws.byIntervention[step.intervention]!;
        if (step.type === 'lcnAdmissionAvoidance') {
          activity = applyLcnAvoidance(
            activity,
            los,
            {
              avoidableShare: p.avoidableShare!,
              reductionAtMaturity: p.reductionAtMaturity!,
              avoidedLosFactor: p.avoidedLosFactor!,
            },
            ramp,
          );
        } else if (step.type === 'losReduction') {
          activity = applyLosReduction(activity, p.reductionAtMaturity!, ramp);
        } else if (ramp > 0) {
          const split = applyOrthopaedicConsolidation(
            activity,
            p.shareMoved!,
            ramp,
            step.centreShares,
            p.centreLosMeanDays!,
          );
          activity = split.remaining;
          for (let k = 0; k < split.toCentres.length; k++) {
            movedPool[moved] = step.centrePools[k]!;
            movedAdmissions[moved] = split.toCentres[k]!.admissions;
            movedBedDays[moved] = split.toCentres[k]!.bedDays;
            movedBy[moved] = step;
            moved += 1;
          }
        }
      }
      visit(pool, t, s, activity.admissions, activity.bedDays, undefined);
      for (let k = 0; k < moved; k++) visit(movedPool[k]!, t, s, movedAdmissions[k]!, movedBedDays[k]!, movedBy[k]);
    }
  }
}

/** The levers of a variant that act on each stream, in the order levers apply. */
function leverSteps(
  scenario: Scenario,
  interventions: Intervention[],
  siteIndex: Map<string, number>,
  poolOf: (site: number, pool: string | undefined) => number,
  variantInterventions: Intervention[],
): LeverStep[][] {
  const levers = [...variantInterventions].sort((a, b) => LEVER_ORDER.indexOf(a.type) - LEVER_ORDER.indexOf(b.type));
  return scenario.streams.map((stream) =>
    levers.flatMap((iv): LeverStep[] => {
      const base = {
        intervention: interventions.findIndex((x) => x.id === iv.id),
        ramp: leverRamp(iv, scenario.years),
        centrePools: [],
        centreShares: [],
        centreLosShape: undefined,
      };
      if (iv.type === 'lcnAdmissionAvoidance' && streamMatches(stream, iv.targets)) return [{ ...base, type: iv.type }];
      if (iv.type === 'losReduction' && streamMatches(stream, iv.targets)) return [{ ...base, type: iv.type }];
      if (iv.type === 'orthopaedicConsolidation' && stream.pathway === 'electiveOrthopaedic') {
        const fromHere = iv.fromSites
          ? iv.fromSites.includes(stream.site)
          : !iv.centres.some((x) => x.site === stream.site);
        if (!fromHere) return [];
        return [
          {
            ...base,
            type: iv.type,
            centrePools: iv.centres.map((x) => poolOf(siteIndex.get(x.site)!, x.pool)),
            centreShares: iv.centres.map((x) => x.share),
            centreLosShape: iv.centreLosShape,
          },
        ];
      }
      return [];
    }),
  );
}

function leverRamp(iv: Intervention, years: string[]): number[] {
  if (iv.type === 'lcnAdmissionAvoidance' || iv.type === 'losReduction') return rampByYear(iv.ramp, years);
  if (iv.type === 'orthopaedicConsolidation') {
    const live = years.indexOf(iv.goLiveYear);
    const ramp = iv.ramp ? rampByYear(iv.ramp, years) : years.map(() => 1);
    return ramp.map((r, t) => (t >= live ? r : 0));
  }
  return years.map(() => 0);
}

/**
 * Validates (zod) and prepares a scenario for simulation, phase by phase: the pools and scopes,
 * the variants (each set of levers an option or a bridge step needs) with each stream's lever
 * steps, the beds each variant has, what each stream brings (site, growth drivers, base-year bed
 * days, emergency or not), the census shape of each (variant, pool, year) from the central
 * draws, and the per-cell functions of the mean census that every iteration evaluates. The
 * phases run in this fixed order, which the shared lookups depend on (see cellFunctions).
 */
export function compileScenario(input: ScenarioInput | Scenario): CompiledScenario {
  const scenario = scenarioSchema.parse(input);
  const years = scenario.years;
  const days = scenario.daysPerYear;
  const layout = poolLayout(scenario);
  const { pools, streamPool, poolScope, scopeIds } = layout;
  const scopeCount = scopeIds.length;
  const siteIndex = new Map(scenario.sites.map((s, i) => [s.id, i]));
  const interventions = distinctInterventions(scenario);

  const { variants, optionVariants, baselineVariant, leverVariants } = compileVariants(
    scenario,
    interventions,
    siteIndex,
    layout,
  );
  const { capacity, poolCapacity } = bedCapacities(scenario, layout, variants);
  const {
    streamSite,
    streamEmergency,
    streamGrowthDrivers,
    streamBaseBedDays,
    scopeObservedOccupied,
    siteVariationSd,
  } = streamFacts(scenario, layout, siteIndex);
  const partial: CompiledBase = {
    scenario,
    years,
    days,
    scopeCount,
    scopeIds,
    pools,
    streamPool,
    poolScope,
    scopeObservedOccupied,
    siteIndex,
    streamSite,
    streamEmergency,
    streamGrowthDrivers,
    streamBaseBedDays,
    siteVariationSd,
    interventions,
    variants,
    optionVariants,
    baselineVariant,
    leverVariants,
    capacity,
    poolCapacity,
    stride: 0,
  };

  const { shapes, protectsAllArrivals, centralMeanCensus } = censusShapes(partial);
  const atCapacity = cellFunctions(partial, shapes, centralMeanCensus);
  return {
    ...partial,
    shapes,
    protectsAllArrivals,
    atCapacity,
    stride: variants.length * scopeCount * years.length * METRICS.length,
  };
}

/** A compiled scenario before its census shapes and cell functions, which are made from it. */
type CompiledBase = Omit<CompiledScenario, 'shapes' | 'protectsAllArrivals' | 'atCapacity'>;

/**
 * The variants a run simulates: one per distinct set of levers among the options, and one per
 * bridge step (the baseline plus one lever an option adds), each with its lever steps per stream.
 */
function compileVariants(
  scenario: Scenario,
  interventions: Intervention[],
  siteIndex: Map<string, number>,
  layout: PoolLayout,
): Pick<CompiledScenario, 'variants' | 'optionVariants' | 'baselineVariant' | 'leverVariants'> {
  const baselineOption = scenario.options.find((o) => o.id === scenario.baselineOption)!;
  const variants: Variant[] = [];
  const variantByKey = new Map<string, number>();
  const addVariant = (chosen: Intervention[]) => {
    const key =
      chosen
        .map((iv) => iv.id)
        .sort()
        .join('+') || '(none)';
    if (!variantByKey.has(key)) {
      variantByKey.set(key, variants.length);
      variants.push({
        key,
        interventions: chosen,
        steps: leverSteps(scenario, interventions, siteIndex, layout.poolOf, chosen),
      });
    }
    return variantByKey.get(key)!;
  };
  const optionVariants = scenario.options.map((o) => addVariant(o.interventions));
  const baselineVariant = optionVariants[scenario.options.indexOf(baselineOption)]!;
  const leverVariants = new Map<string, number>();
  for (const o of scenario.options) {
    for (const iv of o.interventions) {
      if (baselineOption.interventions.some((b) => b.id === iv.id)) continue;
      // A capacity change moves capacity, never the beds required: it has no bridge step.
      if (iv.type === 'capacityChange') continue;
      leverVariants.set(iv.id, addVariant([...baselineOption.interventions, iv]));
    }
  }
  return { variants, optionVariants, baselineVariant, leverVariants };
}

/** Beds by [variant][pool][year], and summed by [variant][scope][year]: site, declared pool, system. */
function bedCapacities(
  scenario: Scenario,
  layout: PoolLayout,
  variants: Variant[],
): Pick<CompiledScenario, 'capacity' | 'poolCapacity'> {
  const { years, sites } = scenario;
  const { pools } = layout;
  // A change names its pool, or a site with one pool: layout.poolOf resolves both. A move of
  // beds (capacityChange with `from`) adds them here and takes them from where they were.
  const poolCapacity = variants.map((v) =>
    pools.map((pool, u) => {
      const site = sites[pool.site]!;
      const here = (siteId: string, poolId: string | undefined) =>
        siteId === site.id && layout.poolOf(pool.site, poolId) === u;
      const changes = [
        ...site.bedChanges.filter((c) => here(site.id, c.pool)),
        ...v.interventions.flatMap((iv) => {
          if (iv.type !== 'capacityChange') return [];
          const into = here(iv.site, iv.pool) ? [iv] : [];
          const outOf =
            iv.from && here(iv.from.site, iv.from.pool) ? [{ fromYear: iv.fromYear, change: -iv.change }] : [];
          return [...into, ...outOf];
        }),
      ];
      return capacityByYear(pool.beds, changes, years);
    }),
  );
  const capacity = poolCapacity.map((byPool) => {
    const sum = (list: number[]) => years.map((_, t) => list.reduce((a, u) => a + byPool[u]![t]!, 0));
    const bySite = layout.sitePools.map(sum);
    const byPoolScope = pools.flatMap((p, u) => (p.declared ? [byPool[u]!] : []));
    return [...bySite, ...byPoolScope, years.map((_, t) => bySite.reduce((a, s) => a + s[t]!, 0))];
  });

  return { capacity, poolCapacity };
}

/**
 * What each stream brings, and what the scopes observed: its site, growth drivers, base-year bed
 * days and whether it is emergency; each scope's observed base-year occupied beds; each site's
 * local demand variation.
 */
function streamFacts(
  scenario: Scenario,
  layout: PoolLayout,
  siteIndex: Map<string, number>,
): Pick<
  CompiledScenario,
  | 'streamSite'
  | 'streamEmergency'
  | 'streamGrowthDrivers'
  | 'streamBaseBedDays'
  | 'scopeObservedOccupied'
  | 'siteVariationSd'
> {
  const { sites, daysPerYear: days } = scenario;
  const { pools, streamPool } = layout;
  const streamGrowthDrivers = scenario.streams.map((s) =>
    scenario.growth.flatMap((g, i) => (streamMatches(s, g.appliesTo) ? [i] : [])),
  );
  const streamSite = scenario.streams.map((s) => siteIndex.get(s.site)!);
  const streamBaseBedDays = scenario.streams.map(baseYearBedDays);
  const observedOf = (streams: (k: number) => boolean) =>
    scenario.streams.reduce((a, _x, k) => (streams(k) ? a + streamBaseBedDays[k]! : a), 0) / days;
  const siteObserved = sites.map((site, i) => site.occupiedBeds ?? observedOf((k) => streamSite[k] === i));
  const scopeObservedOccupied = [
    ...siteObserved,
    ...pools.flatMap((p, u) => (p.declared ? [observedOf((k) => streamPool[k] === u)] : [])),
    siteObserved.reduce((a, b) => a + b, 0),
  ];
  const siteVariationSd = sites.map((site) => (site.demandVariation ?? scenario.demandVariation)?.sdPerYear ?? 0);
  const streamEmergency = scenario.streams.map((s) => EMERGENCY_PATHWAYS.includes(s.pathway));
  return {
    streamSite,
    streamEmergency,
    streamGrowthDrivers,
    streamBaseBedDays,
    scopeObservedOccupied,
    siteVariationSd,
  };
}

/** A census profile per unit arrival rate, for one LoS distribution and arrival pattern. */
interface UnitProfile {
  census: Float64Array;
  arrivals: Float64Array;
  mean: number;
  planned: WithinDayCensus | undefined;
}

/** The unit profile of a piece of activity, each distinct (LoS, pattern) computed once. */
function unitProfiles(days: number): (piece: ActivityPiece) => UnitProfile {
  const unitProfiles = new Map<string, UnitProfile>();
  return (piece: ActivityPiece) => {
    const key = JSON.stringify([
      piece.losShape,
      piece.losMean,
      piece.weekday,
      piece.monthly,
      ...(piece.scheduled ? [piece.cancellationShare] : []),
    ]);
    let found = unitProfiles.get(key);
    if (!found) {
      if (piece.scheduled) {
        // Planned lists: the census's mean and variance through each day; its daily means are the census.
        const arrivals = arrivalProfile(days, piece.weekday ?? WEEKDAY_LISTS, piece.monthly);
        const planned = scheduledCensusPerUnitRate(arrivals, piece.losShape, piece.losMean, piece.cancellationShare);
        const census = new Float64Array(days);
        for (let i = 0; i < planned.mean.length; i++) census[Math.floor(i / INSTANTS_PER_DAY)]! += planned.mean[i]!;
        for (let d = 0; d < days; d++) census[d] = census[d]! / INSTANTS_PER_DAY;
        found = { census, arrivals, mean: census.reduce((a, b) => a + b, 0) / days, planned };
      } else {
        const arrivals = arrivalProfile(days, piece.weekday, piece.monthly);
        const census = censusPerUnitArrivalRate(arrivals, dailyBedTime(piece.losShape, piece.losMean, days));
        found = { census, arrivals, mean: census.reduce((a, b) => a + b, 0) / days, planned: undefined };
      }
      unitProfiles.set(key, found);
    }
    return found;
  };
}

/**
 * Census shapes, by [variant][pool][year], from each variant's central mix (with the central mean
 * census of each, and whether its beds protect all arrivals or emergencies).
 */
function censusShapes(partial: CompiledBase): {
  shapes: (CensusShape | undefined)[][][];
  protectsAllArrivals: boolean[][][];
  centralMeanCensus: number[][][];
} {
  const { scenario, years, days, pools, variants, streamEmergency } = partial;
  // The within-year rhythm of a ward depends on which streams fill it, not on the level of
  // demand, so it is fixed per (variant, site, year) and each iteration scales it by its own mean census.
  const central = drawParameters(partial, 0, 0, true);
  const unitProfile = unitProfiles(days);
  const shapes: (CensusShape | undefined)[][][] = [];
  const protectsAllArrivals: boolean[][][] = [];
  const centralMeanCensus: number[][][] = [];
  variants.forEach((variant) => {
    const pieces: ActivityPiece[][][] = pools.map(() => years.map(() => []));
    evaluateVariant(partial, central, variant, (site, year, k, admissions, bedDays, moved) => {
      const stream = scenario.streams[k]!;
      pieces[site]![year]!.push({
        pool: site,
        year,
        activity: { admissions, bedDays },
        emergency: streamEmergency[k]!,
        losShape: moved ? (moved.centreLosShape ?? stream.losShape) : stream.losShape,
        losMean: moved ? central.byIntervention[moved.intervention]!.centreLosMeanDays! : central.losMean[k]!,
        weekday: stream.weekdayProfile,
        monthly: stream.monthlyProfile,
        scheduled: stream.arrivals === 'scheduled',
        cancellationShare: stream.cancellationShare ?? 0,
      });
    });
    centralMeanCensus.push(
      pieces.map((byYear) => byYear.map((list) => list.reduce((a, p) => a + p.activity.bedDays, 0) / days)),
    );
    shapes.push(
      pieces.map((byYear) =>
        byYear.map((list) => {
          const withBeds = list.filter((p) => p.activity.bedDays > 0);
          if (withBeds.length === 0) return undefined;
          const anyEmergency = withBeds.some((p) => p.emergency && p.activity.admissions > 0);
          const components: CensusComponent[] = withBeds.map((p) => {
            const unit = unitProfile(p);
            const scale = p.activity.bedDays / days / unit.mean;
            const arrivalsScale = anyEmergency && !p.emergency ? 0 : p.activity.admissions / days;
            const component: CensusComponent = {
              census: unit.census.map((v) => v * scale),
              protectedArrivals: unit.arrivals.map((v) => v * arrivalsScale),
            };
            // Planned lists: mean and variance both scale with the admissions (n slots, n Bernoullis).
            if (unit.planned) {
              component.planned = {
                mean: unit.planned.mean.map((v) => v * scale),
                variance: unit.planned.variance.map((v) => v * scale),
              };
            }
            return component;
          });
          return buildCensusShape(components, days);
        }),
      ),
    );
    protectsAllArrivals.push(
      pieces.map((byYear) => byYear.map((list) => !list.some((p) => p.emergency && p.activity.admissions > 0))),
    );
  });

  return { shapes, protectsAllArrivals, centralMeanCensus };
}

/**
 * Per [variant][pool][year], the functions of the mean census an iteration evaluates; each raw
 * shape in `shapes` is replaced by its rounded one, the shape the functions were made for.
 */
function cellFunctions(
  partial: CompiledBase,
  shapes: (CensusShape | undefined)[][][],
  centralMeanCensus: number[][][],
): (CellFunctions | undefined)[][][] {
  const { scenario, days, poolCapacity } = partial;
  // Cells whose shapes agree to 0.1% share one threshold lookup and one set of tables: the same
  // site in different years and options mostly has the same rhythm, and the lookups and tables
  // are where the warm-up time goes. Rounding is part of the model, so results do not depend on what is shared.
  const interned = new Map<
    string,
    {
      shape: CensusShape;
      bedsRisk: (L: number) => number;
      monthBedsRisk: RiskBedsLookup[];
      atBeds: Map<number, Omit<CellFunctions, 'bedsRisk' | 'months'>>;
    }
  >();
  const atCapacity = shapes.map((bySite, v) =>
    bySite.map((byYear, s) =>
      byYear.map((raw, t): CellFunctions | undefined => {
        if (!raw) return undefined;
        const shape = roundedShape(raw);
        const key = JSON.stringify([
          Array.from(shape.level),
          Array.from(shape.arrivalWeight),
          ...(shape.dispersion ? [Array.from(shape.dispersion)] : []),
        ]);
        let entry = interned.get(key);
        if (!entry) {
          // The first cell with this shape sets the threshold spacing, which decides only how much
          // work the lookup does: its answers are exact whatever the spacing.
          const spacing = thresholdSpacing(centralMeanCensus[v]![s]![t]!);
          entry = {
            shape,
            bedsRisk: riskBedsByThreshold(
              shape,
              scenario.bedPolicy.riskTarget,
              spacing,
              scenario.bedPolicy.riskMeasure,
            ),
            // A lookup per month (only the summary asks; its thresholds are solved when first needed).
            monthBedsRisk: Array.from({ length: 12 }, (_, m) =>
              riskBedsByThreshold(
                monthShape(shape, m),
                scenario.bedPolicy.riskTarget,
                monthSpacing(spacing),
                scenario.bedPolicy.riskMeasure,
              ),
            ),
            atBeds: new Map(),
          };
          interned.set(key, entry);
        }
        const beds = poolCapacity[v]![s]![t]!;
        let atBeds = entry.atBeds.get(beds);
        if (!atBeds) {
          // The first cell (in this fixed loop order) with this shape and capacity sets the grid:
          // a function of the scenario alone.
          const h = cellGridSpacing(centralMeanCensus[v]![s]![t]!);
          const cellShape = entry.shape;
          atBeds = {
            shareTurnedAway: tabulatedPositive((L) => shareTurnedAway(beds, L, cellShape), h, 1),
            daysFull: tabulatedPositive((L) => daysFull(beds, L, cellShape), h, days),
            daysDemandAtOrAboveCapacity: tabulatedPositive((L) => daysAtOrOverCapacity(beds, L, cellShape), h, days),
          };
          entry.atBeds.set(beds, atBeds);
        }
        shapes[v]![s]![t] = shape;
        const censusDays = new Float64Array(12);
        const monthDays = new Float64Array(12);
        for (let p = 0; p < raw.level.length; p++) {
          censusDays[Math.floor(p / 7)]! += raw.level[p]! * raw.days[p]!;
          monthDays[Math.floor(p / 7)]! += raw.days[p]!;
        }
        return {
          bedsRisk: entry.bedsRisk,
          ...atBeds,
          months: { censusDays, days: monthDays, bedsRisk: entry.monthBedsRisk },
        };
      }),
    ),
  );
  return atCapacity;
}

/**
 * Threshold node spacing for a month's lookup: half the year's. A month's lookup is asked 10,000s
 * of times over a few hundred beds, and with the year's spacing a tenth of its loads fell within
 * an interpolated threshold's margin and cost an exact solve (10,161 of its 19,007 solves on the
 * SEL preset at 10,000 iterations); at half, its cubics err 16 times less and it solves 14,808,
 * mostly nodes. Like any spacing, it decides the work, never the answer.
 */
function monthSpacing(yearSpacing: number): number {
  return Math.max(1, Math.floor(yearSpacing / 2));
}

/** Every figure of one iteration, laid out by valueIndex. A pure function of its arguments. */
export function simulateIteration(c: CompiledScenario, seed: number, iteration: number): Float64Array {
  return simulateIterationInto(c, seed, iteration, new Float64Array(c.stride));
}

/**
 * simulateIteration into `out`, which must hold c.stride zeros (the system's figures are summed
 * into it). For blocks of iterations: an array per iteration came to 115 MB of buffers outside
 * the heap for 10,000 SEL iterations, and each time they passed V8's external-memory limit, a
 * full collection of the heap, which in a worker process is several times the engine's own.
 */
export function simulateIterationInto(
  c: CompiledScenario,
  seed: number,
  iteration: number,
  out: Float64Array,
  /**
   * Called after each cell (variant, site, year): it may throw to stop an iteration that runs
   * too long (an implausible census can take seconds per cell, and the caller cannot heartbeat
   * meanwhile).
   */
  checkDeadline?: () => void,
): Float64Array {
  if (out.length !== c.stride) throw new RangeError(`out must hold ${c.stride} figures, has ${out.length}`);
  const draws = drawParameters(c, seed, iteration);
  const sites = c.scenario.sites;
  const pools = c.pools;
  const T = c.years.length;
  const policy = c.scenario.bedPolicy;
  const system = c.scopeCount - 1;
  const cellAdmissions = new Float64Array(pools.length * T);
  const cellEmergency = new Float64Array(pools.length * T);
  const cellBedDays = new Float64Array(pools.length * T);
  const figures = new Float64Array(METRICS.length);
  const add = (pool: number, year: number, stream: number, admissions: number, bedDays: number) => {
    const k = pool * T + year;
    cellAdmissions[k]! += admissions;
    cellBedDays[k]! += bedDays;
    if (c.streamEmergency[stream]) cellEmergency[k]! += admissions;
  };
  for (let v = 0; v < c.variants.length; v++) {
    cellAdmissions.fill(0);
    cellEmergency.fill(0);
    cellBedDays.fill(0);
    evaluateVariant(c, draws, c.variants[v]!, add);
    // Pool by pool (site by site, so a site's pools are summed in order): the figures of a
    // pool, added to its site, its own scope if it has one, and the system. A site of one pool
    // gets exactly its pool's figures (0 + x is x).
    for (let u = 0; u < pools.length; u++) {
      const s = pools[u]!.site;
      const own = c.poolScope[u]!;
      const occupancy = sites[s]!.targetOccupancy ?? policy.targetOccupancy;
      for (let t = 0; t < T; t++) {
        const k = u * T + t;
        const bedDays = cellBedDays[k]!;
        const meanOccupied = bedDays / c.days;
        const cellFunctions = c.atCapacity[v]![u]![t];
        const protectedAdmissions = c.protectsAllArrivals[v]![u]![t] ? cellAdmissions[k]! : cellEmergency[k]!;
        // Laid out in METRICS order; a site's and the system's figures are sums (days full and
        // days of demand at capacity add up as pool-days). A pool with no activity has no days
        // at capacity, whatever its beds: no demand, nobody turned away.

        figures[M.admissions] = cellAdmissions[k]!;
        figures[M.emergencyAdmissions] = cellEmergency[k]!;
        figures[M.bedDays] = bedDays;
        figures[M.meanOccupied] = meanOccupied;
        figures[M.bedsOccupancy] = bedsByOccupancy(bedDays, occupancy, c.days);
        figures[M.bedsRisk] = cellFunctions ? cellFunctions.bedsRisk(meanOccupied) : 0;
        figures[M.turnedAway] = cellFunctions ? protectedAdmissions * cellFunctions.shareTurnedAway(meanOccupied) : 0;
        figures[M.daysFull] = cellFunctions ? cellFunctions.daysFull(meanOccupied) : 0;
        figures[M.daysDemandAtOrAboveCapacity] = cellFunctions
          ? cellFunctions.daysDemandAtOrAboveCapacity(meanOccupied)
          : 0;
        const at = valueIndex(c, v, s, t, 0);
        const atSystem = valueIndex(c, v, system, t, 0);
        for (let m = 0; m < METRICS.length; m++) {
          out[at + m]! += figures[m]!;
          out[atSystem + m]! += figures[m]!;
        }
        if (own >= 0) {
          const atPool = valueIndex(c, v, own, t, 0);
          for (let m = 0; m < METRICS.length; m++) out[atPool + m] = figures[m]!;
        }
        checkDeadline?.();
      }
    }
  }
  return out;
}
