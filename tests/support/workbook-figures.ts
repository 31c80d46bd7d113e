/**
 * A workbook's data sheet, as LibreOffice wrote it to CSV, against the JSON result: every figure
 * the JSON's rounded to its stated precision (percentages as the fractions they show), and every
 * cell's beds required and every bridge step present. Returns the number of figures checked.
 */
import { expect } from 'vitest';
import { decimalsFor, roundTo } from '../../api/exports/precision.js';
import { DATA_COLUMNS } from '../../api/exports/workbook.js';
import type { RunResult } from '../../models/run-result.js';
import { parseCsv } from './parse-csv.js';
import { figureOf } from './result-figures.js';

/** Digits after the decimal point as a number prints. */
const decimalsIn = (text: string) => /\.(\d+)$/.exec(text)?.[1]?.length ?? 0;

/** A number as Calc writes a cell's value: plain, or a percentage for a cell formatted as one. */
export const calcValue = (text: string) => (text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text));

export function expectDataSheetMatches(csv: string, result: RunResult): number {
  const [head, ...data] = parseCsv(csv);
  expect(head).toEqual([...DATA_COLUMNS]);
  for (const r of data) {
    const [option, , site, , year, metric, method, statistic, value] = r;
    const row = { option: option!, scope: site!, year: year!, metric: metric!, method: method!, statistic: statistic! };
    const decimals = decimalsFor(metric!, statistic!);
    const expected = roundTo(figureOf(result, row), decimals);
    if (value!.endsWith('%')) {
      // A percentage: the cell holds the fraction, at most `decimals` places of it.
      expect(decimalsIn(value!.slice(0, -1)), JSON.stringify(row)).toBeLessThanOrEqual(Math.max(0, decimals - 2));
      expect(roundTo(calcValue(value!), decimals), JSON.stringify(row)).toBe(expected);
    } else expect(Number(value), JSON.stringify(row)).toBe(expected);
  }
  const keys = new Set(data.map((r) => [r[0], r[2], r[4], r[5], r[6], r[7]].join('|')));
  for (const c of result.cells)
    for (const m of ['occupancy', 'risk'])
      expect(keys.has([c.option, c.scope, c.year, 'bedsRequired', m, 'p50'].join('|'))).toBe(true);
  for (const b of result.bridges)
    for (const s of b.steps)
      expect(keys.has([b.option, b.scope, b.year, `bridge:${s.step}`, b.method, 'p50'].join('|'))).toBe(true);
  return data.length;
}
