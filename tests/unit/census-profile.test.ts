import { describe, expect, it } from 'vitest';
import { arrivalProfile, censusPerUnitArrivalRate, dailyBedTime } from '../../models/census-profile.js';
import { poisson } from '../../models/distributions.js';
import { losSurvival } from '../../models/los-distribution.js';
import { namedStream } from '../../models/random-streams.js';

const weekday = [1.2, 1.05, 1, 1, 1, 0.85, 0.9];
const monthly = [1.12, 1.08, 1.03, 1, 0.97, 0.95, 0.95, 0.93, 0.96, 1, 1.02, 1.1];

describe('census profile', () => {
  it.each([
    ['lognormal', { family: 'lognormal', sigma: 1.46 }, 5.8],
    ['gamma', { family: 'gamma', cv: 0.7 }, 4.8],
    ['exponential', { family: 'exponential' }, 3],
    ['fixed', { family: 'fixed' }, 2.5],
  ] as const)("obeys Little's law for %s stays: mean census = arrival rate x mean LoS", (_n, shape, meanLos) => {
    const arrivals = arrivalProfile(365, weekday, monthly);
    const census = censusPerUnitArrivalRate(arrivals, dailyBedTime(shape, meanLos, 365));
    const mean = census.reduce((a, b) => a + b, 0) / 365;
    expect(mean).toBeCloseTo(meanLos, 10);
  });

  it('integrates the survival function: bed time per admission is the mean LoS', () => {
    const g = dailyBedTime({ family: 'lognormal', sigma: 0.6 }, 4.8, 365);
    // Before the exact rescaling, the quadrature itself must be close: check the first day directly.
    const s = losSurvival({ family: 'lognormal', sigma: 0.6 }, 4.8);
    let firstDay = 0;
    for (let i = 0; i < 10_000; i++) firstDay += s((i + 0.5) / 10_000) / 10_000;
    expect(g[0]).toBeCloseTo(firstDay, 4);
  });

  it('matches a simulated ward with weekday and seasonal arrivals, day by day', () => {
    const rate = 40;
    const shape = { family: 'lognormal', sigma: 1 } as const;
    const meanLos = 4;
    const arrivals = arrivalProfile(365, weekday, monthly);
    const expected = censusPerUnitArrivalRate(arrivals, dailyBedTime(shape, meanLos, 365)).map((x) => x * rate);
    const survival = losSurvival(shape, meanLos);
    const u = namedStream(8, 0, 'weekly-ward');
    // Simulate five years of admissions (arriving uniformly within their day) and average the census by day of year.
    const years = 5;
    const sum = new Float64Array(365);
    const admitted: { at: number; los: number }[] = [];
    for (let y = 0; y < years + 1; y++) {
      for (let d = 0; d < 365; d++) {
        const n = poisson(rate * arrivals[d]!, u);
        for (let k = 0; k < n; k++) {
          // LoS by inverting the survival function by bisection.
          const target = u();
          let lo = 0;
          let hi = 2000;
          for (let i = 0; i < 50; i++) {
            const mid = (lo + hi) / 2;
            if (survival(mid) > target) lo = mid;
            else hi = mid;
          }
          admitted.push({ at: y * 365 + d, los: (lo + hi) / 2 });
        }
      }
    }
    // Census averaged over each day = bed time falling inside the day; first year is warm-up.
    for (const { at, los } of admitted) {
      for (let t = Math.floor(at); t < at + los + 1; t++) {
        const overlap = Math.min(t + 1, at + los) - Math.max(t, at);
        if (overlap > 0 && t >= 365 && t < 365 * (years + 1)) sum[t % 365]! += overlap;
      }
    }
    const simulated = Array.from(sum, (x) => x / years);
    // The model puts each admission at the start of its day; the simulation spreads it over the
    // day, which shifts the census by half a day's arrivals. Compare weekly means, which that
    // shift barely touches, within the simulation's Poisson error.
    for (let week = 0; week < 52; week++) {
      let sim = 0;
      let model = 0;
      for (let d = week * 7; d < week * 7 + 7; d++) {
        sim += simulated[d]!;
        model += expected[d]!;
      }
      expect(Math.abs(sim - model) / model).toBeLessThan(5 * Math.sqrt(1 / (model * years)) + 0.02);
    }
    // And the winter peak is really there: January's census exceeds August's by about the arrival ratio.
    const mean = (from: number, to: number, xs: ArrayLike<number>) =>
      Array.from(xs)
        .slice(from, to)
        .reduce((a, b) => a + b, 0) /
      (to - from);
    expect(mean(0, 31, expected) / mean(212, 243, expected)).toBeGreaterThan(1.1);
    expect(mean(0, 31, simulated) / mean(212, 243, simulated)).toBeGreaterThan(1.1);
  });
});
