/**
 * Activity: run the minimal scenario's Monte Carlo. CPU work goes in chunks; after each chunk
 * the activity heartbeats its progress and yields to the event loop, so the worker keeps
 * talking to the server and a cancellation reaches it within one chunk.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ApplicationFailure, activityInfo, cancellationSignal, heartbeat } from '@temporalio/activity';
import type { MinimalResult } from '../models/minimal-scenario.js';
import { type MinimalIteration, simulateMinimalIteration, summariseMinimal } from '../models/simulate-minimal.js';
import { type SimulationInput, simulationInputSchema } from '../models/simulation-request.js';

export const ITERATIONS_PER_CHUNK = 250;

export async function simulateMinimal(input: SimulationInput): Promise<MinimalResult> {
  const parsed = simulationInputSchema.safeParse(input);
  if (!parsed.success) {
    throw ApplicationFailure.nonRetryable(parsed.error.message, 'InvalidInput');
  }
  const { scenario, seed, iterations } = parsed.data;
  const signal = cancellationSignal();
  const results: MinimalIteration[] = [];
  for (let start = 0; start < iterations; start += ITERATIONS_PER_CHUNK) {
    const end = Math.min(iterations, start + ITERATIONS_PER_CHUNK);
    for (let i = start; i < end; i++) results.push(simulateMinimalIteration(scenario, seed, i));
    heartbeat({ iterationsDone: end, attempt: activityInfo().attempt });
    await yieldToEventLoop();
    signal.throwIfAborted();
  }
  return summariseMinimal(scenario, seed, results);
}
