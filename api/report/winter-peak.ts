/**
 * The report's winter peak for one scope: beds required month by month at the horizon, each
 * option's median by the occupancy method and the baseline's by the risk method (dashed), against
 * the year's capacity; with its table (the chart's figures, the peak month and, run by run, the
 * most beds any month needs). Empty for a result stored before months were (model 0.3.0).
 */
import { MONTH_NAMES } from '../../models/engine-months.js';
import type { RunResult } from '../../models/run-result.js';
import type { Distribution } from '../../models/summary.js';
import { escapeHtml as e } from './escape.js';
import { monthChart } from './svg-charts.js';

const n = (x: number) => Math.round(x).toLocaleString('en-GB');
const range = (d: Distribution) => `${n(d.p50)} <span class="range">(${n(d.p10)} to ${n(d.p90)})</span>`;
const pct = (x: number) => `${Math.round(x * 100)}%`;

export function winterPeak(result: RunResult, scope: string, scopeName: string): string {
  const horizon = result.years.at(-1)!;
  const cells = result.options.map((o) => ({
    o,
    c: result.cells.find((x) => x.option === o.id && x.scope === scope && x.year === horizon),
  }));
  // A result stored before months has none (its cells' type says otherwise: it is today's).
  if (cells.some(({ c }) => !c?.months)) return '';
  const withMonths = cells.map(({ o, c }) => ({ o, c: c! }));
  const baseline = withMonths.find(({ o }) => o.id === result.baselineOption)!;
  const baselineName = baseline.o.name.toLowerCase();
  const months = baseline.c.months;
  const peak = months.peak.occupancy.month;
  const chart = monthChart({
    title: `${scopeName}: beds required month by month in ${horizon}, by option`,
    description: `Median beds required each month by the occupancy method for each option, and by the risk method under ${baselineName} (dashed), against capacity of ${n(baseline.c.capacity)}; under ${baselineName} the peak is ${MONTH_NAMES[peak]!} at ${n(months.bedsRequired.occupancy[peak]!.p50)} beds.`,
    months: MONTH_NAMES,
    series: [
      ...withMonths.map(({ o, c }) => ({ label: o.name, values: c.months.bedsRequired.occupancy.map((d) => d.p50) })),
      {
        label: `${baseline.o.name}, risk method`,
        values: months.bedsRequired.risk.map((d) => d.p50),
        dashed: true,
      },
    ],
    capacity: baseline.c.capacity,
  });
  const row = (label: string, beds: Distribution[], month: number, most: Distribution, short: number[]) =>
    `<tr><th scope="row">${e(label)}</th>${beds.map((d) => `<td>${n(d.p50)}</td>`).join('')}<td>${e(MONTH_NAMES[month]!)}</td><td>${range(most)}</td><td>${pct(short[month]!)}</td></tr>`;
  const rows = [
    ...withMonths.map(({ o, c }) =>
      row(
        `${o.name}, occupancy method`,
        c.months.bedsRequired.occupancy,
        c.months.peak.occupancy.month,
        c.months.peak.occupancy.beds,
        c.months.probabilityShortfall.occupancy,
      ),
    ),
    row(
      `${baseline.o.name}, risk method`,
      months.bedsRequired.risk,
      months.peak.risk.month,
      months.peak.risk.beds,
      months.probabilityShortfall.risk,
    ),
  ].join('');
  const table = `<table><caption>Beds required month by month in ${e(horizon)}: median; the peak month, run by run the most beds any month needs (median, P10 to P90), and the share of runs in which the peak month needs more than capacity (${n(baseline.c.capacity)} under ${e(baselineName)})</caption><thead><tr><th scope="col">Option</th>${MONTH_NAMES.map((m) => `<th scope="col">${m}</th>`).join('')}<th scope="col">Peak month</th><th scope="col">Peak beds</th><th scope="col">P(peak month short)</th></tr></thead><tbody>${rows}</tbody></table>`;
  return chart + table;
}
