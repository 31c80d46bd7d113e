import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main as backtestCli } from '../../bin/backtest.js';
import { compileScenario, METRICS, valueIndex } from '../../models/engine.js';
import { simulateBlock } from '../../models/engine-summary.js';
import { backtest } from '../../models/import/backtest.js';
import { importScenario, readBedsTable } from '../../models/import/import-scenario.js';
import { kh03Csv, synthesiseNextYear } from '../../models/import/synthetic-year.js';
import { ImportError } from '../../models/import/table.js';
import { scenarioSchema } from '../../models/scenario.js';

const KH03 = readFileSync(new URL('../fixtures/import/kh03-small.csv', import.meta.url), 'utf8');
const rows = readBedsTable(KH03).rows;
const MEAN_OCCUPIED = METRICS.indexOf('meanOccupied');

/** Holds the output of a CLI run. */
function sink() {
  let text = '';
  return {
    stream: { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream,
    text: () => text,
  };
}

describe('an imported scenario in the engine', () => {
  it("reproduces each trust's observed occupied beds in the base year, in every iteration", () => {
    const { scenario } = importScenario({ beds: KH03, baseYear: '2018-19', horizonYears: 2 });
    const c = compileScenario(scenario);
    const block = simulateBlock(c, 7, 0, 50);
    scenario.sites.forEach((site, s) => {
      const projected: number[] = [];
      for (let i = 0; i < 50; i++) {
        const row = block.values.subarray(i * c.stride, (i + 1) * c.stride);
        expect(row[valueIndex(c, c.baselineVariant, s, 0, MEAN_OCCUPIED)]).toBeCloseTo(site.occupiedBeds!, 6);
        projected.push(row[valueIndex(c, c.baselineVariant, s, 1, MEAN_OCCUPIED)]!);
      }
      // From the first projected year on, growth and the local demand variation spread the trusts.
      expect(new Set(projected.map((x) => x.toFixed(3))).size).toBe(50);
    });
  });
});

describe('backtest', () => {
  const fixed = { '/growth': [], '/demandVariation/sdPerYear': 0 };

  it('with no growth and no variation projects the base exactly, and scores it against the target', () => {
    // The fixture's 2019-20 is its 2018-19 x 1.03 for every trust.
    const r = backtest(rows, { base: '2018-19', target: '2019-20', iterations: 20, seed: 1, overrides: fixed });
    expect(r.trusts.map((t) => t.org_code)).toEqual(['AAA', 'BBB']);
    for (const t of r.trusts) {
      expect(t.p10).toBeCloseTo(r.base.values[t.org_code]!, 6);
      expect(t.p90).toBeCloseTo(t.p50, 6);
      // Within the rounding of the fixture and the target year's day weights (2019-20 has 29 February).
      expect(t.observed / r.base.values[t.org_code]!).toBeCloseTo(1.03, 3);
    }
    expect(r.coverage80).toBe(0);
    expect(r.medianAbsErrorPct).toBeCloseTo((1 - 1 / 1.03) * 100, 1);
    expect(r.reference.nationalGrowth).toBeCloseTo(0.03, 3);
    expect(r.reference.nationalGrowthMedianAbsErrorPct).toBeLessThan(0.05);
  });

  it('lists the acute trusts missing in either year and never guesses them', () => {
    const r = backtest(rows, { base: '2018-19', target: '2019-20', iterations: 20, seed: 1 });
    expect(r.skipped).toEqual([
      { org_code: 'EEE', reason: 'base 2018-19: no Q2, Q3, Q4 rows' },
      { org_code: 'FFF', reason: 'target 2019-20: no Q1, Q2, Q3, Q4 rows' },
    ]);
  });

  it('scores coverage and median error from its own rows', () => {
    const r = backtest(rows, {
      base: '2018-19',
      target: '2019-20',
      quarters: ['Q1', 'Q2', 'Q3'],
      iterations: 200,
      seed: 3,
    });
    expect(r.base.quarters).toEqual(['Q1', 'Q2', 'Q3']);
    const inside = r.trusts.filter((t) => t.observed >= t.p10 && t.observed <= t.p90).length;
    expect(r.coverage80).toBe(inside / r.trusts.length);
    const errors = r.trusts.map((t) => (Math.abs(t.p50 - t.observed) / t.observed) * 100).sort((a, b) => a - b);
    expect(r.medianAbsErrorPct).toBeCloseTo((errors[0]! + errors[1]!) / 2, 9);
    for (const t of r.trusts) expect(t.p10).toBeLessThan(t.p90);
  });

  it('compares quarters within one year when asked to', () => {
    const r = backtest(rows, {
      base: '2018-19',
      target: '2018-19',
      quarters: ['Q1'],
      targetQuarters: ['Q2'],
      iterations: 10,
      seed: 1,
      overrides: fixed,
    });
    const aaa = r.trusts.find((t) => t.org_code === 'AAA')!;
    expect(aaa.observed).toBeCloseTo(722.3, 6);
    expect(aaa.p50).toBeCloseTo(731.6, 6);
  });

  it('needs type 1 A&E attendances to know the acute trusts', () => {
    const noAe = rows.map((r) => ({ ...r, aeType1: undefined }));
    expect(() => backtest(noAe, { base: '2018-19', target: '2019-20', iterations: 5, seed: 1 })).toThrow(ImportError);
  });

  it('refuses a target before the base, or a year the data lack', () => {
    expect(() => backtest(rows, { base: '2019-20', target: '2018-19', iterations: 5, seed: 1 })).toThrow(ImportError);
    expect(() => backtest(rows, { base: '2018-19', target: '2020-21', iterations: 5, seed: 1 })).toThrow(
      /no rows for 2020-21/,
    );
  });

  it('runs from the command line, with --json as specified', () => {
    const out = sink();
    const err = sink();
    const file = fileURLToPath(new URL('../fixtures/import/kh03-small.csv', import.meta.url));
    const code = backtestCli(
      ['--data', file, '--base', '2018-19', '--target', '2019-20', '--iterations', '50', '--seed', '2', '--json'],
      out.stream,
      err.stream,
    );
    expect(code).toBe(0);
    const json = JSON.parse(out.text());
    expect(Object.keys(json.trusts[0])).toEqual(['org_code', 'observed', 'p10', 'p50', 'p90']);
    expect(typeof json.coverage80).toBe('number');
    expect(typeof json.medianAbsErrorPct).toBe('number');
    const text = sink();
    expect(
      backtestCli(
        ['--data', file, '--base', '2018-19', '--target', '2019-20', '--iterations', '50'],
        text.stream,
        err.stream,
      ),
    ).toBe(0);
    expect(text.text()).toMatch(/coverage80 \(observed within P10-P90\): \d+\.\d%/);
    expect(text.text()).toContain('FFF (target 2019-20: no Q1, Q2, Q3, Q4 rows)');
    const bad = sink();
    expect(backtestCli(['--data', file, '--base', '2018-19'], out.stream, bad.stream)).toBe(2);
    expect(bad.text()).toContain('--target');
  });
});

describe('synthetic next year', () => {
  it('is seeded, in the KH03 form, and moves each trust by its own walk', () => {
    const a = synthesiseNextYear(rows, { from: '2018-19', mode: 'walk', growth: 0.02, seed: 1 });
    const b = synthesiseNextYear(rows, { from: '2018-19', mode: 'walk', growth: 0.02, seed: 1 });
    expect(a).toEqual(b);
    expect(a.every((r) => r.year === '2019-20')).toBe(true);
    const again = readBedsTable(kh03Csv(a)).rows;
    expect(again.map((r) => r.occupied)).toEqual(a.map((r) => r.occupied));
    const ratios = a
      .filter((r) => r.quarter === 'Q1' && ['AAA', 'BBB', 'FFF'].includes(r.orgCode))
      .map(
        (r) =>
          r.occupied /
          rows.find((x) => x.orgCode === r.orgCode && x.year === '2018-19' && x.quarter === 'Q1')!.occupied,
      );
    expect(new Set(ratios.map((x) => x.toFixed(4))).size).toBe(3);
  });
});

// The shared KH03 file lives beside the repository (../shared/data); a clone without it skips these.
const root = fileURLToPath(new URL('../..', import.meta.url));
const SHARED = `${root}/../shared/data/kh03-2018-19.csv`;
const shared = existsSync(SHARED) ? readFileSync(SHARED, 'utf8') : undefined;

describe.skipIf(!shared)('the shared KH03 2018-19 file', () => {
  it('imports every acute trust into a scenario that validates, matching KH03 to the bed', () => {
    const r = importScenario({ beds: shared!, bedsFile: 'kh03-2018-19.csv' });
    expect(scenarioSchema.safeParse(r.scenario).success).toBe(true);
    // Independently of the importer: trusts with four quarters, 200+ mean G&A beds, some type 1 A&E.
    const lines = shared!.trim().split('\n').slice(1);
    const byOrg = new Map<string, { avail: number[]; occ: number[]; days: number[]; ae: number }>();
    const days = { Q1: 91, Q2: 92, Q3: 92, Q4: 90 } as Record<string, number>;
    for (const line of lines) {
      const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
      const e = byOrg.get(cells[0]!) ?? { avail: [], occ: [], days: [], ae: 0 };
      e.avail.push(Number(cells[3]));
      e.occ.push(Number(cells[4]));
      e.days.push(days[cells[2]!.slice(-2)]!);
      e.ae += Number(cells[5] || 0);
      byOrg.set(cells[0]!, e);
    }
    const mean = (xs: number[], w: number[]) => xs.reduce((a, x, i) => a + x * w[i]!, 0) / w.reduce((a, b) => a + b, 0);
    const acute = [...byOrg].filter(([, e]) => e.days.length === 4 && mean(e.avail, e.days) >= 200 && e.ae > 0);
    expect(r.scenario.sites.map((s) => s.id)).toEqual(acute.map(([code]) => code).sort());
    for (const site of r.scenario.sites) {
      const e = byOrg.get(site.id)!;
      expect(Math.abs(site.beds - mean(e.avail, e.days))).toBeLessThanOrEqual(0.5);
      expect(site.occupiedBeds).toBeCloseTo(mean(e.occ, e.days), 6);
    }
    // The SEL preset's figures (simple means of the same quarters, rounded) agree to the bed.
    const sel = { RJ1: [1032, 870], RJZ: [1269, 1231], RJ2: [859, 817] } as Record<string, number[]>;
    for (const [code, [beds, occupied]] of Object.entries(sel)) {
      const site = r.scenario.sites.find((s) => s.id === code)!;
      expect(site.beds).toBe(beds);
      expect(Math.abs(site.occupiedBeds! - occupied!)).toBeLessThanOrEqual(1);
    }
  });

  it('backtests quarter to quarter within the year', () => {
    const { rows: all } = readBedsTable(shared!);
    const r = backtest(all, {
      base: '2018-19',
      target: '2018-19',
      quarters: ['Q2'],
      targetQuarters: ['Q3'],
      iterations: 100,
      seed: 1,
    });
    expect(r.trusts.length).toBeGreaterThan(120);
    expect(r.skipped.map((s) => s.org_code)).toEqual(['RGQ', 'RJF']);
    expect(r.coverage80).toBeGreaterThan(0);
    expect(r.medianAbsErrorPct).toBeGreaterThan(0);
  }, 120_000);
});
