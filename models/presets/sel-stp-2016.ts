/**
 * The South East London STP (October 2016), re-dated to start from the first observed year.
 *
 * Why re-dated rather than back-cast: the earliest trust-level bed data is KH03 2018-19. Used as
 * if it were 2016/17 (as this preset once did), two years of growth were then applied before
 * 2018/19, so the model's own 2018/19 ran at 94.5% occupancy against the 92.3% observed. A
 * back-cast would need two years of trust-level change that no source gives. So the plan's
 * five-year arc (its levers' ramps and its go-live one year after the start) runs from 2018/19,
 * observed, to 2022/23: the STP's question ("would demand fill a new hospital site?") asked of
 * the years the data allow.
 */
import type { Preset } from './preset.js';
import { SEL_NOTES, selPreset } from './sel-system.js';

export const selStp2016: Preset = selPreset({
  id: 'sel-stp-2016',
  name: 'South East London STP 2016',
  years: ['2018/19', '2019/20', '2020/21', '2021/22', '2022/23'],
  // The STP's ramps for its years 2-5 (LCN 0.35, 0.65, 1, 1; LoS 0.5, 0.8, 1, 1); its first-year
  // values (0.1 and 0.2) fall in the base year, which is observed, so they are 0.
  lcnRamp: [0.35, 0.65, 1, 1],
  losRamp: [0.5, 0.8, 1, 1],
  centresGoLive: '2019/20',
  centresRamp: { '2019/20': 0.5, '2020/21': 1 },
  timing: {
    years:
      'STP horizon of five years (2016/17 to 2020/21: STP L210, L2584-2608), re-dated to start in 2018/19, the first year with trust-level KH03 data [1]',
    lcnRamp:
      '"From 2019/20 we expect to have full coverage and to be realising benefit" (STP L1501): full effect in the fourth year of the plan; the shape before is an assumption; re-dated by two years',
    losRamp:
      'seed milestones: 7-day services 50% then 95%, integrated urgent care by 2018 (STP L1709-1712, L2610-2616); re-dated by two years',
    centresGoLive:
      '"(If agreed) Elective care centres build and go live" in the plan\'s third year (STP L2644-2647); re-dated, the first projected year',
    centresRamp:
      'benefits realisation the year after go-live (STP L2729-2731); half effect in the go-live year is an assumption',
  },
  summary:
    "The three SEL acute trusts (GSTT, KCH, LGT) at trust level with the 2016 STP's levers: LCN admission avoidance, length-of-stay reduction and two ring-fenced elective orthopaedic centres. The plan's five years run from 2018/19, the first year with trust-level data (observed), to 2022/23.",
  notes: [
    "Re-dated: the STP (2016/17 to 2020/21) is run over 2018/19 to 2022/23, because 2018-19 is the first year of trust-level KH03 data and the base year must be observed. The levers keep the plan's shape (full LCN effect in the fourth year, centres live in the second), shifted by two years.",
    ...SEL_NOTES,
    'No "plan as written" option: the STP\'s savings (e.g. £62.7m net from urgent and emergency care, STP L2534) come with no activity volumes or unit costs, so no defensible larger activity shift can be derived from them.',
  ],
});
