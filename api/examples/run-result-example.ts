/**
 * The RunResult component's example in the OpenAPI document: a real result (the small hospital,
 * seed 1, 20 iterations, model 0.5.0) filtered as ?scope=system&option=do-nothing&year=2027/28
 * &metric=bedsRequired,gap,probabilityShortfall,bridge (the occupancy bridge kept, the calibration
 * left out), so it is short enough to read. A unit test validates it with runResultSchema.
 */
export const runResultExample = {
  schemaVersion: 3,
  runId: 'sim-6ef2dc47aaa7f5c2a2a3cd7c',
  modelVersion: '0.5.0',
  inputsSha256: '6ef2dc47aaa7f5c2a2a3cd7ca80fb9a6c8e276b572b06b47befcf9788b7a121f',
  source: {
    preset: 'small-hospital',
  },
  scenario: {
    id: 'small-hospital',
    name: 'One district general hospital',
  },
  seed: 1,
  iterations: 20,
  years: ['2024/25', '2025/26', '2026/27', '2027/28'],
  sites: [
    {
      id: 'dgh',
      name: 'District General Hospital',
      role: 'acute',
    },
  ],
  options: [
    {
      id: 'do-nothing',
      name: 'Do nothing',
      interventions: [],
    },
    {
      id: 'admission-avoidance',
      name: 'Admission avoidance for frail patients',
      interventions: ['avoid-frail'],
    },
    {
      id: 'shorter-stays',
      name: 'Shorter emergency stays',
      interventions: ['shorter-stays'],
    },
  ],
  baselineOption: 'do-nothing',
  cells: [
    {
      option: 'do-nothing',
      scope: 'system',
      year: '2027/28',
      capacity: 400,
      bedsRequired: {
        occupancy: {
          mean: 445.1,
          mcse: 1.502454132761673,
          p5: 431.9,
          p10: 438.3,
          p25: 441.75,
          p50: 445,
          p75: 448.25,
          p90: 453,
          p95: 453.25,
        },
        risk: {
          mean: 407.5,
          mcse: 1.3248634487730186,
          p5: 395.9,
          p10: 401.4,
          p25: 404.75,
          p50: 408,
          p75: 410.25,
          p90: 414.1,
          p95: 415.2,
        },
      },
      gap: {
        occupancy: {
          mean: 45.1,
          mcse: 1.502454132761673,
          p5: 31.9,
          p10: 38.3,
          p25: 41.75,
          p50: 45,
          p75: 48.25,
          p90: 53,
          p95: 53.25,
        },
        risk: {
          mean: 7.5,
          mcse: 1.3248634487730186,
          p5: -4.1,
          p10: 1.4000000000000004,
          p25: 4.75,
          p50: 8,
          p75: 10.25,
          p90: 14.100000000000001,
          p95: 15.200000000000003,
        },
      },
      probabilityShortfall: {
        occupancy: 1,
        risk: 0.9,
      },
    },
  ],
  bridges: [
    {
      option: 'do-nothing',
      scope: 'system',
      year: '2027/28',
      method: 'occupancy',
      steps: [
        {
          step: "today's beds",
          kind: 'start',
          p50: 400,
          p10: 400,
          p90: 400,
        },
        {
          step: 'gap today',
          kind: 'change',
          p50: 28,
          p10: 28,
          p90: 28,
        },
        {
          step: 'growth',
          kind: 'change',
          p50: 17,
          p10: 10.3,
          p90: 25,
        },
        {
          step: 'required',
          kind: 'end',
          p50: 445,
          p10: 438.3,
          p90: 453,
        },
      ],
    },
  ],
} as const;
