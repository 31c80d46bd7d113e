import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../models/engine.js';
import { namedStream } from '../../models/random-streams.js';
import { bedsForRisk, daysAtOrOverCapacity, daysFull, shareTurnedAway } from '../../models/risk-method.js';
import { tabulated } from '../../models/smooth-table.js';
import { threeSiteScenario, withAllLevers } from '../support/three-site-scenario.js';

describe('tabulated smooth functions', () => {
  it('reproduce a cubic exactly and interpolate exp to h^4 accuracy', () => {
    const cubic = tabulated((x) => 2 - x + 0.5 * x ** 2 - 0.1 * x ** 3, 0.7);
    for (const x of [0, 0.3, 1.9, 5.55, 12]) expect(cubic(x)).toBeCloseTo(2 - x + 0.5 * x ** 2 - 0.1 * x ** 3, 10);
    const h = 0.05;
    const e = tabulated(Math.exp, h);
    for (const x of [0.01, 0.5, 1.234, 3]) expect(Math.abs(e(x) - Math.exp(x)) / Math.exp(x)).toBeLessThan(h ** 4 / 20);
  });

  it('give the same value whatever was computed before (no dependence on cache state)', () => {
    const f = (x: number) => Math.sin(x) + x;
    const a = tabulated(f, 0.1);
    const b = tabulated(f, 0.1);
    for (let x = 0; x < 5; x += 0.37) a(x);
    for (const x of [4.1, 0.2, 2.7]) expect(a(x)).toBe(b(x));
  });
});

describe("engine's per-cell functions against direct computation", () => {
  const c = compileScenario(withAllLevers(threeSiteScenario));
  it('turned-away share and days at capacity within 1e-5 relative (or 1e-12 absolute), risk beds exact', () => {
    const u = namedStream(21, 0, 'tables');
    let checked = 0;
    c.atCapacity.forEach((bySite, v) =>
      bySite.forEach((byYear, s) =>
        byYear.forEach((fns, t) => {
          const shape = c.shapes[v]![s]![t];
          if (!fns || !shape) return;
          const beds = c.capacity[v]![s]![t]!;
          for (let k = 0; k < 6; k++) {
            // Loads around the cell's capacity, where turning patients away matters.
            const L = beds * (0.7 + 0.4 * u());
            const share = shareTurnedAway(beds, L, shape);
            const days = daysAtOrOverCapacity(beds, L, shape);
            expect(Math.abs(fns.shareTurnedAway(L) - share)).toBeLessThanOrEqual(Math.max(1e-5 * share, 1e-12));
            expect(Math.abs(fns.daysDemandAtOrAboveCapacity(L) - days)).toBeLessThanOrEqual(
              Math.max(1e-5 * days, 1e-12),
            );
            const full = daysFull(beds, L, shape);
            expect(Math.abs(fns.daysFull(L) - full)).toBeLessThanOrEqual(Math.max(1e-5 * full, 1e-12));
            expect(fns.bedsRisk(L)).toBe(bedsForRisk(L, shape, c.scenario.bedPolicy.riskTarget));
            checked += 1;
          }
        }),
      ),
    );
    expect(checked).toBeGreaterThan(200);
  });
});
