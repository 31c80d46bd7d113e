/**
 * A small first scenario: one district general hospital with a handful of streams and two
 * levers. It runs in well under a second, for first-time users and for tests.
 */
import type { Preset } from './preset.js';

export const smallHospital: Preset = {
  id: 'small-hospital',
  name: 'One district general hospital',
  summary: 'A 400-bed hospital over four years: does admission avoidance or shorter stays absorb growth?',
  notes: [
    'Illustrative figures of national orders of magnitude, not any real hospital.',
    'Elective admissions come by weekday lists (scheduled arrivals), so their census varies less than if they arrived at random.',
    "The base year 2024/25 is taken as observed: its bed days are the streams' admissions at their central LoS, reproduced in every iteration; the levers act from 2025/26.",
  ],
  scenario: {
    id: 'small-hospital',
    name: 'One district general hospital',
    years: ['2024/25', '2025/26', '2026/27', '2027/28'],
    sites: [{ id: 'dgh', name: 'District General Hospital', role: 'acute', beds: 400 }],
    streams: [
      {
        id: 'ne-frail',
        site: 'dgh',
        pathway: 'nonElective',
        segment: 'frail',
        admissionsPerYear: 5000,
        losMeanDays: { p10: 8, p90: 11 },
        losShape: { family: 'lognormal', sigma: 1.1 },
        weekdayProfile: [1.12, 1.03, 1, 1, 1, 0.92, 0.93],
        monthlyProfile: [1.08, 1.06, 1.02, 1, 0.97, 0.95, 0.95, 0.94, 0.97, 1, 1.02, 1.06],
      },
      {
        id: 'ne-other',
        site: 'dgh',
        pathway: 'nonElective',
        segment: 'other',
        admissionsPerYear: 16000,
        losMeanDays: { p10: 3.5, p90: 4.5 },
        losShape: { family: 'lognormal', sigma: 1.3 },
        weekdayProfile: [1.12, 1.03, 1, 1, 1, 0.92, 0.93],
      },
      {
        id: 'elective',
        site: 'dgh',
        pathway: 'elective',
        admissionsPerYear: 6000,
        losMeanDays: 3.5,
        losShape: { family: 'gamma', cv: 0.8 },
        weekdayProfile: [1, 1, 1, 1, 1, 0, 0],
        arrivals: 'scheduled',
      },
    ],
    growth: [
      { id: 'demographic', ratePerYear: { p10: 0.005, p90: 0.011 } },
      { id: 'non-demographic', ratePerYear: { p10: 0, p90: 0.012 }, appliesTo: { pathways: ['nonElective'] } },
    ],
    bedPolicy: { targetOccupancy: 0.85, riskTarget: 0.01 },
    options: [
      { id: 'do-nothing', name: 'Do nothing', interventions: [] },
      {
        id: 'admission-avoidance',
        name: 'Admission avoidance for frail patients',
        interventions: [
          {
            type: 'lcnAdmissionAvoidance',
            id: 'avoid-frail',
            targets: { pathways: ['nonElective'], segments: ['frail'] },
            avoidableShare: { p10: 0.2, p90: 0.35 },
            reductionAtMaturity: { p10: 0.05, p90: 0.25 },
            avoidedLosFactor: { p10: 0.6, p90: 1 },
            ramp: { '2024/25': 0, '2025/26': 0.4, '2026/27': 0.8, '2027/28': 1 },
          },
        ],
      },
      {
        id: 'shorter-stays',
        name: 'Shorter emergency stays',
        interventions: [
          {
            type: 'losReduction',
            id: 'shorter-stays',
            reductionAtMaturity: { p10: 0.02, p90: 0.08 },
            ramp: { '2024/25': 0, '2025/26': 0.4, '2026/27': 0.8, '2027/28': 1 },
          },
        ],
      },
    ],
    baselineOption: 'do-nothing',
  },
  sources: [
    {
      pointer: '/streams',
      source: 'illustrative: emergency LoS about the national 5.8-day mean (NAO 2018), frail stays longer',
      kind: 'assumption',
      confidence: 'low',
    },
    {
      pointer: '/streams/2/arrivals',
      source:
        'planned admissions come by weekday lists (a 5-day ward: anchors-peers section 4), Monday to Friday equally, no cancellations: an assumption',
      kind: 'assumption',
      confidence: 'medium',
    },
  ],
};
