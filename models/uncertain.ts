/**
 * Uncertain parameters, in the convention of the NHS New Hospital Programme model so users can
 * carry their parameters over: an 80% interval { p10, p90 } is read as a normal distribution
 * with mean (p10 + p90) / 2 and sd (p90 - p10) / 2.563103, then clipped to the parameter's valid
 * range. 2.563103 = 2 x 1.2815516, the standard normal's 90th percentile doubled.
 */
import { z } from 'zod';

export const Z_WIDTH_OF_80_PERCENT_INTERVAL = 2 * 1.2815515655446004;

export const interval80Schema = z
  .object({
    p10: z.number().finite().describe('10th percentile'),
    p90: z.number().finite().describe('90th percentile'),
    group: z
      .string()
      .min(1)
      .max(80)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - only')
      .optional()
      .describe(
        'uncertainty group: every parameter naming the same group takes one shared draw per iteration ' +
          '(each keeps its own interval), e.g. one system-wide LoS question for many streams',
      ),
  })
  .strict()
  .refine((v) => v.p10 <= v.p90, { message: 'p10 must not exceed p90', path: ['p10'] });

export type Interval80 = z.infer<typeof interval80Schema>;

/** The named random quantity a grouped interval draws from, shared by every member of the group. */
export function groupQuantity(group: string): string {
  return `group/${group}`;
}

/** A fixed number, or an 80% interval. */
export const uncertainSchema = z.union([z.number().finite(), interval80Schema]);
export type Uncertain = z.infer<typeof uncertainSchema>;

export interface ValidRange {
  min: number;
  max: number;
}

export function normalFromInterval80(interval: Interval80): { mean: number; sd: number } {
  return {
    mean: (interval.p10 + interval.p90) / 2,
    sd: (interval.p90 - interval.p10) / Z_WIDTH_OF_80_PERCENT_INTERVAL,
  };
}

/** The parameter's value for a standard normal deviate z, clipped to its valid range. */
export function uncertainValue(param: Uncertain, z: number, range: ValidRange): number {
  if (typeof param === 'number') return clip(param, range);
  const { mean, sd } = normalFromInterval80(param);
  return clip(mean + sd * z, range);
}

/** The central value (the median before clipping), used to describe a parameter. */
export function centralValue(param: Uncertain, range: ValidRange): number {
  return uncertainValue(param, 0, range);
}

function clip(x: number, range: ValidRange): number {
  return Math.min(range.max, Math.max(range.min, x));
}
