/**
 * Where a run's scenario came from: a preset, a saved scenario at one revision, or neither (an
 * inline scenario), plus the overrides applied to it as a readable diff (pointer, from, to). It is
 * part of the workflow input and of the stored result, so a report always states its own
 * assumptions. Fields appear only when they say something: a plain preset run's source is still
 * { preset }, byte for byte what it was before saved scenarios, so its result hash is unchanged.
 *
 * Schema only, no I/O: workflow code imports it (through orchestration/run-input.ts).
 */
import { z } from 'zod';

export const runChangeSchema = z
  .object({
    pointer: z.string().describe('JSON pointer into the scenario'),
    from: z.unknown().describe('the value in the preset or saved revision'),
    to: z.unknown().describe('the value the run simulated'),
  })
  .strict();

export const runSourceSchema = z
  .object({
    preset: z.string().optional().describe('the preset the scenario was taken from'),
    saved: z
      .object({
        id: z.string().describe('the saved scenario id'),
        revision: z.number().int().min(1).describe('its revision, from 1'),
      })
      .strict()
      .optional()
      .describe('the saved scenario and revision it was taken from'),
    changes: z
      .array(runChangeSchema)
      .optional()
      .describe('the overrides applied to the preset or revision, each with the value it replaced'),
  })
  .strict();

export type RunChange = z.infer<typeof runChangeSchema>;
export type RunSource = z.infer<typeof runSourceSchema>;
