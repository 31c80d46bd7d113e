/**
 * The run resource as the API returns it: status, progress, links, and once the run has
 * succeeded the hash of its stored result.
 */
import { z } from 'zod';
import { type RunSource, runSourceSchema } from '../models/run-source.js';
import { runProgressSchema, runStatusSchema, type RunView } from './simulation-service.js';

/** The scenario a run simulated and where it came from: preset or saved revision (or neither: inline), and the changes. */
export const runScenarioRefSchema = runSourceSchema
  .extend({ id: z.string().describe("the scenario's own id") })
  .meta({ id: 'RunScenario' });

export const runResourceSchema = z
  .object({
    id: z.string().describe('the run id (sim-...), which names it in every URL'),
    status: runStatusSchema.describe('queued, running, then succeeded, failed or cancelled; never goes back'),
    seed: z
      .number()
      .int()
      .describe(
        'the random seed: the same scenario, seed, iterations and model version give the same result, byte for byte',
      ),
    iterations: z
      .number()
      .int()
      .describe('Monte Carlo iterations (model runs), each with its own draw of every uncertain value'),
    modelVersion: z.string().describe("the bedcast model version that simulates it, part of the run's identity"),
    scenario: runScenarioRefSchema,
    progress: runProgressSchema.describe('how far the run has got (kept after it ends)'),
    createdAt: z.string().optional().describe('when the run was launched (ISO 8601)'),
    finishedAt: z.string().optional().describe('when it ended (ISO 8601)'),
    result: z
      .object({
        sha256: z.string().describe('sha256 of the result JSON: equal hashes, equal results'),
        bytes: z.number().int().describe('size of the stored result JSON, in bytes'),
      })
      .optional()
      .describe('present once the run has succeeded: its stored result'),
    error: z
      .object({
        message: z.string().describe('what went wrong, in words'),
        type: z.string().optional().describe('the failure kind, e.g. RunTooBig, InvalidInput, NotReproduced'),
      })
      .optional()
      .describe('present when the run failed: the error that ended it'),
    estimate: z
      .object({
        coreSeconds: z.number().describe('estimated seconds of one core for the whole run, known at launch'),
        budgetCoreSeconds: z
          .number()
          .describe('the most a run may be estimated to cost (BEDCAST_MAX_RUN_CORE_SECONDS)'),
      })
      .optional()
      .describe('what the launch estimated the run would cost, against the budget'),
    links: z
      .object({
        self: z.string().describe('this resource'),
        scenario: z.string().describe('the scenario the run simulated'),
        results: z.string().optional().describe('the results (JSON or CSV), once the run has succeeded'),
        report: z.string().optional().describe('the HTML report, once the run has succeeded'),
      })
      .describe('where to go next'),
  })
  .meta({ id: 'Run' });

export type RunResource = z.infer<typeof runResourceSchema>;

export function runLocation(id: string): string {
  return `/v1/simulations/${id}`;
}

export function toRunResource(view: RunView): RunResource {
  return {
    ...view,
    links: {
      self: runLocation(view.id),
      scenario: `${runLocation(view.id)}/scenario`,
      ...(view.status === 'succeeded'
        ? { results: `${runLocation(view.id)}/results`, report: `${runLocation(view.id)}/report` }
        : {}),
    },
  };
}

/** A run's scenario reference: its id, and the source fields that say something. */
export function scenarioRef(id: string, source: RunSource = {}) {
  const { preset, saved, changes } = source;
  return { id, ...(preset ? { preset } : {}), ...(saved ? { saved } : {}), ...(changes ? { changes } : {}) };
}
