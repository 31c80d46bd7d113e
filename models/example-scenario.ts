import type { MinimalScenario } from './minimal-scenario.js';

/**
 * A small one-site scenario: about 20,000 emergency admissions a year at a 5.8-day mean stay
 * (the NAO's 2016/17 national mean), growing 0.5-2.5% a year. Used by `npm start`'s first run,
 * the README and the tests.
 */
export const exampleScenario: MinimalScenario = {
  site: { name: 'Example General', beds: 400 },
  stream: { admissionsPerYear: 20_000, meanLosDays: 5.8 },
  growthPerYear: { p10: 0.005, p90: 0.025 },
  years: 4,
  targetOccupancy: 0.85,
};
