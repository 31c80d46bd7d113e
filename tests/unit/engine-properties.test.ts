import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario, METRICS, simulateIteration, valueIndex } from '../../models/engine.js';
import {
  assembleEngineResult,
  mergeBlocks,
  simulateBlock,
  summariseEngine,
  summariseScope,
} from '../../models/engine-summary.js';
import type { ScenarioInput } from '../../models/scenario.js';
import { threeSiteScenario, withAllLevers } from '../support/three-site-scenario.js';

const compiled = compileScenario(withAllLevers(threeSiteScenario));
const m = (name: (typeof METRICS)[number]) => METRICS.indexOf(name);
const option = (id: string) => compiled.optionVariants[compiled.scenario.options.findIndex((o) => o.id === id)]!;
const cellsOf = (c = compiled) => {
  const out: [number, number][] = [];
  for (let s = 0; s < c.scopeCount; s++) for (let t = 0; t < c.years.length; t++) out.push([s, t]);
  return out;
};
const iterations = fc.integer({ min: 0, max: 1_000_000 });

describe('engine properties', () => {
  it('is a pure function of (scenario, seed, iteration)', () => {
    expect(simulateIteration(compiled, 5, 17)).toEqual(simulateIteration(compiled, 5, 17));
    expect(simulateIteration(compileScenario(withAllLevers(threeSiteScenario)), 5, 17)).toEqual(
      simulateIteration(compiled, 5, 17),
    );
    expect(simulateIteration(compiled, 5, 18)).not.toEqual(simulateIteration(compiled, 5, 17));
  });

  it('more growth never needs fewer beds', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.03, noNaN: true }), iterations, (extra, iteration) => {
        const more: ScenarioInput = {
          ...threeSiteScenario,
          growth: threeSiteScenario.growth!.map((g) => ({
            ...g,
            ratePerYear:
              typeof g.ratePerYear === 'number'
                ? g.ratePerYear + extra
                : { p10: g.ratePerYear.p10 + extra, p90: g.ratePerYear.p90 + extra },
          })),
        };
        const a = compileScenario(threeSiteScenario);
        const b = compileScenario(more);
        const x = simulateIteration(a, 1, iteration);
        const y = simulateIteration(b, 1, iteration);
        for (const [s, t] of cellsOf(a)) {
          for (let v = 0; v < a.variants.length; v++) {
            for (const metric of ['bedsOccupancy', 'bedDays'] as const) {
              expect(y[valueIndex(b, v, s, t, m(metric))]!).toBeGreaterThanOrEqual(
                x[valueIndex(a, v, s, t, m(metric))]!,
              );
            }
          }
        }
      }),
      { numRuns: 15 },
    );
  });

  it('avoidance never raises admissions, LoS reduction never raises bed days, consolidation conserves admissions', () => {
    fc.assert(
      fc.property(iterations, (iteration) => {
        const x = simulateIteration(compiled, 9, iteration);
        const base = compiled.baselineVariant;
        const at = (v: number, s: number, t: number, metric: (typeof METRICS)[number]) =>
          x[valueIndex(compiled, v, s, t, m(metric))]!;
        for (const [s, t] of cellsOf()) {
          expect(at(option('lcn'), s, t, 'admissions')).toBeLessThanOrEqual(at(base, s, t, 'admissions'));
          expect(at(option('los'), s, t, 'bedDays')).toBeLessThanOrEqual(at(base, s, t, 'bedDays'));
          expect(at(option('los'), s, t, 'admissions')).toBe(at(base, s, t, 'admissions'));
        }
        const system = compiled.scopeCount - 1;
        for (let t = 0; t < compiled.years.length; t++) {
          const before = at(base, system, t, 'admissions');
          expect(Math.abs(at(option('ortho'), system, t, 'admissions') - before)).toBeLessThan(1e-9 * before);
        }
        // Activity really moved once the centre is live (2018/19 is year index 2).
        expect(at(option('ortho'), 2, 1, 'admissions')).toBe(0);
        expect(at(option('ortho'), 2, 2, 'admissions')).toBeGreaterThan(1500);
      }),
      { numRuns: 20 },
    );
  });

  it('any split into blocks merges to the identical summary', () => {
    const n = 40;
    const whole = summariseEngine(compiled, 3, simulateBlock(compiled, 3, 0, n));
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: n - 1 }), { maxLength: 6 }), (cuts) => {
        const bounds = [0, ...[...cuts].sort((a, b) => a - b), n];
        const blocks = bounds.slice(1).map((end, k) => simulateBlock(compiled, 3, bounds[k]!, end - bounds[k]!));
        // Shuffled on purpose: merging must not depend on the order shards finish in.
        const merged = mergeBlocks([...blocks].reverse());
        expect(JSON.stringify(summariseEngine(compiled, 3, merged))).toBe(JSON.stringify(whole));
      }),
      { numRuns: 10 },
    );
  });

  it('scopes summarised apart, passed through JSON and assembled in any order give the one-pass summary', () => {
    const block = simulateBlock(compiled, 3, 0, 30);
    const whole = JSON.stringify(summariseEngine(compiled, 3, block));
    const parts = Array.from({ length: compiled.scopeCount }, (_, s) =>
      JSON.parse(JSON.stringify(summariseScope(compiled, block, s))),
    );
    expect(JSON.stringify(assembleEngineResult(compiled, 3, 30, [...parts].reverse()))).toBe(whole);
    // Every scope exactly once.
    expect(() => assembleEngineResult(compiled, 3, 30, parts.slice(1))).toThrow(RangeError);
    expect(() => assembleEngineResult(compiled, 3, 30, [...parts.slice(1), parts[1]])).toThrow(RangeError);
    expect(() => summariseScope(compiled, block, compiled.scopeCount)).toThrow(RangeError);
  });

  it('reports ordered percentiles, paired differences and a bridge that adds up per iteration', () => {
    const result = summariseEngine(compiled, 11, simulateBlock(compiled, 11, 0, 60));
    for (const cell of result.cells) {
      for (const d of [cell.bedsRequired.occupancy, cell.bedsRequired.risk, cell.bedDays, cell.turnedAway]) {
        expect([d.p5, d.p10, d.p25, d.p50, d.p75, d.p90, d.p95]).toEqual(
          [d.p5, d.p10, d.p25, d.p50, d.p75, d.p90, d.p95].sort((a, b) => a - b),
        );
      }
      expect(cell.option === 'do-nothing').toBe(cell.differenceFromBaseline === undefined);
    }
    const all = result.cells.find((c) => c.option === 'all' && c.scope === 'system' && c.year === '2020/21')!;
    expect(all.differenceFromBaseline!.bedsRequired.occupancy.p50).toBeLessThan(0);
    expect(all.differenceFromBaseline!.probabilityFewerBeds.occupancy).toBe(1);
    // Bridges run from today to the horizon: one per option, scope and method.
    expect(new Set(result.bridges.map((b) => b.year))).toEqual(new Set(['2020/21']));
    expect(result.bridges).toHaveLength(result.options.length * compiled.scopeCount * 2);
    const bridge = result.bridges.find(
      (b) => b.option === 'all' && b.scope === 'system' && b.year === '2020/21' && b.method === 'occupancy',
    )!;
    expect(bridge.steps.map((s) => s.step)).toEqual([
      "today's beds",
      'gap today',
      'growth',
      'lcn',
      'los',
      'ortho',
      'interaction',
      'required',
    ]);
    // With fixed capacity and a single iteration the steps add up exactly.
    const one = summariseEngine(compiled, 11, simulateBlock(compiled, 11, 5, 1));
    const b1 = one.bridges.find(
      (b) => b.option === 'all' && b.scope === 'north' && b.year === '2020/21' && b.method === 'risk',
    )!;
    const total = b1.steps.filter((s) => s.kind !== 'end').reduce((a, s) => a + s.p50, 0);
    expect(total).toBeCloseTo(b1.steps.at(-1)!.p50, 9);
  });

  it('converts beds by both methods consistently with the mean census', () => {
    const x = simulateIteration(compiled, 2, 0);
    const base = compiled.baselineVariant;
    for (const [s, t] of cellsOf()) {
      const bedDays = x[valueIndex(compiled, base, s, t, m('bedDays'))]!;
      expect(x[valueIndex(compiled, base, s, t, m('meanOccupied'))]!).toBeCloseTo(bedDays / 365, 9);
    }
    // North General, base year: occupancy method = ceil(bed days / (365 x 0.85)).
    const bd = x[valueIndex(compiled, base, 0, 0, m('bedDays'))]!;
    expect(x[valueIndex(compiled, base, 0, 0, m('bedsOccupancy'))]).toBe(Math.ceil(bd / (365 * 0.85) - 1e-9));
  });
});
