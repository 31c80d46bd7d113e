/**
 * `npm run bench`: engine speed on one core, printed, never asserted.
 *
 *   iterations per second for a SEL-size scenario (8 acute sites + 2 centres = 10 sites,
 *   5 years, 5 options, risk method included) at 1,000 iterations (10,000 with --full);
 *   a scaling series: 2x and 4x the sites, 2x the years;
 *   peak resident memory.
 */
import { compileScenario } from '../models/engine.js';
import { simulateBlock, summariseEngine } from '../models/engine-summary.js';
import { syntheticScenario } from './synthetic-scenario.js';

const full = process.argv.includes('--full');
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

function measure(label: string, acuteSites: number, years: number, iterations: number) {
  const t0 = performance.now();
  const compiled = compileScenario(syntheticScenario(acuteSites, years));
  const t1 = performance.now();
  const block = simulateBlock(compiled, 1, 0, iterations);
  const t2 = performance.now();
  summariseEngine(compiled, 1, block);
  const t3 = performance.now();
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const perSecond = iterations / ((t2 - t1) / 1000);
  console.log(
    [label.padEnd(34), String(acuteSites + 2).padStart(5), String(years).padStart(5), String(iterations).padStart(7), perSecond.toFixed(0).padStart(9), ((t1 - t0) / 1000).toFixed(2).padStart(9), ((t2 - t1) / 1000).toFixed(1).padStart(9), ((t3 - t2) / 1000).toFixed(2).padStart(10)].join(' '),
  );
  return perSecond;
}

console.log(`node ${process.version}, one core (single-threaded), ${new Date().toISOString()}`);
console.log(['scenario'.padEnd(34), 'sites', 'years', '  iters', '   iter/s', 'compile s', 'simulate s', 'summarise s'].join(' '));
const base = measure('SEL size', 8, 5, 1000);
if (full) measure('SEL size', 8, 5, 10_000);
const series = 300;
const ref = measure('scaling: reference', 8, 5, series);
const twoSites = measure('scaling: 2x sites', 18, 5, series);
const fourSites = measure('scaling: 4x sites', 38, 5, series);
const twoYears = measure('scaling: 2x years', 8, 10, series);
clearInterval(sampler);
console.log('');
console.log(`cost ratio vs reference (1.00 = same cost per iteration): 2x sites ${(ref / twoSites).toFixed(2)}, 4x sites ${(ref / fourSites).toFixed(2)}, 2x years ${(ref / twoYears).toFixed(2)}`);
console.log(`SEL size: ${base.toFixed(0)} iterations/s against a target of 1,000; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
