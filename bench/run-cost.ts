/**
 * `npm run bench:cost`: the run-cost estimate (models/run-cost.ts) beside the measured time, in
 * process on one core, for the cases its constants were calibrated on. Printed, never asserted:
 * the estimate has to be right within a small factor, and this shows by how much it is off.
 */
import { compileScenario } from '../models/engine.js';
import { simulateBlock, summariseEngine } from '../models/engine-summary.js';
import { selStp2016 } from '../models/presets/sel-stp-2016.js';
import { smallHospital } from '../models/presets/small-hospital.js';
import { estimateRunCost, formatSeconds } from '../models/run-cost.js';
import { type ScenarioInput, scenarioSchema } from '../models/scenario.js';

/** The small hospital over `years` years with one growth driver at `rate` (fixed). */
function grown(years: number, rate: number, admissions = 5000): ScenarioInput {
  const s = structuredClone(smallHospital.scenario);
  const names = Array.from({ length: years }, (_, i) => `y${i}`);
  return {
    ...s,
    years: names,
    streams: [{ ...s.streams[0]!, admissionsPerYear: admissions }],
    growth: [{ id: 'demographic', ratePerYear: rate }],
    options: [{ id: 'do-nothing', name: 'Do nothing', interventions: [] }],
  };
}

const cases: [string, ScenarioInput, number][] = [
  ['sel-stp-2016', selStp2016.scenario, 5000],
  ['small-hospital', smallHospital.scenario, 5000],
  ['one site, 100-fold growth, 11 y', grown(11, 0.585), 20],
  ['one site, census 20,000, 5 y', grown(5, 0, 768_000), 200],
  ['one site, 2-fold a year, 11 y', grown(11, 1), 2],
];

console.log(`node ${process.version}, one core, ${new Date().toISOString()}`);
console.log(['case'.padEnd(34), '  iters', ' estimated', '  measured', ' ratio'].join(' '));
for (const [label, input, iterations] of cases) {
  const scenario = scenarioSchema.parse(input);
  const estimate = estimateRunCost(scenario, iterations);
  const t0 = performance.now();
  const compiled = compileScenario(scenario);
  const block = simulateBlock(compiled, 1, 0, iterations);
  summariseEngine(compiled, 1, block);
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    [
      label.padEnd(34),
      String(iterations).padStart(7),
      formatSeconds(estimate.coreSeconds).padStart(10),
      formatSeconds(seconds).padStart(10),
      (estimate.coreSeconds / seconds).toFixed(2).padStart(6),
    ].join(' '),
  );
}
