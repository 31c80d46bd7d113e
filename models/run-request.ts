/**
 * What a client asks for when it launches a simulation: a scenario, inline or as a preset id with
 * overrides, the options to compare, iterations and a seed. One zod schema serves the API's
 * validation, the TypeScript types and the OpenAPI document.
 *
 * Overrides are JSON-pointer replacements into the preset's (or saved, or inline) scenario, e.g.
 * { "/bedPolicy/targetOccupancy": 0.92 }: any number a scenario holds can be changed without
 * copying the whole scenario, the run keeps the change as a diff, and an error names the
 * override that caused it.
 */
import { z } from 'zod';
import { DEFAULT_ITERATIONS, MAX_ITERATIONS, MAX_SEED } from './run-limits.js';
import { scenarioSchema } from './scenario.js';

const pointerKey = z
  .string()
  .regex(/^(\/([^~/]|~[01])*)+$/, 'expected a JSON pointer such as /bedPolicy/targetOccupancy');

export const runRequestSchema = z
  .object({
    preset: z.string().min(1).max(100).optional().describe('a preset id from GET /v1/presets; give this or scenario'),
    overrides: z
      .record(pointerKey, z.unknown())
      .optional()
      .refine((o) => o === undefined || Object.keys(o).length <= 100, 'at most 100 overrides')
      .describe(
        'JSON pointer -> new value, replacing numbers or parts of the preset, saved or inline scenario; the run records each change with the value it replaced',
      ),
    // The Scenario component by reference: a .describe() here would make a new schema, inlined whole.
    scenario: scenarioSchema.optional(),
    savedScenario: z
      .object({
        id: z.string().max(100).describe('a saved scenario id from POST /v1/scenarios'),
        revision: z.number().int().min(1).max(999_999).optional().describe('the revision; the latest when omitted'),
      })
      .strict()
      .optional()
      .describe('a saved scenario (GET /v1/scenarios) at one revision; give this, preset or scenario'),
    options: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(20)
      .optional()
      .describe(
        "ids of the pathway options to compare; the scenario's baseline option is always included; all when omitted",
      ),
    iterations: z
      .number()
      .int()
      .min(1)
      .max(MAX_ITERATIONS)
      .default(DEFAULT_ITERATIONS)
      .describe('Monte Carlo iterations'),
    seed: z.number().int().min(0).max(MAX_SEED).optional().describe('random seed; generated and returned when omitted'),
  })
  .strict()
  .superRefine((r, ctx) => {
    const given = [r.preset, r.scenario, r.savedScenario].filter((v) => v !== undefined).length;
    if (given !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: given === 0 ? [] : r.savedScenario === undefined ? ['scenario'] : ['savedScenario'],
        message: 'give exactly one of preset, savedScenario and scenario',
      });
    }
  })
  .meta({
    description:
      'A launch: exactly one of preset (a preset id), savedScenario (a saved scenario at a revision) and scenario (an inline Scenario), with overrides, options, iterations and seed',
    examples: [
      { preset: 'sel-stp-2016', options: ['do-nothing', 'all-levers'], iterations: 1000, seed: 2016 },
      { preset: 'sel-stp-2016', overrides: { '/bedPolicy/targetOccupancy': 0.92 }, iterations: 500 },
    ],
  });

export type RunRequest = z.infer<typeof runRequestSchema>;
export type RunRequestInput = z.input<typeof runRequestSchema>;
