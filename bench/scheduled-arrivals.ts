/**
 * `npx tsx bench/scheduled-arrivals.ts`: what scheduled arrivals cost the engine, printed, never
 * asserted. The SEL STP 2016 preset as it is (elective streams scheduled) against the same preset
 * with every stream Poisson, alternately in one process, three times each: CPU seconds (user +
 * system, steadier than wall time on a shared machine) for the compile, the first 100 iterations
 * (where the threshold lookups and tables warm up) and the next 900.
 */
import { compileScenario } from '../models/engine.js';
import { simulateBlock } from '../models/engine-summary.js';
import { selStp2016 } from '../models/presets/sel-stp-2016.js';

const poisson = structuredClone(selStp2016.scenario);
for (const s of poisson.streams) delete s.arrivals;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const runs: Record<string, number[][]> = { poisson: [], scheduled: [] };
for (let rep = 0; rep < 3; rep++) {
  for (const [name, scenario] of [
    ['poisson', poisson],
    ['scheduled', selStp2016.scenario],
  ] as const) {
    const t0 = cpu();
    const compiled = compileScenario(scenario);
    const t1 = cpu();
    simulateBlock(compiled, 1, 0, 100);
    const t2 = cpu();
    simulateBlock(compiled, 1, 100, 900);
    const t3 = cpu();
    runs[name]!.push([t1 - t0, t2 - t1, t3 - t2, t3 - t0]);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log('CPU seconds, median of 3    compile  first 100  next 900    total');
for (const [name, list] of Object.entries(runs)) {
  const cols = [0, 1, 2, 3].map((k) =>
    median(list.map((r) => r[k]!))
      .toFixed(2)
      .padStart(9),
  );
  console.log(`${name.padEnd(28)}${cols.join(' ')}`);
}
