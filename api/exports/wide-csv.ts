/**
 * Wide CSV for planners who paste into a spreadsheet: one row per option x scope x metric x method x
 * statistic, the years as columns, option and scope names beside their ids. The same figures as the
 * tidy long CSV (results-view.ts tidyRows), rounded to the same stated precision (precision.ts);
 * a row has an empty cell for a year it has no figure in (a bridge is for the horizon year only).
 */
import type { RunResult } from '../../models/run-result.js';
import { csvText, tidyRows } from '../results-view.js';
import { roundFigure } from './precision.js';
import { optionNameOf, scopeNameOf } from '../report/names.js';

export const WIDE_CSV_KEY_COLUMNS = [
  'option',
  'optionName',
  'scope',
  'scopeName',
  'metric',
  'method',
  'statistic',
] as const;

export function wideCsv(result: RunResult): string {
  const optionName = optionNameOf(result);
  const scopeName = scopeNameOf(result);
  const byKey = new Map<string, { key: string[]; values: Map<string, number> }>();
  for (const r of tidyRows(result)) {
    const key = [r.option, optionName(r.option), r.scope, scopeName(r.scope), r.metric, r.method, r.statistic];
    const id = JSON.stringify([r.option, r.scope, r.metric, r.method, r.statistic]);
    let row = byKey.get(id);
    if (!row) byKey.set(id, (row = { key, values: new Map() }));
    row.values.set(r.year, roundFigure(r.metric, r.statistic, r.value));
  }
  const rows: (string | number)[][] = [[...WIDE_CSV_KEY_COLUMNS, ...result.years]];
  for (const { key, values } of byKey.values()) rows.push([...key, ...result.years.map((y) => values.get(y) ?? '')]);
  return csvText(rows);
}
