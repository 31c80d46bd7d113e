/**
 * The bodies of /v1/scenarios: what a client sends to save or revise a scenario, and the saved
 * scenario it gets back. One zod schema each serves validation, types and the OpenAPI document.
 */
import { z } from 'zod';
import { scenarioSchema } from '../../models/scenario.js';

const pointerKey = z
  .string()
  .regex(/^(\/([^~/]|~[01])*)+$/, 'expected a JSON pointer such as /bedPolicy/targetOccupancy');
const overridesSchema = z
  .record(pointerKey, z.unknown())
  .refine((o) => Object.keys(o).length <= 100, 'at most 100 overrides')
  .describe('JSON pointer -> new value, replacing values of the scenario copied from');
const notesSchema = z
  .record(pointerKey, z.string().min(1).max(2000))
  .refine((o) => Object.keys(o).length <= 200, 'at most 200 notes')
  .describe('rationale notes: JSON pointer into the scenario -> why that value is what it is');

const originSchema = z.union([
  z.object({ preset: z.string().min(1).max(100) }).strict(),
  z.object({ run: z.string().min(1).max(100) }).strict(),
  z
    .object({
      scenario: z.object({ id: z.string().max(100), revision: z.number().int().min(1).max(999_999) }).strict(),
    })
    .strict(),
]);

export const createScenarioSchema = z
  .object({
    // The Scenario component by reference (a .describe() here would inline it whole): a whole scenario; give this or from.
    scenario: scenarioSchema.optional(),
    from: originSchema
      .optional()
      .describe(
        'copy a preset, the scenario a run simulated, or a revision of a saved scenario; give this or scenario',
      ),
    overrides: overridesSchema.optional().describe('with from: changes to the copy'),
    notes: notesSchema.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if ((r.scenario === undefined) === (r.from === undefined))
      ctx.addIssue({
        code: 'custom',
        path: r.scenario === undefined ? [] : ['from'],
        message: 'give exactly one of scenario and from',
      });
    if (r.overrides !== undefined && r.from === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['overrides'],
        message: 'overrides apply to a copy; edit a whole scenario directly',
      });
  })
  .meta({
    examples: [
      {
        from: { preset: 'sel-stp-2016' },
        overrides: { '/bedPolicy/targetOccupancy': 0.92 },
        notes: { '/bedPolicy/targetOccupancy': 'SEL ran at 92.3% in 2018/19 (KH03)' },
      },
    ],
  });

export const reviseScenarioSchema = z
  .object({
    // The Scenario component by reference (a .describe() here would inline it whole): the whole new scenario; give this or overrides.
    scenario: scenarioSchema.optional(),
    overrides: overridesSchema.optional().describe('changes to the revision named by If-Match; give this or scenario'),
    notes: notesSchema
      .optional()
      .describe("the new revision's notes; when omitted, the previous ones whose values still exist are kept"),
  })
  .strict()
  .superRefine((r, ctx) => {
    if ((r.scenario === undefined) === (r.overrides === undefined))
      ctx.addIssue({
        code: 'custom',
        path: r.scenario === undefined ? [] : ['overrides'],
        message: 'give exactly one of scenario and overrides',
      });
  });

const changeSchema = z.object({
  pointer: z.string(),
  from: z.unknown().optional().describe('absent when the value was added'),
  to: z.unknown().optional().describe('absent when the value was removed'),
});

export const savedScenarioSchema = z
  .object({
    id: z.string().describe('scn- and 16 hex digits'),
    revision: z.number().int().min(1),
    name: z.string(),
    createdAt: z.string().describe('when this revision was saved (ISO 8601)'),
    scenario: scenarioSchema,
    notes: z.record(z.string(), z.string()).describe('rationale notes by JSON pointer into the scenario'),
    origin: originSchema.optional().describe('what revision 1 was copied from, or this one revised'),
    changes: z.array(changeSchema).optional().describe('what this revision changed from the previous one'),
    upgradedFrom: z
      .number()
      .int()
      .optional()
      .describe('the format it was saved in by an older bedcast, upgraded on reading'),
    links: z.object({ self: z.string(), scenario: z.string(), previous: z.string().optional() }),
  })
  .meta({ id: 'SavedScenario' });

export const savedScenarioSummarySchema = z.object({
  id: z.string(),
  revision: z.number().int(),
  name: z.string().optional(),
  createdAt: z.string().optional(),
  unreadable: z.string().optional().describe('why this bedcast cannot open it'),
  links: z.object({ self: z.string() }),
});
