/**
 * A synthetic scenario of a given size, shaped like the SEL plan: acute sites with three
 * non-elective segments, elective and elective orthopaedic streams, ring-fenced centres, and the
 * five options (do nothing, each lever, all together). For benchmarks of cost against size.
 */
import type { ScenarioInput } from '../models/scenario.js';

export function syntheticScenario(acuteSites: number, years: number): ScenarioInput {
  const yearNames = Array.from({ length: years }, (_, t) => `${2016 + t}/${String(17 + t).padStart(2, '0')}`);
  const sites: ScenarioInput['sites'] = [];
  const streams: ScenarioInput['streams'] = [];
  for (let i = 0; i < acuteSites; i++) {
    const id = `acute-${i + 1}`;
    const size = 0.6 + (0.8 * i) / Math.max(1, acuteSites - 1);
    sites.push({ id, name: `Acute ${i + 1}`, role: 'acute', beds: Math.round(380 * size) });
    const ne = (segment: string, share: number, los: number) =>
      streams.push({
        id: `${id}-ne-${segment}`,
        site: id,
        pathway: 'nonElective',
        segment,
        admissionsPerYear: Math.round(24_000 * size * share),
        losMeanDays: { p10: los * 0.85, p90: los * 1.15 },
        losShape: { family: 'lognormal', sigma: 1.3 },
        weekdayProfile: [1.15, 1.05, 1, 1, 1, 0.88, 0.92],
        monthlyProfile: [1.1, 1.08, 1.03, 1, 0.97, 0.95, 0.95, 0.93, 0.96, 1, 1.02, 1.1],
      });
    ne('eol', 0.05, 9);
    ne('ltc3', 0.25, 8);
    ne('other', 0.7, 4.5);
    streams.push({
      id: `${id}-el`,
      site: id,
      pathway: 'elective',
      admissionsPerYear: Math.round(5000 * size),
      losMeanDays: 3.5,
      losShape: { family: 'gamma', cv: 0.8 },
      weekdayProfile: [1, 1, 1, 1, 1, 0, 0],
    });
    streams.push({
      id: `${id}-ortho`,
      site: id,
      pathway: 'electiveOrthopaedic',
      admissionsPerYear: Math.round(700 * size),
      losMeanDays: { p10: 4, p90: 5.6 },
      losShape: { family: 'lognormal', sigma: 0.6 },
      weekdayProfile: [1, 1, 1, 1, 1, 0, 0],
    });
  }
  sites.push({ id: 'centre-a', name: 'Centre A', role: 'electiveCentre', beds: 50, targetOccupancy: 0.9 });
  sites.push({ id: 'centre-b', name: 'Centre B', role: 'electiveCentre', beds: 50, targetOccupancy: 0.9 });
  const ramp = (values: number[]) =>
    Object.fromEntries(yearNames.map((y, t) => [y, values[Math.min(t, values.length - 1)]!]));
  const lcn = {
    type: 'lcnAdmissionAvoidance' as const,
    id: 'lcn',
    targets: { pathways: ['nonElective' as const], segments: ['eol', 'ltc3'] },
    avoidableShare: { p10: 0.16, p90: 0.24 },
    reductionAtMaturity: { p10: 0.03, p90: 0.2 },
    avoidedLosFactor: { p10: 0.6, p90: 1 },
    ramp: ramp([0, 0.35, 0.65, 1]), // 0 in the base year, which is observed
  };
  const los = {
    type: 'losReduction' as const,
    id: 'los',
    reductionAtMaturity: { p10: 0.01, p90: 0.06 },
    ramp: ramp([0, 0.5, 0.8, 1]),
  };
  const ortho = {
    type: 'orthopaedicConsolidation' as const,
    id: 'ortho',
    centres: [
      { site: 'centre-a', share: 0.5 },
      { site: 'centre-b', share: 0.5 },
    ],
    goLiveYear: yearNames[Math.min(2, years - 1)]!,
    shareMoved: { p10: 0.8, p90: 0.95 },
    centreLosMeanDays: { p10: 2.5, p90: 3.8 },
  };
  return {
    id: `synthetic-${acuteSites}x${years}`,
    name: `Synthetic ${acuteSites} acute sites, ${years} years`,
    years: yearNames,
    sites,
    streams,
    growth: [
      { id: 'demographic', ratePerYear: { p10: 0.005, p90: 0.011 } },
      { id: 'ageing', ratePerYear: { p10: 0.002, p90: 0.007 }, appliesTo: { pathways: ['nonElective'] } },
      { id: 'non-demographic', ratePerYear: { p10: 0, p90: 0.012 }, appliesTo: { pathways: ['nonElective'] } },
      { id: 'ortho-demand', ratePerYear: { p10: 0.02, p90: 0.046 }, appliesTo: { pathways: ['electiveOrthopaedic'] } },
    ],
    bedPolicy: { targetOccupancy: 0.85, riskTarget: 0.05 },
    options: [
      { id: 'do-nothing', name: 'Do nothing', interventions: [] },
      { id: 'lcn', name: 'LCN admission avoidance', interventions: [lcn] },
      { id: 'los', name: 'Length-of-stay reduction', interventions: [los] },
      { id: 'ortho', name: 'Orthopaedic centres', interventions: [ortho] },
      { id: 'all', name: 'All four levers', interventions: [lcn, los, ortho] },
    ],
    baselineOption: 'do-nothing',
  };
}
