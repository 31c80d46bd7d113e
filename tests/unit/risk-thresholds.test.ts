/**
 * The threshold lookup for risk beds against the sweep it replaces (bedsForRisk), and the
 * threshold solve against the definition: with T(c) beds-worth of mean census, c beds turn away
 * exactly the target share.
 */
import { describe, expect, it } from 'vitest';
import { bedsForRisk, buildCensusShape, shareAndSlope, shareTurnedAway } from '../../models/risk-method.js';
import { riskBedsByThreshold, thresholdLoad, thresholdSpacing } from '../../models/risk-thresholds.js';
import { namedStream } from '../../models/random-streams.js';
import { compileScenario } from '../../models/engine.js';
import { selStp2016 } from '../../models/presets/sel-stp-2016.js';
import { scenarioSchema } from '../../models/scenario.js';

// A winter peak and a weekday rhythm, like an acute site's emergency census.
const census = Float64Array.from(
  { length: 365 },
  (_, d) => 1 + 0.12 * Math.cos((2 * Math.PI * d) / 365) + (d % 7 < 5 ? 0.04 : -0.1),
);
const shape = buildCensusShape([{ census, protectedArrivals: census }], 365);
const target = 0.02;

describe('thresholdLoad', () => {
  it('puts the turned-away share at the target, to 1e-9 relative, for strict and lax targets', () => {
    // A lax target puts the winter peak well into overload, where the Erlang start matters.
    for (const riskTarget of [0.001, target, 0.1, 0.3]) {
      for (const beds of [1, 2, 5, 30, 120, 480, 1500, 2600]) {
        const t = thresholdLoad(beds, shape, riskTarget);
        expect(Math.abs(shareTurnedAway(beds, t, shape) / riskTarget - 1)).toBeLessThan(1e-9);
      }
    }
  });

  it('rises with the beds and lies below them (a ward meeting a 2% risk runs below 100% occupancy)', () => {
    let previous = 0;
    for (let beds = 1; beds < 400; beds++) {
      const t = thresholdLoad(beds, shape, target);
      expect(t).toBeGreaterThan(previous);
      expect(t).toBeLessThan(beds);
      previous = t;
    }
  });

  it('marks where bedsForRisk changes its answer', () => {
    for (const beds of [8, 64, 300]) {
      const t = thresholdLoad(beds, shape, target);
      expect(bedsForRisk(t * (1 - 1e-9), shape, target)).toBe(beds);
      expect(bedsForRisk(t * (1 + 1e-9), shape, target)).toBe(beds + 1);
    }
  });

  it('rejects beds that are not whole and targets outside (0, 1)', () => {
    expect(() => thresholdLoad(2.5, shape, target)).toThrow(RangeError);
    expect(() => thresholdLoad(10, shape, 0)).toThrow(RangeError);
    expect(thresholdLoad(0, shape, target)).toBe(0);
  });
});

describe('shareAndSlope', () => {
  it('gives the share of shareTurnedAway and a slope matching a central difference', () => {
    for (const [beds, load] of [
      [20, 14],
      [150, 131],
      [600, 560],
    ] as const) {
      const { share, slope } = shareAndSlope(beds, load, shape);
      expect(Math.abs(share / shareTurnedAway(beds, load, shape) - 1)).toBeLessThan(1e-12);
      const h = 1e-4 * load;
      const numeric = (shareTurnedAway(beds, load + h, shape) - shareTurnedAway(beds, load - h, shape)) / (2 * h);
      expect(Math.abs(slope / numeric - 1)).toBeLessThan(1e-6);
    }
  });
});

describe('riskBedsByThreshold', () => {
  it('answers as bedsForRisk at random loads, in any order of queries, for any spacing', () => {
    const u = namedStream(12, 0, 'thresholds');
    for (const spacing of [1, thresholdSpacing(260), 15]) {
      const lookup = riskBedsByThreshold(shape, target, spacing);
      for (let i = 0; i < 300; i++) {
        // Wide jumps (small wards to large) as well as nearby loads.
        const load = i % 3 === 0 ? 2 + 900 * u() : 200 + 120 * u();
        expect(lookup(load)).toBe(bedsForRisk(load, shape, target));
      }
    }
  });

  it('decides loads a hair either side of every threshold as the exact threshold does', () => {
    // Just above four spacings the cubics err most (about 1e-3 of a bed of census), so a load
    // 1e-10 from a threshold there is only decided right if the margin sends it to the exact solve.
    for (const riskTarget of [0.001, 0.02, 0.1]) {
      const spacing = thresholdSpacing(900);
      const lookup = riskBedsByThreshold(shape, riskTarget, spacing);
      const beds = [...Array.from({ length: 6 * spacing }, (_, k) => 4 * spacing + k), 700, 701, 1203, 1597];
      for (const c of beds) {
        const t = thresholdLoad(c, shape, riskTarget);
        expect(lookup(t * (1 - 1e-10))).toBe(c);
        expect(lookup(t * (1 + 1e-10))).toBe(c + 1);
      }
    }
  });

  it('needs no beds without census and rejects a spacing that is not a whole number >= 1', () => {
    expect(riskBedsByThreshold(shape, target, 3)(0)).toBe(0);
    expect(() => riskBedsByThreshold(shape, target, 0)).toThrow(RangeError);
    expect(() => riskBedsByThreshold(shape, target, 1.5)).toThrow(RangeError);
  });
});

describe('planned (scheduled) censuses', () => {
  it('answer the same whatever the lookup was asked before (shards and workers agree)', () => {
    const c = compileScenario(scenarioSchema.parse(selStp2016.scenario));
    const planned = c.shapes
      .flat(2)
      .filter((shape): shape is NonNullable<typeof shape> => shape?.dispersion !== undefined);
    expect(planned.length).toBeGreaterThan(0);
    const { riskTarget, riskMeasure } = c.scenario.bedPolicy;
    const random = namedStream(99, 0, 'planned thresholds');
    let compared = 0;
    for (const shape of planned) {
      // Small pools (an elective centre's 15 beds, say), where the cubic's margin was missed.
      const centre = 8 + 50 * random();
      // Loads packed near every threshold of a range of beds, in two orders.
      const loads = Array.from({ length: 400 }, () => centre * (0.7 + 0.6 * random()));
      const spacing = thresholdSpacing(centre);
      const ascending = riskBedsByThreshold(shape, riskTarget, spacing, riskMeasure);
      const shuffled = riskBedsByThreshold(shape, riskTarget, spacing, riskMeasure);
      const inOrder = new Map([...loads].sort((a, b) => a - b).map((L) => [L, ascending(L)]));
      for (const L of loads) {
        expect(shuffled(L), `load ${L}`).toBe(inOrder.get(L));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});
