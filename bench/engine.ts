/**
 * `npm run bench`: engine speed on one core, printed, never asserted.
 *
 *   iterations per second for a SEL-size scenario (8 acute sites + 2 centres = 10 sites,
 *   5 years, 5 options, risk method included) at 1,000 iterations (10,000 with --full), for
 *   the simulation alone and end to end (compile + simulate + summarise);
 *   the same for the SEL STP 2016 preset itself (5 sites, 5 options);
 *   a scaling series: 2x and 4x the sites, 2x the years;
 *   peak resident memory.
 */
import { compileScenario } from '../models/engine.js';
import { simulateBlock, summariseEngine } from '../models/engine-summary.js';
import { selStp2016 } from '../models/presets/sel-stp-2016.js';
import type { ScenarioInput } from '../models/scenario.js';
import { syntheticScenario } from './synthetic-scenario.js';

const full = process.argv.includes('--full');
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

function measure(label: string, scenario: ScenarioInput, iterations: number) {
  const t0 = performance.now();
  const compiled = compileScenario(scenario);
  const t1 = performance.now();
  const block = simulateBlock(compiled, 1, 0, iterations);
  const t2 = performance.now();
  summariseEngine(compiled, 1, block);
  const t3 = performance.now();
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const perSecond = iterations / ((t2 - t1) / 1000);
  const endToEnd = iterations / ((t3 - t0) / 1000);
  const sites = compiled.scopeCount - 1;
  console.log(
    [
      label.padEnd(30),
      String(sites).padStart(5),
      String(compiled.years.length).padStart(5),
      String(iterations).padStart(7),
      perSecond.toFixed(0).padStart(9),
      endToEnd.toFixed(0).padStart(10),
      ((t1 - t0) / 1000).toFixed(2).padStart(9),
      ((t2 - t1) / 1000).toFixed(2).padStart(10),
      ((t3 - t2) / 1000).toFixed(2).padStart(11),
    ].join(' '),
  );
  return { perSecond, endToEnd };
}

console.log(`node ${process.version}, one core (single-threaded), ${new Date().toISOString()}`);
console.log(
  [
    'scenario'.padEnd(30),
    'sites',
    'years',
    '  iters',
    '   iter/s',
    'end-to-end',
    'compile s',
    'simulate s',
    'summarise s',
  ].join(' '),
);
const selSize = syntheticScenario(8, 5);
const base = measure('SEL size (synthetic)', selSize, 1000);
const base10k = full ? measure('SEL size (synthetic)', selSize, 10_000) : undefined;
measure('SEL STP 2016 preset', selStp2016.scenario, 1000);
if (full) measure('SEL STP 2016 preset', selStp2016.scenario, 10_000);
const series = 300;
const ref = measure('scaling: reference', syntheticScenario(8, 5), series).perSecond;
const twoSites = measure('scaling: 2x sites', syntheticScenario(18, 5), series).perSecond;
const fourSites = measure('scaling: 4x sites', syntheticScenario(38, 5), series).perSecond;
const twoYears = measure('scaling: 2x years', syntheticScenario(8, 10), series).perSecond;
clearInterval(sampler);
console.log('');
console.log(
  `cost ratio vs reference (1.00 = same cost per iteration): 2x sites ${(ref / twoSites).toFixed(2)}, 4x sites ${(ref / fourSites).toFixed(2)}, 2x years ${(ref / twoYears).toFixed(2)}`,
);
const tenK = base10k
  ? `; 10,000 iterations: ${base10k.perSecond.toFixed(0)}/s simulating, ${base10k.endToEnd.toFixed(0)}/s end to end`
  : ' (10,000 with --full)';
console.log(
  `SEL size: 1,000 iterations: ${base.perSecond.toFixed(0)}/s simulating, ${base.endToEnd.toFixed(0)}/s end to end${tenK}; target 1,000/s. Peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
);
