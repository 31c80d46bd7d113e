/**
 * The run resource as the API returns it: status, progress, links, and the result summary once
 * the run has succeeded.
 */
import { z } from 'zod';
import { runStatusSchema, type RunView } from './simulation-service.js';

const distributionSchema = z.object({
  mean: z.number(),
  mcse: z.number().describe('Monte Carlo standard error of the mean'),
  p5: z.number(),
  p10: z.number(),
  p25: z.number(),
  p50: z.number(),
  p75: z.number(),
  p90: z.number(),
  p95: z.number(),
});

const yearSummarySchema = z.object({
  year: z.number().int().describe('years after the base year (0 is the base year)'),
  admissions: distributionSchema,
  bedDays: distributionSchema,
  bedsRequired: distributionSchema.describe('occupancy method: bed days / (365 x target occupancy)'),
  capacity: z.number(),
  probabilityShortfall: z.number().min(0).max(1),
});

export const runResourceSchema = z.object({
  id: z.string(),
  status: runStatusSchema,
  seed: z.number().int(),
  iterations: z.number().int(),
  modelVersion: z.string(),
  progress: z.object({
    phase: z.string(),
    iterationsDone: z.number().int(),
    iterationsTotal: z.number().int(),
  }),
  result: z
    .object({ iterations: z.number().int(), seed: z.number().int(), years: z.array(yearSummarySchema) })
    .optional(),
  error: z.object({ message: z.string(), type: z.string().optional() }).optional(),
  links: z.object({ self: z.string() }),
});

export type RunResource = z.infer<typeof runResourceSchema>;

export function runLocation(id: string): string {
  return `/v1/simulations/${id}`;
}

export function toRunResource(view: RunView): RunResource {
  return { ...view, links: { self: runLocation(view.id) } };
}
