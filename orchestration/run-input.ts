/**
 * The simulation workflow's input: the resolved scenario, seed and iterations (everything the
 * result depends on) plus execution settings that must never change it (shard size, concurrency).
 *
 * The workflow checks only the shape below, cheaply and without the scenario schema: the scenario
 * is validated in full by the prepareRun activity, so a later change to the scenario schema can
 * never make an old workflow history replay differently.
 */
import { z } from 'zod';
import { MAX_ITERATIONS, MAX_SEED } from '../models/run-limits.js';
import { runSourceSchema } from '../models/run-source.js';

/** Temporal allows 2,000 pending activities per workflow; a run never plans more shards than this. */
export const MAX_SHARDS = 2000;

export const executionSettingsSchema = z
  .object({
    shardSize: z.number().int().min(1).max(MAX_ITERATIONS).optional().describe('iterations per shard activity'),
    maxConcurrentShards: z.number().int().min(1).max(100).optional().describe('shards in flight at once'),
    chunkSize: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .describe('iterations between heartbeats and stored blocks'),
    summaryParts: z
      .number()
      .int()
      .min(1)
      .max(64)
      .optional()
      .describe('summary activities run at once, each taking some of the scopes (sites and the system)'),
  })
  .strict();

export const runInputSchema = z
  .object({
    scenario: z.record(z.string(), z.unknown()).describe('the resolved scenario; validated in full by prepareRun'),
    seed: z.number().int().min(0).max(MAX_SEED),
    iterations: z.number().int().min(1).max(MAX_ITERATIONS),
    source: runSourceSchema.default({}),
    modelVersion: z
      .string()
      .min(1)
      .describe('the model version the run id was derived with; workers of another version refuse it'),
    execution: executionSettingsSchema.default({}),
  })
  .strict()
  .superRefine((input, ctx) => {
    const size = input.execution.shardSize;
    if (size !== undefined && Math.ceil(input.iterations / size) > MAX_SHARDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['execution', 'shardSize'],
        message: `${input.iterations} iterations in shards of ${size} would need more than ${MAX_SHARDS} shards`,
      });
    }
  });

export type RunInput = z.input<typeof runInputSchema>;
export type ParsedRunInput = z.infer<typeof runInputSchema>;

/** What the workflow returns: small, the result itself is in the result store. */
export interface RunSummary {
  runId: string;
  iterations: number;
  seed: number;
  shards: number;
  /** sha256 of the stored result's bytes (canonical JSON): equal hashes, equal results. */
  resultSha256: string;
  resultBytes: number;
}
