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

/**
 * Iterations per chunk by default: as many as hold about CHUNK_FIGURES figures, and no more than
 * a shard. A chunk's time is about proportional to its figures (an iteration's cost grows with
 * sites x years x variants, as its figures do), so every scenario heartbeats about as often:
 * 500 SEL iterations (1,440 figures each) are about 0.15 s of work and a 5.8 MB block. Every
 * chunk also costs a stored block and an activity heartbeat: with fixed chunks of 200, a
 * one-worker SEL run spent about 0.3-0.5 s of its 4 s of shards storing 60 blocks rather than 20.
 */
export const CHUNK_FIGURES = 720_000;

export function defaultChunkSize(shardSize: number, figuresPerIteration: number): number {
  if (!(figuresPerIteration > 0))
    throw new RangeError(`figures per iteration must be positive, got ${figuresPerIteration}`);
  return Math.max(1, Math.min(shardSize, Math.floor(CHUNK_FIGURES / figuresPerIteration)));
}

/**
 * A chunk holds at most about this much estimated work (models/run-cost.ts). Figures alone miss
 * a large census, where an iteration of few figures can take seconds (issue 15); the estimate
 * errs by a few times, so this is well above SEL's 0.15 s chunks and leaves them as they are.
 */
export const CHUNK_SECONDS = 1;

/** A chunk size no larger than `chunkSize` whose estimated time is within CHUNK_SECONDS. */
export function costSizedChunk(chunkSize: number, secondsPerIteration: number): number {
  if (!(secondsPerIteration > 0)) return chunkSize;
  return Math.max(1, Math.min(chunkSize, Math.floor(CHUNK_SECONDS / secondsPerIteration)));
}

/** The chunk size when the input gives none, before it is sized by figures and cost. */
export const DEFAULT_CHUNK_SIZE = 200;

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

/**
 * At most this many summary activities at once, by default one per worker process that took
 * shards. Each reads every stored block (the figures of all scopes are interleaved in them), so
 * a part costs one read of the run's figures and pays only when another worker takes it.
 */
export const MAX_SUMMARY_PARTS = 8;

/** Scopes 0 .. scopes - 1 dealt round-robin into at most `parts` non-empty groups. */
export function scopeGroups(scopes: number, parts: number): number[][] {
  if (!Number.isInteger(scopes) || scopes < 1) throw new RangeError(`scopes must be a positive integer, got ${scopes}`);
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError(`parts must be a positive integer, got ${parts}`);
  const groups: number[][] = Array.from({ length: Math.min(scopes, parts) }, () => []);
  for (let s = 0; s < scopes; s++) groups[s % groups.length]!.push(s);
  return groups;
}
