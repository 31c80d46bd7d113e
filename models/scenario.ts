/**
 * The scenario: what a planning team describes, and the one zod schema that validates it, types
 * it and documents it in OpenAPI. Schema only (workflow code imports it): no samplers here.
 *
 * Cross-references (a stream's site, an intervention's targets, years in the horizon, centres
 * with capacity) are checked in one superRefine so every message carries the path of the field.
 */
import { z } from 'zod';
import { interval80Schema, type Uncertain } from './uncertain.js';

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
  const fixed = z.number().finite().min(min, `${what} must be >= ${min}`).max(max, `${what} must be <= ${max}`);
  const interval = interval80Schema.superRefine((v, ctx) => {
    if (v.p10 < min || v.p90 > max) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} interval must lie within [${min}, ${max}]`,
        path: v.p10 < min ? ['p10'] : ['p90'],
      });
    }
  });
  return z.union([fixed, interval]).describe(`${what}: a fixed value or an 80% interval { p10, p90 }`);
}

export const share = (what: string) => uncertainIn(VALID_RANGES.share, what);

const rampSchema = z
  .record(year, z.number().min(0).max(1))
  .describe(
    'share of the full effect reached in each year; years not listed carry the previous value (0 before the first)',
  );

const targetsSchema = z
  .object({
    sites: z.array(id).max(200).optional().describe('sites affected; all when omitted'),
    pathways: z.array(z.enum(PATHWAYS)).max(PATHWAYS.length).optional(),
    segments: z.array(id).max(100).optional().describe('population segments; all when omitted'),
  })
  .strict();

export const losShapeSchema = z.discriminatedUnion('family', [
  z.object({ family: z.literal('lognormal'), sigma: z.number().gt(0).max(4).describe('sd of log LoS') }).strict(),
  z.object({ family: z.literal('gamma'), cv: z.number().gt(0).max(5).describe('coefficient of variation') }).strict(),
  z.object({ family: z.literal('exponential') }).strict(),
  z.object({ family: z.literal('fixed') }).strict(),
]);
export type LosShape = z.infer<typeof losShapeSchema>;

const weekdayProfile = z.array(z.number().min(0).max(10)).length(7).describe('relative arrivals Monday..Sunday');
const monthlyProfile = z.array(z.number().min(0).max(10)).length(12).describe('relative arrivals January..December');

export const siteSchema = z
  .object({
    id,
    name: z.string().min(1).max(200),
    role: z.enum(['acute', 'electiveCentre']),
    beds: z.number().int().min(0).max(20_000).describe('general and acute beds in the base year'),
    bedChanges: z
      .array(z.object({ fromYear: year, change: z.number().int().min(-20_000).max(20_000) }).strict())
      .max(50)
      .default([])
      .describe('planned openings (+) and closures (-) common to every option'),
    targetOccupancy: z.number().gt(0).max(1).optional().describe('overrides the bed policy for this site'),
  })
  .strict();

export const streamSchema = z
  .object({
    id,
    site: id,
    pathway: z.enum(PATHWAYS),
    segment: id.optional().describe('population segment, e.g. "3+ long-term conditions"'),
    admissionsPerYear: z.number().positive().max(5_000_000).describe('admissions in the base year'),
    losMeanDays: uncertainIn(VALID_RANGES.losDays, 'mean length of stay (days)'),
    losShape: losShapeSchema.default({ family: 'lognormal', sigma: 1 }),
    weekdayProfile: weekdayProfile.optional(),
    monthlyProfile: monthlyProfile.optional(),
  })
  .strict();

export const growthDriverSchema = z
  .object({
    id,
    ratePerYear: uncertainIn(VALID_RANGES.growthRate, 'growth rate per year'),
    appliesTo: targetsSchema.default({}),
  })
  .strict();

export const lcnAdmissionAvoidanceSchema = z
  .object({
    type: z.literal('lcnAdmissionAvoidance'),
    id,
    targets: targetsSchema.default({ pathways: ['nonElective'] }),
    avoidableShare: share('share of targeted admissions that are avoidable'),
    reductionAtMaturity: share('share of the avoidable admissions that no longer happen at full effect'),
    avoidedLosFactor: uncertainIn(VALID_RANGES.losFactor, 'LoS of avoided stays relative to the mean'),
    ramp: rampSchema,
  })
  .strict();

export const losReductionSchema = z
  .object({
    type: z.literal('losReduction'),
    id,
    targets: targetsSchema.default({ pathways: ['nonElective'] }),
    reductionAtMaturity: share('fall in mean LoS at full effect'),
    ramp: rampSchema,
  })
  .strict();

export const orthopaedicConsolidationSchema = z
  .object({
    type: z.literal('orthopaedicConsolidation'),
    id,
    fromSites: z
      .array(id)
      .max(200)
      .optional()
      .describe('base sites that lose activity; all sites with elective orthopaedic streams when omitted'),
    centres: z
      .array(z.object({ site: id, share: z.number().gt(0).max(1) }).strict())
      .min(1)
      .max(20)
      .describe('receiving centres and the share of moved activity each takes (shares sum to 1)'),
    goLiveYear: year,
    shareMoved: share('share of elective orthopaedic inpatients meeting the centre criteria'),
    centreLosMeanDays: uncertainIn(VALID_RANGES.losDays, 'mean LoS at the centre (days)'),
    centreLosShape: losShapeSchema.optional(),
    ramp: rampSchema.optional().describe('share of full effect by year from go-live; full from go-live when omitted'),
  })
  .strict();

export const capacityChangeSchema = z
  .object({
    type: z.literal('capacityChange'),
    id,
    site: id,
    fromYear: year,
    change: z.number().int().min(-20_000).max(20_000),
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
    id,
    name: z.string().min(1).max(200),
    interventions: z.array(interventionSchema).max(50).default([]),
  })
  .strict();

const scenarioObjectSchema = z
  .object({
    id,
    name: z.string().min(1).max(200),
    years: z.array(year).min(1).max(30).describe('the horizon: base year first, then projected years in order'),
    daysPerYear: z.number().int().min(360).max(366).default(365),
    sites: z.array(siteSchema).min(1).max(100),
    streams: z.array(streamSchema).min(1).max(1000),
    growth: z.array(growthDriverSchema).max(50).default([]),
    bedPolicy: z
      .object({
        targetOccupancy: z.number().gt(0).max(1).describe('occupancy method target, e.g. 0.85'),
        riskTarget: z
          .number()
          .gt(0)
          .lt(1)
          .describe('highest acceptable share of emergency admissions finding no bed, e.g. 0.05'),
      })
      .strict(),
    options: z.array(optionSchema).min(1).max(20),
    baselineOption: id.describe('the "do nothing" option that differences are taken from'),
  })
  .strict();

export const scenarioSchema = scenarioObjectSchema.superRefine(checkReferences);

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Site = Scenario['sites'][number];
export type Stream = Scenario['streams'][number];
export type GrowthDriver = Scenario['growth'][number];
export type PathwayOption = Scenario['options'][number];
export type Targets = z.infer<typeof targetsSchema>;
export type { Uncertain };

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
    if (!years.has(y)) issue(path, `year ${y} is outside the horizon ${scenario.years[0]}..${scenario.years.at(-1)}`);
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

  scenario.sites.forEach((site, i) =>
    site.bedChanges.forEach((c, j) => inHorizon(c.fromYear, ['sites', i, 'bedChanges', j, 'fromYear'])),
  );
  scenario.streams.forEach((stream, i) => {
    if (!sites.has(stream.site)) issue(['streams', i, 'site'], `unknown site ${stream.site}`);
    if (stream.weekdayProfile && stream.weekdayProfile.every((v) => v === 0))
      issue(['streams', i, 'weekdayProfile'], 'at least one weekday must have arrivals');
    if (stream.monthlyProfile && stream.monthlyProfile.every((v) => v === 0))
      issue(['streams', i, 'monthlyProfile'], 'at least one month must have arrivals');
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
          break;
        case 'capacityChange':
          if (!sites.has(iv.site)) issue([...path, 'site'], `unknown site ${iv.site}`);
          inHorizon(iv.fromYear, [...path, 'fromYear']);
          break;
        case 'orthopaedicConsolidation': {
          inHorizon(iv.goLiveYear, [...path, 'goLiveYear']);
          Object.keys(iv.ramp ?? {}).forEach((y) => inHorizon(y, [...path, 'ramp', y]));
          iv.fromSites?.forEach((x, k) => sites.has(x) || issue([...path, 'fromSites', k], `unknown site ${x}`));
          const total = iv.centres.reduce((a, c) => a + c.share, 0);
          if (Math.abs(total - 1) > 1e-9) issue([...path, 'centres'], `centre shares must sum to 1, not ${total}`);
          iv.centres.forEach((c, k) => {
            const site = sites.get(c.site);
            if (!site) issue([...path, 'centres', k, 'site'], `unknown site ${c.site}`);
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
