/**
 * The options compared where they are felt: for a scope (the system, or one site) at one year,
 * each option's beds required, the beds it has, how many it is short, and its change against the
 * baseline option, paired run by run; then the bed bridge from today's beds to that requirement.
 * The same tables and charts serve the system and every site, so a clinical lead reads King's the
 * way the board reads the system.
 *
 * "Change in beds short" counts an option's own beds: the change in beds required, run by run,
 * less the change in the beds the option has there. Beds are fixed per option, scope and year, so
 * that is the paired difference shifted by a constant, and its percentiles are the paired
 * difference's percentiles shifted by it (no new figure in the results).
 */
import type { CellSummary } from '../../models/engine-summary.js';
import type { RunResult } from '../../models/run-result.js';
import { escapeHtml as e } from './escape.js';
import { n, pct, range, signed, signedRange } from './format.js';
import { optionName, scopeName, stepName } from './names.js';
import { type Interval, comparisonChart } from './option-charts.js';
import { waterfallChart } from './svg-charts.js';

export function cellOf(result: RunResult, option: string, scope: string, year: string): CellSummary {
  const found = result.cells.find((c) => c.option === option && c.scope === scope && c.year === year);
  if (!found) throw new RangeError(`the result has no cell for option ${option}, scope ${scope}, year ${year}`);
  return found;
}

/** The option's beds-short figure against the baseline's, paired: the change in beds required less the change in beds. */
export function changeInBedsShort(cell: CellSummary, baseline: CellSummary): Interval | undefined {
  const d = cell.differenceFromBaseline?.bedsRequired.occupancy;
  if (!d) return undefined;
  const moreBeds = cell.capacity - baseline.capacity;
  return { p10: d.p10 - moreBeds, p50: d.p50 - moreBeds, p90: d.p90 - moreBeds };
}

/** True when the scope has beds or patients under the option in any year. */
function hasActivity(result: RunResult, option: string, scope: string): boolean {
  return result.years.some((y) => {
    const c = cellOf(result, option, scope, y);
    return c.capacity !== 0 || c.bedsRequired.occupancy.p90 !== 0 || c.bedsRequired.risk.p90 !== 0;
  });
}

/**
 * The option whose beds over the years a scope's chart shows: the baseline, unless the scope has
 * neither beds nor patients under it (a centre that only an option builds), then the first option
 * that gives it some; undefined when none does.
 */
export function trajectoryOption(result: RunResult, scope: string): string | undefined {
  const order = [
    result.baselineOption,
    ...result.options.map((o) => o.id).filter((id) => id !== result.baselineOption),
  ];
  return order.find((id) => hasActivity(result, id, scope));
}

/** The option whose bridge is drawn: the one with the most levers (its steps show each of them). */
export function bridgeOption(result: RunResult): string {
  const others = result.options.filter((o) => o.id !== result.baselineOption);
  return [...others].sort((a, b) => b.interventions.length - a.interventions.length)[0]?.id ?? result.baselineOption;
}

/** The options side by side at one scope and year: two charts (levels, changes) and their table. */
export function optionsComparison(result: RunResult, scope: string, year: string): string {
  const where = scope === 'system' ? 'whole system' : scopeName(result, scope);
  const baselineName = optionName(result, result.baselineOption).toLowerCase();
  const base = cellOf(result, result.baselineOption, scope, year);
  const rows = result.options.map((o) => {
    const c = cellOf(result, o.id, scope, year);
    return { o, c, short: changeInBedsShort(c, base) };
  });
  const levels = comparisonChart({
    title: `Beds required by ${year} under each option, ${where} (occupancy method)`,
    description: `Median and P10 to P90 of beds required by option, with the beds each option has: ${rows.map(({ o, c }) => `${o.name} ${n(c.bedsRequired.occupancy.p50)} against ${n(c.capacity)}`).join('; ')}.`,
    rows: rows.map(({ o, c }) => ({ label: o.name, first: c.bedsRequired.occupancy, mark: c.capacity })),
    legend: { first: 'beds required', mark: 'beds it has' },
  });
  const changed = rows.filter((r) => r.short);
  const changes = changed.length
    ? comparisonChart({
        title: `Change against ${baselineName} by ${year}, ${where} (occupancy method)`,
        description: `Paired difference per model run, median and P10 to P90; below zero is better. ${changed.map(({ o, c, short }) => `${o.name}: beds required ${signed(c.differenceFromBaseline!.bedsRequired.occupancy.p50)}, beds short ${signed(short!.p50)}`).join('; ')}.`,
        rows: changed.map(({ o, c, short }) => ({
          label: o.name,
          first: c.differenceFromBaseline!.bedsRequired.occupancy,
          second: short!,
        })),
        legend: { first: 'change in beds required', second: 'change in beds short' },
        reference: { value: 0, label: 'no change' },
      })
    : '';
  const body = rows
    .map(({ o, c, short }) => {
      const d = c.differenceFromBaseline;
      return `<tr><th scope="row">${e(o.name)}</th><td>${range(c.bedsRequired.occupancy)}</td><td>${range(c.bedsRequired.risk)}</td><td>${n(c.capacity)}</td><td>${signedRange(c.gap.occupancy)}</td><td>${d ? signedRange(d.bedsRequired.occupancy) : '–'}</td><td>${short ? signedRange(short) : '–'}</td><td>${d ? pct(d.probabilityFewerBeds.occupancy) : '–'}</td></tr>`;
    })
    .join('');
  return `${levels}${changes}
<table class="options"><caption>${e(scopeName(result, scope))}, ${e(year)}: median (P10 to P90)</caption><thead><tr><th scope="col">Option</th><th scope="col">Beds required, occupancy method</th><th scope="col">Beds required, risk method</th><th scope="col">Beds it has</th><th scope="col">Beds short (+) or spare (−)</th><th scope="col">Change in beds required vs ${e(baselineName)}</th><th scope="col">Change in beds short vs ${e(baselineName)}</th><th scope="col">P(fewer beds required)</th></tr></thead><tbody>${body}</tbody></table>
<p class="note">Beds short is beds required (occupancy method) less the beds the option has. Both changes are taken run by run against ${e(baselineName)}, so their ranges are narrower than the gap between two options' ranges; the change in beds short also counts the beds an option opens or moves, so an option that needs more beds where it opens them is credited for those beds.</p>`;
}

/**
 * One scope's bed bridge at the horizon: the waterfall for the option with the most levers, and
 * a table with every option side by side (a column each), ending with the beds it has and how
 * many it is short.
 */
export function bridgeComparison(result: RunResult, scope: string): string {
  const horizon = result.years.at(-1)!;
  const where = scope === 'system' ? 'whole system' : scopeName(result, scope);
  const bridges = result.options.map((o) => ({
    o,
    bridge: result.bridges.find((b) => b.option === o.id && b.scope === scope && b.method === 'occupancy'),
    cell: cellOf(result, o.id, scope, horizon),
  }));
  const shownId = bridgeOption(result);
  const shown = bridges.find((b) => b.o.id === shownId)?.bridge;
  const moves = shown?.steps.some((s) => Math.round(s.p50) !== 0);
  const chart =
    shown && moves
      ? waterfallChart({
          title: `From today's beds to ${horizon} under ${optionName(result, shownId).toLowerCase()}, ${where} (occupancy method)`,
          description: `Median of each step: ${shown.steps.map((s) => `${stepName(result, s.step)} ${s.kind === 'change' ? signed(s.p50) : n(s.p50)}`).join(', ')}.`,
          steps: shown.steps.map((s) => ({ ...s, step: stepName(result, s.step) })),
        })
      : `<p class="note">No beds and no patients here under ${e(optionName(result, shownId).toLowerCase())}: nothing to bridge.</p>`;
  const order: string[] = [];
  for (const { bridge } of bridges)
    for (const s of bridge?.steps ?? []) if (!order.includes(s.step)) order.push(s.step);
  // The end of the bridge last, after every lever and the interaction.
  const steps = [...order.filter((s) => s !== 'required'), ...(order.includes('required') ? ['required'] : [])];
  const head = bridges.map(({ o }) => `<th scope="col">${e(o.name)}</th>`).join('');
  const rows = steps
    .map((step) => {
      const cells = bridges
        .map(({ bridge }) => {
          const s = bridge?.steps.find((x) => x.step === step);
          if (!s) return '<td>–</td>';
          const d = { p10: s.p10, p50: s.p50, p90: s.p90 };
          return `<td>${s.kind === 'change' ? signedRange(d) : range(d)}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${e(stepName(result, step))}</th>${cells}</tr>`;
    })
    .join('');
  const beds = `<tr><th scope="row">beds it has</th>${bridges.map(({ cell }) => `<td>${n(cell.capacity)}</td>`).join('')}</tr>`;
  const short = `<tr><th scope="row">beds short (+) or spare (−)</th>${bridges.map(({ cell }) => `<td>${signedRange(cell.gap.occupancy)}</td>`).join('')}</tr>`;
  return `${chart}
<table class="bridge"><caption>Bridge steps, ${e(where)}, ${e(result.years[0]!)} to ${e(horizon)}, occupancy method: median (P10 to P90)</caption><thead><tr><th scope="col">Step</th>${head}</tr></thead><tbody>${rows}${beds}${short}</tbody></table>`;
}

/** A site's options and bridge, under its beds over the years (a scope section of the report). */
export function siteComparison(result: RunResult, site: string): string {
  const horizon = result.years.at(-1)!;
  return `<h3 id="options-${e(site)}">The options side by side at ${e(scopeName(result, site))}, ${e(horizon)}</h3>
${optionsComparison(result, site, horizon)}
<h3 id="bridge-${e(site)}">The bed bridge at ${e(scopeName(result, site))}, ${e(result.years[0]!)} to ${e(horizon)}</h3>
${bridgeComparison(result, site)}
<p class="note">Capacity changes have no step of their own: they change the beds an option has (the last rows), not the beds it needs.</p>`;
}
