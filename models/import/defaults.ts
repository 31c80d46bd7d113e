/**
 * What the importer assumes where a table is silent, each with its source. Numbered sources [n]
 * are those of ../shared/research/seed-parameters.md, as in the presets.
 */
import type { Pathway } from '../scenario.js';

/**
 * How occupied G&A bed days split by pathway when there is no activity table. The split is fixed
 * (the base year's bed days are the data, so they cannot be uncertain); what depends on it is how
 * fast each part grows and the census shape, and the source states its range.
 */
export const NATIONAL_SPLIT: readonly {
  key: 'emergency' | 'elective' | 'other';
  pathway: Pathway;
  share: number;
  source: string;
  kind: 'public' | 'derived' | 'assumption';
  note: string;
}[] = [
  {
    key: 'emergency',
    pathway: 'nonElective',
    share: 0.67,
    kind: 'public',
    source: 'emergency admissions use "around 67 per cent of hospital bed days", NAO 2013 [13]',
    note: '80% range 0.60-0.72 (seed-parameters 2.3); fixed here because the base year bed days are observed',
  },
  {
    key: 'elective',
    pathway: 'elective',
    share: 0.22,
    kind: 'derived',
    source:
      'elective ordinary (overnight) admissions about 52k a year at 4.5 days in SEL (seed-parameters 2.3, 45-60k at 4-5 days) = 0.23m bed days, 22% of SEL acute occupied bed days (2,918 beds x 365, KH03 2018-19 [1])',
    note: '80% range about 0.16-0.28 from the 45-60k and 4-5 day ranges; national HES by admission method would replace it',
  },
  {
    key: 'other',
    pathway: 'other',
    share: 0.11,
    kind: 'derived',
    source: 'the rest: 1 - 0.67 emergency - 0.22 elective (transfers, other non-elective, non-emergency stays)',
    note: 'takes up whatever the two shares above miss',
  },
];

export const LOS = {
  emergency: {
    losMeanDays: { p10: 4.9, p90: 6.5, group: 'los-emergency' },
    losShape: { family: 'lognormal' as const, sigma: 1.46 },
    source: 'NAO 2018 [9]: 33.59m emergency bed days / 5.8m admissions, England 2016/17; spread an assumption',
    shapeSource: 'lognormal with mean 5.8 and median about 2 days (sigma 1.46), Faddy et al. 2009 [18] for the family',
  },
  elective: {
    losMeanDays: { p10: 4.0, p90: 5.0, group: 'los-elective' },
    losShape: { family: 'lognormal' as const, sigma: 0.9 },
    source: 'elective ordinary LoS 4-5 days, seed-parameters 2.3 (assumption there)',
    shapeSource: 'lognormal, sigma 0.9, as the SEL preset',
  },
  other: {
    losMeanDays: { p10: 3.5, p90: 6.0, group: 'los-other' },
    losShape: { family: 'lognormal' as const, sigma: 1.2 },
    source: 'assumption: between elective (4-5 days) and emergency (5.8) stays, wide because the mix is unknown',
    shapeSource: 'assumption: lognormal, sigma 1.2, between the elective and emergency shapes',
  },
} as const;

/** Why the groups: a system runs long or short on LoS as a whole, so one draw moves all its streams of a kind. */
export const LOS_GROUP_NOTE =
  'one draw per iteration for every stream of this kind (group), so the system LoS moves together; with observed bed days it sets admissions, not bed days';

export const EMERGENCY_WEEK = [1.12, 1.03, 1, 1, 1, 0.92, 0.93];
export const EMERGENCY_YEAR = [1.05, 1.04, 1.02, 1, 0.98, 0.97, 0.97, 0.96, 0.98, 1, 1.01, 1.04];
export const WEEKDAYS_ONLY = [1, 1, 1, 1, 1, 0, 0];

export const GROWTH = [
  {
    id: 'demographic',
    ratePerYear: { p10: 0.004, p90: 0.008 },
    appliesTo: { pathways: ['nonElective', 'elective', 'other'] as Pathway[] },
    kind: 'public' as const,
    confidence: 'medium' as const,
    source:
      'UK population growth 0.5% in the year to mid-2019, "the slowest since mid-2004", 0.7% to mid-2012, 0.8% to mid-2010 (ONS mid-year estimates: https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/bulletins/annualmidyearpopulationestimates/mid2019estimates); 80% range 0.4-0.8%',
    note: 'national (UK, not England alone): a trust whose catchment grows faster or slower should override it',
  },
  {
    id: 'ageing',
    ratePerYear: { p10: 0.002, p90: 0.007 },
    appliesTo: { pathways: ['nonElective'] as Pathway[] },
    kind: 'assumption' as const,
    confidence: 'low' as const,
    source:
      'ageing effect on emergency bed days beyond headcount, informed by NAO 2018 [9] (demography explains just over half the rise in 65+ emergency admissions); as the SEL preset',
    note: undefined,
  },
  {
    id: 'non-demographic',
    ratePerYear: { p10: 0, p90: 0.012 },
    appliesTo: { pathways: ['nonElective'] as Pathway[] },
    kind: 'assumption' as const,
    confidence: 'low' as const,
    source:
      'non-demographic growth 0-1.2% a year, bounded by national emergency bed-day growth of 1.2% a year 2013/14-2016/17 (NAO 2018 [9]); as the SEL preset',
    note: undefined,
  },
];

/**
 * The site-level demand variation: how far one trust's occupied beds move in a year beyond what
 * national growth explains. Estimated from the one year of KH03 in ../shared/data (2018-19, 133
 * acute trusts with all four quarters):
 *
 * - each trust's log change in mean occupied G&A beds from one quarter to the next, less the
 *   national log change of that step (which removes the national seasonal pattern);
 * - its spread across trusts, per quarter: robustly (1.4826 x the median absolute deviation,
 *   blind to the one trust in ten with a big step from a reclassification or a reconfiguration)
 *   0.024, 0.025 and 0.022 for Q1->Q2, Q2->Q3, Q3->Q4; from the central 80% range instead
 *   ((P90 - P10) / 2.563, which counts how many trusts the tail puts outside an 80% interval)
 *   0.030, 0.030 and 0.027. Leaving out the trusts at 95% occupancy or more (where the cap hides
 *   demand) changes the robust figure little (0.023-0.027).
 * - Changes over 2 quarters spread about as a random walk would (Q1->Q3 0.036 robust against
 *   sqrt(2) x 0.024 = 0.034); over 3 a little less (Q1->Q4 0.039 against 0.042): mostly persistent.
 * - Under a quarterly random walk with step s, the mean of a year's four quarters differs from
 *   the previous year's by sd s x sqrt((1 + 4 + 9 + 16 + 9 + 4 + 1) / 16) = 1.66 s: 0.040 from the
 *   robust step, 0.048 from the 80%-range step.
 *
 * 0.045 a year, between the two. Had the quarterly changes been transient noise around a fixed
 * level instead (quarter sd s / sqrt(2)), a year's mean would differ from the last by s / 2, about
 * 0.013: the figure rests on the random-walk reading. `npm run backtest` shows the coverage it
 * gives on synthetic years and on the file's own quarters (README).
 */
export const DEMAND_VARIATION_SD_PER_YEAR = 0.045;
export const DEMAND_VARIATION_SOURCE =
  "KH03 2018-19 [1]: spread across 133 acute trusts of each trust's quarter-to-quarter log change in occupied G&A beds less the national change, 0.024 a quarter (robust) to 0.029 (from the central 80%); as a random walk (the 2-quarter spread supports it) a year's mean differs from the last by 1.66 x that, 0.040-0.048; 0.045 taken";
export const DEMAND_VARIATION_NOTE =
  'read as transient noise instead, the same data would give about 0.013; the backtest (npm run backtest) shows the coverage it gives';

export const DEFAULT_HORIZON_YEARS = 5;
export const TARGET_OCCUPANCY = 0.85;
export const RISK_TARGET = 0.01;
