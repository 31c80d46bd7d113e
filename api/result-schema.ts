/**
 * The results contract for report generators, as a zod schema: what GET /v1/simulations/{id}/results
 * returns (models/run-result.ts builds it). It feeds the OpenAPI document, and tests parse real
 * results with it, so the document cannot drift from what is served.
 */
import { z } from 'zod';
import { runSourceSchema } from '../models/run-source.js';
import { runResultExample } from './examples/run-result-example.js';

const distributionSchema = z
  .object({
    mean: z.number().describe("the mean over iterations, in the figure's own unit"),
    mcse: z.number().describe('Monte Carlo standard error of the mean'),
    p5: z.number().describe('5th percentile over iterations: 5% of iterations fall below it'),
    p10: z.number().describe('10th percentile (P10), the low end of the 80% interval'),
    p25: z.number().describe('25th percentile'),
    p50: z.number().describe('the median (P50): half the iterations fall below it'),
    p75: z.number().describe('75th percentile'),
    p90: z.number().describe('90th percentile (P90), the high end of the 80% interval'),
    p95: z.number().describe('95th percentile'),
  })
  .describe(
    "a figure over the iterations: its mean, the mean's Monte Carlo error and percentiles, in the figure's unit",
  )
  .meta({ id: 'Distribution' });

const OCCUPANCY = 'occupancy method: bed days / (days x target occupancy)';
const RISK = 'risk method: fewest beds keeping emergency admissions turned away within the risk target';

/** A figure by both bed methods; `what` says what the figure is, when it is not the beds required themselves. */
const byMethod = <T extends z.ZodType>(schema: T, what?: (method: string) => string) =>
  z.object({
    occupancy: schema.describe(what ? what(OCCUPANCY) : OCCUPANCY),
    risk: schema.describe(what ? what(RISK) : RISK),
  });

const shortfallSchema = z
  .object({
    sumOverSites: byMethod(distributionSchema).describe(
      'beds, >= 0: per iteration, the sum over sites of max(0, beds required - capacity), a site netting only its own pools; never below max(0, the system gap)',
    ),
    sumOverPools: byMethod(distributionSchema).describe(
      'beds, >= 0: the same sum over bed pools (each declared pool on its own, a site without pools as one pool); never below sumOverSites, equal to it when no site declares pools',
    ),
    probabilityAnySiteShort: byMethod(z.number().min(0).max(1)).describe(
      'share of iterations in which at least one site needs more beds than it has',
    ),
    probabilityAnyPoolShort: byMethod(z.number().min(0).max(1)).describe(
      'share of iterations in which at least one bed pool needs more beds than it has',
    ),
    byScope: z
      .array(
        z.object({
          scope: z.string().describe('a site id, or "site/pool" for a declared pool'),
          probabilityShort: byMethod(z.number().min(0).max(1)).describe(
            'share of iterations in which this site or pool needs more beds than it has',
          ),
        }),
      )
      .describe('every site, then every declared pool, in the order of the result'),
  })
  .describe(
    "system cells only: shortfalls where they happen. The system gap nets one site's spare beds against another's shortfall; these figures do not",
  )
  .meta({ id: 'Shortfall' });

const monthsSchema = z
  .object({
    bedsRequired: byMethod(z.array(distributionSchema).length(12)).describe(
      "beds required in each month, January..December, in beds (a distribution over iterations): occupancy method, the month's bed days / (days in the month x target occupancy) rounded up per pool; risk method, the fewest beds meeting the risk target (bedPolicy.riskMeasure) on the month's own census points; summed over the scope's pools. A flat profile gives every month the year's beds",
    ),
    probabilityShortfall: byMethod(z.array(z.number().min(0).max(1)).length(12)).describe(
      "each month, January..December: the share of iterations (0 to 1) in which the month's beds required exceed the year's capacity",
    ),
    peak: byMethod(
      z.object({
        month: z
          .number()
          .int()
          .min(0)
          .max(11)
          .describe(
            'the month with the most beds required on average over iterations (ties: the earliest); 0 = January',
          ),
        beds: distributionSchema.describe('per iteration, the most beds any month requires, in beds'),
      }),
    ).describe('the month that needs the most beds, and how many, by each method'),
  })
  .describe(
    'the cell month by month (months of the census profile, January..December); absent in results stored before model 0.4.0',
  )
  .meta({ id: 'Months' });

export const cellSchema = z
  .object({
    option: z.string().describe('the option id (options[].id)'),
    scope: z.string().describe('a site id, a "site/pool" scope for a declared pool, or "system"'),
    year: z.string().describe('the financial year, e.g. 2027/28'),
    capacity: z
      .number()
      .describe("beds this option has here in this year (the base year's beds and its capacity changes)"),
    admissions: distributionSchema.optional().describe('admissions in the year, all pathways'),
    emergencyAdmissions: distributionSchema.optional().describe('emergency (non-elective) admissions in the year'),
    bedDays: distributionSchema.optional().describe('occupied bed days in the year'),
    meanOccupied: distributionSchema.optional().describe('mean occupied beds over the year, in beds'),
    bedsRequired: byMethod(distributionSchema)
      .optional()
      .describe("beds required, in beds, by each method (summed over the scope's pools, each rounded up)"),
    gap: byMethod(
      distributionSchema,
      (method) =>
        `in beds, per iteration: beds required by the ${method}, minus capacity; positive = short of beds, negative = beds to spare`,
    )
      .optional()
      .describe(
        'in beds: beds required minus capacity, iteration by iteration, by each method; positive = short of beds (that many more needed), negative = spare. For the system, sites net against each other (see shortfall)',
      ),
    probabilityShortfall: byMethod(
      z.number().min(0).max(1),
      (method) => `share of iterations (0 to 1) in which beds required by the ${method} exceed capacity`,
    )
      .optional()
      .describe('share of iterations (0 to 1) in which the beds required exceed capacity, by each method'),
    turnedAway: distributionSchema
      .optional()
      .describe(
        'loss model (arrivals finding every bed busy are turned away): protected admissions (emergency, or all at an elective centre) finding no bed at this capacity, a year',
      ),
    daysFull: distributionSchema
      .optional()
      .describe(
        'loss model: expected days in the year on which every bed is busy (site-days summed for the system); with Poisson arrivals, the share of days equals the share of arrivals turned away',
      ),
    daysAtOrOverCapacity: distributionSchema
      .optional()
      .describe('schemaVersion 1 only: what daysDemandAtOrAboveCapacity is now'),
    daysDemandAtOrAboveCapacity: distributionSchema
      .optional()
      .describe(
        'unconstrained demand model (nobody turned away): expected days in the year on which demand for beds meets or exceeds this capacity (site-days summed for the system); the timeAtCapacity measure is this over the days in the year',
      ),
    differenceFromBaseline: z
      .object({
        bedDays: distributionSchema.describe(
          'bed days: this option minus the baseline, per iteration (negative = fewer)',
        ),
        bedsRequired: byMethod(distributionSchema).describe(
          'beds required: this option minus the baseline, per iteration, by each method (negative = fewer beds needed)',
        ),
        probabilityFewerBeds: byMethod(z.number().min(0).max(1)).describe(
          'share of iterations (0 to 1) in which this option needs fewer beds than the baseline, by each method',
        ),
      })
      .optional()
      .describe('this option minus the baseline option, iteration by iteration; absent for the baseline option'),
    shortfall: shortfallSchema.optional(),
    months: monthsSchema.optional(),
  })
  .describe('one option x scope x year; every figure is present unless left out by the metric filter')
  .meta({ id: 'ResultCell' });

const bridgeStep = {
  step: z.string().describe("today's beds, gap today, growth, an intervention id, interaction, or required"),
  kind: z
    .enum(['start', 'change', 'end'])
    .describe(
      'start: the beds the bridge starts from; change: a step up (+) or down (-) in beds; end: the beds required',
    ),
  p10: z.number().describe('in beds: P10 over iterations (of the change, for a change step)'),
  p90: z.number().describe('in beds: P90 over iterations (of the change, for a change step)'),
};

const bridgeStepSchema = z
  .object({
    ...bridgeStep,
    p50: z.number().describe('in beds: the median over iterations (of the change, for a change step)'),
  })
  .meta({ id: 'BedBridgeStep' });

/** A step as results stored under schemaVersion 1 and 2 name it (served as stored). */
const storedBridgeStepSchema = z
  .object({ ...bridgeStep, median: z.number().describe('what p50 is since schemaVersion 3') })
  .describe('schemaVersion 1 and 2 only')
  .meta({ id: 'BedBridgeStepV2', deprecated: true });

const bridgeSchema = z
  .object({
    option: z.string().describe('the option id (options[].id)'),
    scope: z.string().describe('a site id, a "site/pool" scope, or "system"'),
    year: z.string().describe('the year the bridge ends in (its start is the base year)'),
    method: z.enum(['occupancy', 'risk']).describe('the bed method of every step'),
    steps: z
      .array(z.union([bridgeStepSchema, storedBridgeStepSchema]))
      .describe("from today's beds, through the base year's gap, growth and each lever, to the beds required"),
  })
  .describe('how the beds required are reached, step by step: a waterfall in beds')
  .meta({ id: 'BedBridge' });

const calibrationSchema = z
  .object({
    scope: z.string().describe('a site id, or "system"'),
    year: z.string().describe('the base year'),
    beds: z.number().describe('beds available in the base year'),
    observedOccupiedBeds: z
      .number()
      .describe("the site's stated occupied beds (e.g. KH03), else its streams' observed bed days / days"),
    modelledOccupiedBeds: z.number().describe('modelled base-year mean occupied beds, mean over iterations'),
    largestDifference: z.number().min(0).describe('largest |modelled - observed| over the iterations, in beds'),
    observedOccupancy: z.number().optional().describe('observed occupied / available beds; absent with no beds'),
    modelledOccupancy: z.number().optional().describe('modelled occupied / available beds; absent with no beds'),
  })
  .describe('the observed base year beside the modelled one, per site and for the system')
  .meta({ id: 'Calibration' });

export const runResultSchema = z
  .object({
    schemaVersion: z
      .union([z.literal(1), z.literal(2), z.literal(3)])
      .describe(
        '3 since model 0.5.0 (2 since 0.3.0); a result stored under 1 or 2 is served as it was stored (docs/results-changelog.md)',
      ),
    runId: z.string().describe('the run these results are of'),
    modelVersion: z.string().describe('the bedcast model version that computed them'),
    inputsSha256: z
      .string()
      .describe('sha256 of the canonical inputs: resolved scenario, seed, iterations, model version'),
    source: runSourceSchema.describe('where the scenario came from (preset or saved revision) and what was changed'),
    scenario: z
      .object({ id: z.string().describe("the scenario's id"), name: z.string().describe("the scenario's name") })
      .describe('the scenario simulated (GET /v1/simulations/{id}/scenario gives it whole)'),
    seed: z.number().int().describe('the random seed'),
    iterations: z.number().int().describe('Monte Carlo iterations'),
    years: z.array(z.string()).describe('the horizon: the base year first, then each projected year'),
    sites: z
      .array(
        z.object({
          id: z.string().describe("the site's id, its cells' scope"),
          name: z.string().describe("the site's name"),
          role: z.string().describe('acute, or electiveCentre for a ring-fenced elective centre'),
          pools: z
            .array(
              z.object({
                id: z.string().describe("the pool's id within its site"),
                name: z.string().describe("the pool's name"),
                scope: z.string().describe('the scope of its cells: "site/pool"'),
              }),
            )
            .optional()
            .describe("the site's declared bed pools; absent when the site is one pool"),
        }),
      )
      .describe('the sites, in the order of the scenario'),
    options: z
      .array(
        z.object({
          id: z.string().describe("the option's id"),
          name: z.string().describe("the option's name"),
          interventions: z.array(z.string()).describe('the ids of the levers (interventions) it includes'),
        }),
      )
      .describe('the options compared, the baseline among them'),
    baselineOption: z.string().describe('the option the others are compared with ("do nothing")'),
    cells: z.array(cellSchema).describe('one per option x scope x year'),
    bridges: z.array(bridgeSchema).describe('one per option x scope x method, for the last year'),
    calibration: z
      .array(calibrationSchema)
      .optional()
      .describe('the base year, observed vs modelled (absent in results of models before 0.3.0)'),
  })
  .describe("a finished run's results: per option x scope x year, every figure as a distribution over iterations")
  .meta({ id: 'RunResult', examples: [runResultExample] });
