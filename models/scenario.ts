/**
 * The scenario: what a planning team describes, and the one zod schema that validates it, types
 * it and documents it in OpenAPI. Schema only (workflow code imports it): no samplers here.
 *
 * Cross-references (a stream's site, an intervention's targets, years in the horizon, centres
 * with capacity) are checked in one superRefine so every message carries the path of the field.
 */
import { z } from 'zod';
import { percentHint, unknownYearMessage } from './input-hints.js';
import './zod-messages.js';
import { RISK_MEASURES } from './risk-measures.js';
import { centralValue, interval80Schema, type Uncertain } from './uncertain.js';

/** How a stream's admissions arrive: at random (Poisson) or by planned lists (scheduled-census.ts). */
export const ARRIVAL_PATTERNS = ['poisson', 'scheduled'] as const;
export type ArrivalPattern = (typeof ARRIVAL_PATTERNS)[number];

export const PATHWAYS = ['nonElective', 'elective', 'electiveOrthopaedic', 'dayCase', 'other'] as const;
export type Pathway = (typeof PATHWAYS)[number];

/** Pathways whose admissions are emergencies: the risk method protects their arrivals. */
export const EMERGENCY_PATHWAYS: readonly Pathway[] = ['nonElective'];

const id = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - only');
const year = z.string().min(1).max(20);

/**
 * Valid ranges of uncertain parameters: validation rejects intervals outside them, and the engine
 * clips each draw to them (the tails of a normal can reach past any bound).
 */
export const VALID_RANGES = {
  growthRate: { min: -0.5, max: 1 },
  share: { min: 0, max: 1 },
  losDays: { min: 0.01, max: 365 },
  losFactor: { min: 0, max: 3 },
} as const;

/** An uncertain value restricted to a range: both ends of an interval must lie in it. */
function uncertainIn({ min, max }: { min: number; max: number }, what: string) {
  const fixed = z
    .number()
    .finite()
    .min(min, `${what} must be >= ${min}`)
    .max(max, { error: (iss) => `${what} must be <= ${max}${percentHint(iss.input, max)}` });
  const interval = interval80Schema.superRefine((v, ctx) => {
    if (v.p10 < min || v.p90 > max) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} interval must lie within [${min}, ${max}]${percentHint(Math.max(v.p10, v.p90), max)}`,
        path: v.p10 < min ? ['p10'] : ['p90'],
      });
    }
  });
  return z.union([fixed, interval]).describe(`${what}: a fixed value or an 80% interval { p10, p90 }`);
}

export const share = (what: string) => uncertainIn(VALID_RANGES.share, what);

/** A fraction of 1 (an occupancy, a share of effect), saying so when a percentage was given. */
const fraction = (lower: 'zero allowed' | 'above zero') => {
  const base = lower === 'zero allowed' ? z.number().min(0) : z.number().gt(0);
  return base.max(1, { error: (iss) => `must be at most 1${percentHint(iss.input, 1)}` });
};

const rampSchema = z
  .record(year, fraction('zero allowed'))
  .describe(
    'share of the full effect reached in each year; years not listed carry the previous value (0 before the first)',
  );

const targetsSchema = z
  .object({
    sites: z.array(id).max(200).optional().describe('sites affected; all when omitted'),
    pathways: z
      .array(z.enum(PATHWAYS))
      .max(PATHWAYS.length)
      .optional()
      .describe('pathways affected (nonElective, elective, electiveOrthopaedic, dayCase, other); all when omitted'),
    segments: z.array(id).max(100).optional().describe('population segments; all when omitted'),
  })
  .strict();

export const losShapeSchema = z.discriminatedUnion('family', [
  z
    .object({
      family: z.literal('lognormal').describe('lognormal stays (the usual long right tail)'),
      sigma: z.number().gt(0).max(4).describe('sd of log LoS'),
    })
    .strict(),
  z
    .object({
      family: z.literal('gamma').describe('gamma-distributed stays'),
      cv: z.number().gt(0).max(5).describe('coefficient of variation'),
    })
    .strict(),
  z.object({ family: z.literal('exponential').describe('exponential stays (coefficient of variation 1)') }).strict(),
  z.object({ family: z.literal('fixed').describe('every stay exactly the mean') }).strict(),
]);
export type LosShape = z.infer<typeof losShapeSchema>;

const weekdayProfile = z.array(z.number().min(0).max(10)).length(7).describe('relative arrivals Monday..Sunday');
const monthlyProfile = z.array(z.number().min(0).max(10)).length(12).describe('relative arrivals January..December');

/**
 * Local demand variation: what national growth rates cannot carry (local change, reconfiguration,
 * data noise). A multiplicative random walk on all of a site's demand from the first projected
 * year: in projected year t the factor is exp(sdPerYear x (e_1 + ... + e_t)), each e_k a standard
 * normal of its own (per site and year), so the median is unchanged and the spread grows with
 * the square root of the years. The base year is observed and never varied.
 */
export const demandVariationSchema = z
  .object({
    sdPerYear: z
      .number()
      .finite()
      .min(0)
      .max(0.5)
      .describe('sd of the log of one year of local demand change, e.g. 0.03 for about +/-3% a year'),
  })
  .strict();

/**
 * A bed pool within a site: beds that serve only the streams mapped to them (a ward group, a
 * specialty, a ring-fenced elective unit, a hospital of a trust). The risk method sizes each pool
 * on its own census, so splitting a site's beds into pools never needs fewer beds than pooling
 * them; the occupancy method changes only by each pool's rounding up to whole beds.
 */
export const poolSchema = z
  .object({
    id: id.describe("the pool's id within its site; its cells' scope is site/pool"),
    name: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe("the pool's name, as the report shows it; its id when omitted"),
    beds: z.number().int().min(0).max(20_000).describe('beds of the pool in the base year'),
  })
  .strict();

export const siteSchema = z
  .object({
    id: id.describe("the site's id, its cells' scope"),
    name: z.string().min(1).max(200).describe("the site's name, as the report shows it"),
    role: z
      .enum(['acute', 'electiveCentre'])
      .describe('acute: a hospital; electiveCentre: a ring-fenced elective centre receiving moved activity'),
    beds: z.number().int().min(0).max(20_000).describe('general and acute beds in the base year'),
    bedChanges: z
      .array(
        z
          .object({
            fromYear: year.describe('the first year with the change (a year of the horizon after the base year)'),
            change: z.number().int().min(-20_000).max(20_000).describe('beds opened (+) or closed (-)'),
            pool: id.optional().describe('the pool whose beds change; needed where the site has several'),
          })
          .strict(),
      )
      .max(50)
      .default([])
      .describe('planned openings (+) and closures (-) common to every option'),
    targetOccupancy: fraction('above zero').optional().describe('overrides the bed policy for this site'),
    occupiedBeds: z
      .number()
      .finite()
      .min(0)
      .max(20_000)
      .optional()
      .describe(
        "observed mean occupied beds in the base year (e.g. KH03); when given, the site's streams must add up to it " +
          'within half a bed, and the results compare it with the modelled base year',
      ),
    demandVariation: demandVariationSchema
      .optional()
      .describe("this site's own demand variation, instead of the scenario's"),
    pools: z
      .array(poolSchema)
      .min(1)
      .max(50)
      .optional()
      .describe("the site's bed pools, whose beds add up to the site's; one pool of all its beds when omitted"),
  })
  .strict();

export const streamSchema = z
  .object({
    id: id.describe("the stream's id"),
    site: id.describe('the site (sites[].id) whose beds it uses'),
    pathway: z
      .enum(PATHWAYS)
      .describe('the pathway: nonElective (emergency), elective, electiveOrthopaedic, dayCase or other'),
    segment: id
      .optional()
      .describe(
        'population segment id, e.g. "ltc-3-plus" for people with 3+ long-term conditions (an id, as levers target it)',
      )
      .meta({ examples: ['ltc-3-plus', 'frail'] }),
    pool: id.optional().describe("the site's bed pool this stream uses; needed where the site has several pools"),
    admissionsPerYear: z
      .number()
      .positive()
      .max(5_000_000)
      .optional()
      .describe(
        'admissions in the base year; its bed days (admissions x central mean LoS) are then the observed base year',
      ),
    bedDaysPerYear: z
      .number()
      .positive()
      .max(7_400_000)
      .optional()
      .describe(
        "observed occupied bed days in the base year; each iteration's base-year admissions are these over its drawn mean LoS",
      ),
    losMeanDays: uncertainIn(VALID_RANGES.losDays, 'mean length of stay (days)'),
    losShape: losShapeSchema
      .default({ family: 'lognormal', sigma: 1 })
      .describe('the shape of the LoS distribution around its mean (lognormal, sigma 1, when omitted)'),
    weekdayProfile: weekdayProfile.optional(),
    monthlyProfile: monthlyProfile.optional(),
    arrivals: z
      .enum(ARRIVAL_PATTERNS)
      .optional()
      .describe(
        'how admissions arrive: poisson (at random, the default; emergencies always do) or scheduled (planned ' +
          'lists: a fixed number of admissions on each list day, by the weekday and monthly profiles, Monday to ' +
          'Friday equally when no weekday profile is given), whose census varies less than a Poisson one',
      ),
    cancellationShare: z
      .number()
      .min(0)
      .lt(1)
      .optional()
      .describe(
        'scheduled arrivals only: the share of booked list slots cancelled, each independently (0 when omitted); ' +
          'admissions are those that happen, so admissions / (1 - share) slots are booked',
      ),
  })
  .strict();

export const growthDriverSchema = z
  .object({
    id: id.describe("the driver's id, e.g. population or ageing"),
    ratePerYear: uncertainIn(VALID_RANGES.growthRate, 'growth rate per year'),
    appliesTo: targetsSchema
      .default({})
      .describe('the streams it grows, by site, pathway and segment; all when omitted'),
  })
  .strict();

export const lcnAdmissionAvoidanceSchema = z
  .object({
    type: z.literal('lcnAdmissionAvoidance').describe('Local Care Network admission avoidance'),
    id: id.describe("the lever's id"),
    targets: targetsSchema
      .default({ pathways: ['nonElective'] })
      .describe('the admissions it can avoid; emergency admissions everywhere when omitted'),
    avoidableShare: share('share of targeted admissions that are avoidable'),
    reductionAtMaturity: share('share of the avoidable admissions that no longer happen at full effect'),
    avoidedLosFactor: uncertainIn(VALID_RANGES.losFactor, 'LoS of avoided stays relative to the mean'),
    ramp: rampSchema,
  })
  .strict();

export const losReductionSchema = z
  .object({
    type: z.literal('losReduction').describe('length-of-stay reduction'),
    id: id.describe("the lever's id"),
    targets: targetsSchema
      .default({ pathways: ['nonElective'] })
      .describe('the stays it shortens; emergency stays everywhere when omitted'),
    reductionAtMaturity: share('fall in mean LoS at full effect'),
    ramp: rampSchema,
  })
  .strict();

export const orthopaedicConsolidationSchema = z
  .object({
    type: z.literal('orthopaedicConsolidation').describe('elective orthopaedics moved into ring-fenced centres'),
    id: id.describe("the lever's id"),
    fromSites: z
      .array(id)
      .max(200)
      .optional()
      .describe('base sites that lose activity; all sites with elective orthopaedic streams when omitted'),
    centres: z
      .array(
        z
          .object({
            site: id.describe('the receiving site (sites[].id)'),
            share: fraction('above zero').describe('the share of the moved activity it takes, above 0 and at most 1'),
            pool: id.optional().describe("the centre's pool that receives the activity; its first pool when omitted"),
          })
          .strict(),
      )
      .min(1)
      .max(20)
      .describe('receiving centres and the share of moved activity each takes (shares sum to 1)'),
    goLiveYear: year.describe('the first year the centres take activity (after the base year)'),
    shareMoved: share('share of elective orthopaedic inpatients meeting the centre criteria'),
    centreLosMeanDays: uncertainIn(VALID_RANGES.losDays, 'mean LoS at the centre (days)'),
    centreLosShape: losShapeSchema
      .optional()
      .describe("the LoS shape at the centre; the moved streams' own when omitted"),
    ramp: rampSchema.optional().describe('share of full effect by year from go-live; full from go-live when omitted'),
  })
  .strict();

export const capacityChangeSchema = z
  .object({
    type: z.literal('capacityChange').describe('beds opened, closed or moved by this option'),
    id: id.describe("the lever's id"),
    site: id.describe('the site whose beds change'),
    pool: id.optional().describe('the pool whose beds change; needed where the site has several'),
    fromYear: year.describe('the first year with the change (after the base year)'),
    change: z
      .number()
      .int()
      .min(-20_000)
      .max(20_000)
      .describe('beds opened (+) or closed (-) at the site; with `from`, beds moved there (> 0)'),
    from: z
      .object({
        site: id.describe('the site that gives up the beds'),
        pool: id.optional().describe('the pool that gives up the beds; needed where the site has several'),
      })
      .strict()
      .optional()
      .describe(
        'repurposed beds: the change moves this many beds from that site (or pool) rather than opening new ones, so the system keeps its beds',
      ),
  })
  .strict();

export const interventionSchema = z.discriminatedUnion('type', [
  lcnAdmissionAvoidanceSchema,
  losReductionSchema,
  orthopaedicConsolidationSchema,
  capacityChangeSchema,
]);
export type Intervention = z.infer<typeof interventionSchema>;

export const optionSchema = z
  .object({
    id: id.describe("the option's id"),
    name: z.string().min(1).max(200).describe("the option's name, as the report shows it"),
    interventions: z
      .array(interventionSchema)
      .max(50)
      .default([])
      .describe('its levers; a lever in several options must be the same in each; none for "do nothing"'),
  })
  .strict();

const scenarioObjectSchema = z
  .object({
    id: id.describe("the scenario's id"),
    name: z.string().min(1).max(200).describe("the scenario's name, as reports show it"),
    years: z
      .array(year)
      .min(1)
      .max(30)
      .describe('the horizon: the base year (the year of the data, observed) first, then projected years in order'),
    daysPerYear: z
      .number()
      .int()
      .min(360)
      .max(366)
      .default(365)
      .describe('days in a year, turning bed days into beds (365 when omitted)'),
    demandVariation: demandVariationSchema
      .optional()
      .describe('local demand variation for every site that does not set its own; none when omitted'),
    sites: z.array(siteSchema).min(1).max(300).describe('the hospitals and centres, each with its beds'),
    streams: z
      .array(streamSchema)
      .min(1)
      .max(1000)
      .describe('the activity: one per site x pathway (x segment), with its volume, LoS and arrivals'),
    growth: z
      .array(growthDriverSchema)
      .max(50)
      .default([])
      .describe('yearly growth in activity from the base year, compounding; none when omitted'),
    bedPolicy: z
      .object({
        targetOccupancy: fraction('above zero').describe('occupancy method target, e.g. 0.85'),
        riskTarget: z.number().gt(0).lt(1).describe('highest acceptable risk, as riskMeasure defines it, e.g. 0.01'),
        riskMeasure: z
          .enum(RISK_MEASURES)
          .default('arrivalsTurnedAway')
          .describe(
            'what the risk target bounds: arrivalsTurnedAway, the share of emergency arrivals finding every bed full ' +
              '(a loss system); timeAtCapacity, the share of time demand for beds (nobody turned away) is at or above ' +
              'the beds, the "risk of running out of beds" convention',
          ),
      })
      .strict()
      .describe('how beds are counted: the occupancy target and the risk target with its measure'),
    options: z.array(optionSchema).min(1).max(20).describe('the options to compare, the baseline among them'),
    baselineOption: id.describe('the "do nothing" option that differences are taken from'),
  })
  .strict();

/**
 * The most a scenario may take as JSON (its parsed form, defaults filled in): 1 MiB. A run's
 * scenario travels in its Temporal workflow input, and Temporal refuses a payload over 2 MB, so a
 * scenario past this would fail inside Temporal rather than here. The largest real one (SEL, 14
 * streams) is 13 KB; 1,000 streams with profiles, the most the schema allows, about 340 KB.
 */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

export const scenarioSchema = scenarioObjectSchema.superRefine(checkReferences).superRefine((scenario, ctx) => {
  const bytes = utf8Bytes(JSON.stringify(scenario));
  if (bytes > MAX_SCENARIO_BYTES)
    ctx.addIssue({
      code: 'custom',
      path: [],
      message: `the scenario is ${bytes.toLocaleString('en-GB')} bytes as JSON, over the limit of ${MAX_SCENARIO_BYTES.toLocaleString('en-GB')} bytes (1 MiB: it travels in the run's Temporal workflow input)`,
    });
});

/** UTF-8 length of a string, counted by hand: the schema is parsed in the workflow sandbox too, which has no Buffer. */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00) {
      bytes += 4; // a surrogate pair: one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Site = Scenario['sites'][number];
export type Stream = Scenario['streams'][number];
export type GrowthDriver = Scenario['growth'][number];
export type PathwayOption = Scenario['options'][number];
export type Targets = z.infer<typeof targetsSchema>;
export type { Uncertain };

/**
 * A stream's observed bed days in the base year: as given, or its admissions times the central
 * mean LoS. Every iteration reproduces them, whatever LoS it draws (engine.ts).
 */
export function baseYearBedDays(stream: Pick<Stream, 'admissionsPerYear' | 'bedDaysPerYear' | 'losMeanDays'>): number {
  if (stream.bedDaysPerYear !== undefined) return stream.bedDaysPerYear;
  return (stream.admissionsPerYear ?? 0) * centralValue(stream.losMeanDays, VALID_RANGES.losDays);
}

/** Beds an option's own capacity changes open at a site (a centre may exist only in the options that build it). */
function openedBy(interventions: readonly Intervention[], site: string): number {
  return interventions.reduce(
    (a, iv) => a + (iv.type === 'capacityChange' && iv.site === site ? Math.max(0, iv.change) : 0),
    0,
  );
}

function checkReferences(scenario: z.output<typeof scenarioObjectSchema>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const years = new Set(scenario.years);
  if (years.size !== scenario.years.length) issue(['years'], 'years must be unique');
  const inHorizon = (y: string, path: (string | number)[]) => {
    if (!years.has(y)) issue(path, unknownYearMessage(y, scenario.years));
  };
  const duplicates = (ids: string[], path: string) => {
    const seen = new Set<string>();
    ids.forEach((v, i) => {
      if (seen.has(v)) issue([path, i, 'id'], `duplicate id ${v}`);
      seen.add(v);
    });
  };
  duplicates(
    scenario.sites.map((x) => x.id),
    'sites',
  );
  duplicates(
    scenario.streams.map((x) => x.id),
    'streams',
  );
  duplicates(
    scenario.options.map((x) => x.id),
    'options',
  );
  duplicates(
    scenario.growth.map((x) => x.id),
    'growth',
  );

  const sites = new Map(scenario.sites.map((x) => [x.id, x]));
  const segments = new Set(scenario.streams.map((x) => x.segment).filter((x): x is string => Boolean(x)));
  const checkTargets = (t: Targets, path: (string | number)[]) => {
    t.sites?.forEach((x, i) => sites.has(x) || issue([...path, 'sites', i], `unknown site ${x}`));
    t.segments?.forEach((x, i) => segments.has(x) || issue([...path, 'segments', i], `no stream has segment ${x}`));
  };

  // The base year is observed: its beds, bed days and occupancy are the data, so nothing planned
  // can act in it. A lever or capacity change dated in it would change the year it must reproduce.
  const baseYear = scenario.years[0]!;
  const notInBaseYear = (y: string, path: (string | number)[], what: string) => {
    if (y === baseYear) {
      issue(
        path,
        `${what} cannot be in the base year ${baseYear}: it is observed; the first projected year is ${scenario.years[1] ?? '(none)'}`,
      );
    }
  };
  const rampNotInBaseYear = (ramp: Record<string, number> | undefined, path: (string | number)[]) => {
    const value = ramp?.[baseYear];
    if (value !== undefined && value > 0) {
      issue(
        [...path, baseYear],
        `the ramp must be 0 in the base year ${baseYear}, which is observed (got ${value}); effects start in ${scenario.years[1] ?? 'a later year'}`,
      );
    }
  };
  scenario.sites.forEach((site, i) =>
    site.bedChanges.forEach((c, j) => {
      inHorizon(c.fromYear, ['sites', i, 'bedChanges', j, 'fromYear']);
      notInBaseYear(c.fromYear, ['sites', i, 'bedChanges', j, 'fromYear'], 'a bed change');
    }),
  );
  scenario.streams.forEach((stream, i) => {
    const given = (stream.admissionsPerYear !== undefined ? 1 : 0) + (stream.bedDaysPerYear !== undefined ? 1 : 0);
    if (given !== 1) {
      issue(
        ['streams', i, given === 0 ? 'admissionsPerYear' : 'bedDaysPerYear'],
        'give exactly one of admissionsPerYear and bedDaysPerYear',
      );
    }
  });
  // Pools: unique within their site, adding up to its beds; whatever names a pool names one of its site's.
  const poolsOf = new Map(scenario.sites.map((site) => [site.id, site.pools?.map((p) => p.id)]));
  const checkPool = (siteId: string, pool: string | undefined, path: (string | number)[], what: string) => {
    const pools = poolsOf.get(siteId);
    if (pool !== undefined && !pools) issue(path, `site ${siteId} has no pools; ${what} cannot name pool ${pool}`);
    else if (pool !== undefined && !pools!.includes(pool))
      issue(path, `site ${siteId} has no pool ${pool} (it has ${pools!.join(', ')})`);
    else if (pool === undefined && pools && pools.length > 1) {
      issue(path, `site ${siteId} has ${pools.length} pools (${pools.join(', ')}): ${what} must name one`);
    }
  };
  scenario.sites.forEach((site, i) => {
    site.bedChanges.forEach((c, j) =>
      checkPool(site.id, c.pool, ['sites', i, 'bedChanges', j, 'pool'], 'a bed change'),
    );
    if (!site.pools) return;
    const seen = new Set<string>();
    site.pools.forEach((p, j) => {
      if (seen.has(p.id)) issue(['sites', i, 'pools', j, 'id'], `duplicate pool id ${p.id}`);
      seen.add(p.id);
    });
    const total = site.pools.reduce((a, p) => a + p.beds, 0);
    if (total !== site.beds) {
      issue(['sites', i, 'pools'], `the pools' beds add up to ${total}, not the site's ${site.beds}`);
    }
  });
  scenario.streams.forEach((stream, i) => {
    if (sites.has(stream.site)) checkPool(stream.site, stream.pool, ['streams', i, 'pool'], 'a stream');
  });
  scenario.sites.forEach((site, i) => {
    if (site.occupiedBeds === undefined) return;
    const streams = scenario.streams.filter((x) => x.site === site.id);
    const modelled = streams.reduce((a, x) => a + baseYearBedDays(x), 0) / scenario.daysPerYear;
    if (Math.abs(modelled - site.occupiedBeds) > 0.5) {
      issue(
        ['sites', i, 'occupiedBeds'],
        `the site's streams add up to ${modelled.toFixed(1)} occupied beds in the base year, not the observed ${site.occupiedBeds}`,
      );
    }
  });
  scenario.streams.forEach((stream, i) => {
    if (!sites.has(stream.site)) issue(['streams', i, 'site'], `unknown site ${stream.site}`);
    if (stream.weekdayProfile && stream.weekdayProfile.every((v) => v === 0))
      issue(['streams', i, 'weekdayProfile'], 'at least one weekday must have arrivals');
    if (stream.monthlyProfile && stream.monthlyProfile.every((v) => v === 0))
      issue(['streams', i, 'monthlyProfile'], 'at least one month must have arrivals');
    if (stream.arrivals === 'scheduled' && EMERGENCY_PATHWAYS.includes(stream.pathway))
      issue(
        ['streams', i, 'arrivals'],
        `emergency (${stream.pathway}) admissions arrive at random: they cannot be scheduled`,
      );
    if (stream.cancellationShare !== undefined && stream.arrivals !== 'scheduled')
      issue(['streams', i, 'cancellationShare'], 'a cancellation share applies to scheduled arrivals only');
  });
  scenario.growth.forEach((g, i) => checkTargets(g.appliesTo, ['growth', i, 'appliesTo']));

  const optionIds = new Set(scenario.options.map((o) => o.id));
  if (!optionIds.has(scenario.baselineOption)) issue(['baselineOption'], `no option has id ${scenario.baselineOption}`);

  // The same intervention id must mean the same intervention in every option: its draws are shared.
  const byId = new Map<string, string>();
  scenario.options.forEach((option, i) => {
    duplicates(
      option.interventions.map((x) => x.id),
      `options.${i}.interventions`,
    );
    option.interventions.forEach((iv, j) => {
      const path = ['options', i, 'interventions', j];
      const text = JSON.stringify(iv);
      const earlier = byId.get(iv.id);
      if (earlier !== undefined && earlier !== text)
        issue([...path, 'id'], `intervention ${iv.id} is defined differently in another option`);
      byId.set(iv.id, text);
      switch (iv.type) {
        case 'lcnAdmissionAvoidance':
        case 'losReduction':
          checkTargets(iv.targets, [...path, 'targets']);
          Object.keys(iv.ramp).forEach((y) => inHorizon(y, [...path, 'ramp', y]));
          rampNotInBaseYear(iv.ramp, [...path, 'ramp']);
          break;
        case 'capacityChange':
          if (!sites.has(iv.site)) issue([...path, 'site'], `unknown site ${iv.site}`);
          else checkPool(iv.site, iv.pool, [...path, 'pool'], 'a capacity change');
          inHorizon(iv.fromYear, [...path, 'fromYear']);
          notInBaseYear(iv.fromYear, [...path, 'fromYear'], 'a capacity change');
          if (iv.from) {
            if (iv.change <= 0)
              issue([...path, 'change'], 'beds moved from another site or pool must be a positive number');
            if (!sites.has(iv.from.site)) issue([...path, 'from', 'site'], `unknown site ${iv.from.site}`);
            else checkPool(iv.from.site, iv.from.pool, [...path, 'from', 'pool'], 'a move of beds');
            if (iv.from.site === iv.site && iv.from.pool === iv.pool) {
              issue([...path, 'from'], 'beds cannot move to where they already are');
            }
          }
          break;
        case 'orthopaedicConsolidation': {
          inHorizon(iv.goLiveYear, [...path, 'goLiveYear']);
          notInBaseYear(iv.goLiveYear, [...path, 'goLiveYear'], 'a go-live');
          Object.keys(iv.ramp ?? {}).forEach((y) => inHorizon(y, [...path, 'ramp', y]));
          rampNotInBaseYear(iv.ramp, [...path, 'ramp']);
          iv.fromSites?.forEach((x, k) => sites.has(x) || issue([...path, 'fromSites', k], `unknown site ${x}`));
          const total = iv.centres.reduce((a, c) => a + c.share, 0);
          if (Math.abs(total - 1) > 1e-9) issue([...path, 'centres'], `centre shares must sum to 1, not ${total}`);
          iv.centres.forEach((c, k) => {
            const site = sites.get(c.site);
            if (!site) issue([...path, 'centres', k, 'site'], `unknown site ${c.site}`);
            else if (c.pool !== undefined) checkPool(c.site, c.pool, [...path, 'centres', k, 'pool'], 'a centre');
            else if (site.role !== 'electiveCentre')
              issue(
                [...path, 'centres', k, 'site'],
                `site ${c.site} receives activity but its role is ${site.role}, not electiveCentre`,
              );
            else if (
              site.beds +
                site.bedChanges.reduce((a, b) => a + Math.max(0, b.change), 0) +
                openedBy(option.interventions, c.site) <=
              0
            ) {
              issue(
                [...path, 'centres', k, 'site'],
                `centre ${c.site} receives activity but has no beds in this option`,
              );
            }
            if (iv.fromSites?.includes(c.site))
              issue([...path, 'centres', k, 'site'], `centre ${c.site} is also a base site`);
          });
          break;
        }
      }
    });
  });
}
