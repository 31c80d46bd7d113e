import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { compileScenario } from '../../models/engine.js';
import { selStp2016 } from '../../models/presets/sel-stp-2016.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import {
  DEFAULT_MAX_RUN_CORE_SECONDS,
  estimateRunCost,
  largestIterationsWithin,
  MAX_PLAUSIBLE_CENSUS,
  variantCount,
} from '../../models/run-cost.js';
import { scenarioSchema } from '../../models/scenario.js';
import { syntheticScenario } from '../../bench/synthetic-scenario.js';
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { readJson } from '../support/read-json.js';
import { horizon, twoHospitals } from '../../harness/runaway-scenarios.js';
import { tempStore } from '../support/temp-store.js';

const parse = (s: unknown) => scenarioSchema.parse(s);
const post = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

function setup(maxRunCoreSeconds?: number) {
  const service = new FakeSimulationService();
  const app = createApp({
    simulations: service,
    store: tempStore(),
    ...(maxRunCoreSeconds !== undefined ? { limits: { maxRunCoreSeconds } } : {}),
  });
  return { service, app };
}

describe('estimateRunCost', () => {
  it('counts the variants the engine simulates', () => {
    for (const s of [selStp2016.scenario, smallHospital.scenario, twoHospitals(0.01)]) {
      expect(variantCount(parse(s))).toBe(compileScenario(s).variants.length);
    }
  });

  it('grows with iterations, years and census', () => {
    const s = parse(smallHospital.scenario);
    const base = estimateRunCost(s, 1000).coreSeconds;
    expect(estimateRunCost(s, 10_000).coreSeconds).toBeGreaterThan(5 * base);
    expect(estimateRunCost(parse(twoHospitals(0.01, 11)), 1000).coreSeconds).toBeGreaterThan(base);
    const bigger = structuredClone(smallHospital.scenario);
    bigger.streams[0]!.admissionsPerYear! *= 20;
    expect(estimateRunCost(parse(bigger), 1000).coreSeconds).toBeGreaterThan(base);
  });

  it('finds the presets plausible and their largest runs within the default budget', () => {
    for (const p of [selStp2016, smallHospital]) {
      const e = estimateRunCost(parse(p.scenario), 100_000);
      expect(e.implausible).toEqual([]);
      expect(e.coreSeconds).toBeLessThan(DEFAULT_MAX_RUN_CORE_SECONDS);
    }
  });

  it('flags growth that multiplies demand over a hundredfold, naming the driver', () => {
    const e = estimateRunCost(parse(twoHospitals(1)), 20);
    expect(e.implausible.map((f) => f.path.join('/'))).toEqual(['growth/0/ratePerYear']);
    expect(e.implausible[0]!.detail).toMatch(/1,024-fold over 10 years/);
    // The p90 of an interval is what is flagged there; 1% a year over the same horizon is fine.
    const interval = parse({ ...twoHospitals(0), growth: [{ id: 'g', ratePerYear: { p10: 0, p90: 0.9 } }] });
    expect(estimateRunCost(interval, 20).implausible.map((f) => f.path.join('/'))).toEqual([
      'growth/0/ratePerYear/p90',
    ]);
    expect(estimateRunCost(parse(twoHospitals(0.01)), 20).implausible).toEqual([]);
  });

  it('flags a census beyond any hospital, naming the stream that brings most of it', () => {
    const s = structuredClone(smallHospital.scenario);
    s.streams[1]!.admissionsPerYear = 5_000_000;
    const e = estimateRunCost(parse(s), 20);
    expect(e.implausible.map((f) => f.path.join('/'))).toEqual(['streams/1/admissionsPerYear']);
    expect(e.peakCensus.census).toBeGreaterThan(MAX_PLAUSIBLE_CENSUS);
  });

  it('says how many iterations fit a budget, and that many do fit', () => {
    const e = estimateRunCost(parse(selStp2016.scenario), 100_000);
    const fits = largestIterationsWithin(e, 60);
    expect(fits).toBeGreaterThan(0);
    expect(fits).toBeLessThan(100_000);
    expect(estimateRunCost(parse(selStp2016.scenario), fits).coreSeconds).toBeLessThanOrEqual(60);
    expect(estimateRunCost(parse(selStp2016.scenario), fits + 1).coreSeconds).toBeGreaterThan(60);
  });
});

describe('POST /v1/simulations: cost and plausibility', () => {
  it('refuses the issue-15 typo with 422 naming /growth/0/ratePerYear, and starts nothing', async () => {
    const { app, service } = setup();
    const res = await app.request('/v1/simulations', post({ scenario: twoHospitals(1), iterations: 20, seed: 1 }));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await readJson(res);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].pointer).toBe('/scenario/growth/0/ratePerYear');
    expect(body.errors[0].detail).toMatch(/^\/growth\/0\/ratePerYear: .*100%.*0\.01 is 1% a year/);
    expect(service.started).toHaveLength(0);
  });

  it('blames the override that brings the typo into a preset', async () => {
    const { app, service } = setup();
    const res = await app.request(
      '/v1/simulations',
      post({
        preset: 'small-hospital',
        overrides: { '/years': horizon(11), '/growth/0/ratePerYear': 1 },
        iterations: 20,
        seed: 1,
      }),
    );
    expect(res.status).toBe(422);
    const body = await readJson(res);
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/overrides/~1growth~10~1ratePerYear']);
    expect(body.errors[0].detail).toMatch(/^\/growth\/0\/ratePerYear: /);
    expect(service.started).toHaveLength(0);
  });

  it('refuses 5 million admissions a stream, naming the stream', async () => {
    const { app } = setup();
    const scenario = structuredClone(smallHospital.scenario);
    scenario.streams[0]!.admissionsPerYear = 5_000_000;
    scenario.bedPolicy.targetOccupancy = 0.01;
    const res = await app.request('/v1/simulations', post({ scenario, iterations: 20, seed: 1 }));
    expect(res.status).toBe(422);
    const body = await readJson(res);
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/scenario/streams/0/admissionsPerYear']);
  });

  it('refuses a run over the budget, saying what drives it and what fits', async () => {
    const { app, service } = setup();
    const scenario = syntheticScenario(98, 30);
    const res = await app.request('/v1/simulations', post({ scenario, iterations: 100_000, seed: 1 }));
    expect(res.status).toBe(422);
    const body = await readJson(res);
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/iterations']);
    expect(body.detail).toMatch(/over the budget of 30\.0 min/);
    expect(body.detail).toMatch(/iterations \(100,000\) x variants \(\d+.*\) x sites \(100\) x years \(30\)/);
    expect(body.detail).toMatch(/at most [\d,]+ iterations of this scenario fit|even one iteration/);
    expect(service.started).toHaveLength(0);
  });

  it('takes the budget from its configuration', async () => {
    const request = { preset: 'sel-stp-2016', iterations: 20_000, seed: 1 };
    const tight = setup(10);
    const refused = await tight.app.request('/v1/simulations', post(request));
    expect(refused.status).toBe(422);
    const advice = (await readJson(refused)).detail as string;
    const fits = Number(/at most ([\d,]+) iterations/.exec(advice)![1]!.replace(/,/g, ''));
    const accepted = await tight.app.request('/v1/simulations', post({ ...request, iterations: fits }));
    expect(accepted.status).toBe(202);
    expect((await setup().app.request('/v1/simulations', post(request))).status).toBe(202);
  });

  it('answers a launch with its estimate, which the run keeps', async () => {
    const { app } = setup();
    const res = await app.request('/v1/simulations', post({ preset: 'sel-stp-2016', iterations: 2000, seed: 1 }));
    expect(res.status).toBe(202);
    const body = await readJson(res);
    const expected = estimateRunCost(parse(selStp2016.scenario), 2000).coreSeconds;
    expect(body.estimate.coreSeconds).toBeCloseTo(expected, 1);
    expect(body.estimate.budgetCoreSeconds).toBe(DEFAULT_MAX_RUN_CORE_SECONDS);
    const again = await readJson(await app.request(`/v1/simulations/${body.id}`));
    expect(again.estimate).toEqual(body.estimate);
  });
});
