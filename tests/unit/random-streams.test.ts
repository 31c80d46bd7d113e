import { describe, expect, it } from 'vitest';
import { namedStream, streamKey } from '../../models/random-streams.js';

const take = (u: () => number, n: number) => Array.from({ length: n }, () => u());

describe('named random streams', () => {
  it('gives the same sequence for the same (seed, iteration, quantity)', () => {
    expect(take(namedStream(42, 7, 'growth'), 5)).toEqual(take(namedStream(42, 7, 'growth'), 5));
  });

  it('gives different sequences when any part of the key differs', () => {
    const base = take(namedStream(42, 7, 'growth'), 3);
    expect(take(namedStream(43, 7, 'growth'), 3)).not.toEqual(base);
    expect(take(namedStream(42, 8, 'growth'), 3)).not.toEqual(base);
    expect(take(namedStream(42, 7, 'growth2'), 3)).not.toEqual(base);
  });

  it('keys are injective: tuples that would collide under naive joining do not', () => {
    // "1|2" + "3" and "1" + "2|3" would collide if parts were joined with a separator.
    expect(streamKey(1, 2, '3|x')).not.toBe(streamKey(1, 23, 'x'));
    expect(new Set([streamKey(12, 3, 'a'), streamKey(1, 23, 'a'), streamKey(123, 0, 'a')]).size).toBe(3);
  });

  it('produces uniform draws: mean 1/2 and variance 1/12 within Monte Carlo error', () => {
    const u = namedStream(1, 0, 'uniformity');
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = u();
      if (!(x >= 0 && x < 1)) outside += 1;
      sum += x;
      sumSq += x * x;
    }
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    expect(outside).toBe(0);
    // sd of the mean of U(0,1) is sqrt(1/12 / n) ~ 0.00065; allow 5 sd.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
  });
});
