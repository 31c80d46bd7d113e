/**
 * Views of a stored result for report generators: filtered by scope (site, pool or system), option, year and
 * metric, as JSON or as tidy long CSV. A view is a pure function of the immutable result and the
 * filters, so its bytes (and their hash, the ETag) never change either.
 */
import type { RunResult } from '../models/run-result.js';
import { CELL_METRICS, type CellSummary, MONTH_NAMES } from '../models/engine-summary.js';
import type { Distribution } from '../models/summary.js';
import { optionName, scopeName } from './report/names.js';
import { roundFigure } from './exports/precision.js';

export interface ResultFilters {
  /** Scopes: site ids, "site/pool" scopes, or "system". */
  scope?: string[];
  option?: string[];
  year?: string[];
  /** Top-level cell figures, e.g. bedsRequired, gap, turnedAway. */
  metric?: string[];
}

export function filterResult(result: RunResult, f: ResultFilters): RunResult {
  const keep = (list: string[] | undefined, value: string) => !list || list.includes(value);
  const cells = result.cells
    .filter((c) => keep(f.scope, c.scope) && keep(f.option, c.option) && keep(f.year, c.year))
    .map((c) => (f.metric ? pickMetrics(c, f.metric) : c));
  const bridges = result.bridges.filter(
    (b) => keep(f.scope, b.scope) && keep(f.option, b.option) && keep(f.year, b.year),
  );
  return { ...result, cells, bridges: f.metric && !f.metric.includes('bridge') ? [] : bridges };
}

function pickMetrics(cell: CellSummary, metrics: string[]): CellSummary {
  const out: Record<string, unknown> = {
    option: cell.option,
    scope: cell.scope,
    year: cell.year,
    capacity: cell.capacity,
  };
  for (const m of CELL_METRICS) if (metrics.includes(m) && cell[m] !== undefined) out[m] = cell[m];
  return out as unknown as CellSummary;
}

/** The values a filter may take for this result, to name the allowed ones in a 422. */
export function filterDomain(result: RunResult): Required<ResultFilters> {
  return {
    scope: [
      ...result.sites.map((s) => s.id),
      ...result.sites.flatMap((s) => (s.pools ?? []).map((p) => p.scope)),
      'system',
    ],
    option: result.options.map((o) => o.id),
    year: result.years,
    metric: [...CELL_METRICS, 'bridge'],
  };
}

/** The key columns, then the value, then the option's and scope's names for people (ids stay the keys). */
export const CSV_HEADER = [
  'option',
  'scope',
  'year',
  'metric',
  'method',
  'statistic',
  'value',
  'optionName',
  'scopeName',
] as const;

/** One figure of the tidy long table: what the CSV writes as one row. */
export interface TidyRow {
  option: string;
  /** A site id, a "site/pool" scope, or "system", as the JSON's cells name it. */
  scope: string;
  year: string;
  metric: string;
  method: string;
  statistic: string;
  value: number;
}

/**
 * Every figure of a result as one row per option x site x year x metric x method x statistic, at
 * full precision. Capacity is a metric of its own; bridge steps follow as metric
 * "bridge:<step>" with statistics p50, p10, p90. A system cell's shortfalls are metrics
 * "shortfall.sumOverSites", "shortfall.sumOverPools" (distributions), "shortfall.probabilityAnySiteShort",
 * "shortfall.probabilityAnyPoolShort" and "shortfall.probabilityShort:<scope>" (values), by method.
 * Months are a metric per month, as bridge steps are ("bedsRequired:Jan", "probabilityShortfall:Jan",
 * ...), so the seven columns and every yearly metric's rows stay as they were; the peak is
 * "bedsRequired:peak" (per iteration, the most beds any month needs) and "peakMonth" (statistic
 * "month", 1 = January).
 * The last two columns name the option and the site (a pool as "site, pool"; "The whole system"),
 * after the value, so the first seven columns are what they always were.
 */
export function tidyRows(result: RunResult): TidyRow[] {
  const rows: TidyRow[] = [];
  for (const c of result.cells) {
    const at = (metric: string, method: string, statistic: string, value: number) =>
      rows.push({ option: c.option, scope: c.scope, year: c.year, metric, method, statistic, value });
    if (c.capacity !== undefined) at('capacity', '', 'value', c.capacity);
    for (const metric of CELL_METRICS) {
      const figure = c[metric];
      if (figure === undefined) continue;
      if (metric === 'differenceFromBaseline') {
        const d = figure as NonNullable<CellSummary['differenceFromBaseline']>;
        distributionRows('differenceFromBaseline.bedDays', '', d.bedDays, at);
        for (const method of ['occupancy', 'risk'] as const) {
          distributionRows('differenceFromBaseline.bedsRequired', method, d.bedsRequired[method], at);
          at('differenceFromBaseline.probabilityFewerBeds', method, 'value', d.probabilityFewerBeds[method]);
        }
      } else if (metric === 'shortfall') {
        const f = figure as NonNullable<CellSummary['shortfall']>;
        for (const method of ['occupancy', 'risk'] as const) {
          distributionRows('shortfall.sumOverSites', method, f.sumOverSites[method], at);
          distributionRows('shortfall.sumOverPools', method, f.sumOverPools[method], at);
          at('shortfall.probabilityAnySiteShort', method, 'value', f.probabilityAnySiteShort[method]);
          at('shortfall.probabilityAnyPoolShort', method, 'value', f.probabilityAnyPoolShort[method]);
          for (const x of f.byScope)
            at(`shortfall.probabilityShort:${x.scope}`, method, 'value', x.probabilityShort[method]);
        }
      } else if (metric === 'months') {
        const f = figure as NonNullable<CellSummary['months']>;
        for (const method of ['occupancy', 'risk'] as const) {
          MONTH_NAMES.forEach((name, m) => {
            distributionRows(`bedsRequired:${name}`, method, f.bedsRequired[method][m]!, at);
            at(`probabilityShortfall:${name}`, method, 'value', f.probabilityShortfall[method][m]!);
          });
          distributionRows('bedsRequired:peak', method, f.peak[method].beds, at);
          at('peakMonth', method, 'month', f.peak[method].month + 1);
        }
      } else if (metric === 'probabilityShortfall') {
        for (const method of ['occupancy', 'risk'] as const)
          at(metric, method, 'value', c.probabilityShortfall[method]);
      } else if (metric === 'bedsRequired' || metric === 'gap') {
        for (const method of ['occupancy', 'risk'] as const) distributionRows(metric, method, c[metric][method], at);
      } else {
        distributionRows(metric, '', figure as Distribution, at);
      }
    }
  }
  for (const b of result.bridges) {
    for (const s of b.steps)
      for (const statistic of ['p50', 'p10', 'p90'] as const)
        rows.push({
          option: b.option,
          scope: b.scope,
          year: b.year,
          metric: `bridge:${s.step}`,
          method: b.method,
          statistic,
          value: s[statistic],
        });
  }
  return rows;
}

/**
 * Tidy long CSV that opens cleanly in Excel: the rows of tidyRows, each figure rounded to its
 * stated precision (exports/precision.ts); UTF-8 with a byte order mark, CRLF line ends, '.'
 * decimals and no thousands separators (JavaScript's number formatting), text that could start a
 * formula escaped, fields quoted where needed.
 */
export function resultCsv(result: RunResult): string {
  const rows: (string | number)[][] = [CSV_HEADER as unknown as string[]];
  for (const r of tidyRows(result))
    rows.push([
      r.option,
      r.scope,
      r.year,
      r.metric,
      r.method,
      r.statistic,
      roundFigure(r.metric, r.statistic, r.value),
      optionName(result, r.option),
      scopeName(result, r.scope),
    ]);
  return csvText(rows);
}

/** Rows as CSV text: BOM, CRLF, each field through csvField. */
export function csvText(rows: readonly (readonly (string | number)[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

function distributionRows(
  metric: string,
  method: string,
  d: Distribution | Record<string, number>,
  at: (metric: string, method: string, statistic: string, value: number) => void,
) {
  for (const [statistic, value] of Object.entries(d)) at(metric, method, statistic, value as number);
}

/** One CSV field: numbers as JavaScript prints them; text quoted when needed, formulas defused. */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  // OWASP CSV injection: a cell starting with = + - @ tab or CR would be read as a formula.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
