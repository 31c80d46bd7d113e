/**
 * `npm run headline`: the SEL presets' headline results at 10,000 iterations (seed 2016), printed
 * as Markdown: the observed base year beside the modelled one; beds required in each preset's
 * last year by both methods against today's beds, and what each lever changes, at target
 * occupancies 0.85 and 0.92; and how much the risk method's answer moves with the definition of
 * risk and with how the beds are pooled. The README's headline tables are this output
 * (tests/unit/headline-readme.test.ts checks them); `npm run headline -- --write` rewrites them
 * there, between the README's headline markers, and pins them in tests/golden/headline.json.
 *
 * The pin lets the unit test check the README without four minutes of 10,000-iteration runs: it
 * holds the sha256 of the tables, of what they were computed from (the presets' scenarios, seed,
 * iterations, MODEL_VERSION and this file's source), and of the same tables at a few iterations,
 * which the test recomputes. A change to any input, or to the model's answers, fails the test
 * until `npm run headline -- --write` runs the full tables again.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { canonicalJson } from '../models/canonical-json.js';
import { compileScenario } from '../models/engine.js';
import { simulateBlock, summariseEngine, type CellSummary, type EngineResult } from '../models/engine-summary.js';
import { findPreset } from '../models/presets/index.js';
import type { Preset } from '../models/presets/preset.js';
import type { ScenarioInput } from '../models/scenario.js';
import type { Distribution } from '../models/summary.js';
import { MODEL_VERSION } from '../models/model-version.js';

export const HEADLINE_ITERATIONS = 10_000;
/**
 * The unit test's recomputed check: enough iterations for every table line to come from the
 * model, few enough that the preset thresholds' warm-up is most of the cost.
 */
export const HEADLINE_CHECK_ITERATIONS = 20;
const SEED = 2016;
const PRESET_IDS = ['sel-stp-2016', 'sel-ltp-2019'];
export const README_FILE = fileURLToPath(new URL('../README.md', import.meta.url));
export const HEADLINE_PIN_FILE = fileURLToPath(new URL('../tests/golden/headline.json', import.meta.url));
const SOURCE_FILE = fileURLToPath(import.meta.url).replace(/\.js$/, '.ts');
export const README_START = '<!-- headline tables: `npm run headline -- --write` -->';
export const README_END = '<!-- end of headline tables -->';
const range = (d: Distribution) => `${Math.round(d.p50)} (${Math.round(d.p10)} to ${Math.round(d.p90)})`;
const signed = (d: Distribution) => {
  const f = (x: number) => (x > 0 ? `+${Math.round(x)}` : String(Math.round(x)));
  return `${f(d.p50)} (${f(d.p10)} to ${f(d.p90)})`;
};

function run(scenario: ScenarioInput, iterations: number): EngineResult {
  const compiled = compileScenario(scenario);
  return summariseEngine(compiled, SEED, simulateBlock(compiled, SEED, 0, iterations));
}

function riskWords(target: number, measure: string | undefined): string {
  return measure === 'timeAtCapacity'
    ? `demand at or above the beds at most ${target * 100}% of the time`
    : `at most ${target * 100}% of emergency admissions find no bed`;
}

/**
 * The preset with each acute site's beds and every one of its streams split evenly into `pools`
 * pools (the same demand, less pooled), do nothing only: how much the risk method's answer is
 * the pooling of beds.
 */
function splitIntoPools(scenario: ScenarioInput, pools: number): ScenarioInput {
  const acute = new Set(scenario.sites.filter((s) => s.role === 'acute').map((s) => s.id));
  return {
    ...scenario,
    sites: scenario.sites.map((site) => {
      if (!acute.has(site.id)) return site;
      const beds = (j: number) => Math.floor(site.beds / pools) + (j < site.beds % pools ? 1 : 0);
      return { ...site, pools: Array.from({ length: pools }, (_, j) => ({ id: `p${j}`, beds: beds(j) })) };
    }),
    streams: scenario.streams.flatMap((stream) =>
      acute.has(stream.site)
        ? Array.from({ length: pools }, (_, j) => ({
            ...stream,
            id: `${stream.id}-p${j}`,
            pool: `p${j}`,
            ...(stream.bedDaysPerYear !== undefined ? { bedDaysPerYear: stream.bedDaysPerYear / pools } : {}),
            ...(stream.admissionsPerYear !== undefined ? { admissionsPerYear: stream.admissionsPerYear / pools } : {}),
          }))
        : [stream],
    ),
    options: scenario.options.filter((o) => o.id === scenario.baselineOption),
  };
}

function presetTables(preset: Preset, iterations: number): string[] {
  const horizon = preset.scenario.years.at(-1)!;
  const lines: string[] = [`### Preset ${preset.id}\n`];
  lines.push(
    `${iterations.toLocaleString('en-GB')} iterations, seed ${SEED}, system total, ${horizon}. Median (P10 to P90).\n`,
  );
  for (const occupancy of [0.85, 0.92]) {
    const scenario = { ...preset.scenario, bedPolicy: { ...preset.scenario.bedPolicy, targetOccupancy: occupancy } };
    const result = run(scenario, iterations);
    const cellOf = (r: EngineResult, option: string, year = horizon): CellSummary =>
      r.cells.find((c) => c.option === option && c.scope === 'system' && c.year === year)!;
    const cell = (option: string, year = horizon) => cellOf(result, option, year);
    const today = cell(result.baselineOption, result.years[0]);
    if (occupancy === 0.85) {
      const sites = result.calibration.filter((x) => x.scope !== 'system' && x.beds > 0);
      const system = result.calibration.find((x) => x.scope === 'system')!;
      const pct = (x: number | undefined) => `${((x ?? 0) * 100).toFixed(1)}%`;
      lines.push(
        `Base year ${system.year}, observed (KH03): ${sites.map((x) => `${x.scope} ${Math.round(x.observedOccupiedBeds)} of ${x.beds} beds (${pct(x.observedOccupancy)})`).join(', ')}; system ${Math.round(system.observedOccupiedBeds)} of ${system.beds} (${pct(system.observedOccupancy)}). Modelled, every iteration: ${Math.round(system.modelledOccupiedBeds)} (largest difference ${system.largestDifference.toFixed(3)} beds).\n`,
      );
    }
    lines.push(
      `#### Target occupancy ${occupancy} (risk method: ${riskWords(scenario.bedPolicy.riskTarget, scenario.bedPolicy.riskMeasure)})\n`,
    );
    lines.push(
      `Beds today: ${today.capacity}. Needed in ${result.years[0]} under do nothing: ${range(today.bedsRequired.occupancy)} by occupancy, ${range(today.bedsRequired.risk)} by risk.\n`,
    );
    lines.push(
      '| option | beds (occupancy method) | change vs do nothing | beds (risk method) | change vs do nothing | capacity | P(shortfall), occupancy |',
    );
    lines.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const option of result.options) {
      const c = cell(option.id);
      const d = c.differenceFromBaseline;
      lines.push(
        `| ${option.id} | ${range(c.bedsRequired.occupancy)} | ${d ? signed(d.bedsRequired.occupancy) : ''} | ${range(c.bedsRequired.risk)} | ${d ? signed(d.bedsRequired.risk) : ''} | ${c.capacity} | ${c.probabilityShortfall.occupancy.toFixed(2)} |`,
      );
    }
    lines.push('');
    if (occupancy === 0.85) {
      // How much of the risk answer is the definition of risk, and how much the pooling of beds:
      // the same demand by the other measure, and in 2 and in 20 equal pools per trust.
      const { riskTarget, riskMeasure } = scenario.bedPolicy;
      const other = riskMeasure === 'timeAtCapacity' ? 'arrivalsTurnedAway' : 'timeAtCapacity';
      const alt = run({ ...scenario, bedPolicy: { ...scenario.bedPolicy, riskMeasure: other } }, iterations);
      const doNothing = cell(result.baselineOption).bedsRequired.risk;
      lines.push(
        `Risk definition: do nothing in ${horizon} needs ${range(doNothing)} beds by the risk method as above; with ${riskWords(riskTarget, other)} instead, ${range(cellOf(alt, alt.baselineOption).bedsRequired.risk)}.\n`,
      );
      const pooled = [2, 20].map((k) => {
        const r = run(splitIntoPools(scenario, k), iterations);
        return `${k} equal pools per trust, ${range(cellOf(r, r.baselineOption).bedsRequired.risk)}`;
      });
      lines.push(
        `Pooling: the same do-nothing demand with each trust's beds as one pool needs ${range(doNothing)} by the risk method; split into ${pooled.join('; into ')}.\n`,
      );
    }
  }
  return lines;
}

/** The headline tables for every SEL preset, as Markdown: the lines `npm run headline` prints. */
export function headlineTables(iterations = HEADLINE_ITERATIONS): string[] {
  return PRESET_IDS.flatMap((id) => presetTables(findPreset(id)!, iterations));
}

/** The README's headline tables: the text between its markers, without the blank lines around it. */
export function readmeHeadline(readme: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no "${README_START}" ... "${README_END}" block`);
  return readme.slice(start + README_START.length, end).trim();
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The tables as one text, the way the README holds them. */
export function tablesText(lines: readonly string[]): string {
  return lines.join('\n').trim();
}

export interface HeadlineInputs {
  presets: { id: string; scenario: ScenarioInput }[];
  seed: number;
  iterations: number;
  modelVersion: string;
  /** This file's source: how the tables are made from the runs. */
  generator: string;
}

/** What the README's tables are a function of. */
export function headlineInputs(): HeadlineInputs {
  return {
    presets: PRESET_IDS.map((id) => ({ id, scenario: findPreset(id)!.scenario })),
    seed: SEED,
    iterations: HEADLINE_ITERATIONS,
    modelVersion: MODEL_VERSION,
    generator: readFileSync(SOURCE_FILE, 'utf8'),
  };
}

export function headlineInputsSha256(inputs: HeadlineInputs): string {
  return sha256(canonicalJson(inputs));
}

/** tests/golden/headline.json: written by `npm run headline -- --write`, checked by the unit test. */
export interface HeadlinePin {
  /** sha256 of the canonical JSON of headlineInputs() when the tables were written. */
  inputs: string;
  /** sha256 of the tables (tablesText) at HEADLINE_ITERATIONS: the README's. */
  tables: string;
  /** The same tables at a few iterations, which the test recomputes. */
  check: { iterations: number; tables: string };
}

export function headlinePin(full: readonly string[], check: readonly string[], checkIterations: number): HeadlinePin {
  return {
    inputs: headlineInputsSha256(headlineInputs()),
    tables: sha256(tablesText(full)),
    check: { iterations: checkIterations, tables: sha256(tablesText(check)) },
  };
}

export function readHeadlinePin(file = HEADLINE_PIN_FILE): HeadlinePin {
  return JSON.parse(readFileSync(file, 'utf8')) as HeadlinePin;
}

export function tablesSha256(text: string): string {
  return sha256(text);
}

function main(argv: string[]): void {
  // The README states 10,000 iterations: --write always uses them, whatever HEADLINE_ITERATIONS says.
  const write = argv.includes('--write');
  const iterations = write ? HEADLINE_ITERATIONS : Number(process.env.HEADLINE_ITERATIONS ?? HEADLINE_ITERATIONS);
  const tables = headlineTables(iterations);
  if (write) {
    const readme = readFileSync(README_FILE, 'utf8');
    readmeHeadline(readme); // throws when the markers are missing
    const before = readme.slice(0, readme.indexOf(README_START) + README_START.length);
    const after = readme.slice(readme.indexOf(README_END));
    writeFileSync(README_FILE, `${before}\n\n${tablesText(tables)}\n\n${after}`);
    const pin = headlinePin(tables, headlineTables(HEADLINE_CHECK_ITERATIONS), HEADLINE_CHECK_ITERATIONS);
    writeFileSync(HEADLINE_PIN_FILE, `${JSON.stringify(pin, null, 2)}\n`);
    console.log(
      `wrote the headline tables (${iterations.toLocaleString('en-GB')} iterations) to ${README_FILE} and their pin to ${HEADLINE_PIN_FILE}`,
    );
    return;
  }
  for (const line of tables) console.log(line);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) main(process.argv.slice(2));
