import { describe, expect, it } from 'vitest';
import { logFactorial, poisson, standardNormal } from '../../models/distributions.js';
import { namedStream } from '../../models/random-streams.js';

function moments(xs: number[]) {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, variance };
}

describe('samplers', () => {
  it('standard normal has mean 0 and variance 1 within Monte Carlo error', () => {
    const u = namedStream(3, 0, 'normal');
    const xs = Array.from({ length: 100_000 }, () => standardNormal(u));
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(xs.length));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / xs.length));
  });

  for (const lambda of [0.5, 3, 9.99, 10, 37.5, 1000, 120_000]) {
    it(`Poisson(${lambda}) has mean and variance lambda within Monte Carlo error`, () => {
      const u = namedStream(5, 0, `poisson-${lambda}`);
      const n = 40_000;
      const xs = Array.from({ length: n }, () => poisson(lambda, u));
      for (const x of xs) expect(Number.isInteger(x) && x >= 0).toBe(true);
      const { mean, variance } = moments(xs);
      // sd of the sample mean is sqrt(lambda / n); of the sample variance about lambda * sqrt(2 / n) for large lambda.
      expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
      expect(Math.abs(variance - lambda)).toBeLessThan(6 * Math.sqrt((2 * lambda * lambda + lambda) / n));
    });
  }

  it('Poisson(4) matches the probability mass function', () => {
    const u = namedStream(9, 0, 'pmf');
    const n = 100_000;
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const k = poisson(4, u);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (let k = 0; k <= 10; k++) {
      const p = Math.exp(-4 + k * Math.log(4) - logFactorial(k));
      expect(Math.abs((counts.get(k) ?? 0) / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it('logFactorial agrees with the exact sum across the table boundary', () => {
    let exact = 0;
    for (let n = 1; n <= 300; n++) {
      exact += Math.log(n);
      expect(logFactorial(n)).toBeCloseTo(exact, 8);
    }
  });
});
