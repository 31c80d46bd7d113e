/**
 * Cells month by month (cell.months), against outside truths: a flat profile gives every month
 * the year's beds; a seasonal one, by hand, the month's share of the bed days over its days; the
 * risk method's month is the reference search (bedsForRisk, bedsForTimeAtCapacity) on the
 * month's own points, iteration by iteration; and the peak month against a discrete-event
 * simulation of a ward with a winter peak.
 */
import { describe, expect, it } from 'vitest';
import { arrivalProfile } from '../../models/census-profile.js';
import { namedStream } from '../../models/random-streams.js';
import { compileScenario, METRICS, monthShape, valueIndex } from '../../models/engine.js';
import { simulateBlock, summariseEngine, summariseScope } from '../../models/engine-summary.js';
import { bedsForRisk, bedsForTimeAtCapacity } from '../../models/risk-method.js';
import type { ScenarioInput } from '../../models/scenario.js';
import { cellSchema } from '../../api/result-schema.js';
import { threeSiteScenario } from '../support/three-site-scenario.js';

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const PROFILE = [1.3, 1.25, 1.1, 1, 0.9, 0.85, 0.8, 0.8, 0.9, 1, 1.1, 1.2];

function oneSite(monthlyProfile: number[] | undefined): ScenarioInput {
  return {
    id: 'one',
    name: 'One site',
    years: ['2018/19', '2019/20'],
    sites: [{ id: 'h', name: 'Hospital', role: 'acute', beds: 400 }],
    streams: [
      {
        id: 'ne',
        site: 'h',
        pathway: 'nonElective',
        bedDaysPerYear: 100_000,
        // A short, nearly fixed stay: a month's bed days are its admissions' (spill over a month's end is small).
        losMeanDays: 1,
        losShape: { family: 'gamma', cv: 0.1 },
        ...(monthlyProfile ? { monthlyProfile } : {}),
      },
    ],
    growth: [{ id: 'g', ratePerYear: 0.02 }],
    bedPolicy: { targetOccupancy: 0.85, riskTarget: 0.05 },
    options: [{ id: 'do-nothing', name: 'Do nothing', interventions: [] }],
    baselineOption: 'do-nothing',
  };
}

describe('months', () => {
  it('a flat profile gives every month the beds of the year, by both methods', () => {
    const c = compileScenario(oneSite(undefined));
    const r = summariseEngine(c, 1, simulateBlock(c, 1, 0, 20));
    for (const cell of r.cells) {
      for (const m of ['occupancy', 'risk'] as const) {
        for (const month of cell.months.bedsRequired[m]) expect(month).toEqual(cell.bedsRequired[m]);
        expect(cell.months.peak[m].month).toBe(0); // all tie: the earliest
      }
      expect(() => cellSchema.parse(cell)).not.toThrow();
    }
  });

  it('with planned lists, a flat profile gives every month about the risk beds of the year, well below those of a Poisson census', () => {
    // Planned lists only: a month's census varies less than Poisson, as the year's does. Months
    // differ a little even when flat (their list days: five Mondays in one, four in another).
    const scenario = oneSite(undefined);
    scenario.streams = [
      {
        id: 'el',
        site: 'h',
        pathway: 'elective',
        arrivals: 'scheduled',
        bedDaysPerYear: 30_000,
        // Stays long against a day, so the census swings little within the day: planned lists' census varies well below Poisson.
        losMeanDays: 8,
        losShape: { family: 'gamma', cv: 0.3 },
      },
    ];
    const c = compileScenario(scenario);
    const r = summariseEngine(c, 1, simulateBlock(c, 1, 0, 20));
    const v = c.baselineVariant;
    const block = simulateBlock(c, 1, 0, 1);
    for (let t = 0; t < c.years.length; t++) {
      const shape = c.shapes[v]![0]![t]!;
      expect(shape.dispersion).toBeDefined();
      const L = block.values[valueIndex(c, v, c.pools[0]!.site, t, METRICS.indexOf('meanOccupied'))]!;
      const cell = r.cells.find((x) => x.scope === 'system' && x.year === c.years[t])!;
      for (let m = 0; m < 12; m++) {
        const month = cell.months.bedsRequired.risk[m]!.p50;
        expect(Math.abs(month - cell.bedsRequired.risk.p50)).toBeLessThanOrEqual(1);
        const poisson = bedsForRisk(L, { ...monthShape(shape, m), dispersion: undefined }, 0.05);
        expect(poisson).toBeGreaterThan(month + 2);
      }
    }
  });

  it('a seasonal profile gives each month its share of the bed days over its days (by hand)', () => {
    const c = compileScenario(oneSite(PROFILE));
    const r = summariseEngine(c, 1, simulateBlock(c, 1, 0, 5));
    const cell = r.cells.find((x) => x.scope === 'system' && x.year === '2019/20')!;
    const bedDays = 100_000 * 1.02; // no uncertainty: every iteration is this
    const weight = PROFILE.reduce((a, x, m) => a + x * MONTH_DAYS[m]!, 0);
    MONTH_DAYS.forEach((days, m) => {
      const hand = (bedDays * ((PROFILE[m]! * days) / weight)) / (days * 0.85);
      const beds = cell.months.bedsRequired.occupancy[m]!;
      expect(beds.p5).toBe(beds.p95);
      // Whole beds, rounded up; stays crossing a month's end move well under a bed.
      expect(Math.abs(beds.p50 - Math.ceil(hand))).toBeLessThanOrEqual(1);
    });
    expect(cell.months.peak.occupancy.month).toBe(0);
    expect(cell.months.peak.occupancy.beds).toEqual(cell.months.bedsRequired.occupancy[0]);
    // July and August are the trough; the winter peak needs more beds than the year's average.
    expect(cell.months.bedsRequired.occupancy[6]!.p50).toBeLessThan(cell.bedsRequired.occupancy.p50);
    expect(cell.months.bedsRequired.risk[0]!.p50).toBeGreaterThan(cell.bedsRequired.risk.p50);
    expect(cell.months.probabilityShortfall.occupancy[0]).toBe(1); // 400 beds are short in January
    expect(cell.months.probabilityShortfall.occupancy[6]).toBe(0);
  });

  it('a scope summarised alone has the months it has when the scopes share the work', () => {
    const c = compileScenario(threeSiteScenario);
    const block = simulateBlock(c, 2, 0, 30);
    const together = summariseEngine(c, 2, block);
    for (let s = 0; s < c.scopeCount; s++) {
      for (const { cell } of summariseScope(c, block, s).cells) {
        const same = together.cells.find(
          (x) => x.option === cell.option && x.scope === cell.scope && x.year === cell.year,
        )!;
        expect(cell.months).toEqual(same.months);
      }
    }
  });

  for (const measure of ['arrivalsTurnedAway', 'timeAtCapacity'] as const) {
    it(`risk beds in each month are the reference search on the month's points (${measure})`, () => {
      const scenario = { ...threeSiteScenario, bedPolicy: { ...threeSiteScenario.bedPolicy, riskMeasure: measure } };
      const c = compileScenario(scenario);
      const reference = measure === 'timeAtCapacity' ? bedsForTimeAtCapacity : bedsForRisk;
      const target = scenario.bedPolicy.riskTarget;
      const v = c.baselineVariant;
      const t = c.years.length - 1;
      for (const iteration of [0, 7, 19]) {
        const block = simulateBlock(c, 4, iteration, 1);
        const system = summariseScope(c, block, c.scopeCount - 1).cells.find(
          (x) => x.cell.option === 'do-nothing' && x.cell.year === c.years[t],
        )!.cell;
        for (let m = 0; m < 12; m++) {
          let sum = 0;
          for (let u = 0; u < c.pools.length; u++) {
            const shape = c.shapes[v]![u]![t];
            if (!shape) continue;
            const L = block.values[valueIndex(c, v, c.pools[u]!.site, t, METRICS.indexOf('meanOccupied'))]!;
            sum += reference(L, monthShape(shape, m), target);
          }
          expect(system.months.bedsRequired.risk[m]!.p50).toBe(sum);
        }
      }
    });
  }
});

/**
 * The peak month against a discrete-event simulation of our own: Poisson arrivals with a winter
 * peak (the monthly profile, day by day), exponential stays, unconstrained (nobody turned away),
 * the year repeated for 400 years. The model's January risk beds under timeAtCapacity at 1% are
 * the fewest c with P(January census >= c) <= 1%, so January's 99th-centile census is c - 1.
 */
describe("months against a simulated ward's census", () => {
  const RATE = 15; // admissions a day, on average over the year
  const LOS = 4;
  const YEARS = 400;
  const scenario: ScenarioInput = {
    id: 'des',
    name: 'Seasonal ward',
    years: ['2018/19', '2019/20'],
    sites: [{ id: 'w', name: 'Ward', role: 'acute', beds: 80 }],
    streams: [
      {
        id: 'ne',
        site: 'w',
        pathway: 'nonElective',
        bedDaysPerYear: RATE * LOS * 365,
        losMeanDays: LOS,
        losShape: { family: 'exponential' },
        monthlyProfile: PROFILE,
      },
    ],
    growth: [{ id: 'g', ratePerYear: 0 }],
    bedPolicy: { targetOccupancy: 0.85, riskTarget: 0.01, riskMeasure: 'timeAtCapacity' },
    options: [{ id: 'do-nothing', name: 'Do nothing', interventions: [] }],
    baselineOption: 'do-nothing',
  };

  it("the peak month's risk beds put its simulated census at or above them 1% of the time", () => {
    const c = compileScenario(scenario);
    const r = summariseEngine(c, 1, simulateBlock(c, 1, 0, 3));
    const cell = r.cells.find((x) => x.scope === 'system' && x.year === '2018/19')!;
    expect(cell.months.peak.risk.month).toBe(0);
    const january = cell.months.bedsRequired.risk[0]!;
    const july = cell.months.bedsRequired.risk[6]!;
    expect(january.p5).toBe(january.p95); // no uncertainty in the base year
    const beds = january.p50;

    // The simulation: arrivals day by day at RATE x the day's profile, stays exponential.
    const profile = arrivalProfile(365, undefined, PROFILE);
    const u = namedStream(18, 0, 'months-des-arrivals');
    const w = namedStream(18, 0, 'months-des-los');
    const arrivals: number[] = [];
    for (let d = 0; d < 365 * YEARS; d++) {
      const rate = RATE * profile[d % 365]!;
      for (let t = d - Math.log(1 - u()) / rate; t < d + 1; t -= Math.log(1 - u()) / rate) arrivals.push(t);
    }
    const departures = arrivals.map((t) => t - Math.log(1 - w()) * LOS).sort((a, b) => a - b);
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
    // Census at random times in each January and July after the first year (the warm-up), by year.
    const v = namedStream(18, 0, 'months-des-samples');
    const sample = (firstDay: number, length: number) => {
      const byYear: number[][] = [];
      for (let y = 1; y < YEARS; y++) {
        const xs: number[] = [];
        for (let d = 0; d < length; d++)
          for (let k = 0; k < 8; k++) {
            const t = 365 * y + firstDay + d + v();
            xs.push(countBefore(arrivals, t) - countBefore(departures, t));
          }
        byYear.push(xs);
      }
      return byYear;
    };
    const jan = sample(0, 31);
    const jul = sample(181, 31);
    /** Share of samples at or above `beds`, and its standard error from year-by-year batch means. */
    const atOrAbove = (byYear: number[][], at: number) => {
      const means = byYear.map((xs) => xs.filter((x) => x >= at).length / xs.length);
      const m = means.reduce((a, b) => a + b, 0) / means.length;
      const sd = Math.sqrt(means.reduce((a, b) => a + (b - m) ** 2, 0) / (means.length - 1));
      return { share: m, se: sd / Math.sqrt(means.length) };
    };
    const at = atOrAbove(jan, beds);
    const below = atOrAbove(jan, beds - 1);
    expect(at.se).toBeLessThan(0.002);
    // January's census reaches the beds at most 1% of the time, and one bed fewer more than 1%.
    expect(at.share).toBeLessThan(0.01 + 4 * at.se);
    expect(below.share).toBeGreaterThan(0.01 - 4 * below.se);
    // So the simulated 99th-centile census in January is beds - 1, within a bed (its own MC error).
    const sorted = jan.flat().sort((a, b) => a - b);
    const p99 = sorted[Math.ceil(0.99 * sorted.length) - 1]!;
    expect(Math.abs(p99 - (beds - 1))).toBeLessThanOrEqual(1);
    // The winter peak is real: July needs fewer beds, and its simulated census reaches January's
    // beds far less than 1% of the time.
    expect(july.p50).toBeLessThan(beds - 3);
    expect(atOrAbove(jul, beds).share).toBeLessThan(0.002);
    // And the year's risk beds, the measure over the whole year, would leave January short.
    expect(cell.bedsRequired.risk.p50).toBeLessThan(beds);
    expect(atOrAbove(jan, cell.bedsRequired.risk.p50).share).toBeGreaterThan(0.01 + 4 * at.se);
  });
});
