/**
 * The risk method against truths from outside the code: the Erlang loss tables in the research
 * notes (anchors-peers.md, V2), and a discrete-event simulation of a ward with c beds that turns
 * away arrivals when full, whose blocking must match Erlang B for any LoS shape (insensitivity).
 */
import { describe, expect, it } from 'vitest';
import { erlangB, poissonUpperTail } from '../../models/erlang.js';
import { logFactorial, poisson } from '../../models/distributions.js';
import { bedsForRisk, buildCensusShape, shareTurnedAway, shareTurnedAwayDirect } from '../../models/risk-method.js';
import { namedStream } from '../../models/random-streams.js';
import { losSurvival } from '../../models/los-distribution.js';

/** Offered load at which c beds carry the given mean occupancy: solves a (1 - B(c, a)) = occ x c. */
function loadForOccupancy(c: number, occupancy: number): number {
  let lo = 0;
  let hi = 10 * c;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid * (1 - erlangB(c, mid)) < occupancy * c) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const flatShape = buildCensusShape(
  [{ census: new Float64Array(365).fill(1), protectedArrivals: new Float64Array(365).fill(1) }],
  365,
);

describe('Erlang loss: table V2 (blocking at the load that gives an occupancy)', () => {
  const table: [number, number[]][] = [
    [10, [0.236, 0.327, 0.455, 0.651]],
    [20, [0.107, 0.173, 0.28, 0.477]],
    [50, [0.024, 0.053, 0.113, 0.255]],
    [100, [0.0044, 0.0152, 0.0452, 0.135]],
    [200, [0.0003, 0.0025, 0.0138, 0.062]],
  ];
  const occupancies = [0.8, 0.85, 0.9, 0.95];
  for (const [beds, expected] of table) {
    it(`${beds} beds`, () => {
      expected.forEach((b, k) => {
        const value = erlangB(beds, loadForOccupancy(beds, occupancies[k]!));
        // The table prints 3 significant figures, or fewer for the smallest values.
        const digits = String(b).replace(/^0\.0*/, '').length;
        expect(Number(value.toPrecision(digits))).toBe(b);
      });
    });
  }
  it('400 beds: <0.0001 at 80%, 0.0001 at 85%, 0.0026 at 90%, 0.024 at 95% (as printed)', () => {
    expect(erlangB(400, loadForOccupancy(400, 0.8))).toBeLessThan(0.0001);
    expect(Number(erlangB(400, loadForOccupancy(400, 0.85)).toPrecision(1))).toBe(0.0001);
    expect(Number(erlangB(400, loadForOccupancy(400, 0.9)).toPrecision(2))).toBe(0.0026);
    expect(Number(erlangB(400, loadForOccupancy(400, 0.95)).toPrecision(2))).toBe(0.024);
  });
});

describe('Erlang loss: table V2 (beds for a target blocking)', () => {
  const table: [number, number[]][] = [
    [5, [9, 11, 14]],
    [10, [15, 18, 21]],
    [20, [26, 30, 35]],
    [50, [56, 64, 71]],
    [100, [105, 117, 128]],
    [200, [202, 221, 238]],
  ];
  const targets = [0.05, 0.01, 0.001];
  for (const [load, expected] of table) {
    it(`offered load ${load}`, () => {
      expected.forEach((beds, k) => {
        // The risk method on a flat census is exactly Erlang's: the fewest beds with B <= target.
        expect(bedsForRisk(load, flatShape, targets[k]!)).toBe(beds);
      });
    });
  }
});

describe('Erlang B computation', () => {
  it('agrees with the direct formula B = (a^c / c!) / sum_k a^k / k!', () => {
    for (const [c, a] of [
      [5, 3],
      [30, 25.5],
      [80, 90],
      [150, 140],
    ] as const) {
      let denominator = 0;
      for (let k = 0; k <= c; k++)
        denominator += Math.exp(k * Math.log(a) - logFactorial(k) - (c * Math.log(a) - logFactorial(c)));
      expect(erlangB(c, a)).toBeCloseTo(1 / denominator, 12);
    }
  });

  it('agrees with the full recursion from zero when the ward is overloaded (beds well below the load)', () => {
    // The warm start must begin further back as beds fall below the load (recursionStart).
    for (const [c, a] of [
      [2429, 2800],
      [2250, 2800],
      [100, 160],
      [1000, 1300],
    ] as const) {
      let inverse = 1;
      for (let k = 1; k <= c; k++) inverse = 1 + (k / a) * inverse;
      expect(Math.abs(erlangB(c, a) * inverse - 1)).toBeLessThan(1e-13);
    }
  });

  it('the seasonal share equals one full recursion per point, in and out of overload; the sweep finds the same beds', () => {
    const census = Float64Array.from(
      { length: 365 },
      (_, d) => 1 + 0.1 * Math.cos((2 * Math.PI * d) / 365) + 0.05 * (d % 7 < 5 ? 1 : -1),
    );
    const shape = buildCensusShape([{ census, protectedArrivals: census }], 365);
    for (const [beds, load] of [
      [300, 280],
      [900, 950],
      [1200, 1000],
      [40, 33],
      [2430, 2800],
      [2600, 2800],
    ] as const) {
      expect(Math.abs(shareTurnedAway(beds, load, shape) / shareTurnedAwayDirect(beds, load, shape) - 1)).toBeLessThan(
        1e-12,
      );
    }
    for (const [load, target] of [
      [2800, 0.1],
      [2800, 0.01],
      [35, 0.2],
      [600, 0.001],
    ] as const) {
      let fewest = 0;
      while (shareTurnedAwayDirect(fewest, load, shape) > target) fewest += 1;
      expect(bedsForRisk(load, shape, target)).toBe(fewest);
    }
  });

  it('Poisson tails agree with the summed pmf', () => {
    for (const [c, m] of [
      [3, 5],
      [12, 5],
      [480, 500],
      [560, 500],
    ] as const) {
      let lower = 0;
      for (let k = 0; k < c; k++) lower += Math.exp(-m + k * Math.log(m) - logFactorial(k));
      expect(poissonUpperTail(c, m)).toBeCloseTo(1 - lower, 10);
    }
  });
});

/** Discrete-event simulation of c beds, Poisson arrivals, lost when full. */
function simulateLossSystem(
  beds: number,
  arrivalRate: number,
  meanLos: number,
  draw: (u: () => number) => number,
  arrivals: number,
  seed: number,
): number {
  const u = namedStream(seed, 0, 'loss-system');
  const departures: number[] = [];
  let now = 0;
  let lost = 0;
  for (let i = 0; i < arrivals; i++) {
    now += -Math.log(1 - u()) / arrivalRate;
    for (let k = departures.length - 1; k >= 0; k--) if (departures[k]! <= now) departures.splice(k, 1);
    if (departures.length >= beds) lost += 1;
    else departures.push(now + draw(u) * meanLos);
  }
  return lost / arrivals;
}

describe('insensitivity: a simulated ward turns away Erlang B of arrivals whatever the LoS shape', () => {
  const beds = 20;
  const load = 17;
  const exact = erlangB(beds, load);
  const n = 150_000;
  const tolerance = 5 * Math.sqrt((exact * (1 - exact)) / n) * 3; // iid bound widened for the correlation of successive arrivals
  const unitLognormal = (sigma: number) => (u: () => number) => {
    const z = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    return Math.exp(sigma * z - (sigma * sigma) / 2);
  };
  it.each([
    ['exponential', (u: () => number) => -Math.log(1 - u())],
    ['lognormal sigma 1.46', unitLognormal(1.46)],
    ['fixed', () => 1],
  ])('%s', (_name, draw) => {
    const blocked = simulateLossSystem(beds, load / 4, 4, draw, n, 77);
    expect(Math.abs(blocked - exact)).toBeLessThan(tolerance);
  });
});

describe('M/G/infinity census', () => {
  it('a simulated stationary ward has a Poisson daily census: mean = variance = arrival rate x mean LoS', () => {
    const rate = 30; // admissions a day
    const meanLos = 5.8;
    const survival = losSurvival({ family: 'lognormal', sigma: 1.46 }, meanLos);
    const u = namedStream(4, 0, 'mginf');
    // Census at the end of day D: arrivals over the previous 400 days still in a bed.
    const censuses: number[] = [];
    for (let day = 0; day < 3000; day++) {
      let census = 0;
      for (let back = 0; back < 400; back++) {
        const arrivals = poisson(rate, u);
        for (let k = 0; k < arrivals; k++) if (u() < survival(back + u())) census += 1;
      }
      censuses.push(census);
    }
    const mean = censuses.reduce((a, b) => a + b, 0) / censuses.length;
    const variance = censuses.reduce((a, b) => a + (b - mean) ** 2, 0) / (censuses.length - 1);
    const expected = rate * meanLos;
    expect(Math.abs(mean - expected)).toBeLessThan(5 * Math.sqrt(expected / censuses.length));
    expect(Math.abs(variance / expected - 1)).toBeLessThan(5 * Math.sqrt(2 / censuses.length));
  });
});
