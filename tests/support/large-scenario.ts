/**
 * A valid scenario of about the size asked for, for tests of the size limits: the small hospital
 * with 1,000 streams (each with weekday and monthly profiles, the most the schema allows) and,
 * past that, extra sites of named bed pools (no streams), until its JSON reaches `bytes`.
 */
import { smallHospital } from '../../models/presets/small-hospital.js';
import type { ScenarioInput } from '../../models/scenario.js';

export function largeScenario(bytes: number): ScenarioInput {
  const base = structuredClone(smallHospital.scenario) as ScenarioInput & { streams: Record<string, unknown>[] };
  const template = base.streams.find((s) => s.pathway === 'nonElective') ?? base.streams[0]!;
  const streams = Array.from({ length: 1000 }, (_, i) => ({
    ...template,
    id: `stream-${String(i).padStart(4, '0')}-${'x'.repeat(60)}`,
    weekdayProfile: [1.1, 1.05, 1, 1, 0.95, 0.9, 1],
    monthlyProfile: [1.1, 1.08, 1.04, 1, 0.97, 0.95, 0.93, 0.94, 0.96, 1, 1.02, 1.01],
    ...(typeof template.bedDaysPerYear === 'number' ? { bedDaysPerYear: template.bedDaysPerYear / 1000 } : {}),
    ...(typeof template.admissionsPerYear === 'number' ? { admissionsPerYear: template.admissionsPerYear / 1000 } : {}),
  }));
  const scenario: ScenarioInput & { sites: unknown[] } = { ...base, streams: streams };
  // Sized by the input's JSON (defaults add a little when parsed: the callers leave a margin).
  let total = JSON.stringify(scenario).length;
  const pool = (s: number, p: number) => ({
    id: `pool-${p}`,
    name: `Pool ${p} of site ${s} `.padEnd(200, '.'),
    beds: 1,
  });
  const poolBytes = JSON.stringify(pool(299, 49)).length + 1;
  for (let s = 0; s < 299 && total + 300 + poolBytes <= bytes; s++) {
    const site = { id: `spare-${s}`, name: `Spare site ${s}`, role: 'acute' as const, beds: 1, pools: [pool(s, 0)] };
    scenario.sites.push(site);
    total += JSON.stringify(site).length + 1;
    while (site.pools.length < 50 && total + poolBytes <= bytes) {
      site.pools.push(pool(s, site.pools.length));
      site.beds = site.pools.length;
      total += poolBytes;
    }
  }
  return scenario;
}
