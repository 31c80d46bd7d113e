/**
 * The base year is observed, not modelled: every iteration reproduces its bed days, whatever LoS
 * it draws; nothing planned acts in it; uncertainty named as one group is one draw; and a site's
 * local demand variation is a random walk from the first projected year. Checked against the
 * data (each preset's KH03 figures), against hand calculations, and against the validation rules.
 */
import { sampleCorrelation, sampleStandardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { compileScenario, METRICS, valueIndex } from '../../models/engine.js';
import { simulateBlock, summariseEngine } from '../../models/engine-summary.js';
import { PRESETS } from '../../models/presets/index.js';
import { baseYearBedDays, type ScenarioInput, scenarioSchema } from '../../models/scenario.js';
import { Z_WIDTH_OF_80_PERCENT_INTERVAL } from '../../models/uncertain.js';

const MEAN_OCCUPIED = METRICS.indexOf('meanOccupied');
const ADMISSIONS = METRICS.indexOf('admissions');

describe('the observed base year', () => {
  for (const preset of PRESETS) {
    it(`${preset.id}: every site's base-year occupied beds equal the observed figure in every iteration and option`, () => {
      const c = compileScenario(preset.scenario);
      const { sites, streams } = c.scenario;
      // Stated occupied beds (KH03) where the site has them; the streams' bed days are those
      // rounded to a hundredth of a bed day each, so they agree to a thousandth of a bed.
      const stated = sites.map(
        (site) => streams.filter((x) => x.site === site.id).reduce((a, x) => a + baseYearBedDays(x), 0) / c.days,
      );
      const observed = sites.map(
        (site) =>
          site.occupiedBeds ??
          streams.filter((x) => x.site === site.id).reduce((a, x) => a + baseYearBedDays(x), 0) / c.days,
      );
      for (const seed of [1, 2016, 99_991]) {
        const block = simulateBlock(c, seed, 0, 150);
        let admissionsMoved = false;
        for (let i = 0; i < block.count; i++) {
          const row = block.values.subarray(i * c.stride, (i + 1) * c.stride);
          for (let v = 0; v < c.variants.length; v++) {
            sites.forEach((_site, s) => {
              const modelled = row[valueIndex(c, v, s, 0, MEAN_OCCUPIED)]!;
              const what = `${sites[s]!.id} iteration ${i} variant ${v}`;
              expect(Math.abs(modelled - stated[s]!), what).toBeLessThan(1e-9 * Math.max(1, stated[s]!));
              expect(Math.abs(modelled - observed[s]!), what).toBeLessThan(1e-3);
            });
          }
          // The control: what was not observed does vary (the admissions behind those bed days).
          const first = block.values[valueIndex(c, c.baselineVariant, 0, 0, ADMISSIONS)]!;
          if (Math.abs(row[valueIndex(c, c.baselineVariant, 0, 0, ADMISSIONS)]! - first) > 1e-6) admissionsMoved = true;
        }
        const hasUncertainLos = streams.some((x) => typeof x.losMeanDays !== 'number' && x.site === sites[0]!.id);
        expect(admissionsMoved).toBe(hasUncertainLos);
      }
    });

    it(`${preset.id}: the results' calibration section agrees with the data to the bed`, () => {
      const c = compileScenario(preset.scenario);
      const result = summariseEngine(c, 7, simulateBlock(c, 7, 0, 100));
      expect(result.calibration.map((x) => x.scope)).toEqual([...c.scenario.sites.map((s) => s.id), 'system']);
      for (const row of result.calibration) {
        expect(row.year).toBe(c.years[0]);
        expect(Math.abs(row.modelledOccupiedBeds - row.observedOccupiedBeds)).toBeLessThan(0.5);
        expect(row.largestDifference).toBeLessThan(1e-3);
        if (row.beds > 0) expect(row.modelledOccupancy! - row.observedOccupancy!).toBeCloseTo(0, 6);
      }
      const kch = result.calibration.find((x) => x.scope === 'kch');
      // KH03 2018-19: KCH 1,230.5 of 1,269 beds occupied, 96.9%.
      if (kch) expect(kch.modelledOccupancy).toBeCloseTo(0.9697, 3);
    });
  }
});

/** A one-site scenario to vary. */
function oneSite(extra: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    id: 'one',
    name: 'one site',
    years: ['2018/19', '2019/20', '2020/21'],
    sites: [{ id: 'a', name: 'A', role: 'acute', beds: 300 }],
    streams: [{ id: 'ne', site: 'a', pathway: 'nonElective', bedDaysPerYear: 80_000, losMeanDays: { p10: 4, p90: 7 } }],
    bedPolicy: { targetOccupancy: 0.85, riskTarget: 0.01 },
    options: [
      {
        id: 'do-nothing',
        name: 'Do nothing',
        interventions: [],
      },
    ],
    baselineOption: 'do-nothing',
    ...extra,
  };
}

function issuesOf(input: ScenarioInput) {
  const parsed = scenarioSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('/'), message: i.message }));
}

describe('nothing planned acts in the base year', () => {
  const lever = (ramp: Record<string, number>) =>
    oneSite({
      options: [
        { id: 'do-nothing', name: 'Do nothing', interventions: [] },
        {
          id: 'shorter',
          name: 'Shorter stays',
          interventions: [{ type: 'losReduction', id: 'los', reductionAtMaturity: 0.05, ramp }],
        },
      ],
    });

  it('a ramp above 0 in the base year is refused at the ramp, naming the year', () => {
    expect(issuesOf(lever({ '2018/19': 0.1, '2019/20': 1 }))).toEqual([
      {
        path: 'options/1/interventions/0/ramp/2018/19',
        message: expect.stringContaining('must be 0 in the base year 2018/19'),
      },
    ]);
    expect(issuesOf(lever({ '2018/19': 0, '2019/20': 1 }))).toEqual([]);
  });

  it('a capacity change, a bed change or a go-live dated in the base year is refused', () => {
    const capacity = oneSite({
      options: [
        {
          id: 'do-nothing',
          name: 'Do nothing',
          interventions: [{ type: 'capacityChange', id: 'open', site: 'a', fromYear: '2018/19', change: 10 }],
        },
      ],
    });
    expect(issuesOf(capacity)).toEqual([
      { path: 'options/0/interventions/0/fromYear', message: expect.stringContaining('cannot be in the base year') },
    ]);
    const beds = oneSite({
      sites: [{ id: 'a', name: 'A', role: 'acute', beds: 300, bedChanges: [{ fromYear: '2018/19', change: -5 }] }],
    });
    expect(issuesOf(beds)).toEqual([
      { path: 'sites/0/bedChanges/0/fromYear', message: expect.stringContaining('cannot be in the base year') },
    ]);
    const centre = oneSite({
      sites: [
        { id: 'a', name: 'A', role: 'acute', beds: 300 },
        { id: 'c', name: 'Centre', role: 'electiveCentre', beds: 20 },
      ],
      streams: [
        { id: 'ortho', site: 'a', pathway: 'electiveOrthopaedic', bedDaysPerYear: 5_000, losMeanDays: 4 },
        { id: 'ne', site: 'a', pathway: 'nonElective', bedDaysPerYear: 80_000, losMeanDays: 5 },
      ],
      options: [
        {
          id: 'do-nothing',
          name: 'Do nothing',
          interventions: [
            {
              type: 'orthopaedicConsolidation',
              id: 'move',
              centres: [{ site: 'c', share: 1 }],
              goLiveYear: '2018/19',
              shareMoved: 0.9,
              centreLosMeanDays: 3,
            },
          ],
        },
      ],
    });
    expect(issuesOf(centre)).toEqual([
      { path: 'options/0/interventions/0/goLiveYear', message: expect.stringContaining('cannot be in the base year') },
    ]);
  });

  it('a stream gives exactly one of admissions and bed days; stated occupied beds must add up', () => {
    const both = oneSite({
      streams: [
        { id: 'ne', site: 'a', pathway: 'nonElective', admissionsPerYear: 10, bedDaysPerYear: 50, losMeanDays: 5 },
      ],
    });
    expect(issuesOf(both)).toEqual([
      { path: 'streams/0/bedDaysPerYear', message: expect.stringContaining('exactly one') },
    ]);
    const neither = oneSite({ streams: [{ id: 'ne', site: 'a', pathway: 'nonElective', losMeanDays: 5 }] });
    expect(issuesOf(neither)).toEqual([
      { path: 'streams/0/admissionsPerYear', message: expect.stringContaining('exactly one') },
    ]);
    // 80,000 bed days / 365 = 219.18 occupied beds.
    const stated = (occupiedBeds: number) =>
      oneSite({ sites: [{ id: 'a', name: 'A', role: 'acute', beds: 300, occupiedBeds }] });
    expect(issuesOf(stated(219.2))).toEqual([]);
    expect(issuesOf(stated(221))).toEqual([
      { path: 'sites/0/occupiedBeds', message: expect.stringContaining('219.2 occupied beds') },
    ]);
  });
});

describe('uncertainty groups', () => {
  /**
   * Nine sites of equal base-year bed days B, each grown one year by its own driver with the same
   * 80% interval. System bed days next year are B x sum(1 + g_i): independent draws give an 80%
   * interval of width 2.563 sd B sqrt(9) (a sum of normals); one shared draw gives 2.563 sd B x 9,
   * exactly (a monotone function of one normal). The ratio is sqrt(9) = 3.
   */
  const SITES = 9;
  const B = 36_500;
  const interval = { p10: 0.01, p90: 0.05 };
  const sd = (interval.p90 - interval.p10) / Z_WIDTH_OF_80_PERCENT_INTERVAL;
  const nine = (group: string | undefined): ScenarioInput => ({
    id: 'nine',
    name: 'nine sites',
    years: ['2018/19', '2019/20'],
    sites: Array.from({ length: SITES }, (_, i) => ({ id: `s${i}`, name: `S${i}`, role: 'acute' as const, beds: 150 })),
    streams: Array.from({ length: SITES }, (_, i) => ({
      id: `ne${i}`,
      site: `s${i}`,
      pathway: 'nonElective' as const,
      bedDaysPerYear: B,
      losMeanDays: 5,
    })),
    growth: Array.from({ length: SITES }, (_, i) => ({
      id: `g${i}`,
      ratePerYear: group ? { ...interval, group } : interval,
      appliesTo: { sites: [`s${i}`] },
    })),
    bedPolicy: { targetOccupancy: 0.85, riskTarget: 0.01 },
    options: [{ id: 'do-nothing', name: 'Do nothing', interventions: [] }],
    baselineOption: 'do-nothing',
  });
  const systemBedDays = (input: ScenarioInput, iterations: number) => {
    const c = compileScenario(input);
    const result = summariseEngine(c, 11, simulateBlock(c, 11, 0, iterations));
    return result.cells.find((x) => x.scope === 'system' && x.year === '2019/20')!.bedDays;
  };

  it('one shared draw widens the system interval by sqrt(sites) over independent draws, as the hand calculation says', () => {
    const iterations = 4000;
    const independent = systemBedDays(nine(undefined), iterations);
    const shared = systemBedDays(nine('system-growth'), iterations);
    const widthIndependent = independent.p90 - independent.p10;
    const widthShared = shared.p90 - shared.p10;
    // Sampling error of an empirical P10-P90 width at 4,000 iterations is about 1.5%.
    expect(widthShared / (Z_WIDTH_OF_80_PERCENT_INTERVAL * sd * B * SITES)).toBeCloseTo(1, 1);
    expect(Math.abs(widthShared / (Z_WIDTH_OF_80_PERCENT_INTERVAL * sd * B * SITES) - 1)).toBeLessThan(0.02);
    expect(Math.abs(widthIndependent / (Z_WIDTH_OF_80_PERCENT_INTERVAL * sd * B * Math.sqrt(SITES)) - 1)).toBeLessThan(
      0.06,
    );
    expect(Math.abs(widthShared / widthIndependent - Math.sqrt(SITES))).toBeLessThan(0.25);
    // Either way the central value is the same: the group changes the spread, not the median.
    expect(Math.abs(shared.p50 / independent.p50 - 1)).toBeLessThan(0.002);
  });
});

describe('local demand variation', () => {
  it('is a random walk from the first projected year: log sd = sdPerYear x sqrt(t), none in the base year, independent across sites', () => {
    const sdPerYear = 0.05;
    const input: ScenarioInput = {
      ...oneSite({
        years: ['2018/19', '2019/20', '2020/21', '2021/22', '2022/23'],
        sites: [
          { id: 'a', name: 'A', role: 'acute', beds: 300 },
          { id: 'b', name: 'B', role: 'acute', beds: 300 },
        ],
        streams: [
          { id: 'ne-a', site: 'a', pathway: 'nonElective', bedDaysPerYear: 80_000, losMeanDays: 5 },
          { id: 'ne-b', site: 'b', pathway: 'nonElective', bedDaysPerYear: 80_000, losMeanDays: 5 },
        ],
      }),
      demandVariation: { sdPerYear },
    };
    const c = compileScenario(input);
    const n = 3000;
    const block = simulateBlock(c, 5, 0, n);
    const logRatio = (s: number, t: number) =>
      Array.from({ length: n }, (_, i) => {
        const row = block.values.subarray(i * c.stride, (i + 1) * c.stride);
        return Math.log(row[valueIndex(c, 0, s, t, MEAN_OCCUPIED)]! / row[valueIndex(c, 0, s, 0, MEAN_OCCUPIED)]!);
      });
    expect(sampleStandardDeviation(logRatio(0, 0))).toBe(0);
    for (let t = 1; t <= 4; t++) {
      const observed = sampleStandardDeviation(logRatio(0, t));
      // The sd of a sample sd is about sd / sqrt(2n): 1.3% at 3,000 iterations; 4% allows 3 of them.
      expect(Math.abs(observed / (sdPerYear * Math.sqrt(t)) - 1), `year ${t}`).toBeLessThan(0.04);
    }
    // Each step is the site's own: correlation between sites near 0 (sd 1/sqrt(n) = 0.018).
    expect(Math.abs(sampleCorrelation(logRatio(0, 4), logRatio(1, 4)))).toBeLessThan(0.06);
    // And a walk: year 4 shares year 1's step, correlation sqrt(1/4) = 0.5.
    expect(sampleCorrelation(logRatio(0, 1), logRatio(0, 4))).toBeCloseTo(0.5, 1);
  });
});
