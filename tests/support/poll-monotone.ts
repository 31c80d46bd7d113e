/**
 * Polls a run through the API until it ends, checking what issue 15 promises a poller: neither
 * status, phase nor iterations done ever goes back from what it saw before.
 */
import { expect } from 'vitest';
import type { RunResource } from '../../api/run-resource.js';
import type { LiveStack } from './live-stack.js';
import { readJson } from './read-json.js';

const ORDER = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
const PHASES = ['validating', 'preparing', 'simulating', 'summarising', 'done', 'failed', 'cancelled'];

export type Seen = { status: string; phase: string; done: number };
export const getRun = async (stack: Pick<LiveStack, 'baseUrl'>, id: string) =>
  readJson(await fetch(`${stack.baseUrl}/v1/simulations/${id}`));

/**
 * Polls a run until it ends (or `until` holds), checking that neither status, phase nor progress
 * ever goes back from what was `seen` before.
 */
export async function pollMonotone(
  stack: Pick<LiveStack, 'baseUrl'> | ((id: string) => Promise<RunResource>),
  id: string,
  timeoutMs = 60_000,
  until: (run: RunResource) => boolean = (run) => !['queued', 'running'].includes(run.status),
  seen: Seen[] = [],
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = typeof stack === 'function' ? await stack(id) : await getRun(stack, id);
    const now = { status: run.status, phase: run.progress.phase, done: run.progress.iterationsDone };
    const last = seen.at(-1);
    if (last) {
      expect(ORDER.indexOf(now.status), JSON.stringify([...seen, now])).toBeGreaterThanOrEqual(
        Math.min(ORDER.indexOf(last.status), 2),
      );
      if (ORDER.indexOf(now.status) < 2) {
        expect(PHASES.indexOf(now.phase), JSON.stringify([...seen, now])).toBeGreaterThanOrEqual(
          PHASES.indexOf(last.phase),
        );
      }
      expect(now.done, JSON.stringify([...seen, now])).toBeGreaterThanOrEqual(last.done);
    }
    seen.push(now);
    if (until(run)) return { run, seen };
    if (Date.now() > deadline) throw new Error(`run ${id} did not end: ${JSON.stringify(seen.slice(-5))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
