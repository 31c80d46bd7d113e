/**
 * Bed pools within a site: a site of one pool computes exactly what it did without pools; a site
 * split into pools is the sum of its pools, each sized on its own census; splitting a pool never
 * needs fewer beds by the risk method (the economies of pooling, never their reverse) and moves
 * the occupancy method only by each pool's rounding up to whole beds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario, METRICS, valueIndex } from '../../models/engine.js';
import { simulateBlock, summariseEngine } from '../../models/engine-summary.js';
import { bedsForRisk, bedsForTimeAtCapacity } from '../../models/risk-method.js';
import { type ScenarioInput, scenarioSchema } from '../../models/scenario.js';

const RISK = METRICS.indexOf('bedsRisk');
const OCCUPANCY = METRICS.indexOf('bedsOccupancy');

type StreamSpec = { bedDays: number; los: number; emergency: boolean };

function site(streams: StreamSpec[], split: number[] | undefined, measure: 'arrivalsTurnedAway' | 'timeAtCapacity') {
  const scenario: ScenarioInput = {
    id: 'pools',
    name: 'pools',
    years: ['2018/19', '2019/20'],
    sites: [
      {
        id: 'h',
        name: 'Hospital',
        role: 'acute',
        beds: 400,
        ...(split
          ? {
              pools: [
                { id: 'p0', beds: 200 },
                { id: 'p1', beds: 200 },
              ],
            }
          : {}),
      },
    ],
    streams: streams.map((x, i) => ({
      id: `s${i}`,
      site: 'h',
      pathway: x.emergency ? ('nonElective' as const) : ('elective' as const),
      bedDaysPerYear: x.bedDays,
      losMeanDays: { p10: x.los * 0.8, p90: x.los * 1.2 },
      ...(x.emergency ? {} : { weekdayProfile: [1, 1, 1, 1, 1, 0, 0] }),
      ...(split ? { pool: `p${split[i]}` } : {}),
    })),
    growth: [{ id: 'g', ratePerYear: { p10: 0, p90: 0.04 } }],
    bedPolicy: { targetOccupancy: 0.85, riskTarget: 0.01, riskMeasure: measure },
    options: [{ id: 'do-nothing', name: 'Do nothing', interventions: [] }],
    baselineOption: 'do-nothing',
  };
  return scenario;
}

describe('bed pools', () => {
  it('a site of one declared pool gives exactly the figures of the site without pools', () => {
    const streams: StreamSpec[] = [
      { bedDays: 40_000, los: 5, emergency: true },
      { bedDays: 9_000, los: 3, emergency: false },
    ];
    const plain = site(streams, undefined, 'timeAtCapacity');
    const one = structuredClone(plain);
    one.sites[0]!.pools = [{ id: 'all', beds: 400 }];
    one.streams.forEach((x) => (x.pool = 'all'));
    const a = summariseEngine(compileScenario(plain), 5, simulateBlock(compileScenario(plain), 5, 0, 200));
    const b = summariseEngine(compileScenario(one), 5, simulateBlock(compileScenario(one), 5, 0, 200));
    const strip = (cells: typeof a.cells) => cells.map((x) => JSON.stringify(x));
    // The system's shortfalls list the declared pool too, with its site's share of runs short.
    for (const x of b.cells.filter((y) => y.shortfall)) {
      const [site, pool] = x.shortfall!.byScope;
      expect(pool).toEqual({ ...site, scope: 'h/all' });
      x.shortfall!.byScope = [site!];
    }
    expect(strip(b.cells.filter((x) => x.scope !== 'h/all'))).toEqual(strip(a.cells));
    // The pool's own row is its site's, under its own name.
    expect(b.cells.filter((x) => x.scope === 'h/all').map((x) => JSON.stringify({ ...x, scope: 'h' }))).toEqual(
      strip(a.cells.filter((x) => x.scope === 'h')),
    );
    expect(b.sites[0]!.pools).toEqual([{ id: 'all', name: 'all', scope: 'h/all' }]);
  });

  it('a site split into two pools needs the sum of its pools, each sized on its own census', () => {
    const streams: StreamSpec[] = [
      { bedDays: 30_000, los: 5, emergency: true },
      { bedDays: 30_000, los: 5, emergency: true },
    ];
    const c = compileScenario(site(streams, [0, 1], 'arrivalsTurnedAway'));
    const block = simulateBlock(c, 9, 0, 50);
    const [pool0, pool1] = [1, 2]; // scopes: the site, then its pools, then the system
    expect(c.scopeIds).toEqual(['h', 'h/p0', 'h/p1', 'system']);
    for (let i = 0; i < block.count; i++) {
      const row = block.values.subarray(i * c.stride, (i + 1) * c.stride);
      for (let t = 0; t < 2; t++) {
        const siteBeds = row[valueIndex(c, 0, 0, t, RISK)]!;
        const a = row[valueIndex(c, 0, pool0, t, RISK)]!;
        const b = row[valueIndex(c, 0, pool1, t, RISK)]!;
        expect(siteBeds).toBe(a + b);
        // Each pool by the reference search on its own census.
        const L = row[valueIndex(c, 0, pool0, t, METRICS.indexOf('meanOccupied'))]!;
        expect(a).toBe(bedsForRisk(L, c.shapes[0]![0]![t]!, 0.01));
      }
    }
    expect(c.capacity[0]!.map((byYear) => byYear[0])).toEqual([400, 200, 200, 400]);
  });

  it('splitting a pool in two never needs fewer beds by the risk method, and the occupancy method only rounds per pool', () => {
    const stream = fc.record({
      bedDays: fc.integer({ min: 1_000, max: 60_000 }),
      los: fc.double({ min: 1, max: 12, noNaN: true }),
      emergency: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(stream, { minLength: 2, maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 4, maxLength: 4 }),
        fc.constantFrom('arrivalsTurnedAway' as const, 'timeAtCapacity' as const),
        (streams, assignment, measure) => {
          const split = streams.map((_s, i) => assignment[i]!);
          const pooled = compileScenario(site(streams, undefined, measure));
          const apart = compileScenario(site(streams, split, measure));
          const a = simulateBlock(pooled, 1, 0, 5);
          const b = simulateBlock(apart, 1, 0, 5);
          for (let i = 0; i < 5; i++) {
            for (let t = 0; t < 2; t++) {
              const pooledRisk = a.values[i * pooled.stride + valueIndex(pooled, 0, 0, t, RISK)]!;
              const apartRisk = b.values[i * apart.stride + valueIndex(apart, 0, 0, t, RISK)]!;
              expect(apartRisk).toBeGreaterThanOrEqual(pooledRisk);
              const pooledOcc = a.values[i * pooled.stride + valueIndex(pooled, 0, 0, t, OCCUPANCY)]!;
              const apartOcc = b.values[i * apart.stride + valueIndex(apart, 0, 0, t, OCCUPANCY)]!;
              // Whole beds per pool: each pool rounds up on its own, so at most one bed more per extra pool.
              expect(apartOcc - pooledOcc).toBeGreaterThanOrEqual(0);
              expect(apartOcc - pooledOcc).toBeLessThanOrEqual(1);
            }
          }
        },
      ),
      { numRuns: 25, seed: 18 },
    );
  });

  it('two equal halves need twice the beds of one half: the pooling premium against the reference search', () => {
    // A stationary ward: time at capacity 1% of the time. 60,000 bed days a year = 164 beds of census.
    const whole = compileScenario(site([{ bedDays: 60_000, los: 5, emergency: true }], undefined, 'timeAtCapacity'));
    const halves = compileScenario(
      site(
        [
          { bedDays: 30_000, los: 5, emergency: true },
          { bedDays: 30_000, los: 5, emergency: true },
        ],
        [0, 1],
        'timeAtCapacity',
      ),
    );
    const shape = whole.shapes[0]![0]![0]!;
    const L = 60_000 / 365;
    expect(whole.atCapacity[0]![0]![0]!.bedsRisk(L)).toBe(bedsForTimeAtCapacity(L, shape, 0.01));
    const half = bedsForTimeAtCapacity(L / 2, halves.shapes[0]![0]![0]!, 0.01);
    expect(halves.atCapacity[0]![0]![0]!.bedsRisk(L / 2) + halves.atCapacity[0]![1]![0]!.bedsRisk(L / 2)).toBe(
      2 * half,
    );
    expect(2 * half).toBeGreaterThan(bedsForTimeAtCapacity(L, shape, 0.01));
  });

  it('validates pools: beds add up, streams and changes name a pool of their site where it has several', () => {
    const issues = (input: ScenarioInput) =>
      (scenarioSchema.safeParse(input).error?.issues ?? []).map((i) => `${i.path.join('/')}: ${i.message}`);
    const base = site(
      [
        { bedDays: 30_000, los: 5, emergency: true },
        { bedDays: 30_000, los: 5, emergency: true },
      ],
      [0, 1],
      'arrivalsTurnedAway',
    );
    expect(issues(base)).toEqual([]);
    const wrongBeds = structuredClone(base);
    wrongBeds.sites[0]!.pools![1]!.beds = 150;
    expect(issues(wrongBeds)).toEqual(["sites/0/pools: the pools' beds add up to 350, not the site's 400"]);
    const unnamed = structuredClone(base);
    delete unnamed.streams[1]!.pool;
    expect(issues(unnamed)).toEqual(['streams/1/pool: site h has 2 pools (p0, p1): a stream must name one']);
    const unknown = structuredClone(base);
    unknown.streams[1]!.pool = 'p9';
    expect(issues(unknown)).toEqual(['streams/1/pool: site h has no pool p9 (it has p0, p1)']);
    const change = structuredClone(base);
    change.options[0]!.interventions = [
      { type: 'capacityChange', id: 'open', site: 'h', fromYear: '2019/20', change: 5 },
    ];
    expect(issues(change)).toEqual([
      'options/0/interventions/0/pool: site h has 2 pools (p0, p1): a capacity change must name one',
    ]);
    change.options[0]!.interventions[0] = { ...change.options[0]!.interventions[0]!, pool: 'p1' } as never;
    expect(issues(change)).toEqual([]);
    const c = compileScenario(change);
    expect(c.capacity[0]!.map((byYear) => byYear[1])).toEqual([405, 200, 205, 405]);
    // A move of beds between pools: the site keeps its beds, one pool gains what the other loses.
    const move = structuredClone(base);
    move.options[0]!.interventions = [
      {
        type: 'capacityChange',
        id: 'move',
        site: 'h',
        pool: 'p1',
        fromYear: '2019/20',
        change: 30,
        from: { site: 'h', pool: 'p0' },
      },
    ];
    expect(issues(move)).toEqual([]);
    expect(compileScenario(move).capacity[0]!.map((byYear) => byYear[1])).toEqual([400, 170, 230, 400]);
    move.options[0]!.interventions[0] = {
      ...move.options[0]!.interventions[0]!,
      change: -5,
      from: { site: 'h' },
    } as never;
    expect(issues(move)).toEqual([
      'options/0/interventions/0/change: beds moved from another site or pool must be a positive number',
      'options/0/interventions/0/from/pool: site h has 2 pools (p0, p1): a move of beds must name one',
    ]);
  });
});
