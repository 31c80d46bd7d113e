/**
 * The report's charts as files for slides: the same SVG the report draws (api/report/svg-charts.ts),
 * made standalone (its own size, fonts and colours, since no page styles it), and PNG rendered
 * from that SVG. Each chart is named, and query parameters choose the site, option, year and
 * method, defaulting to what the report shows.
 */
import type { CellSummary } from '../../models/engine-summary.js';
import type { RunResult } from '../../models/run-result.js';
import type { ProblemError } from '../problem.js';
import { bedsOverYearsChart } from '../report/beds-chart.js';
import { n, signed } from '../report/format.js';
import { waterfallChart, whiskerChart } from '../report/svg-charts.js';
import { optionNameOf, scopeNameOf } from '../report/names.js';

export const CHARTS = {
  beds: 'beds required over the years against capacity, for one site (or the system) under one option',
  options: 'beds required under each option in one year, median and P10 to P90',
  differences: 'change in beds required against the baseline option, paired per model run, in one year',
  bridge: "the bed bridge from today's beds to the horizon's requirement, for one option",
} as const;
export type ChartName = keyof typeof CHARTS;
export const CHART_NAMES = Object.keys(CHARTS) as ChartName[];

export interface ChartQuery {
  scope?: string | undefined;
  option?: string | undefined;
  year?: string | undefined;
  method?: 'occupancy' | 'risk' | undefined;
}

export type ChartOutcome = { svg: string; filename: string } | { errors: ProblemError[] };

export function chartSvg(result: RunResult, chart: ChartName, query: ChartQuery): ChartOutcome {
  const optionName = optionNameOf(result);
  const scopeName = scopeNameOf(result);
  const scopes = ['system', ...result.sites.flatMap((s) => [s.id, ...(s.pools ?? []).map((p) => p.scope)])];
  const horizon = result.years.at(-1)!;
  const baseline = result.baselineOption;
  const method = query.method ?? 'occupancy';
  const scope = query.scope ?? 'system';
  const others = result.options.filter((o) => o.id !== baseline);
  // The option with the most levers, as the report's bridge shows.
  const richest = [...others].sort((a, b) => b.interventions.length - a.interventions.length)[0]?.id ?? baseline;
  const option = query.option ?? (chart === 'bridge' ? richest : baseline);
  const year = query.year ?? horizon;
  const errors: ProblemError[] = [];
  if (!scopes.includes(scope))
    errors.push({ parameter: 'scope', detail: `${JSON.stringify(scope)} is not one of ${scopes.join(', ')}` });
  if (!result.options.some((o) => o.id === option))
    errors.push({
      parameter: 'option',
      detail: `${JSON.stringify(option)} is not one of ${result.options.map((o) => o.id).join(', ')}`,
    });
  if (!result.years.includes(year))
    errors.push({
      parameter: 'year',
      detail: `${JSON.stringify(year)} is not one of ${result.years.join(', ')}`,
    });
  if (chart === 'differences' && others.length === 0)
    errors.push({ parameter: 'chart', detail: 'this run has only its baseline option: nothing to compare' });
  if (errors.length > 0) return { errors };

  const cell = (o: string, s: string, y: string): CellSummary | undefined =>
    result.cells.find((c) => c.option === o && c.scope === s && c.year === y);
  const where = scope === 'system' ? 'whole system' : scopeName(scope);
  const filename = [chart, scope.replace(/\//g, '-'), chart === 'beds' || chart === 'bridge' ? option : year, method]
    .join('_')
    .replace(/[^A-Za-z0-9._-]/g, '-');
  let svg: string;
  if (chart === 'beds') {
    svg = bedsOverYearsChart(
      result,
      option,
      scope,
      result.years.map((y) => cell(option, scope, y)!),
    );
  } else if (chart === 'options') {
    const rows = result.options.map((o) => ({ o, c: cell(o.id, scope, year)! }));
    svg = whiskerChart({
      title: `Beds required by ${year} under each option, ${where} (${method} method)`,
      description: `Median and P10 to P90 of beds required by option; capacity under ${optionName(baseline).toLowerCase()} is ${n(cell(baseline, scope, year)!.capacity)}.`,
      rows: rows.map(({ o, c }) => ({ label: o.name, ...c.bedsRequired[method] })),
      reference: { value: cell(baseline, scope, year)!.capacity, label: `capacity ${year}` },
    });
  } else if (chart === 'differences') {
    svg = whiskerChart({
      title: `Change in beds required by ${year} against ${optionName(baseline).toLowerCase()}, ${where} (${method} method)`,
      description: 'Paired difference per model run, median and P10 to P90; below zero means fewer beds.',
      rows: others.map((o) => ({
        label: o.name,
        ...cell(o.id, scope, year)!.differenceFromBaseline!.bedsRequired[method],
      })),
      reference: { value: 0, label: 'no change' },
    });
  } else {
    const bridge = result.bridges.find((b) => b.option === option && b.scope === scope && b.method === method);
    if (!bridge)
      return {
        errors: [{ parameter: 'scope', detail: `no bridge for ${option} at ${scope} by the ${method} method` }],
      };
    svg = waterfallChart({
      title: `From today's beds to ${bridge.year} under ${optionName(option).toLowerCase()}, ${where} (${method} method)`,
      description: `Median of each step: ${bridge.steps.map((s) => `${s.step} ${s.kind === 'change' ? signed(s.p50) : n(s.p50)}`).join(', ')}.`,
      steps: bridge.steps,
    });
  }
  return { svg: standalone(svg), filename };
}

/** Fonts and colours the report's stylesheet gives its charts, for an SVG that stands alone. */
const CHART_STYLE =
  'text{font-family:Arial,"Liberation Sans","DejaVu Sans",Helvetica,sans-serif}.tick{font-size:11px;fill:#4c6272}.legend,.label{font-size:12px;fill:#212b32}';

/** The inline SVG as a file: an XML declaration, a fixed size from its viewBox and its own styles. */
export function standalone(svg: string): string {
  const box = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg);
  const [width, height] = box ? [box[1]!, box[2]!] : ['640', '300'];
  const sized = svg.replace(' width="100%"', ` width="${width}" height="${height}"`);
  // After <title> and <desc>, which stay first for screen readers.
  const desc = sized.indexOf('</desc>');
  const at = desc >= 0 ? desc + '</desc>'.length : sized.indexOf('>') + 1;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${sized.slice(0, at)}<style>${CHART_STYLE}</style><rect width="100%" height="100%" fill="#ffffff"/>${sized.slice(at)}\n`;
}
