import { describe, expect, it } from 'vitest';
import { MAX_SHARDS, runInputSchema } from '../../orchestration/run-input.js';
import {
  CHUNK_FIGURES,
  defaultChunkSize,
  defaultShardSize,
  planShards,
  scopeGroups,
  splitRange,
} from '../../orchestration/shard-plan.js';

describe('shard plan', () => {
  it('tiles the iterations exactly, in order, whatever the size', () => {
    for (const [n, size] of [
      [1, 1],
      [60, 7],
      [60, 1000],
      [10_000, 500],
      [99_999, 50],
    ] as const) {
      const shards = planShards(n, size);
      expect(shards[0]!.first).toBe(0);
      shards.forEach((s, i) => i > 0 && expect(s.first).toBe(shards[i - 1]!.first + shards[i - 1]!.count));
      expect(shards.reduce((k, s) => k + s.count, 0)).toBe(n);
      expect(Math.max(...shards.map((s) => s.count))).toBeLessThanOrEqual(size);
    }
    expect(splitRange({ first: 14, count: 7 }, 4)).toEqual([
      { first: 14, count: 4 },
      { first: 18, count: 3 },
    ]);
  });

  it('chooses shards of 25 to 1,000 iterations, never more than the shard limit', () => {
    expect(defaultShardSize(10)).toBe(25);
    expect(defaultShardSize(10_000)).toBe(500);
    expect(defaultShardSize(100_000)).toBe(1000);
    for (const n of [1, 999, 40_000, 100_000])
      expect(planShards(n, defaultShardSize(n)).length).toBeLessThanOrEqual(MAX_SHARDS);
  });

  it('sizes chunks by figures: a whole SEL shard, fewer iterations of bigger scenarios, never more than a shard', () => {
    // The SEL preset: 1,440 figures an iteration, shards of 500 at 10,000 iterations.
    expect(defaultChunkSize(500, 1440)).toBe(500);
    expect(defaultChunkSize(1000, 1440)).toBe(500);
    expect(defaultChunkSize(25, 1440)).toBe(25);
    // Ten times the figures: a tenth of the iterations, so heartbeats come about as often.
    expect(defaultChunkSize(1000, 14_400)).toBe(50);
    for (const figures of [1, 40, 1440, 100_000, 5_000_000]) {
      const size = defaultChunkSize(1000, figures);
      expect(size).toBeGreaterThanOrEqual(1);
      expect(size).toBeLessThanOrEqual(1000);
      if (size > 1) expect(size * figures).toBeLessThanOrEqual(CHUNK_FIGURES);
    }
    expect(() => defaultChunkSize(10, 0)).toThrow(RangeError);
  });

  it('deals scopes round-robin into at most the parts asked for, each scope once', () => {
    expect(scopeGroups(6, 2)).toEqual([
      [0, 2, 4],
      [1, 3, 5],
    ]);
    expect(scopeGroups(2, 8)).toEqual([[0], [1]]);
    expect(scopeGroups(5, 1)).toEqual([[0, 1, 2, 3, 4]]);
    for (const [scopes, parts] of [
      [1, 1],
      [11, 3],
      [40, 8],
    ] as const) {
      const groups = scopeGroups(scopes, parts);
      expect(groups.length).toBe(Math.min(scopes, parts));
      expect(groups.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: scopes }, (_, s) => s));
    }
    expect(() => scopeGroups(0, 2)).toThrow(RangeError);
    expect(() => scopeGroups(3, 0)).toThrow(RangeError);
  });

  it('the workflow input refuses a shard size that would need too many shards', () => {
    const input = { scenario: {}, seed: 1, iterations: 100_000, modelVersion: 'x', execution: { shardSize: 10 } };
    const parsed = runInputSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['execution', 'shardSize']);
  });
});
