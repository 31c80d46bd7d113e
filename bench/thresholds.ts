/**
 * `npm run bench:thresholds`: the exact risk-threshold solves that a planned census's lookups
 * pay (models/risk-thresholds.ts), printed, never asserted: solves per second over the SEL STP
 * 2016 preset's planned shapes, and one 3,000-iteration SEL run in process (compile, simulate,
 * summarise), most of whose time is those solves' warm-up.
 */
import { compileScenario } from '../models/engine.js';
import { simulateBlock, summariseEngine } from '../models/engine-summary.js';
import { selStp2016 } from '../models/presets/sel-stp-2016.js';
import { thresholdLoad } from '../models/risk-thresholds.js';

console.log(`node ${process.version}, one core (single-threaded), ${new Date().toISOString()}`);
const compiled = compileScenario(selStp2016.scenario);
const shapes = compiled.shapes.flat(2).filter((s) => s?.dispersion !== undefined);
const { riskTarget, riskMeasure } = compiled.scenario.bedPolicy;
for (let round = 0; round < 3; round++) {
  const t0 = performance.now();
  let solves = 0;
  for (const shape of shapes.slice(0, 6))
    for (let beds = 1; beds < 800; beds += 3) {
      thresholdLoad(beds, shape!, riskTarget, riskMeasure);
      solves++;
    }
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `threshold solves, round ${round + 1}: ${solves} in ${seconds.toFixed(2)} s, ${(solves / seconds).toFixed(0)}/s`,
  );
}
const t0 = performance.now();
const sel = compileScenario(selStp2016.scenario);
const t1 = performance.now();
const block = simulateBlock(sel, 1, 0, 3000);
const t2 = performance.now();
summariseEngine(sel, 1, block);
const t3 = performance.now();
const s = (a: number, b: number) => ((b - a) / 1000).toFixed(2);
console.log(
  `SEL STP 2016, 3,000 iterations: compile ${s(t0, t1)} s, simulate ${s(t1, t2)} s, summarise ${s(t2, t3)} s`,
);
