/**
 * The beds-over-the-years fan chart of one option at one scope: the report's chart and the
 * chart download (GET .../charts/beds.svg) are this one spec, so the slide matches the page.
 */
import type { CellSummary } from '../../models/engine-summary.js';
import type { RunResult } from '../../models/run-result.js';
import { n } from './format.js';
import { optionName, scopeName } from './names.js';
import { fanChart } from './svg-charts.js';

/** The cells of one option and scope for each year of the horizon, in order. */
export function bedsOverYearsChart(result: RunResult, option: string, scope: string, cells: CellSummary[]): string {
  const first = cells[0]!;
  const last = cells.at(-1)!;
  return fanChart({
    title: `${scopeName(result, scope)}: beds required under ${optionName(result, option).toLowerCase()}, ${result.years[0]} to ${result.years.at(-1)}`,
    description: `Median beds required by the occupancy method rise from ${n(first.bedsRequired.occupancy.p50)} to ${n(last.bedsRequired.occupancy.p50)}; capacity goes from ${n(first.capacity)} to ${n(last.capacity)}.`,
    years: result.years,
    series: [
      { label: 'occupancy method', method: 'occupancy', points: cells.map((c) => c.bedsRequired.occupancy) },
      { label: 'risk method', method: 'risk', points: cells.map((c) => c.bedsRequired.risk) },
    ],
    capacity: cells.map((c) => c.capacity),
  });
}
