/**
 * A figure of a result read straight from its JSON by the names the CSV and workbook give it
 * (metric, method, statistic), written apart from api/results-view.ts so exports are checked
 * against the JSON, not against the code that wrote them.
 */
import type { RunResult } from '../../models/run-result.js';

export function figureOf(
  result: RunResult,
  row: { option: string; scope: string; year: string; metric: string; method: string; statistic: string },
): number {
  if (row.metric.startsWith('bridge:')) {
    const bridge = result.bridges.find(
      (b) => b.option === row.option && b.scope === row.scope && b.year === row.year && b.method === row.method,
    )!;
    const step = bridge.steps.find((s) => s.step === row.metric.slice('bridge:'.length))!;
    return step[row.statistic as 'p50' | 'p10' | 'p90'];
  }
  const cell = result.cells.find((c) => c.option === row.option && c.scope === row.scope && c.year === row.year)!;
  if (row.metric === 'capacity') return cell.capacity;
  const short = /^shortfall\.probabilityShort:(.+)$/.exec(row.metric);
  if (short)
    return cell.shortfall!.byScope.find((x) => x.scope === short[1])!.probabilityShort[row.method as 'occupancy'];
  // Months: "bedsRequired:Jan", "probabilityShortfall:Jan", "bedsRequired:peak", "peakMonth" (1 = January).
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const method = row.method as 'occupancy' | 'risk';
  const monthly = /^(bedsRequired|probabilityShortfall):([A-Z][a-z]{2})$/.exec(row.metric);
  if (monthly) {
    const m = MONTHS.indexOf(monthly[2]!);
    if (m < 0) throw new Error(`no month ${monthly[2]}`);
    if (monthly[1] === 'probabilityShortfall') return cell.months.probabilityShortfall[method][m]!;
    return cell.months.bedsRequired[method][m]![row.statistic as 'p50'];
  }
  if (row.metric === 'bedsRequired:peak') return cell.months.peak[method].beds[row.statistic as 'p50'];
  if (row.metric === 'peakMonth') return cell.months.peak[method].month + 1;
  let node: unknown = cell;
  for (const key of [...row.metric.split('.'), row.method, row.statistic === 'value' ? '' : row.statistic])
    if (key !== '') node = (node as Record<string, unknown>)[key];
  if (typeof node !== 'number') throw new Error(`no figure at ${JSON.stringify(row)}`);
  return node;
}
