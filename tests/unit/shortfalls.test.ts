/**
 * Shortfalls where they happen (system cells' `shortfall`), against outside truths:
 *   - sites whose only uncertainty is their own demand variation are independent, and each one's
 *     occupancy beds are lognormal, so P(site short) is a normal tail, P(any site short) is
 *     1 - prod(1 - p_i) and the expected sum of (whole) beds short is a sum of normal tails: the
 *     summary must agree within Monte Carlo error;
 *   - per iteration the sum of site shortfalls is at least the netted system gap, and the sum over
 *     pools at least the sum over sites, so every reported percentile is too (a property test).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../models/engine.js';
import { type CellSummary, simulateBlock, summariseEngine } from '../../models/engine-summary.js';
import type { ScenarioInput } from '../../models/scenario.js';
import { cellSchema } from '../../api/result-schema.js';
import { erfc } from '../../models/los-distribution.js';
import { threeSiteScenario, withAllLevers } from '../support/three-site-scenario.js';

/** Standard normal CDF from the model's erfc (Numerical Recipes' erfcc, relative error below 1.2e-7). */
function normalCdf(x: number): number {
  return 1 - erfc(x / Math.SQRT2) / 2;
}

const DAYS = 365;
const OCCUPANCY = 0.85;
const SD = 0.06;
/** Base-year bed days and beds of three independent sites: close to their capacity, so each is short often. */
const SITES = [
  { id: 'a', bedDays: 100_000, beds: 330 },
  { id: 'b', bedDays: 60_000, beds: 197 },
  { id: 'c', bedDays: 30_000, beds: 101 },
];

const independentSites: ScenarioInput = {
  id: 'independent',
  name: 'Independent sites',
  years: ['2018/19', '2019/20'],
  sites: SITES.map((s) => ({ id: s.id, name: s.id, role: 'acute', beds: s.beds, demandVariation: { sdPerYear: SD } })),
  streams: SITES.map((s) => ({
    id: `${s.id}-ne`,
    site: s.id,
    pathway: 'nonElective' as const,
    bedDaysPerYear: s.bedDays,
    losMeanDays: 5,
    losShape: { family: 'lognormal' as const, sigma: 1.2 },
  })),
  growth: [{ id: 'g', ratePerYear: 0 }],
  bedPolicy: { targetOccupancy: OCCUPANCY, riskTarget: 0.05 },
  options: [{ id: 'do-nothing', name: 'Do nothing', interventions: [] }],
  baselineOption: 'do-nothing',
};

describe('shortfalls where they happen', () => {
  const n = 4000;
  const compiled = compileScenario(independentSites);
  const result = summariseEngine(compiled, 5, simulateBlock(compiled, 5, 0, n));
  const system = result.cells.find((c) => c.scope === 'system' && c.year === '2019/20')!;
  const f = system.shortfall!;
  const within = (estimate: number, truth: number) =>
    expect(Math.abs(estimate - truth)).toBeLessThan(4 * Math.sqrt((truth * (1 - truth)) / n) + 1e-12);

  it('P(site short) and P(any site short) match the normal tails of independent lognormal sites', () => {
    // Occupancy beds in the first projected year are B_i exp(SD Z_i), B_i = bed days / (days x occupancy).
    const p = SITES.map((s) => 1 - normalCdf(Math.log(s.beds / (s.bedDays / (DAYS * OCCUPANCY))) / SD));
    for (const x of p) expect(x).toBeGreaterThan(0.1); // the case tests something
    SITES.forEach((s, i) => {
      const byScope = f.byScope.find((x) => x.scope === s.id)!;
      within(byScope.probabilityShort.occupancy, p[i]!);
      // The site's own cell says the same.
      const own = result.cells.find((c) => c.scope === s.id && c.year === '2019/20')!;
      expect(byScope.probabilityShort).toEqual(own.probabilityShortfall);
    });
    const any = 1 - p.reduce((a, x) => a * (1 - x), 1);
    within(f.probabilityAnySiteShort.occupancy, any);
    // Far above the netted P(system short): the point of the figure.
    expect(f.probabilityAnySiteShort.occupancy).toBeGreaterThan(system.probabilityShortfall.occupancy + 0.2);
    // No pools declared: pools are the sites.
    expect(f.probabilityAnyPoolShort).toEqual(f.probabilityAnySiteShort);
    expect(f.sumOverPools).toEqual(f.sumOverSites);
  });

  it('P(any site short) by the risk method is 1 - prod(1 - p_i) of the sites (independent)', () => {
    // Risk beds at 5% turned away are below the occupancy beds here: give each site the risk
    // method's central answer, so each is short about half the time.
    const beds = SITES.map((x, i) => compiled.atCapacity[0]![i]![1]!.bedsRisk(x.bedDays / DAYS));
    const atRiskBeds = {
      ...independentSites,
      sites: independentSites.sites.map((x, i) => ({ ...x, beds: beds[i]! })),
    };
    const c = compileScenario(atRiskBeds);
    const r = summariseEngine(c, 6, simulateBlock(c, 6, 0, n));
    const g = r.cells.find((x) => x.scope === 'system' && x.year === '2019/20')!.shortfall!;
    const p = g.byScope.map((x) => x.probabilityShort.risk);
    for (const x of p) expect(x).toBeGreaterThan(0.2);
    within(g.probabilityAnySiteShort.risk, 1 - p.reduce((a, x) => a * (1 - x), 1));
  });

  it('the expected sum of beds short is the sum of normal tails E[(ceil(B e^(SD Z)) - beds)+]', () => {
    // The occupancy method rounds up to whole beds, so with whole capacity c,
    // E[(ceil(X) - c)+] = sum over j >= 0 of P(X > c + j), and P(X > y) = 1 - Phi(ln(y / B) / SD).
    const expected = SITES.reduce((sum, s) => {
      const b = s.bedDays / (DAYS * OCCUPANCY);
      let tail = 0;
      for (let j = 0; j < 200; j++) tail += 1 - normalCdf(Math.log((s.beds + j) / b) / SD);
      return sum + tail;
    }, 0);
    const d = f.sumOverSites.occupancy;
    expect(expected).toBeGreaterThan(3);
    expect(Math.abs(d.mean - expected)).toBeLessThan(4 * d.mcse);
    // The netted gap's positive part is smaller: spare beds at one site cover none of another's.
    expect(d.mean).toBeGreaterThan(Math.max(0, system.gap.occupancy.mean) + 1);
  });

  it('the base year is observed: nobody is short where the sites have room', () => {
    const base = result.cells.find((c) => c.scope === 'system' && c.year === '2018/19')!.shortfall!;
    expect(base.sumOverSites.occupancy.p95).toBe(0);
    expect(base.probabilityAnySiteShort.occupancy).toBe(0);
  });

  it('is documented in the results schema, and only system cells carry it', () => {
    for (const cell of result.cells) {
      expect(cell.shortfall !== undefined).toBe(cell.scope === 'system');
      expect(() => cellSchema.parse(cell)).not.toThrow();
    }
  });

  it('per iteration the sum over pools >= the sum over sites >= the netted gap, so every percentile is', () => {
    const statistics = ['mean', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95'] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.array(fc.integer({ min: 300, max: 700 }), { minLength: 3, maxLength: 3 }),
        (seed, beds) => {
          const base = withAllLevers(threeSiteScenario);
          // The north site split into two pools, so pools and sites differ.
          const scenario: ScenarioInput = {
            ...base,
            sites: base.sites.map((s, i) =>
              i === 0
                ? {
                    ...s,
                    beds: beds[0]!,
                    pools: [
                      { id: 'medical', beds: Math.round(beds[0]! * 0.7) },
                      { id: 'surgical', beds: beds[0]! - Math.round(beds[0]! * 0.7) },
                    ],
                  }
                : { ...s, beds: i === 1 ? beds[1]! : Math.round(beds[2]! / 10) },
            ),
            streams: base.streams.map((x) =>
              x.site === 'north' ? { ...x, pool: x.pathway === 'nonElective' ? 'medical' : 'surgical' } : x,
            ),
          };
          const c = compileScenario(scenario);
          const r = summariseEngine(c, seed, simulateBlock(c, seed, 0, 24));
          for (const cell of r.cells.filter((x): x is CellSummary & { shortfall: object } => x.scope === 'system')) {
            const s = cell.shortfall;
            for (const m of ['occupancy', 'risk'] as const) {
              for (const k of statistics) {
                expect(s.sumOverSites[m][k]).toBeGreaterThanOrEqual(Math.max(0, cell.gap[m][k]) - 1e-9);
                expect(s.sumOverPools[m][k]).toBeGreaterThanOrEqual(s.sumOverSites[m][k] - 1e-9);
              }
              expect(s.probabilityAnySiteShort[m]).toBeGreaterThanOrEqual(cell.probabilityShortfall[m]);
              expect(s.probabilityAnyPoolShort[m]).toBeGreaterThanOrEqual(s.probabilityAnySiteShort[m]);
              expect(s.byScope.map((x) => x.scope)).toEqual(c.scopeIds.slice(0, -1));
            }
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});
