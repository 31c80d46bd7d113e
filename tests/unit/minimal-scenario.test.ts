import { describe, expect, it } from 'vitest';
import { exampleScenario } from '../../models/example-scenario.js';
import { minimalScenarioSchema } from '../../models/minimal-scenario.js';
import { simulateMinimalIteration, summariseMinimal } from '../../models/simulate-minimal.js';


describe('minimal scenario Monte Carlo', () => {
  it('is a pure function of (scenario, seed, iteration)', () => {
    expect(simulateMinimalIteration(exampleScenario, 11, 3)).toEqual(simulateMinimalIteration(exampleScenario, 11, 3));
    expect(simulateMinimalIteration(exampleScenario, 11, 3)).not.toEqual(simulateMinimalIteration(exampleScenario, 11, 4));
  });

  it('gives the same summary whatever order the iterations run in', () => {
    const forward = Array.from({ length: 200 }, (_, i) => simulateMinimalIteration(exampleScenario, 5, i));
    const backward = Array.from({ length: 200 }, (_, i) => simulateMinimalIteration(exampleScenario, 5, 199 - i));
    expect(summariseMinimal(exampleScenario, 5, backward)).toEqual(summariseMinimal(exampleScenario, 5, forward));
  });

  it('matches the analytic occupancy-method answer with fixed growth', () => {
    const fixed = { ...exampleScenario, growthPerYear: { p10: 0.02, p90: 0.02 } };
    const runs = Array.from({ length: 2000 }, (_, i) => simulateMinimalIteration(fixed, 1, i));
    const result = summariseMinimal(fixed, 1, runs);
    for (const year of result.years) {
      const expectedAdmissions = 20_000 * 1.02 ** year.year;
      // Poisson noise only: sd sqrt(mean); the mean of 2000 draws is within 5 sd / sqrt(2000).
      expect(Math.abs(year.admissions.mean - expectedAdmissions)).toBeLessThan((5 * Math.sqrt(expectedAdmissions)) / Math.sqrt(2000));
      const expectedBeds = (expectedAdmissions * 5.8) / (365 * 0.85);
      expect(Math.abs(year.bedsRequired.p50 - expectedBeds)).toBeLessThanOrEqual(2);
    }
  });

  it('orders percentiles and widens the range with the horizon', () => {
    const runs = Array.from({ length: 1000 }, (_, i) => simulateMinimalIteration(exampleScenario, 2, i));
    const result = summariseMinimal(exampleScenario, 2, runs);
    for (const y of result.years) {
      const b = y.bedsRequired;
      expect([b.p5, b.p10, b.p25, b.p50, b.p75, b.p90, b.p95]).toEqual([...[b.p5, b.p10, b.p25, b.p50, b.p75, b.p90, b.p95]].sort((a, c) => a - c));
    }
    const first = result.years[1]!.bedsRequired;
    const last = result.years[4]!.bedsRequired;
    expect(last.p90 - last.p10).toBeGreaterThan(first.p90 - first.p10);
  });

  it('rejects a negative admission rate, naming the field', () => {
    const r = minimalScenarioSchema.safeParse({ ...exampleScenario, stream: { admissionsPerYear: -5, meanLosDays: 5 } });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain('stream.admissionsPerYear');
  });
});
