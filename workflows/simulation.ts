/**
 * The simulation workflow: validate, run the Monte Carlo as an activity, report progress by
 * query, return the summary. Orchestration only: no maths, no I/O, no clock.
 */
import {
  ApplicationFailure,
  defineQuery,
  proxyActivities,
  setCurrentDetails,
  setHandler,
} from '@temporalio/workflow';
import type * as activities from '../activities/index.js';
import type { MinimalResult } from '../models/minimal-scenario.js';
import { type SimulationInput, simulationInputSchema } from '../models/simulation-request.js';
import { PROGRESS_QUERY, type SimulationProgress } from '../models/temporal-contract.js';

const { simulateMinimal } = proxyActivities<typeof activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: ['InvalidInput'] },
});

export const progressQuery = defineQuery<SimulationProgress>(PROGRESS_QUERY);

export async function simulationWorkflow(input: SimulationInput): Promise<MinimalResult> {
  const progress: SimulationProgress = { phase: 'validating', iterationsDone: 0, iterationsTotal: 0 };
  setHandler(progressQuery, () => progress);

  const parsed = simulationInputSchema.safeParse(input);
  if (!parsed.success) {
    // Non-retryable: a bad input fails the run at once instead of retrying a workflow task forever.
    throw ApplicationFailure.nonRetryable(
      `invalid simulation input: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      'InvalidInput',
    );
  }
  progress.iterationsTotal = parsed.data.iterations;
  progress.phase = 'simulating';
  setCurrentDetails(`Simulating ${parsed.data.iterations} iterations (seed ${parsed.data.seed})`);

  const result = await simulateMinimal(parsed.data);

  progress.iterationsDone = parsed.data.iterations;
  progress.phase = 'done';
  setCurrentDetails(`Done: ${parsed.data.iterations} iterations`);
  return result;
}
