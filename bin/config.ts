/**
 * Configuration from environment variables, validated once at start-up. A bad value stops the
 * process with a message naming the variable, instead of failing later somewhere obscure.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_MAX_RUN_CORE_SECONDS } from '../models/run-cost.js';
import { DEFAULT_TASK_QUEUE } from '../orchestration/temporal-contract.js';

const port = z.coerce.number().int().min(1).max(65535);
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

export const configSchema = z.object({
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[A-Za-z0-9.\-\[\]:]+:\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:7233')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  BEDCAST_DATA_DIR: z.string().min(1).default('.data'),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  // One worker process per core: activities are CPU-bound and each process runs one at a time.
  BEDCAST_WORKERS: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(() => os.availableParallelism()),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected postgres://user:password@host:port/database')
    .optional()
    .describe('PostgreSQL result store for several machines; files under BEDCAST_DATA_DIR when unset'),
  BEDCAST_WORKFLOW_BUNDLE: z
    .string()
    .min(1)
    .optional()
    .describe(
      'a workflow bundle file written by npm start (worker/workflow-bundle.ts); a worker bundles the workflows itself when unset',
    ),
  BEDCAST_START_EXAMPLE: flag.default(true),
  API_TOKENS: z
    .string()
    .optional()
    .describe('comma-separated bearer tokens; a ":read" suffix allows reading only; open API when unset'),
  BEDCAST_MAX_RUN_CORE_SECONDS: z.coerce
    .number()
    .positive()
    .default(DEFAULT_MAX_RUN_CORE_SECONDS)
    .describe('the most core-seconds a run may be estimated to cost (models/run-cost.ts); larger runs get 422'),
  BEDCAST_TOKEN_MAX_RUNS: z.coerce
    .number()
    .int()
    .min(1)
    .default(4)
    .describe('with API_TOKENS: runs a token may have in flight at once; more get 429'),
  BEDCAST_TOKEN_MAX_CORE_SECONDS: z.coerce
    .number()
    .positive()
    .default(3600)
    .describe("with API_TOKENS: the estimated core-seconds of a token's runs in flight at most; more get 429"),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema> & { dataDir: string };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset, as most shells and .env files intend.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    // Secrets are named, never shown.
    const shown = (name: string) =>
      /TOKEN|SECRET|PASSWORD|DATABASE_URL/.test(name) ? '<redacted>' : JSON.stringify(env[name]);
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}=${shown(String(i.path[0]))}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.BEDCAST_DATA_DIR) };
}
