/**
 * Scenarios from issue 15: the typo that took the service down, and variations of it. Built from
 * the small-hospital preset so they stay valid as the preset changes. Shared by the tests and
 * `npm run chaos`.
 */
import { smallHospital } from '../models/presets/small-hospital.js';
import type { ScenarioInput } from '../models/scenario.js';

export const horizon = (years: number) =>
  Array.from(
    { length: years },
    (_, i) =>
      `${2024 + i}/${String(25 + i)
        .padStart(2, '0')
        .slice(-2)}`,
  );

/**
 * Two hospitals over `years` years with one growth driver at `ratePerYear` (fixed): with 1
 * (meant as 1%, read as 100%), admissions double every year.
 */
export function twoHospitals(ratePerYear: number, years = 11): ScenarioInput {
  const s = structuredClone(smallHospital.scenario);
  const names = horizon(years);
  return {
    ...s,
    id: 'two-hospitals',
    years: names,
    sites: [s.sites[0]!, { id: 'dgh2', name: 'Second General', role: 'acute', beds: 300 }],
    streams: [...s.streams, { ...s.streams[0]!, id: 'ne2', site: 'dgh2' }],
    growth: [{ id: 'demographic', ratePerYear }],
    // Levers from the first projected year (the base year is observed).
    options: s.options.map((o) => ({
      ...o,
      interventions: (o.interventions ?? []).map((iv) =>
        iv.type === 'lcnAdmissionAvoidance' || iv.type === 'losReduction'
          ? { ...iv, ramp: { [names[1]!]: 0.3, [names[2]!]: 1 } }
          : iv,
      ),
    })),
  };
}

/**
 * Years of the typo that still make a runaway on the worker. The 11 years (1,024-fold
 * demand) took 24 s an iteration then and about 1 s since the risk lookup gallops from its last
 * answer: still refused at launch, but no longer past the 4 s an iteration may take. 18 years
 * (131,072-fold) take far longer than that (16 took 9 s here), so behind the API's back the shard
 * still meets its deadline and fails as RunTooBig.
 */
export const RUNAWAY_YEARS = 18;
