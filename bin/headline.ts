/**
 * `npm run headline`: the SEL STP 2016 preset's headline results at 10,000 iterations (seed 2016),
 * printed as Markdown: beds required in 2020/21 by both methods against today's beds, and what
 * each lever changes, at target occupancies 0.85 and 0.92. The README's headline tables are this
 * output (tests/unit/headline-readme.test.ts checks them); `npm run headline -- --write` rewrites
 * them there, between the README's headline markers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileScenario } from '../models/engine.js';
import { simulateBlock, summariseEngine, type CellSummary } from '../models/engine-summary.js';
import { findPreset } from '../models/presets/index.js';
import type { Distribution } from '../models/summary.js';

export const HEADLINE_ITERATIONS = 10_000;
const SEED = 2016;
const HORIZON = '2020/21';
export const README_FILE = fileURLToPath(new URL('../README.md', import.meta.url));
export const README_START = '<!-- headline tables: `npm run headline -- --write` -->';
export const README_END = '<!-- end of headline tables -->';
const range = (d: Distribution) => `${Math.round(d.p50)} (${Math.round(d.p10)} to ${Math.round(d.p90)})`;
const signed = (d: Distribution) => {
  const f = (x: number) => (x > 0 ? `+${Math.round(x)}` : String(Math.round(x)));
  return `${f(d.p50)} (${f(d.p10)} to ${f(d.p90)})`;
};

/** The first line `npm run headline` prints, before the tables. */
export function headlinePreamble(iterations = HEADLINE_ITERATIONS): string {
  const preset = findPreset('sel-stp-2016')!;
  return `Preset ${preset.id}, ${iterations.toLocaleString('en-GB')} iterations, seed ${SEED}, system total, ${HORIZON}. Median (P10 to P90).\n`;
}

/** The headline tables, one per target occupancy, as Markdown: the lines `npm run headline` prints. */
export function headlineTables(iterations = HEADLINE_ITERATIONS): string[] {
  const preset = findPreset('sel-stp-2016')!;
  const lines: string[] = [];
  for (const occupancy of [0.85, 0.92]) {
    const scenario = { ...preset.scenario, bedPolicy: { ...preset.scenario.bedPolicy, targetOccupancy: occupancy } };
    const compiled = compileScenario(scenario);
    const result = summariseEngine(compiled, SEED, simulateBlock(compiled, SEED, 0, iterations));
    const cell = (option: string, year = HORIZON): CellSummary =>
      result.cells.find((c) => c.option === option && c.scope === 'system' && c.year === year)!;
    const today = cell(result.baselineOption, result.years[0]);
    lines.push(
      `### Target occupancy ${occupancy} (risk method: at most ${scenario.bedPolicy.riskTarget * 100}% of emergency admissions find no bed)\n`,
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
  }
  return lines;
}

/** The README's headline tables: the text between its markers, without the blank lines around it. */
export function readmeHeadline(readme: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no "${README_START}" ... "${README_END}" block`);
  return readme.slice(start + README_START.length, end).trim();
}

function main(argv: string[]): void {
  // The README states 10,000 iterations: --write always uses them, whatever HEADLINE_ITERATIONS says.
  const write = argv.includes('--write');
  const iterations = write ? HEADLINE_ITERATIONS : Number(process.env.HEADLINE_ITERATIONS ?? HEADLINE_ITERATIONS);
  const tables = headlineTables(iterations);
  if (write) {
    const readme = readFileSync(README_FILE, 'utf8');
    const before = readme.slice(0, readme.indexOf(README_START) + README_START.length);
    const after = readme.slice(readme.indexOf(README_END));
    readmeHeadline(readme); // throws when the markers are missing
    writeFileSync(README_FILE, `${before}\n\n${tables.join('\n').trim()}\n\n${after}`);
    console.log(`wrote the headline tables (${iterations.toLocaleString('en-GB')} iterations) to ${README_FILE}`);
    return;
  }
  console.log(headlinePreamble(iterations));
  for (const line of tables) console.log(line);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) main(process.argv.slice(2));
