/**
 * The minimal scenario of the first vertical slice: one site, one activity stream, growth as an
 * 80% interval and a target occupancy. Schema and types only: the workflow imports this module,
 * so it must not pull in the samplers (seedrandom needs Node's crypto).
 */
import { z } from 'zod';
import type { Distribution } from './summary.js';
import { interval80Schema } from './uncertain.js';

export const GROWTH_RANGE = { min: -0.5, max: 1 } as const;
export const DAYS_PER_YEAR = 365;

export const minimalScenarioSchema = z
  .object({
    site: z
      .object({
        name: z.string().min(1).max(120),
        beds: z.number().int().min(0).max(100_000).describe('current general and acute beds'),
      })
      .strict(),
    stream: z
      .object({
        admissionsPerYear: z.number().positive().max(10_000_000).describe('baseline admissions in the base year'),
        meanLosDays: z.number().positive().max(365).describe('mean length of stay in days'),
      })
      .strict(),
    growthPerYear: interval80Schema
      .refine((g) => g.p10 >= GROWTH_RANGE.min && g.p90 <= GROWTH_RANGE.max, {
        message: `growth must lie within [${GROWTH_RANGE.min}, ${GROWTH_RANGE.max}] a year`,
      })
      .describe('annual growth in admissions, as an 80% interval'),
    years: z.number().int().min(1).max(30).describe('projected years after the base year'),
    targetOccupancy: z.number().gt(0).max(1),
  })
  .strict();

export type MinimalScenario = z.infer<typeof minimalScenarioSchema>;

export interface MinimalYearSummary {
  year: number;
  admissions: Distribution;
  bedDays: Distribution;
  bedsRequired: Distribution;
  capacity: number;
  /** Share of iterations in which the beds required exceed current capacity. */
  probabilityShortfall: number;
}

export interface MinimalResult {
  iterations: number;
  seed: number;
  years: MinimalYearSummary[];
}
