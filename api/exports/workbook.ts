/**
 * A run as an xlsx workbook for a board paper: a cover with the provenance and every assumption
 * beside its source and rationale; the report's tables (api/report/report-html.ts), with each
 * median, P10 and P90 in a cell of its own so they can be charted and summed; and the tidy data,
 * one figure a row. Every figure is rounded to its stated precision (precision.ts) before it is
 * written, and shown with a number format of the same precision (probabilities as percentages),
 * so what a cell holds is what it shows.
 *
 * Written with write-excel-file (pure JavaScript, one dependency: fflate); sheets are plain
 * arrays of cells, which suits a document that is a function of the result.
 */
import writeXlsxFile, { type Cell, type Sheet, type SheetData } from 'write-excel-file/node';
import type { CellSummary } from '../../models/engine-summary.js';
import type { Preset } from '../../models/presets/preset.js';
import type { RunResult } from '../../models/run-result.js';
import type { Distribution } from '../../models/summary.js';
import { tidyRows } from '../results-view.js';
import { type AssumptionRow, assumptionRows, shortJson } from './assumptions.js';
import { optionNameOf, scopeNameOf } from '../report/names.js';
import { RISK_AT_CAPACITY_LABELS } from '../report/names.js';
import { PRECISION_GROUPS, PRECISION_STATEMENT, decimalsFor, precisionGroupOf, roundFigure } from './precision.js';

export interface WorkbookInputs {
  result: RunResult;
  /** The resolved scenario the run simulated (runs/<id>/scenario.json), when stored. */
  scenario?: unknown;
  /** When the run was launched. */
  createdAt?: string;
  /** The preset the scenario came from, directly or through saved revisions. */
  preset?: Preset;
  /** The preset's scenario validated, defaults filled, to tell which values a run changed. */
  presetScenario?: unknown;
  /** The saved revision launched: its rationale notes. */
  saved?: { id: string; revision: number; notes: Record<string, string>; createdAt?: string };
  links: { run: string; results: string; report: string };
}

export const SHEET_NAMES = {
  cover: 'Cover',
  beds: 'Beds by year',
  options: 'Options',
  bridge: 'Bridge',
  risk: 'Risk',
  shortfalls: 'Shortfalls',
  data: 'Data',
} as const;

export const DATA_COLUMNS = [
  'option',
  'optionName',
  'scope',
  'scopeName',
  'year',
  'metric',
  'method',
  'statistic',
  'value',
] as const;

const METHODS = ['occupancy', 'risk'] as const;

/** The workbook's bytes. */
export async function buildWorkbook(inputs: WorkbookInputs): Promise<Uint8Array> {
  const buffer = await writeXlsxFile(workbookSheets(inputs), { fontFamily: 'Arial', fontSize: 10 }).toBuffer();
  return new Uint8Array(buffer);
}

const bold = (value: string): Cell => ({ value, type: String, fontWeight: 'bold' });
const heading = (value: string): Cell => ({ value, type: String, fontWeight: 'bold', fontSize: 13 });
const header = (labels: readonly string[]): Cell[] =>
  labels.map((value) => ({
    value,
    type: String,
    fontWeight: 'bold',
    backgroundColor: '#F0F4F5',
    bottomBorderStyle: 'thin',
    wrap: true,
  }));
const text = (value: string | undefined): Cell => (value ? { value, type: String } : null);

/** A number format showing exactly the figure's stated decimals; probabilities as percentages. */
function formatFor(metric: string, statistic: string): string {
  const decimals = decimalsFor(metric, statistic);
  if (precisionGroupOf(metric)?.what === 'probabilities')
    return decimals <= 2 ? '0%' : `0.${'0'.repeat(decimals - 2)}%`;
  return decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`;
}

/** A figure rounded to its metric's precision, formatted to match. */
const figure = (metric: string, statistic: string, value: number | undefined): Cell =>
  value === undefined || !Number.isFinite(value)
    ? null
    : { value: roundFigure(metric, statistic, value), type: Number, format: formatFor(metric, statistic) };

/** Median, P10 and P90 of a distribution: three cells. */
const spread = (metric: string, d: Distribution | undefined): Cell[] =>
  d ? [figure(metric, 'p50', d.p50), figure(metric, 'p10', d.p10), figure(metric, 'p90', d.p90)] : [null, null, null];
const spreadHeader = (what: string) => [`${what}: median`, `${what}: P10`, `${what}: P90`];

export function workbookSheets(inputs: WorkbookInputs): Sheet<never>[] {
  const { result } = inputs;
  const optionName = optionNameOf(result);
  const scopeName = scopeNameOf(result);
  const horizon = result.years.at(-1)!;
  const baseline = result.baselineOption;
  const scopes = ['system', ...result.sites.flatMap((s) => [s.id, ...(s.pools ?? []).map((p) => p.scope)])];
  const cellAt = new Map(result.cells.map((c) => [`${c.option}|${c.scope}|${c.year}`, c]));
  const cell = (option: string, scope: string, year: string): CellSummary | undefined =>
    cellAt.get(`${option}|${scope}|${year}`);
  // Baseline first, as the report lists it.
  const options = [
    ...result.options.filter((o) => o.id === baseline),
    ...result.options.filter((o) => o.id !== baseline),
  ];

  const sheets: Sheet<never>[] = [
    coverSheet(inputs),
    {
      sheet: SHEET_NAMES.beds,
      stickyRowsCount: 1,
      columns: [{ width: 30 }, { width: 32 }, { width: 9 }, ...Array<{ width: number }>(10).fill({ width: 13 })],
      data: [
        header([
          'Where',
          'Option',
          'Year',
          ...spreadHeader('Beds, occupancy method'),
          ...spreadHeader('Beds, risk method'),
          'Capacity',
          'P(short of beds), occupancy method',
          ...spreadHeader('Admissions'),
        ]),
        ...scopes.flatMap((scope) =>
          options.flatMap((o) =>
            result.years.flatMap((year) => {
              const c = cell(o.id, scope, year);
              if (!c) return [];
              return [
                [
                  text(scopeName(scope)),
                  text(o.name),
                  text(year),
                  ...spread('bedsRequired', c.bedsRequired?.occupancy),
                  ...spread('bedsRequired', c.bedsRequired?.risk),
                  figure('capacity', 'value', c.capacity),
                  figure('probabilityShortfall', 'value', c.probabilityShortfall?.occupancy),
                  ...spread('admissions', c.admissions),
                ],
              ];
            }),
          ),
        ),
      ],
    },
    {
      sheet: SHEET_NAMES.options,
      stickyRowsCount: 1,
      columns: [{ width: 30 }, { width: 32 }, ...Array<{ width: number }>(12).fill({ width: 13 })],
      data: [
        header([
          'Where',
          'Option',
          ...spreadHeader('Beds, occupancy method'),
          ...spreadHeader('Beds, risk method'),
          ...spreadHeader(`Change vs ${optionName(baseline).toLowerCase()}, occupancy method`),
          'P(fewer beds), occupancy method',
          'Capacity',
          'Beds short (required minus capacity), occupancy method: median',
        ]),
        ...scopes.flatMap((scope) =>
          options.flatMap((o) => {
            const c = cell(o.id, scope, horizon);
            if (!c) return [];
            const d = c.differenceFromBaseline;
            return [
              [
                text(scopeName(scope)),
                text(o.name),
                ...spread('bedsRequired', c.bedsRequired?.occupancy),
                ...spread('bedsRequired', c.bedsRequired?.risk),
                ...spread('differenceFromBaseline.bedsRequired', d?.bedsRequired.occupancy),
                figure('differenceFromBaseline.probabilityFewerBeds', 'value', d?.probabilityFewerBeds.occupancy),
                figure('capacity', 'value', c.capacity),
                figure('gap', 'p50', c.gap?.occupancy.p50),
              ],
            ];
          }),
        ),
      ],
    },
    {
      sheet: SHEET_NAMES.bridge,
      stickyRowsCount: 1,
      columns: [
        { width: 30 },
        { width: 32 },
        { width: 11 },
        { width: 9 },
        { width: 24 },
        { width: 9 },
        ...Array<{ width: number }>(3).fill({ width: 12 }),
      ],
      data: [
        header(['Where', 'Option', 'Method', 'Year', 'Step', 'Kind', 'Median', 'P10', 'P90']),
        ...result.bridges.flatMap((b) =>
          b.steps.map((s) => [
            text(scopeName(b.scope)),
            text(optionName(b.option)),
            text(b.method),
            text(b.year),
            text(s.step),
            text(s.kind),
            figure(`bridge:${s.step}`, 'p50', s.p50),
            figure(`bridge:${s.step}`, 'p10', s.p10),
            figure(`bridge:${s.step}`, 'p90', s.p90),
          ]),
        ),
      ],
    },
    {
      sheet: SHEET_NAMES.risk,
      stickyRowsCount: 1,
      columns: [{ width: 32 }, { width: 30 }, ...Array<{ width: number }>(11).fill({ width: 13 })],
      data: [
        header([
          'Option',
          'Where',
          RISK_AT_CAPACITY_LABELS.probabilityShortfallOccupancy,
          RISK_AT_CAPACITY_LABELS.probabilityShortfallRisk,
          ...spreadHeader(RISK_AT_CAPACITY_LABELS.turnedAway),
          ...spreadHeader(RISK_AT_CAPACITY_LABELS.daysFull),
          ...spreadHeader(RISK_AT_CAPACITY_LABELS.daysDemandAtOrAboveCapacity),
        ]),
        ...options.flatMap((o) =>
          scopes.flatMap((scope) => {
            const c = cell(o.id, scope, horizon);
            if (!c) return [];
            return [
              [
                text(o.name),
                text(scopeName(scope)),
                figure('probabilityShortfall', 'value', c.probabilityShortfall?.occupancy),
                figure('probabilityShortfall', 'value', c.probabilityShortfall?.risk),
                ...spread('turnedAway', c.turnedAway),
                ...spread('daysFull', c.daysFull),
                ...spread('daysDemandAtOrAboveCapacity', c.daysDemandAtOrAboveCapacity),
              ],
            ];
          }),
        ),
      ],
    },
    shortfallSheet(result, options, horizon, scopeName),
    {
      sheet: SHEET_NAMES.data,
      stickyRowsCount: 1,
      columns: [
        { width: 22 },
        { width: 32 },
        { width: 16 },
        { width: 30 },
        { width: 9 },
        { width: 40 },
        { width: 11 },
        { width: 9 },
        { width: 13 },
      ],
      data: [
        header(DATA_COLUMNS),
        ...tidyRows(result).map((r) => [
          text(r.option),
          text(optionName(r.option)),
          text(r.scope),
          text(scopeName(r.scope)),
          text(r.year),
          text(r.metric),
          text(r.method),
          text(r.statistic),
          figure(r.metric, r.statistic, r.value),
        ]),
      ],
    },
  ];
  return sheets;
}

function shortfallSheet(
  result: RunResult,
  options: RunResult['options'],
  horizon: string,
  scopeName: (scope: string) => string,
): Sheet<never> {
  const system = (option: string) =>
    result.cells.find((c) => c.option === option && c.scope === 'system' && c.year === horizon);
  const byScope = system(result.baselineOption)?.shortfall?.byScope.map((x) => x.scope) ?? [];
  const data: SheetData = [
    header([
      'Option',
      'Method',
      ...spreadHeader('System gap (netted)'),
      'P(system short)',
      ...spreadHeader('Beds short, summed over sites'),
      'P(any site short)',
      ...spreadHeader('Beds short, summed over pools'),
      'P(any pool short)',
      ...byScope.map((scope) => `P(short): ${scopeName(scope)}`),
    ]),
  ];
  for (const o of options) {
    const c = system(o.id);
    const f = c?.shortfall;
    if (!c || !f) continue;
    for (const m of METHODS)
      data.push([
        text(o.name),
        text(`${m} method`),
        ...spread('gap', c.gap?.[m]),
        figure('probabilityShortfall', 'value', c.probabilityShortfall?.[m]),
        ...spread('shortfall.sumOverSites', f.sumOverSites[m]),
        figure('shortfall.probabilityAnySiteShort', 'value', f.probabilityAnySiteShort[m]),
        ...spread('shortfall.sumOverPools', f.sumOverPools[m]),
        figure('shortfall.probabilityAnyPoolShort', 'value', f.probabilityAnyPoolShort[m]),
        ...f.byScope.map((x) => figure(`shortfall.probabilityShort:${x.scope}`, 'value', x.probabilityShort[m])),
      ]);
  }
  return {
    sheet: SHEET_NAMES.shortfalls,
    stickyRowsCount: 1,
    columns: [{ width: 32 }, { width: 18 }, ...Array<{ width: number }>(12 + byScope.length).fill({ width: 13 })],
    data,
  };
}

function coverSheet(inputs: WorkbookInputs): Sheet<never> {
  const { result, saved, preset } = inputs;
  const optionName = optionNameOf(result);
  const scopeName = scopeNameOf(result);
  const policy = (inputs.scenario as { bedPolicy?: { targetOccupancy?: number; riskTarget?: number } } | undefined)
    ?.bedPolicy;
  const changes = result.source.changes ?? [];
  const from = result.source.preset
    ? `the preset ${result.source.preset}${preset ? ` (${preset.name})` : ''}`
    : result.source.saved
      ? `the saved scenario ${result.source.saved.id}, revision ${result.source.saved.revision}${preset ? `, first copied from the preset ${preset.id}` : ''}`
      : 'an inline scenario (no preset or saved scenario)';
  const pair = (label: string, value: string | number | undefined): Cell[] => [
    bold(label),
    value === undefined
      ? null
      : typeof value === 'number'
        ? { value, type: Number }
        : { value, type: String, wrap: true },
  ];
  const data: SheetData = [
    [heading(`${result.scenario.name}: bed requirements, ${result.years[0]} to ${result.years.at(-1)}`)],
    [
      text(
        'bedcast run workbook: provenance and assumptions here; the report’s tables and the tidy data on the other sheets.',
      ),
    ],
    [],
    pair('Scenario', `${result.scenario.name} (${result.scenario.id})`),
    pair('Taken from', from),
    pair(
      'Changed by this run',
      changes.length === 0 ? 'nothing' : `${changes.length} value${changes.length === 1 ? '' : 's'}, listed below`,
    ),
    pair('Run', result.runId),
    pair('Launched', inputs.createdAt),
    pair('Model version', result.modelVersion),
    pair('Model runs (iterations)', result.iterations),
    pair('Seed', result.seed),
    pair('Inputs sha256', `${result.inputsSha256} (the same inputs always give the same figures)`),
    pair(
      'Bed policy',
      policy?.targetOccupancy !== undefined
        ? `target occupancy ${policy.targetOccupancy}${policy.riskTarget !== undefined ? `; risk target ${policy.riskTarget} of emergency admissions finding no bed` : ''}`
        : undefined,
    ),
    pair('Years', result.years.join(', ')),
    pair('Sites', result.sites.map((s) => s.name).join('; ')),
    pair(
      'Options',
      result.options.map((o) => `${o.name}${o.id === result.baselineOption ? ' (baseline)' : ''}`).join('; '),
    ),
    pair('Precision', `${PRECISION_STATEMENT}.`),
    pair('Results (JSON)', inputs.links.results),
    pair('Report', inputs.links.report),
    pair('Run resource', inputs.links.run),
  ];
  if (saved) data.push(pair('Saved revision saved at', saved.createdAt));
  if (preset && preset.notes.length > 0) {
    data.push([], [heading(`Notes on the preset ${preset.id}`)]);
    for (const note of preset.notes) data.push([text(note)]);
  }
  data.push([], [heading('What this run changed')]);
  if (changes.length === 0) data.push([text('Nothing: the scenario was run as it was taken.')]);
  else {
    data.push(header(['Parameter (JSON pointer)', 'Was', 'Run with']));
    for (const c of changes) data.push([text(c.pointer), text(shortJson(c.from)), text(shortJson(c.to))]);
  }
  const assumptions = assumptionRows({
    ...(inputs.scenario !== undefined ? { scenario: inputs.scenario } : {}),
    ...(preset ? { preset } : {}),
    ...(inputs.presetScenario !== undefined ? { presetScenario: inputs.presetScenario } : {}),
    ...(saved ? { notes: saved.notes } : {}),
    changes,
  });
  data.push([], [heading('Assumptions: every sourced, noted or changed value')]);
  if (assumptions.length === 0)
    data.push([
      text(
        'An inline scenario carries no recorded sources or rationale notes: save it as a scenario and note its values to have them here.',
      ),
    ]);
  else {
    data.push(header(ASSUMPTION_COLUMNS.map(([label]) => label)));
    for (const a of assumptions)
      data.push(ASSUMPTION_COLUMNS.map(([, key]) => ({ value: a[key] || '', type: String, wrap: true })));
  }
  data.push([], [heading('Precision of the figures')]);
  data.push(header(['Figures', 'Decimal places', 'Unit', 'Metrics']));
  for (const g of PRECISION_GROUPS)
    data.push([text(g.what), { value: g.decimals, type: Number }, text(g.unit), text(g.metrics.join(', '))]);
  data.push([], [heading('Names')]);
  data.push(header(['Id', 'Name', 'Is']));
  for (const o of result.options) data.push([text(o.id), text(optionName(o.id)), text('option')]);
  for (const s of ['system', ...result.sites.flatMap((x) => [x.id, ...(x.pools ?? []).map((p) => p.scope)])])
    data.push([
      text(s),
      text(scopeName(s)),
      text(s === 'system' ? 'the system' : s.includes('/') ? 'bed pool' : 'site'),
    ]);
  return {
    sheet: SHEET_NAMES.cover,
    columns: [
      { width: 34 },
      { width: 60 },
      { width: 40 },
      { width: 10 },
      { width: 10 },
      { width: 30 },
      { width: 40 },
      { width: 40 },
    ],
    data,
  };
}

export const ASSUMPTION_COLUMNS: readonly [string, keyof AssumptionRow][] = [
  ['Parameter (JSON pointer)', 'pointer'],
  ['Value run', 'value'],
  ['Source', 'source'],
  ['Kind', 'kind'],
  ['Confidence', 'confidence'],
  ['Source note', 'sourceNote'],
  ['Rationale (saved scenario note)', 'rationale'],
  ['Status', 'status'],
];
