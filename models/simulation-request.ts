/**
 * What a client asks for when it launches a simulation. One zod schema serves the API's
 * validation, the workflow's own input check, the TypeScript types and the OpenAPI document.
 */
import { z } from 'zod';
import { minimalScenarioSchema } from './minimal-scenario.js';

export const MAX_ITERATIONS = 100_000;
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

export const simulationRequestSchema = z
  .object({
    scenario: minimalScenarioSchema,
    iterations: z.number().int().min(1).max(MAX_ITERATIONS).default(1000).describe('Monte Carlo iterations'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(MAX_SEED)
      .optional()
      .describe('random seed; generated and returned when omitted'),
  })
  .strict();

export type SimulationRequest = z.infer<typeof simulationRequestSchema>;

/** The workflow's input: a validated request whose seed has been fixed. */
export const simulationInputSchema = simulationRequestSchema.extend({
  seed: z.number().int().min(0).max(MAX_SEED),
});

export type SimulationInput = z.infer<typeof simulationInputSchema>;
