/**
 * Monte Carlo of the minimal scenario: uncertain growth, Poisson admissions, occupancy-method
 * beds. Real simulation on the same random streams and summaries the full engine uses.
 */
import { poisson, standardNormal } from './distributions.js';
import { DAYS_PER_YEAR, GROWTH_RANGE, type MinimalResult, type MinimalScenario, type MinimalYearSummary } from './minimal-scenario.js';
import { bedsByOccupancy } from './occupancy-method.js';
import { namedStream } from './random-streams.js';
import { probability, summarise } from './summary.js';
import { uncertainValue } from './uncertain.js';

export interface MinimalIteration {
  /** Index 0 is the base year. */
  admissions: number[];
  bedDays: number[];
  bedsRequired: number[];
}

export function simulateMinimalIteration(scenario: MinimalScenario, seed: number, iteration: number): MinimalIteration {
  const growth = uncertainValue(
    scenario.growthPerYear,
    standardNormal(namedStream(seed, iteration, 'growth')),
    GROWTH_RANGE,
  );
  const out: MinimalIteration = { admissions: [], bedDays: [], bedsRequired: [] };
  for (let year = 0; year <= scenario.years; year++) {
    const expected = scenario.stream.admissionsPerYear * (1 + growth) ** year;
    const admissions = poisson(expected, namedStream(seed, iteration, `admissions/${year}`));
    const bedDays = admissions * scenario.stream.meanLosDays;
    out.admissions.push(admissions);
    out.bedDays.push(bedDays);
    out.bedsRequired.push(bedsByOccupancy(bedDays, scenario.targetOccupancy, DAYS_PER_YEAR));
  }
  return out;
}

export function summariseMinimal(
  scenario: MinimalScenario,
  seed: number,
  iterations: readonly MinimalIteration[],
): MinimalResult {
  const years: MinimalYearSummary[] = [];
  for (let year = 0; year <= scenario.years; year++) {
    const beds = iterations.map((it) => it.bedsRequired[year]!);
    years.push({
      year,
      admissions: summarise(iterations.map((it) => it.admissions[year]!)),
      bedDays: summarise(iterations.map((it) => it.bedDays[year]!)),
      bedsRequired: summarise(beds),
      capacity: scenario.site.beds,
      probabilityShortfall: probability(beds, (b) => b > scenario.site.beds),
    });
  }
  return { iterations: iterations.length, seed, years };
}
