/**
 * How a run's iterations are split: into shards (one activity each) and each shard into chunks
 * (one heartbeat and one stored block each). Every iteration's figures depend only on (scenario,
 * seed, iteration index), so any split gives the same figures; this only decides the grouping.
 */
import { MAX_SHARDS } from './run-input.js';

export interface IterationRange {
  first: number;
  count: number;
}

/**
 * Shards of about a twentieth of the run, so two to eight workers all stay busy to the end, but
 * no smaller than 25 iterations (an activity's round trip costs tens of milliseconds) and no
 * larger than 1,000 (a lost shard costs little to redo).
 */
export function defaultShardSize(iterations: number): number {
  const size = Math.min(1000, Math.max(25, Math.ceil(iterations / 20)));
  return Math.max(size, Math.ceil(iterations / MAX_SHARDS));
}

/** About a tenth of a second of SEL-sized work between heartbeats. */
export const DEFAULT_CHUNK_SIZE = 50;

export function splitRange(range: IterationRange, size: number): IterationRange[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, got ${size}`);
  const out: IterationRange[] = [];
  for (let first = range.first; first < range.first + range.count; first += size) {
    out.push({ first, count: Math.min(size, range.first + range.count - first) });
  }
  return out;
}

export function planShards(iterations: number, shardSize: number): IterationRange[] {
  return splitRange({ first: 0, count: iterations }, shardSize);
}
