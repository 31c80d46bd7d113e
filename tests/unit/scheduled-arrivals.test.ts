/**
 * Scheduled (planned-list) arrivals against a discrete-event simulation of our own: fixed
 * weekday lists (six patients at the start of each weekday, none at weekends), each stay a draw
 * from the model's LoS distribution, the census observed at random times. The model's census
 * mean and variance per weekday, its share of time at or above a number of beds, and its risk
 * beds for time at capacity must match the simulation within Monte Carlo error, and the Poisson
 * census the model used before must not (so the check discriminates). Then a loss ward with
 * Poisson emergencies and a list, for arrivals turned away; then the scenario field itself.
 */
import { describe, expect, it } from 'vitest';
import { arrivalProfile, censusPerUnitArrivalRate, dailyBedTime } from '../../models/census-profile.js';
import { standardNormal } from '../../models/distributions.js';
import { createApp } from '../../api/app.js';
import { compileScenario, METRICS, simulateIteration, valueIndex } from '../../models/engine.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import { namedStream } from '../../models/random-streams.js';
import {
  bedsForTimeAtCapacity,
  buildCensusShape,
  type CensusComponent,
  type CensusShape,
  shareOfTimeAtOrAbove,
  shareTurnedAway,
  timeShareAndSlope,
} from '../../models/risk-method.js';
import { riskBedsByThreshold, thresholdLoad } from '../../models/risk-thresholds.js';
import { scheduledCensusPerUnitRate, WEEKDAY_LISTS } from '../../models/scheduled-census.js';
import { type LosShape, type ScenarioInput, scenarioSchema } from '../../models/scenario.js';
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { readJson } from '../support/read-json.js';
import { tempStore } from '../support/temp-store.js';

const DAYS = 364; // 52 weeks: the weekly lists repeat exactly year on year
const LOS: LosShape = { family: 'lognormal', sigma: 0.6 };
const MEAN_LOS = 4.8; // hip and knee replacement, as in the SEL presets
const PER_LIST_DAY = 6; // admissions that happen on each weekday list

/** The model's planned component for lists of `perListDay` admissions with a cancellation share. */
function plannedComponent(perListDay: number, cancellationShare: number, protectedArrivals: boolean): CensusComponent {
  const arrivals = arrivalProfile(DAYS, WEEKDAY_LISTS);
  const perDay = (perListDay * 5) / 7; // the mean daily admissions
  const unit = scheduledCensusPerUnitRate(arrivals, LOS, MEAN_LOS, cancellationShare);
  const census = new Float64Array(DAYS);
  const U = unit.mean.length / DAYS;
  for (let i = 0; i < unit.mean.length; i++) census[Math.floor(i / U)]! += (unit.mean[i]! * perDay) / U;
  return {
    census,
    protectedArrivals: arrivals.map((v) => (protectedArrivals ? v * perDay : 0)),
    planned: { mean: unit.mean.map((v) => v * perDay), variance: unit.variance.map((v) => v * perDay) },
  };
}

/** A component's yearly mean census. */
function meanOf(census: Float64Array): number {
  return census.reduce((a, b) => a + b, 0) / DAYS;
}

/** The same shape as the model had it before scheduled arrivals: the Poisson census of the same means. */
function asPoisson(shape: CensusShape): CensusShape {
  return { level: shape.level, arrivalWeight: shape.arrivalWeight, days: shape.days };
}

function lognormalLos(u: () => number): number {
  const mu = Math.log(MEAN_LOS) - (LOS.family === 'lognormal' ? LOS.sigma ** 2 / 2 : 0);
  return Math.exp(mu + (LOS.family === 'lognormal' ? LOS.sigma : 0) * standardNormal(u));
}

/**
 * Fixed lists in an unconstrained ward: `booked` slots at the start of every weekday, each kept
 * with probability 1 - cancellation, each stay a lognormal draw. Returns the census at four
 * random times a day after the warm-up, and each sample's weekday.
 */
function simulateLists(years: number, booked: number, cancellation: number, seed: number) {
  const u = namedStream(seed, 0, 'des-lists');
  const days = DAYS * years;
  const admitted: number[] = [];
  const departures: number[] = [];
  for (let d = 0; d < days; d++) {
    if (d % 7 >= 5) continue;
    for (let k = 0; k < booked; k++) {
      if (u() < cancellation) continue;
      admitted.push(d);
      departures.push(d + lognormalLos(u));
    }
  }
  departures.sort((a, b) => a - b);
  const v = namedStream(seed, 0, 'des-sample-times');
  const warmUp = 70;
  const census = new Int32Array((days - warmUp) * 4);
  const weekday = new Uint8Array(census.length);
  let a = 0;
  let out = 0;
  let n = 0;
  for (let d = warmUp; d < days; d++) {
    const times = [v(), v(), v(), v()].sort((x, y) => x - y).map((x) => d + x);
    for (const t of times) {
      while (a < admitted.length && admitted[a]! <= t) a += 1;
      while (out < departures.length && departures[out]! <= t) out += 1;
      census[n] = a - out;
      weekday[n] = d % 7;
      n += 1;
    }
  }
  return { census, weekday, samplesPerBatch: 4 * 7 * 20 }; // batches of 20 weeks
}

/** The mean of f over samples, and its standard error by batch means (consecutive batches of samples). */
function batchMean(values: ArrayLike<number>, perBatch: number): { mean: number; se: number } {
  const batches: number[] = [];
  for (let start = 0; start + perBatch <= values.length; start += perBatch) {
    let sum = 0;
    for (let i = start; i < start + perBatch; i++) sum += values[i]!;
    batches.push(sum / perBatch);
  }
  const mean = batches.reduce((x, y) => x + y, 0) / batches.length;
  const variance = batches.reduce((x, y) => x + (y - mean) ** 2, 0) / (batches.length - 1);
  return { mean, se: Math.sqrt(variance / batches.length) };
}

describe('the census of fixed weekday lists against a discrete-event simulation', () => {
  const years = 300;
  const planned = plannedComponent(PER_LIST_DAY, 0, true);
  const shape = buildCensusShape([planned], DAYS);
  const L = meanOf(planned.census);
  const des = simulateLists(years, PER_LIST_DAY, 0, 11);

  it('has the simulated mean and variance on every weekday, and a variance well below the Poisson one', () => {
    expect(shape.dispersion).toBeDefined();
    for (let w = 0; w < 7; w++) {
      // Every month's point of this weekday has the same census (the lists repeat weekly).
      const p = w; // January
      const modelMean = L * shape.level[p]!;
      const modelVariance = modelMean * shape.dispersion![p]!;
      const xs: number[] = [];
      for (let i = 0; i < des.census.length; i++) if (des.weekday[i] === w) xs.push(des.census[i]!);
      const mean = batchMean(xs, 4 * 20);
      const squares = batchMean(
        xs.map((x) => (x - mean.mean) ** 2),
        4 * 20,
      );
      expect(Math.abs(mean.mean - modelMean)).toBeLessThan(4 * mean.se);
      expect(Math.abs(squares.mean - modelVariance)).toBeLessThan(4 * squares.se);
      // Poisson's variance (= mean) is far outside the error: the simulation tells them apart.
      expect(Math.abs(squares.mean - modelMean)).toBeGreaterThan(10 * squares.se);
    }
  });

  it("has the simulated share of time at or above the beds, and risk beds at the simulation's 1% quantile", () => {
    // The share of samples at or above c, with its batch-means error: from one histogram per batch.
    const perBatch = des.samplesPerBatch;
    const batches = Math.floor(des.census.length / perBatch);
    const top = des.census.reduce((a, b) => Math.max(a, b), 0) + 2;
    const histograms = Array.from({ length: batches }, (_, b) => {
      const h = new Float64Array(top);
      for (let i = b * perBatch; i < (b + 1) * perBatch; i++) h[des.census[i]!]! += 1;
      return h;
    });
    const share = (c: number) => {
      const means = histograms.map((h) => {
        let n = 0;
        for (let x = Math.max(0, c); x < top; x++) n += h[x]!;
        return n / perBatch;
      });
      return batchMean(means, 1);
    };
    // Through the body of the distribution the model's time share is the simulation's, within
    // Monte Carlo error plus 5%; the Poisson census, which crosses it near the mean, misses by far
    // more above it.
    for (const c of [20, 22, 24, 26, 28]) {
      const simulated = share(c);
      const model = shareOfTimeAtOrAbove(c, L, shape);
      const poisson = shareOfTimeAtOrAbove(c, L, asPoisson(shape));
      expect(Math.abs(simulated.mean - model)).toBeLessThan(4 * simulated.se + 0.05 * model);
      if (c >= 24) expect(Math.abs(simulated.mean - poisson)).toBeGreaterThan(4 * simulated.se + 0.05 * poisson);
    }
    // In the far tail the translated Poisson is heavier than the sum of indicators (its third
    // cumulant is its variance; the indicators' is less): never below the simulation, so never
    // fewer beds than needed, and within a factor of 2.5 (measured: 1.4 at 31 beds, 2.2 at 33),
    // where the Poisson census is 4 to 18 times too high.
    for (const c of [30, 31, 32, 33]) {
      const simulated = share(c);
      const model = shareOfTimeAtOrAbove(c, L, shape);
      expect(model).toBeGreaterThan(simulated.mean - 4 * simulated.se);
      expect(model).toBeLessThan(2.5 * (simulated.mean + 4 * simulated.se));
      expect(shareOfTimeAtOrAbove(c, L, asPoisson(shape))).toBeGreaterThan(3 * (simulated.mean + 4 * simulated.se));
    }
    const target = 0.01;
    // The simulation's 1% quantile: the fewest beds at which demand is at or above them at most
    // 1% of the time (the shares around it are several standard errors from 1%, so it is sure).
    let quantile = 0;
    while (share(quantile).mean > target) quantile += 1;
    expect(Math.abs(share(quantile).mean - target)).toBeGreaterThan(4 * share(quantile).se);
    expect(Math.abs(share(quantile - 1).mean - target)).toBeGreaterThan(4 * share(quantile - 1).se);
    // The model asks for the quantile or one bed more (measured: 32 against 31); sized as Poisson
    // arrivals, the same lists ask for several more (35).
    const beds = bedsForTimeAtCapacity(L, shape, target);
    expect(beds - quantile).toBeGreaterThanOrEqual(0);
    expect(beds - quantile).toBeLessThanOrEqual(1);
    const poissonBeds = bedsForTimeAtCapacity(L, asPoisson(shape), target);
    expect(poissonBeds - quantile).toBeGreaterThanOrEqual(3);
    // The threshold lookup the engine uses answers as the plain search.
    const lookup = riskBedsByThreshold(shape, target, 1, 'timeAtCapacity');
    for (const load of [L * 0.7, L, L * 1.3, L * 3]) {
      expect(lookup(load)).toBe(bedsForTimeAtCapacity(load, shape, target));
    }
  });
});

describe('cancellations', () => {
  it('lists with a cancellation share: eight booked, each kept with probability 0.75, against the simulation', () => {
    const planned = plannedComponent(PER_LIST_DAY, 0.25, true);
    const shape = buildCensusShape([planned], DAYS);
    const fixed = buildCensusShape([plannedComponent(PER_LIST_DAY, 0, true)], DAYS);
    const L = meanOf(planned.census);
    const des = simulateLists(150, 8, 0.25, 12);
    for (const w of [0, 3, 6]) {
      const modelMean = L * shape.level[w]!;
      const modelVariance = modelMean * shape.dispersion![w]!;
      const xs: number[] = [];
      for (let i = 0; i < des.census.length; i++) if (des.weekday[i] === w) xs.push(des.census[i]!);
      const mean = batchMean(xs, 4 * 20);
      const squares = batchMean(
        xs.map((x) => (x - mean.mean) ** 2),
        4 * 20,
      );
      expect(Math.abs(mean.mean - modelMean)).toBeLessThan(4 * mean.se);
      expect(Math.abs(squares.mean - modelVariance)).toBeLessThan(4 * squares.se);
      // More variable than fixed lists, less than Poisson arrivals.
      expect(shape.dispersion![w]!).toBeGreaterThan(fixed.dispersion![w]! + 0.1);
      expect(shape.dispersion![w]!).toBeLessThan(1);
    }
  });
});

describe('a loss ward shared by Poisson emergencies and a weekday list', () => {
  it("turns away the simulation's share of emergency arrivals, within Monte Carlo error and 10%", () => {
    const EMERGENCY_RATE = 3; // a day, exponential stays
    const EMERGENCY_LOS = 4;
    const BEDS = 36;
    const years = 200;
    const days = DAYS * years;
    const warmUp = 70;
    // The model: a Poisson component (the emergencies, protected) and the list (not protected).
    const flat = arrivalProfile(DAYS);
    const emergency: CensusComponent = {
      census: censusPerUnitArrivalRate(flat, dailyBedTime({ family: 'exponential' }, EMERGENCY_LOS, DAYS)).map(
        (v) => v * EMERGENCY_RATE,
      ),
      protectedArrivals: flat.map((v) => v * EMERGENCY_RATE),
    };
    const list = plannedComponent(PER_LIST_DAY, 0, false);
    const shape = buildCensusShape([emergency, list], DAYS);
    const L = meanOf(emergency.census) + meanOf(list.census);

    // The simulation: events in time order; a list's patients come at the start of the day,
    // before that day's emergencies; anyone finding every bed busy is turned away.
    const u = namedStream(21, 0, 'des-loss-mixed');
    const busy: number[] = [];
    const turnedAway: number[] = [];
    const admit = (t: number, los: number): boolean => {
      for (let k = busy.length - 1; k >= 0; k--) if (busy[k]! <= t) busy.splice(k, 1);
      if (busy.length >= BEDS) return false;
      busy.push(t + los);
      return true;
    };
    for (let d = 0; d < days; d++) {
      if (d % 7 < 5) for (let k = 0; k < PER_LIST_DAY; k++) admit(d, lognormalLos(u));
      for (let t = d - Math.log(1 - u()) / EMERGENCY_RATE; t < d + 1; t -= Math.log(1 - u()) / EMERGENCY_RATE) {
        const admitted = admit(t, -Math.log(1 - u()) * EMERGENCY_LOS);
        if (d >= warmUp) turnedAway.push(admitted ? 0 : 1);
      }
    }
    const simulated = batchMean(turnedAway, Math.floor(turnedAway.length / 200));
    const model = shareTurnedAway(BEDS, L, shape);
    const poisson = shareTurnedAway(BEDS, L, asPoisson(shape));
    // Hayward's approximation for a ward with a list (Erlang B without one): 10% of the share
    // allows for it besides the Monte Carlo error (measured: 5.6% against 6.0%).
    expect(model).toBeGreaterThan(0.01);
    expect(Math.abs(simulated.mean - model)).toBeLessThan(4 * simulated.se + 0.1 * model);
    // Erlang B on the same mean census (the list as Poisson arrivals) overstates it.
    expect(poisson - simulated.mean).toBeGreaterThan(4 * simulated.se + 0.05 * model);
    // The threshold solve for arrivals turned away agrees with the share it inverts.
    const t = thresholdLoad(BEDS, shape, 0.01);
    expect(Math.abs(shareTurnedAway(BEDS, t, shape) / 0.01 - 1)).toBeLessThan(1e-9);
    const { share, slope } = timeShareAndSlope(BEDS, L, shape);
    const h = 1e-4 * L;
    const numeric = (shareOfTimeAtOrAbove(BEDS, L + h, shape) - shareOfTimeAtOrAbove(BEDS, L - h, shape)) / (2 * h);
    expect(Math.abs(share / shareOfTimeAtOrAbove(BEDS, L, shape) - 1)).toBeLessThan(1e-12);
    expect(Math.abs(slope / numeric - 1)).toBeLessThan(1e-5);
  });
});

/** One elective centre of 22 or so occupied beds on Mon-Fri lists, with Poisson or scheduled arrivals. */
function centre(arrivals: 'poisson' | 'scheduled' | undefined): ScenarioInput {
  return {
    id: 'centre',
    name: 'An elective orthopaedic centre',
    years: ['2024/25', '2025/26'],
    sites: [{ id: 'eoc', name: 'Centre', role: 'electiveCentre', beds: 30 }],
    streams: [
      {
        id: 'ortho',
        site: 'eoc',
        pathway: 'electiveOrthopaedic',
        admissionsPerYear: 1670,
        losMeanDays: 4.8,
        losShape: LOS,
        weekdayProfile: [1, 1, 1, 1, 1, 0, 0],
        ...(arrivals ? { arrivals } : {}),
      },
    ],
    growth: [{ id: 'g', ratePerYear: { p10: 0, p90: 0.04 } }],
    bedPolicy: { targetOccupancy: 0.85, riskTarget: 0.01, riskMeasure: 'timeAtCapacity' },
    options: [{ id: 'do-nothing', name: 'Do nothing', interventions: [] }],
    baselineOption: 'do-nothing',
  };
}

describe('scheduled arrivals in the engine', () => {
  const figure = (scenario: ScenarioInput, metric: (typeof METRICS)[number]) => {
    const compiled = compileScenario(scenario);
    const out = simulateIteration(compiled, 7, 3);
    return out[valueIndex(compiled, 0, 0, 1, METRICS.indexOf(metric))]!;
  };

  it('leaves a scenario without `arrivals` exactly as it was: Poisson, the same figures to the bit', () => {
    const omitted = compileScenario(centre(undefined));
    const poisson = compileScenario(centre('poisson'));
    expect(omitted.shapes[0]![0]![1]!.dispersion).toBeUndefined();
    expect(Array.from(simulateIteration(poisson, 7, 3))).toEqual(Array.from(simulateIteration(omitted, 7, 3)));
    // The parsed scenario gains no field, so stored scenarios and run identities are unchanged.
    expect('arrivals' in scenarioSchema.parse(centre(undefined)).streams[0]!).toBe(false);
  });

  it('sizes a ring-fenced centre on fixed lists with fewer beds than the same admissions at random', () => {
    const scheduled = figure(centre('scheduled'), 'bedsRisk');
    const poisson = figure(centre('poisson'), 'bedsRisk');
    expect(figure(centre('scheduled'), 'meanOccupied')).toBeCloseTo(figure(centre('poisson'), 'meanOccupied'), 9);
    expect(poisson - scheduled).toBeGreaterThanOrEqual(3);
    // Fewer days on which demand reaches the centre's 30 beds, and fewer turned away.
    expect(figure(centre('scheduled'), 'daysDemandAtOrAboveCapacity')).toBeLessThan(
      figure(centre('poisson'), 'daysDemandAtOrAboveCapacity'),
    );
    expect(figure(centre('scheduled'), 'turnedAway')).toBeLessThan(figure(centre('poisson'), 'turnedAway'));
  });

  it('gives cancellations a census between fixed lists and Poisson arrivals', () => {
    const withCancellations = centre('scheduled');
    withCancellations.streams[0]!.cancellationShare = 0.5;
    const compiled = compileScenario(withCancellations);
    const fixed = compileScenario(centre('scheduled'));
    const d = (c: typeof compiled) => c.shapes[0]![0]![1]!.dispersion![0]!;
    expect(d(compiled)).toBeGreaterThan(d(fixed));
    expect(d(compiled)).toBeLessThan(1);
  });
});

describe('the arrivals and cancellationShare fields', () => {
  const issues = (s: ScenarioInput) => {
    const r = scenarioSchema.safeParse(s);
    return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  };

  it('refuses a cancellation share outside [0, 1), on Poisson arrivals, and scheduled emergencies, at the field', () => {
    const tooMany = centre('scheduled');
    tooMany.streams[0]!.cancellationShare = 1.5;
    expect(issues(tooMany)).toContainEqual(expect.objectContaining({ path: 'streams.0.cancellationShare' }));
    const poisson = centre('poisson');
    poisson.streams[0]!.cancellationShare = 0.1;
    expect(issues(poisson)).toContainEqual({
      path: 'streams.0.cancellationShare',
      message: 'a cancellation share applies to scheduled arrivals only',
    });
    const emergency = centre('scheduled');
    emergency.streams[0]!.pathway = 'nonElective';
    expect(issues(emergency)).toContainEqual(expect.objectContaining({ path: 'streams.0.arrivals' }));
    const unknown = centre(undefined) as { streams: Record<string, unknown>[] };
    unknown.streams[0]!.arrivals = 'batch';
    expect(issues(unknown as ScenarioInput)).toContainEqual(expect.objectContaining({ path: 'streams.0.arrivals' }));
  });

  it('answers 422 problem+json naming /scenario/streams/2/cancellationShare from the API', async () => {
    const app = createApp({ simulations: new FakeSimulationService(), store: tempStore() });
    const scenario = structuredClone(smallHospital.scenario);
    scenario.streams[2]!.arrivals = 'scheduled';
    scenario.streams[2]!.cancellationShare = 1.5;
    const res = await app.request('/v1/simulations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario, seed: 1 }),
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await readJson(res);
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/scenario/streams/2/cancellationShare');
  });
});
