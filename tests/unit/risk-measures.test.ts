/**
 * The two risk measures against outside truths: the threshold solve and lookup against plain
 * searches, and both measures against discrete-event simulations of our own with a time-varying
 * (weekday) arrival rate: a loss ward, where arrivals finding every bed busy are turned away, and
 * an unconstrained ward, where nobody is and demand is the census itself.
 */
import { describe, expect, it } from 'vitest';
import { arrivalProfile, censusPerUnitArrivalRate, dailyBedTime } from '../../models/census-profile.js';
import { namedStream } from '../../models/random-streams.js';
import {
  bedsForTimeAtCapacity,
  buildCensusShape,
  type CensusShape,
  daysFull,
  shareOfTimeAtOrAbove,
  shareTurnedAway,
  timeShareAndSlope,
} from '../../models/risk-method.js';
import { riskBedsByThreshold, thresholdLoad, thresholdSpacing } from '../../models/risk-thresholds.js';

// A winter peak and a weekday rhythm, like an acute site's emergency census.
const census = Float64Array.from(
  { length: 365 },
  (_, d) => 1 + 0.12 * Math.cos((2 * Math.PI * d) / 365) + (d % 7 < 5 ? 0.04 : -0.1),
);
const seasonal = buildCensusShape([{ census, protectedArrivals: census }], 365);

describe('the timeAtCapacity measure: threshold solve and lookup', () => {
  it('puts the time share at the target, to 1e-9 relative, and its slope matches a central difference', () => {
    for (const target of [0.001, 0.01, 0.05, 0.3]) {
      for (const beds of [1, 3, 12, 60, 240, 900, 2600]) {
        const t = thresholdLoad(beds, seasonal, target, 'timeAtCapacity');
        expect(Math.abs(shareOfTimeAtOrAbove(beds, t, seasonal) / target - 1)).toBeLessThan(1e-9);
      }
    }
    for (const [beds, load] of [
      [40, 30],
      [600, 560],
    ] as const) {
      const { share, slope } = timeShareAndSlope(beds, load, seasonal);
      expect(Math.abs(share / shareOfTimeAtOrAbove(beds, load, seasonal) - 1)).toBeLessThan(1e-12);
      const h = 1e-4 * load;
      const numeric =
        (shareOfTimeAtOrAbove(beds, load + h, seasonal) - shareOfTimeAtOrAbove(beds, load - h, seasonal)) / (2 * h);
      expect(Math.abs(slope / numeric - 1)).toBeLessThan(1e-6);
    }
  });

  it('the lookup answers as a plain search, at random loads and a hair either side of every threshold', () => {
    const u = namedStream(31, 0, 'time-thresholds');
    for (const target of [0.001, 0.01, 0.1]) {
      for (const spacing of [1, thresholdSpacing(400), 9]) {
        const lookup = riskBedsByThreshold(seasonal, target, spacing, 'timeAtCapacity');
        for (let i = 0; i < 80; i++) {
          const load = i % 3 === 0 ? 2 + 700 * u() : 200 + 120 * u();
          expect(lookup(load)).toBe(bedsForTimeAtCapacity(load, seasonal, target));
        }
      }
      const spacing = thresholdSpacing(900);
      const lookup = riskBedsByThreshold(seasonal, target, spacing, 'timeAtCapacity');
      for (const c of [...Array.from({ length: 4 * spacing }, (_, k) => 4 * spacing + k), 701, 1203]) {
        const t = thresholdLoad(c, seasonal, target, 'timeAtCapacity');
        expect(lookup(t * (1 - 1e-10))).toBe(c);
        expect(lookup(t * (1 + 1e-10))).toBe(c + 1);
      }
    }
  });

  it('bounding time at capacity needs more beds than bounding arrivals turned away, at a large pool', () => {
    // A turned-away patient takes no bed, so the loss system is full less often than demand
    // reaches the beds: for the same 1%, time at capacity asks for more headroom.
    const L = 1000;
    const byArrivals = riskBedsByThreshold(seasonal, 0.01, thresholdSpacing(L))(L);
    const byTime = riskBedsByThreshold(seasonal, 0.01, thresholdSpacing(L), 'timeAtCapacity')(L);
    expect(byTime).toBeGreaterThan(byArrivals);
  });
});

/** Exponential LoS, a weekday arrival rhythm, day 0 a Monday: the ward both simulations share. */
const WEEK = [1.3, 1.15, 1.05, 1, 1, 0.7, 0.8];
const RATE = 10; // admissions a day, on average
const MEAN_LOS = 4;
const BEDS = 48;

/** The model's census shape for that ward (no monthly rhythm). */
function modelShape(): CensusShape {
  const arrivals = arrivalProfile(364, WEEK);
  const census = censusPerUnitArrivalRate(arrivals, dailyBedTime({ family: 'exponential' }, MEAN_LOS, 364));
  return buildCensusShape([{ census, protectedArrivals: arrivals }], 364);
}

/** Poisson arrivals, piecewise constant by day at RATE x WEEK (normalised), over `days` days. */
function arrivalTimes(days: number, seed: number): number[] {
  const u = namedStream(seed, 0, 'des-arrivals');
  const mean = WEEK.reduce((a, b) => a + b, 0) / 7;
  const times: number[] = [];
  for (let d = 0; d < days; d++) {
    const rate = (RATE * WEEK[d % 7]!) / mean;
    for (let t = d - Math.log(1 - u()) / rate; t < d + 1; t -= Math.log(1 - u()) / rate) times.push(t);
  }
  return times;
}

describe('both measures against discrete-event simulations with a weekday arrival rhythm', () => {
  const warmUp = 70; // days: ten weeks, far past a 4-day stay's memory
  const days = warmUp + 7 * 10_400; // 200 years: batch standard errors of 2-3% of the shares
  const L = RATE * MEAN_LOS;
  const shape = modelShape();

  it('unconstrained ward: the share of time demand is at or above the beds is the Poisson-census measure', () => {
    const arrivals = arrivalTimes(days, 3);
    const u = namedStream(3, 0, 'des-los');
    const departures = arrivals.map((t) => t - Math.log(1 - u()) * MEAN_LOS).sort((a, b) => a - b);
    const countBefore = (xs: number[], t: number) => {
      let lo = 0;
      let hi = xs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (xs[mid]! <= t) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const v = namedStream(3, 0, 'des-sample-times');
    const batches = new Batches();
    for (let d = warmUp; d < days; d++) {
      for (let k = 0; k < 4; k++) {
        const t = d + v();
        batches.add(d, countBefore(arrivals, t) - countBefore(departures, t) >= BEDS ? 1 : 0);
      }
    }
    const simulated = batches.mean();
    const model = shareOfTimeAtOrAbove(BEDS, L, shape);
    // Samples a few days apart are correlated (stays last 4 days): the error from batch means.
    const tolerance = 4 * batches.standardError();
    expect(tolerance).toBeLessThan(0.12 * model);
    expect(model).toBeGreaterThan(0.05);
    expect(Math.abs(simulated - model)).toBeLessThan(tolerance);
  });

  it('loss ward: the share of arrivals turned away and the days all beds are full are the Erlang measures', () => {
    const arrivals = arrivalTimes(days, 4);
    const u = namedStream(4, 0, 'des-los');
    const busy: number[] = [];
    const turnedAway = new Batches();
    // Time all beds are busy, tracked between events after the warm-up.
    let fullSince: number | undefined;
    let fullTime = 0;
    const release = (until: number) => {
      // Departures before `until`, in time order, each ending a full spell if one was running.
      for (;;) {
        let first = -1;
        for (let k = 0; k < busy.length; k++)
          if (busy[k]! <= until && (first < 0 || busy[k]! < busy[first]!)) first = k;
        if (first < 0) return;
        const at = busy[first]!;
        if (fullSince !== undefined) {
          if (at > warmUp) fullTime += at - Math.max(fullSince, warmUp);
          fullSince = undefined;
        }
        busy.splice(first, 1);
      }
    };
    for (const t of arrivals) {
      release(t);
      const full = busy.length >= BEDS;
      if (t >= warmUp) turnedAway.add(Math.floor(t), full ? 1 : 0);
      if (full) continue;
      busy.push(t - Math.log(1 - u()) * MEAN_LOS);
      if (busy.length === BEDS) fullSince = t;
    }
    const simulatedShare = turnedAway.mean();
    const simulatedDays = (fullTime / (days - warmUp)) * 364;
    const modelShare = shareTurnedAway(BEDS, L, shape);
    const modelDays = daysFull(BEDS, L, shape);
    // The model uses the modified offered load per (month, weekday) point (Jennings et al. 1996):
    // an approximation for a time-varying ward, so besides the Monte Carlo error (batch means) it
    // may err by the approximation itself: 5% of the share allows for it (measured here: 1.7%, within one standard error).
    const tolerance = 4 * turnedAway.standardError() + 0.05 * modelShare;
    expect(modelShare).toBeGreaterThan(0.01);
    expect(Math.abs(simulatedShare - modelShare)).toBeLessThan(tolerance);
    expect(Math.abs(simulatedDays / 364 - modelDays / 364)).toBeLessThan(tolerance);
  });
});

/** Batch means over 52-week batches of simulated days: the standard error of a correlated series. */
class Batches {
  private readonly sums = new Map<number, { sum: number; n: number }>();
  add(day: number, value: number): void {
    const batch = Math.floor(day / 364);
    const b = this.sums.get(batch) ?? { sum: 0, n: 0 };
    b.sum += value;
    b.n += 1;
    this.sums.set(batch, b);
  }
  mean(): number {
    let sum = 0;
    let n = 0;
    for (const b of this.sums.values()) {
      sum += b.sum;
      n += b.n;
    }
    return sum / n;
  }
  standardError(): number {
    const means = [...this.sums.values()].map((b) => b.sum / b.n);
    const m = means.reduce((a, b) => a + b, 0) / means.length;
    const variance = means.reduce((a, b) => a + (b - m) ** 2, 0) / (means.length - 1);
    return Math.sqrt(variance / means.length);
  }
}
