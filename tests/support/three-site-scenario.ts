import type { ScenarioInput } from '../../models/scenario.js';

/** Two acute sites and an elective orthopaedic centre, with all four levers: a test fixture. */
export const threeSiteScenario: ScenarioInput = {
  id: 'three-site',
  name: 'Three-site test system',
  years: ['2016/17', '2017/18', '2018/19', '2019/20', '2020/21'],
  sites: [
    { id: 'north', name: 'North General', role: 'acute', beds: 520 },
    { id: 'south', name: 'South General', role: 'acute', beds: 380 },
    { id: 'centre', name: 'Ortho Centre', role: 'electiveCentre', beds: 40, targetOccupancy: 0.9 },
  ],
  streams: [
    {
      id: 'north-ne-ltc',
      site: 'north',
      pathway: 'nonElective',
      segment: 'ltc3',
      admissionsPerYear: 9000,
      losMeanDays: { p10: 7, p90: 9 },
      losShape: { family: 'lognormal', sigma: 1.2 },
      weekdayProfile: [1.15, 1.05, 1, 1, 1, 0.9, 0.9],
      monthlyProfile: [1.1, 1.08, 1.04, 1, 0.97, 0.95, 0.95, 0.93, 0.96, 1, 1.02, 1.1],
    },
    {
      id: 'north-ne-other',
      site: 'north',
      pathway: 'nonElective',
      segment: 'other',
      admissionsPerYear: 18000,
      losMeanDays: 4.5,
      losShape: { family: 'lognormal', sigma: 1.46 },
    },
    {
      id: 'north-ortho',
      site: 'north',
      pathway: 'electiveOrthopaedic',
      admissionsPerYear: 1500,
      losMeanDays: { p10: 4, p90: 5.6 },
      losShape: { family: 'lognormal', sigma: 0.6 },
      weekdayProfile: [1, 1, 1, 1, 1, 0, 0],
    },
    {
      id: 'south-ne',
      site: 'south',
      pathway: 'nonElective',
      segment: 'other',
      admissionsPerYear: 16000,
      losMeanDays: 5.8,
      losShape: { family: 'lognormal', sigma: 1.46 },
    },
    {
      id: 'south-el',
      site: 'south',
      pathway: 'elective',
      admissionsPerYear: 4000,
      losMeanDays: 3.5,
      losShape: { family: 'gamma', cv: 0.8 },
      weekdayProfile: [1, 1, 1, 1, 1, 0, 0],
    },
    {
      id: 'south-ortho',
      site: 'south',
      pathway: 'electiveOrthopaedic',
      admissionsPerYear: 1200,
      losMeanDays: 4.8,
      losShape: { family: 'lognormal', sigma: 0.6 },
      weekdayProfile: [1, 1, 1, 1, 1, 0, 0],
    },
  ],
  growth: [
    { id: 'demographic', ratePerYear: { p10: 0.005, p90: 0.011 } },
    { id: 'non-demographic', ratePerYear: { p10: 0, p90: 0.012 }, appliesTo: { pathways: ['nonElective'] } },
    { id: 'ortho-demand', ratePerYear: { p10: 0.02, p90: 0.046 }, appliesTo: { pathways: ['electiveOrthopaedic'] } },
  ],
  bedPolicy: { targetOccupancy: 0.85, riskTarget: 0.05 },
  options: [
    { id: 'do-nothing', name: 'Do nothing', interventions: [] },
    {
      id: 'lcn',
      name: 'LCN avoidance',
      interventions: [
        {
          type: 'lcnAdmissionAvoidance',
          id: 'lcn',
          targets: { pathways: ['nonElective'], segments: ['ltc3'] },
          avoidableShare: { p10: 0.16, p90: 0.24 },
          reductionAtMaturity: { p10: 0.03, p90: 0.2 },
          avoidedLosFactor: { p10: 0.6, p90: 1 },
          ramp: { '2016/17': 0, '2017/18': 0.35, '2018/19': 0.65, '2019/20': 1 },
        },
      ],
    },
    {
      id: 'los',
      name: 'LoS reduction',
      interventions: [
        {
          type: 'losReduction',
          id: 'los',
          reductionAtMaturity: { p10: 0.01, p90: 0.06 },
          ramp: { '2016/17': 0, '2017/18': 0.5, '2018/19': 0.8, '2019/20': 1 },
        },
      ],
    },
    {
      id: 'ortho',
      name: 'Orthopaedic centre',
      interventions: [
        {
          type: 'orthopaedicConsolidation',
          id: 'ortho',
          centres: [{ site: 'centre', share: 1 }],
          goLiveYear: '2018/19',
          shareMoved: { p10: 0.8, p90: 0.95 },
          centreLosMeanDays: { p10: 2.5, p90: 3.8 },
        },
      ],
    },
  ],
  baselineOption: 'do-nothing',
};

/** The fixture with a fifth option that combines all its levers. */
export function withAllLevers(s: ScenarioInput): ScenarioInput {
  const all = s.options.flatMap((o) => o.interventions ?? []);
  return { ...s, options: [...s.options, { id: 'all', name: 'All levers', interventions: all }] };
}
