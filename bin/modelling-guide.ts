/**
 * `npm run guide`: the figures of the modelling guide's worked example (docs/modelling-guide.md),
 * printed as Markdown. The scenario is the JSON block in the guide itself, so the guide shows
 * exactly what was run; it is run in-process (GUIDE_ITERATIONS iterations, seed GUIDE_SEED) as
 * it is, with the other risk measure, and with a winter profile on its emergency stream.
 * `npm run guide -- --write` rewrites the results between the guide's markers;
 * tests/unit/modelling-guide.test.ts fails when they are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileScenario } from '../models/engine.js';
import {
  MONTH_NAMES,
  simulateBlock,
  summariseEngine,
  type CellSummary,
  type EngineResult,
} from '../models/engine-summary.js';
import { scenarioSchema, type ScenarioInput } from '../models/scenario.js';
import type { Distribution } from '../models/summary.js';

export const GUIDE_ITERATIONS = 2_000;
export const GUIDE_SEED = 2025;
export const GUIDE_FILE = fileURLToPath(new URL('../docs/modelling-guide.md', import.meta.url));
export const SCENARIO_MARKER = '<!-- worked example scenario: the test and `npm run guide` read this block -->';
export const RESULTS_START = '<!-- worked example results: `npm run guide -- --write` -->';
export const RESULTS_END = '<!-- end of worked example results -->';

/**
 * A winter profile for the emergency stream (busiest in January, quietest in August), the shape
 * of the small-hospital preset's frail stream: what seasonality does to the same yearly demand.
 */
export const WINTER_PROFILE = [1.08, 1.06, 1.02, 1, 0.97, 0.95, 0.95, 0.94, 0.97, 1, 1.02, 1.06];

/** The guide's worked example: the first ```json block after the scenario marker, parsed. */
export function guideScenario(markdown: string): ScenarioInput {
  const at = markdown.indexOf(SCENARIO_MARKER);
  if (at < 0) throw new Error(`the guide has no "${SCENARIO_MARKER}" marker`);
  const open = markdown.indexOf('```json\n', at);
  const close = markdown.indexOf('\n```', open + 8);
  if (open < 0 || close < 0) throw new Error('no ```json block after the worked example marker');
  // Validated here so a broken example says why, not only that the figures differ.
  const parsed: unknown = JSON.parse(markdown.slice(open + 8, close));
  scenarioSchema.parse(parsed);
  return parsed as ScenarioInput;
}

/** The guide's results: the text between its markers, without the blank lines around it. */
export function guideResults(markdown: string): string {
  const start = markdown.indexOf(RESULTS_START);
  const end = markdown.indexOf(RESULTS_END);
  if (start < 0 || end < start) throw new Error(`the guide has no "${RESULTS_START}" ... "${RESULTS_END}" block`);
  return markdown.slice(start + RESULTS_START.length, end).trim();
}

export function runGuideScenario(scenario: ScenarioInput, iterations = GUIDE_ITERATIONS): EngineResult {
  const compiled = compileScenario(scenario);
  return summariseEngine(compiled, GUIDE_SEED, simulateBlock(compiled, GUIDE_SEED, 0, iterations));
}

const whole = (x: number) => Math.round(x).toLocaleString('en-GB');
const oneDecimal = (x: number) => x.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const range = (d: Distribution, f = whole) => `${f(d.p50)} (${f(d.p10)} to ${f(d.p90)})`;
const signed = (d: Pick<Distribution, 'p10' | 'p50' | 'p90'>) => {
  const f = (x: number) => (Math.round(x) > 0 ? `+${whole(x)}` : whole(x));
  // A figure that is the same in every iteration (today's gap) is shown once.
  return d.p10 === d.p90 ? f(d.p50) : `${f(d.p50)} (${f(d.p10)} to ${f(d.p90)})`;
};
const share = (p: number) => p.toFixed(2);

export function cellOf(result: EngineResult, option: string, scope: string, year: string): CellSummary {
  const cell = result.cells.find((c) => c.option === option && c.scope === scope && c.year === year);
  if (!cell) throw new Error(`no cell ${option} / ${scope} / ${year}`);
  return cell;
}

/** The scopes of the guide's one site: each pool, then the site (which, with one site, is the system). */
function scopesOf(result: EngineResult): { id: string; label: string }[] {
  return result.sites.flatMap((site) => [
    ...(site.pools ?? []).map((p) => ({ id: p.scope, label: `${p.scope} (${p.name})` })),
    { id: site.id, label: `${site.id} (the whole site)` },
  ]);
}

/** The three runs the guide quotes: the scenario, the same with the other risk measure, and with winter emergencies. */
export interface GuideRuns {
  scenario: ScenarioInput;
  result: EngineResult;
  otherMeasure: EngineResult;
  winter: EngineResult;
  /** The same demand with each site's beds as one pool: what the ring-fences cost. */
  onePool: EngineResult;
}

/** The scenario with every site's beds as one pool (no pools declared, streams naming none). */
export function asOnePool(scenario: ScenarioInput): ScenarioInput {
  return {
    ...scenario,
    sites: scenario.sites.map(({ pools: _pools, ...site }) => ({
      ...site,
      bedChanges: site.bedChanges?.map(({ pool: _pool, ...change }) => change),
    })),
    streams: scenario.streams.map(({ pool: _pool, ...stream }) => stream),
  };
}

export function otherMeasure(scenario: ScenarioInput) {
  return (scenario.bedPolicy.riskMeasure ?? 'arrivalsTurnedAway') === 'timeAtCapacity'
    ? 'arrivalsTurnedAway'
    : 'timeAtCapacity';
}

/** The emergency (nonElective) stream the seasonality table varies. */
export function emergencyStream(scenario: ScenarioInput) {
  const stream = scenario.streams.find((s) => s.pathway === 'nonElective');
  if (!stream) throw new Error('the worked example needs an emergency (nonElective) stream');
  return stream;
}

export function guideRuns(scenario: ScenarioInput, iterations = GUIDE_ITERATIONS): GuideRuns {
  const emergency = emergencyStream(scenario);
  return {
    scenario,
    result: runGuideScenario(scenario, iterations),
    otherMeasure: runGuideScenario(
      { ...scenario, bedPolicy: { ...scenario.bedPolicy, riskMeasure: otherMeasure(scenario) } },
      iterations,
    ),
    winter: runGuideScenario(
      {
        ...scenario,
        streams: scenario.streams.map((s) => (s.id === emergency.id ? { ...s, monthlyProfile: WINTER_PROFILE } : s)),
      },
      iterations,
    ),
    onePool: runGuideScenario(asOnePool(scenario), iterations),
  };
}

/** The lines `npm run guide` prints: the worked example's results as Markdown. */
export function guideTables(runs: GuideRuns): string[] {
  const { scenario, result, otherMeasure: alt, winter, onePool } = runs;
  const iterations = result.iterations;
  const measure = scenario.bedPolicy.riskMeasure ?? 'arrivalsTurnedAway';
  const other = otherMeasure(scenario);
  const [base, horizon] = [result.years[0]!, result.years.at(-1)!];
  const baseline = result.baselineOption;
  const lines: string[] = [
    `${iterations.toLocaleString('en-GB')} iterations, seed ${GUIDE_SEED}. Median (P10 to P90) where the figure varies between iterations.\n`,
  ];

  lines.push(`#### R1. The base year ${base}, ${baseline}\n`);
  lines.push(
    `| scope | beds | mean occupied beds | beds required, occupancy method | beds required, risk method (${measure}) | beds required, risk method (${other}) | days demand at or above the beds | days full | admissions turned away |`,
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const scope of scopesOf(result)) {
    const c = cellOf(result, baseline, scope.id, base);
    const a = cellOf(alt, baseline, scope.id, base);
    lines.push(
      `| ${scope.label} | ${c.capacity} | ${oneDecimal(c.meanOccupied.p50)} | ${whole(c.bedsRequired.occupancy.p50)} | ${whole(c.bedsRequired.risk.p50)} | ${whole(a.bedsRequired.risk.p50)} | ${oneDecimal(c.daysDemandAtOrAboveCapacity.p50)} | ${oneDecimal(c.daysFull.p50)} | ${range(c.turnedAway)} |`,
    );
  }
  for (const site of onePool.sites) {
    const c = cellOf(onePool, baseline, site.id, base);
    lines.push(
      `| ${site.id} as one pool of ${c.capacity} beds (not the scenario: no ring-fence) | ${c.capacity} | ${oneDecimal(c.meanOccupied.p50)} | ${whole(c.bedsRequired.occupancy.p50)} | ${whole(c.bedsRequired.risk.p50)} | (not run) | ${oneDecimal(c.daysDemandAtOrAboveCapacity.p50)} | ${oneDecimal(c.daysFull.p50)} | ${range(c.turnedAway)} |`,
    );
  }
  lines.push('');

  const site = result.sites[0]!.id;
  lines.push(`#### R2. The options in ${horizon}, ${site}\n`);
  lines.push(
    '| option | beds required, occupancy method | change vs do nothing | P(fewer beds than do nothing) | beds required, risk method | change vs do nothing | beds | gap (occupancy method) | P(short), occupancy method | beds short, summed over pools (occupancy method) |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const option of result.options) {
    const c = cellOf(result, option.id, site, horizon);
    // With one site the system cell is the site's, and carries the shortfalls where they happen.
    const system = cellOf(result, option.id, 'system', horizon);
    const d = c.differenceFromBaseline;
    lines.push(
      `| ${option.id} | ${range(c.bedsRequired.occupancy)} | ${d ? signed(d.bedsRequired.occupancy) : ''} | ${d ? share(d.probabilityFewerBeds.occupancy) : ''} | ${range(c.bedsRequired.risk)} | ${d ? signed(d.bedsRequired.risk) : ''} | ${c.capacity} | ${signed(c.gap.occupancy)} | ${share(c.probabilityShortfall.occupancy)} | ${range(system.shortfall!.sumOverPools.occupancy)} |`,
    );
  }
  lines.push('');

  const last = result.options.at(-1)!.id;
  lines.push(`#### R3. The bridge for ${last}, ${site}, ${horizon}\n`);
  lines.push('| step | occupancy method | risk method |');
  lines.push('| --- | --- | --- |');
  const bridgeOf = (method: 'occupancy' | 'risk') =>
    result.bridges.find((b) => b.option === last && b.scope === site && b.method === method)!.steps;
  const [occupancySteps, riskSteps] = [bridgeOf('occupancy'), bridgeOf('risk')];
  occupancySteps.forEach((s, k) => {
    const r = riskSteps[k]!;
    const f = (x: { p50: number; p10: number; p90: number }) =>
      s.kind === 'change'
        ? signed(x)
        : x.p10 === x.p90
          ? whole(x.p50)
          : `${whole(x.p50)} (${whole(x.p10)} to ${whole(x.p90)})`;
    lines.push(`| ${s.step} | ${f(s)} | ${f(r)} |`);
  });
  lines.push('');

  // Seasonality: the same yearly emergency demand with a winter profile.
  const emergency = emergencyStream(scenario);
  const pool = `${emergency.site}/${emergency.pool}`;
  const flat = cellOf(result, baseline, pool, base);
  const winterCell = cellOf(winter, baseline, pool, base);
  lines.push(`#### R4. Seasonality: ${pool}, ${base}, ${baseline}, with and without a winter profile\n`);
  lines.push(
    '| emergency arrivals | mean occupied beds | beds required, occupancy method (year) | beds required, risk method (year) | busiest month (risk method) | beds required in it, occupancy method | beds required in it, risk method | days demand at or above the beds |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [label, c] of [
    ['flat (as in the scenario)', flat],
    [`winter profile ${WINTER_PROFILE.join(', ')}`, winterCell],
  ] as const) {
    const peak = c.months.peak;
    // A flat year has no busiest month (the peak's tie goes to January): say so.
    const alike = c.months.bedsRequired.risk.every((m) => m.p50 === c.months.bedsRequired.risk[0]!.p50);
    lines.push(
      `| ${label} | ${oneDecimal(c.meanOccupied.p50)} | ${whole(c.bedsRequired.occupancy.p50)} | ${whole(c.bedsRequired.risk.p50)} | ${alike ? 'every month alike' : MONTH_NAMES[peak.risk.month]} | ${whole(c.months.bedsRequired.occupancy[peak.risk.month]!.p50)} | ${whole(peak.risk.beds.p50)} | ${oneDecimal(c.daysDemandAtOrAboveCapacity.p50)} |`,
    );
  }
  return lines;
}

function main(argv: string[]): void {
  const markdown = readFileSync(GUIDE_FILE, 'utf8');
  const tables = guideTables(guideRuns(guideScenario(markdown)));
  if (argv.includes('--write')) {
    guideResults(markdown); // throws when the markers are missing
    const before = markdown.slice(0, markdown.indexOf(RESULTS_START) + RESULTS_START.length);
    const after = markdown.slice(markdown.indexOf(RESULTS_END));
    writeFileSync(GUIDE_FILE, `${before}\n\n${tables.join('\n').trim()}\n\n${after}`);
    console.log(`wrote the worked example's results to ${GUIDE_FILE}`);
    return;
  }
  for (const line of tables) console.log(line);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) main(process.argv.slice(2));
