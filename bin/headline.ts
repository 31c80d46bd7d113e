/**
 * `npm run headline`: the SEL presets' headline results at 10,000 iterations (seed 2016), printed
 * as Markdown: the observed base year beside the modelled one, then beds required in each
 * preset's last year by both methods against today's beds, and what each lever changes, at
 * target occupancies 0.85 and 0.92.
 */
import { compileScenario } from '../models/engine.js';
import { simulateBlock, summariseEngine, type CellSummary } from '../models/engine-summary.js';
import { findPreset } from '../models/presets/index.js';
import type { Distribution } from '../models/summary.js';

const ITERATIONS = Number(process.env.HEADLINE_ITERATIONS ?? 10_000);
const SEED = 2016;
const PRESET_IDS = ['sel-stp-2016', 'sel-ltp-2019'];
const range = (d: Distribution) => `${Math.round(d.p50)} (${Math.round(d.p10)} to ${Math.round(d.p90)})`;
const signed = (d: Distribution) => {
  const f = (x: number) => (x > 0 ? `+${Math.round(x)}` : String(Math.round(x)));
  return `${f(d.p50)} (${f(d.p10)} to ${f(d.p90)})`;
};

for (const id of PRESET_IDS) {
  const preset = findPreset(id)!;
  const HORIZON = preset.scenario.years.at(-1)!;
  console.log(`## Preset ${preset.id}\n`);
  console.log(
    `${ITERATIONS.toLocaleString('en-GB')} iterations, seed ${SEED}, system total, ${HORIZON}. Median (P10 to P90).\n`,
  );
  headline(preset, HORIZON);
}

function headline(preset: NonNullable<ReturnType<typeof findPreset>>, HORIZON: string): void {
  for (const occupancy of [0.85, 0.92]) {
    const scenario = { ...preset.scenario, bedPolicy: { ...preset.scenario.bedPolicy, targetOccupancy: occupancy } };
    const compiled = compileScenario(scenario);
    const result = summariseEngine(compiled, SEED, simulateBlock(compiled, SEED, 0, ITERATIONS));
    const cell = (option: string, year = HORIZON): CellSummary =>
      result.cells.find((c) => c.option === option && c.scope === 'system' && c.year === year)!;
    const today = cell(result.baselineOption, result.years[0]);
    if (occupancy === 0.85) {
      const sites = result.calibration.filter((x) => x.scope !== 'system' && x.beds > 0);
      const system = result.calibration.find((x) => x.scope === 'system')!;
      const pct = (x: number | undefined) => `${((x ?? 0) * 100).toFixed(1)}%`;
      console.log(
        `Base year ${system.year}, observed (KH03): ${sites.map((x) => `${x.scope} ${Math.round(x.observedOccupiedBeds)} of ${x.beds} beds (${pct(x.observedOccupancy)})`).join(', ')}; system ${Math.round(system.observedOccupiedBeds)} of ${system.beds} (${pct(system.observedOccupancy)}). Modelled, every iteration: ${Math.round(system.modelledOccupiedBeds)} (largest difference ${system.largestDifference.toFixed(3)} beds).\n`,
      );
    }
    console.log(
      `### Target occupancy ${occupancy} (risk method: ${riskWords(scenario.bedPolicy.riskTarget, scenario.bedPolicy.riskMeasure)})\n`,
    );
    console.log(
      `Beds today: ${today.capacity}. Needed in ${result.years[0]} under do nothing: ${range(today.bedsRequired.occupancy)} by occupancy, ${range(today.bedsRequired.risk)} by risk.\n`,
    );
    console.log(
      '| option | beds (occupancy method) | change vs do nothing | beds (risk method) | change vs do nothing | capacity | P(shortfall), occupancy |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const option of result.options) {
      const c = cell(option.id);
      const d = c.differenceFromBaseline;
      console.log(
        `| ${option.id} | ${range(c.bedsRequired.occupancy)} | ${d ? signed(d.bedsRequired.occupancy) : ''} | ${range(c.bedsRequired.risk)} | ${d ? signed(d.bedsRequired.risk) : ''} | ${c.capacity} | ${c.probabilityShortfall.occupancy.toFixed(2)} |`,
      );
    }
    console.log('');
    if (occupancy === 0.85) {
      // How much of the risk answer is the definition of risk: the same run, the other measure.
      const measure = scenario.bedPolicy.riskMeasure === 'timeAtCapacity' ? 'arrivalsTurnedAway' : 'timeAtCapacity';
      const other = { ...scenario, bedPolicy: { ...scenario.bedPolicy, riskMeasure: measure } } as const;
      const oc = compileScenario(other);
      const alt = summariseEngine(oc, SEED, simulateBlock(oc, SEED, 0, ITERATIONS));
      const horizonCell = (r: typeof alt) =>
        r.cells.find((x) => x.option === r.baselineOption && x.scope === 'system' && x.year === HORIZON)!;
      console.log(
        `Risk definition: do nothing in ${HORIZON} needs ${range(horizonCell(result).bedsRequired.risk)} beds by the risk method as above; with ${riskWords(scenario.bedPolicy.riskTarget, measure)} instead, ${range(horizonCell(alt).bedsRequired.risk)}.\n`,
      );
    }
  }
}

function riskWords(target: number, measure: string | undefined): string {
  return measure === 'timeAtCapacity'
    ? `demand at or above the beds at most ${target * 100}% of the time`
    : `at most ${target * 100}% of emergency admissions find no bed`;
}
