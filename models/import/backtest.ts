/**
 * The backtest: import every acute trust of a base year with the importer's defaults, project one
 * year ahead with the engine (baseline option, metric meanOccupied, per site), and compare each
 * trust's P10, P50 and P90 with what the table says for the target year. Trusts missing in either
 * year are listed and skipped, never guessed.
 *
 * Pure (no I/O): bin/backtest.ts reads the file and prints.
 */
import { compileScenario, valueIndex, METRICS } from '../engine.js';
import { simulateBlock } from '../engine-summary.js';
import type { ScenarioInput } from '../scenario.js';
import { summarise } from '../summary.js';
import { importFromRows } from './import-scenario.js';
import {
  financialYearStart,
  incompleteAcute,
  isAcute,
  type Kh03Row,
  parseQuarters,
  type Quarter,
  QUARTERS,
  trustYears,
  yearsIn,
} from './kh03.js';
import { ImportError } from './table.js';

export interface BacktestOptions {
  base: string;
  target: string;
  /** Quarters on both sides (so seasons match); all four when omitted. */
  quarters?: readonly string[];
  /**
   * Quarters of the target year, when they differ from the base's: for checks within one year's
   * file (e.g. base Q1, target Q2 of the same year). Defaults to `quarters`.
   */
  targetQuarters?: readonly string[];
  iterations: number;
  seed: number;
  /** Values to set in each imported scenario, by JSON pointer (e.g. /demandVariation/sdPerYear). */
  overrides?: Readonly<Record<string, unknown>>;
  /** Called after each trust, for progress. */
  onTrust?: (done: number, total: number) => void;
}

export interface BacktestTrust {
  org_code: string;
  observed: number;
  p10: number;
  p50: number;
  p90: number;
}

export interface BacktestResult {
  trusts: BacktestTrust[];
  /** Share of trusts whose observed value lies within [P10, P90]. */
  coverage80: number;
  /** Median over trusts of |P50 - observed| / observed, in percent. */
  medianAbsErrorPct: number;
  base: { year: string; quarters: Quarter[]; values: Record<string, number>; names: Record<string, string> };
  target: { year: string; quarters: Quarter[] };
  iterations: number;
  seed: number;
  /** Acute trusts of the base year that could not be compared, and why. */
  skipped: { org_code: string; reason: string }[];
  /**
   * Reference figures: the median absolute percentage error of carrying each trust's base forward
   * unchanged, and forward with the national change between the two sides (sum of the compared
   * trusts' target over their base: hindsight, the best any uniform growth rate could do).
   */
  reference: { unchangedMedianAbsErrorPct: number; nationalGrowthMedianAbsErrorPct: number; nationalGrowth: number };
}

const MEAN_OCCUPIED = METRICS.indexOf('meanOccupied');

export function backtest(rows: readonly Kh03Row[], options: BacktestOptions): BacktestResult {
  const quarters = options.quarters ? parseQuarters(options.quarters) : [...QUARTERS];
  const targetQuarters = options.targetQuarters ? parseQuarters(options.targetQuarters, 'targetQuarters') : quarters;
  const years = yearsIn(rows);
  for (const [input, year] of [
    ['base', options.base],
    ['target', options.target],
  ] as const) {
    if (financialYearStart(year) === undefined)
      throw new ImportError([{ input, detail: `expected a financial year like 2018-19, got ${year}` }]);
    if (!years.includes(year))
      throw new ImportError([{ input, detail: `the data have no rows for ${year}; they have ${years.join(', ')}` }]);
  }
  const baseStart = financialYearStart(options.base)!;
  const targetStart = financialYearStart(options.target)!;
  if (targetStart < baseStart || (targetStart === baseStart && quarters.join() === targetQuarters.join()))
    throw new ImportError([{ input: 'target', detail: `the target must come after the base (${options.base})` }]);
  if (!Number.isInteger(options.iterations) || options.iterations < 1)
    throw new ImportError([{ input: 'iterations', detail: `expected a whole number >= 1, got ${options.iterations}` }]);

  if (!rows.some((r) => r.aeType1 !== undefined))
    throw new ImportError([
      {
        input: 'data',
        column: 'ae_type1_attendances',
        detail: 'needed to pick the acute trusts (G&A beds and type 1 A&E)',
      },
    ]);
  const base = trustYears(rows, options.base, quarters);
  const target = trustYears(rows, options.target, targetQuarters);
  const skipped: BacktestResult['skipped'] = [];
  const acute = [...base.trusts.values()].filter(isAcute).sort((a, b) => a.orgCode.localeCompare(b.orgCode));
  for (const [code, missing] of incompleteAcute(rows, options.base, quarters))
    skipped.push({ org_code: code, reason: `base ${options.base}: no ${missing.join(', ')} rows` });
  const compared = acute.filter((t) => {
    if (target.trusts.has(t.orgCode)) return true;
    const missing = target.incomplete.get(t.orgCode) ?? targetQuarters;
    skipped.push({ org_code: t.orgCode, reason: `target ${options.target}: no ${missing.join(', ')} rows` });
    return false;
  });
  skipped.sort((a, b) => a.org_code.localeCompare(b.org_code));
  if (compared.length === 0)
    throw new ImportError([{ input: 'data', detail: `no acute trust has both ${options.base} and ${options.target}` }]);

  // One year ahead: the scenario's first projected year is the target's. With target quarters in
  // the base year (a within-year check), it is still one projected year: the spread is a year's.
  const table = { rows: [...rows], hasAe: true };
  const trusts: BacktestTrust[] = [];
  compared.forEach((t, i) => {
    const { scenario } = importFromRows(table, {
      trusts: [t.orgCode],
      baseYear: options.base,
      quarters,
      horizonYears: 1,
      ...(options.overrides ? { overrides: options.overrides } : {}),
    });
    const d = projectOneYear(scenario, options.iterations, options.seed);
    trusts.push({
      org_code: t.orgCode,
      observed: target.trusts.get(t.orgCode)!.occupied,
      p10: d.p10,
      p50: d.p50,
      p90: d.p90,
    });
    options.onTrust?.(i + 1, compared.length);
  });

  const inside = trusts.filter((t) => t.observed >= t.p10 && t.observed <= t.p90).length;
  const ape = (predicted: number, observed: number) => (Math.abs(predicted - observed) / observed) * 100;
  const baseOf = (code: string) => base.trusts.get(code)!.occupied;
  const national = trusts.reduce((a, t) => a + t.observed, 0) / trusts.reduce((a, t) => a + baseOf(t.org_code), 0);
  return {
    trusts,
    coverage80: inside / trusts.length,
    medianAbsErrorPct: median(trusts.map((t) => ape(t.p50, t.observed))),
    base: {
      year: options.base,
      quarters,
      values: Object.fromEntries(trusts.map((t) => [t.org_code, baseOf(t.org_code)])),
      names: Object.fromEntries(trusts.map((t) => [t.org_code, base.trusts.get(t.org_code)!.orgName])),
    },
    target: { year: options.target, quarters: targetQuarters },
    iterations: options.iterations,
    seed: options.seed,
    skipped,
    reference: {
      unchangedMedianAbsErrorPct: median(trusts.map((t) => ape(baseOf(t.org_code), t.observed))),
      nationalGrowthMedianAbsErrorPct: median(trusts.map((t) => ape(baseOf(t.org_code) * national, t.observed))),
      nationalGrowth: national - 1,
    },
  };
}

/** P10, P50, P90 of the first projected year's mean occupied beds at the scenario's one site, baseline option. */
export function projectOneYear(scenario: ScenarioInput, iterations: number, seed: number) {
  const compiled = compileScenario(scenario);
  const block = simulateBlock(compiled, seed, 0, iterations);
  const at = valueIndex(compiled, compiled.baselineVariant, 0, 1, MEAN_OCCUPIED);
  const values = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) values[i] = block.values[i * compiled.stride + at]!;
  return summarise(values);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}
