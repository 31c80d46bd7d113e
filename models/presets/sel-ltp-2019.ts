/**
 * South East London's response to the NHS Long Term Plan (2019): the three acute trusts from the
 * 2018-19 KH03 quarters (the base year, observed) over the response's horizon, 2019/20 to
 * 2023/24 (LTP L8-9), with the levers the response names: "Reduction in A&E attends and
 * non-elective admissions / Reduced length of stay / ... Delivery of care in alternative
 * settings" (LTP L147-151) and consolidation "e.g. the elective orthopaedic centres" (LTP). The
 * response gives no activity figures, so the effect sizes are the same evidence ranges as the STP
 * preset's, phased evenly over the five years ("Phase activity over 5 years", LTP L16).
 */
import type { Preset } from './preset.js';
import { SEL_NOTES, selPreset } from './sel-system.js';

export const selLtp2019: Preset = selPreset({
  id: 'sel-ltp-2019',
  name: 'South East London Long Term Plan response 2019',
  years: ['2018/19', '2019/20', '2020/21', '2021/22', '2022/23', '2023/24'],
  lcnRamp: [0.2, 0.4, 0.6, 0.8, 1],
  losRamp: [0.2, 0.4, 0.6, 0.8, 1],
  centresGoLive: '2020/21',
  centresRamp: { '2020/21': 0.5, '2021/22': 1 },
  timing: {
    years:
      'LTP response horizon "between 2019/20 and 2023/24" (LTP L8-9), after the base year 2018/19, the KH03 year observed [1]',
    lcnRamp:
      '"Phase activity over 5 years based on local need" (LTP L16): an even phasing to full effect in 2023/24 (assumption)',
    losRamp: '"Reduced length of stay" (LTP L147-151), phased evenly over the five years (assumption)',
    centresGoLive:
      '"consolidation (e.g. the elective orthopaedic centres)" (LTP, quality and variation priority); go-live in 2020/21 is an assumption',
    centresRamp: 'half effect in the go-live year, full the year after (assumption, as in the STP: STP L2729-2731)',
  },
  summary:
    "The three SEL acute trusts (GSTT, KCH, LGT) from the observed 2018/19 base year over the Long Term Plan response's horizon, 2019/20 to 2023/24: admission avoidance, shorter stays and the elective orthopaedic centres, phased over five years.",
  notes: [
    'The response (seeds/sel-ltp-response-2019.txt) gives priorities and finance, no activity, beds or effect sizes: the levers carry the same evidence ranges as sel-stp-2016, phased evenly to 2023/24.',
    ...SEL_NOTES,
  ],
});
