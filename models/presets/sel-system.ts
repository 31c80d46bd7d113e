/**
 * The South East London system (GSTT, KCH, LGT) as a scenario, from its first observed year:
 * the builder behind the presets sel-stp-2016 (the 2016 STP's levers) and sel-ltp-2019 (the 2019
 * Long Term Plan response's horizon). The seeds give money, not activity: every bed and activity
 * figure comes from public data or a stated assumption, following
 * ../shared/research/seed-parameters.md (sections 1-3), whose numbered sources [n] are cited here.
 * STP Lnnn is a line of seeds/sel-stp-2016.txt, LTP Lnnn of seeds/sel-ltp-response-2019.txt.
 *
 * The base year is 2018/19, the first year with trust-level KH03 data: its beds and occupied
 * beds are observed, and every iteration reproduces them (the engine derives each iteration's
 * admissions from the observed bed days and its drawn LoS). Nothing planned acts in it.
 */
import type { ScenarioInput } from '../scenario.js';
import { DEMAND_VARIATION_SD_PER_YEAR, DEMAND_VARIATION_SOURCE } from '../import/defaults.js';
import { type ParameterSource, type Preset, sourceList } from './preset.js';

/** The year of the data: KH03 2018-19, the earliest trust-level year found [1]. */
export const SEL_BASE_YEAR = '2018/19';

/** KH03 2018-19 general and acute beds, mean of the four quarters [1]: available and occupied. */
const TRUSTS = [
  { id: 'gstt', name: "Guy's and St Thomas' NHS Foundation Trust", code: 'RJ1', beds: 1032, occupied: 869.99 },
  { id: 'kch', name: "King's College Hospital NHS Foundation Trust", code: 'RJZ', beds: 1269, occupied: 1230.5 },
  { id: 'lgt', name: 'Lewisham and Greenwich NHS Trust', code: 'RJ2', beds: 859, occupied: 817.48 },
] as const;

/**
 * Local demand variation per trust, sd of a year's log change: what national growth rates cannot
 * carry. The importer's estimate from the KH03 2018-19 quarters of the 133 acute trusts, one
 * figure for every scenario (models/import/defaults.ts says how it was made).
 */
export const SEL_DEMAND_SD_PER_YEAR = DEMAND_VARIATION_SD_PER_YEAR;

const EMERGENCY_SHARE_OF_BED_DAYS = 0.67; // NAO 2013 [13]
const ORTHO_SPELLS_SEL = 5000; // assumption anchored on SWLEOC [34][35]
const ORTHO_MEAN_LOS = 4.8; // Burn et al. [37], Wainwright [38]
const RESIDUAL_MEAN_LOS = 4.5; // assumption within the 4-5 days of section 2.3
const TOTAL_BEDS = TRUSTS.reduce((a, t) => a + t.beds, 0);
/** Beds repurposed for each orthopaedic centre (sources beside the capacity change). */
const CENTRE_BEDS = 24;
const DAYS = 365;

/** Shares of emergency admissions by the STP's population segments (STP L139-193): an assumption. */
const SEGMENTS = [
  { id: 'end-of-life', share: 0.04 },
  { id: 'ltc-3plus', share: 0.3 },
  { id: 'ltc-early', share: 0.22 },
  { id: 'other', share: 0.44 },
] as const;
const LCN_TARGET_SEGMENTS = ['end-of-life', 'ltc-3plus', 'ltc-early'];
const LCN_TARGET_SHARE = SEGMENTS.filter((s) => LCN_TARGET_SEGMENTS.includes(s.id)).reduce((a, s) => a + s.share, 0);

const EMERGENCY_WEEK = [1.12, 1.03, 1, 1, 1, 0.92, 0.93];
const EMERGENCY_YEAR = [1.05, 1.04, 1.02, 1, 0.98, 0.97, 0.97, 0.96, 0.98, 1, 1.01, 1.04];
const WEEKDAYS_ONLY = [1, 1, 1, 1, 1, 0, 0];

const round = (x: number) => Math.round(x);

/** What distinguishes one SEL preset from another: its horizon and when its levers act. */
export interface SelPlan {
  id: string;
  name: string;
  /** The base year (SEL_BASE_YEAR) first, then the projected years. */
  years: string[];
  /** Share of full effect by projected year, for LCN avoidance and LoS reduction (0 in the base year). */
  lcnRamp: number[];
  losRamp: number[];
  /** Centres: go-live (a projected year) and their ramp by year. */
  centresGoLive: string;
  centresRamp: Record<string, number>;
  /** Where each timing comes from, cited beside the parameter. */
  timing: { years: string; lcnRamp: string; losRamp: string; centresGoLive: string; centresRamp: string };
  summary: string;
  notes: string[];
}

/** Every emergency stream's mean LoS is one question: does SEL track the national average? */
const EMERGENCY_LOS_GROUP = 'sel-emergency-los';
/** And every trust's elective orthopaedic LoS another. */
const ORTHO_LOS_GROUP = 'sel-ortho-los';

export function selPreset(plan: SelPlan): Preset {
  const { scenario, sources } = build(plan);
  return { id: plan.id, name: plan.name, summary: plan.summary, notes: plan.notes, scenario, sources };
}

function build(plan: SelPlan): { scenario: ScenarioInput; sources: ParameterSource[] } {
  const YEARS = plan.years;
  if (YEARS[0] !== SEL_BASE_YEAR) throw new Error(`SEL presets start in the data's year ${SEL_BASE_YEAR}`);
  const { sources, cite } = sourceList();

  const sites: ScenarioInput['sites'] = [];
  const streams: ScenarioInput['streams'] = [];
  TRUSTS.forEach((trust, i) => {
    sites.push({ id: trust.id, name: trust.name, role: 'acute', beds: trust.beds, occupiedBeds: trust.occupied });
    cite(
      `/sites/${i}/beds`,
      'public',
      'medium',
      `KH03 general and acute beds available, ${trust.code}, 2018-19 mean of 4 quarters [1]`,
      'trust level because site splits are not reliable',
    );
    cite(
      `/sites/${i}/occupiedBeds`,
      'public',
      'high',
      `KH03 general and acute beds occupied, ${trust.code}, 2018-19 mean of 4 quarters [1]: the observed base year`,
      trust.id === 'kch' ? 'KCH runs at 97% of its beds: observed occupancy understates demand' : undefined,
    );

    const occupiedBedDays = trust.occupied * DAYS;
    const emergencyBedDays = occupiedBedDays * EMERGENCY_SHARE_OF_BED_DAYS;
    for (const segment of SEGMENTS) {
      const k = streams.length;
      streams.push({
        id: `${trust.id}-ne-${segment.id}`,
        site: trust.id,
        pathway: 'nonElective',
        segment: segment.id,
        bedDaysPerYear: Math.round(emergencyBedDays * segment.share * 100) / 100,
        losMeanDays: { p10: 4.9, p90: 6.5, group: EMERGENCY_LOS_GROUP },
        losShape: { family: 'lognormal', sigma: 1.46 },
        weekdayProfile: EMERGENCY_WEEK,
        monthlyProfile: EMERGENCY_YEAR,
      });
      cite(
        `/streams/${k}/bedDaysPerYear`,
        'derived',
        'low',
        `occupied beds ${trust.occupied} (KH03 2018-19 [1]) x ${DAYS} x emergency share of bed days 0.67 (NAO 2013 [13]) x segment share ${segment.share}`,
        'segment shares are an assumption (the STP gives population shares only, STP L139-193); emergency admissions implied at 5.8 days cross-checked against A&E attendances x 27% conversion [1][11]',
      );
      cite(
        `/streams/${k}/losMeanDays`,
        'public',
        'medium',
        'NAO 2018 [9]: 33.59m emergency bed days / 5.8m admissions, England 2016/17; spread an assumption',
        `one draw for every SEL emergency stream (group ${EMERGENCY_LOS_GROUP}): whether SEL tracks the national mean is one question, not twelve`,
      );
      cite(
        `/streams/${k}/losShape`,
        'assumption',
        'low',
        'lognormal with mean 5.8 and median about 2 days (sigma 1.46), Faddy et al. 2009 [18] for the family',
      );
      cite(
        `/streams/${k}/weekdayProfile`,
        'assumption',
        'low',
        'Monday peak and weekend dip of emergency admissions; no SEL figure in the seeds or research',
      );
      cite(
        `/streams/${k}/monthlyProfile`,
        'assumption',
        'low',
        'winter peak about +5%: England Q4 occupancy 1.5 points above the annual mean in 2018-19 [1]',
      );
    }

    const orthoSpells = (ORTHO_SPELLS_SEL * trust.beds) / TOTAL_BEDS;
    const orthoBedDays = Math.round(orthoSpells * ORTHO_MEAN_LOS * 100) / 100;
    let k = streams.length;
    streams.push({
      id: `${trust.id}-elective-ortho`,
      site: trust.id,
      pathway: 'electiveOrthopaedic',
      bedDaysPerYear: orthoBedDays,
      losMeanDays: { p10: 4.0, p90: 5.6, group: ORTHO_LOS_GROUP },
      losShape: { family: 'lognormal', sigma: 0.6 },
      weekdayProfile: WEEKDAYS_ONLY,
      arrivals: 'scheduled',
    });
    cite(
      `/streams/${k}/bedDaysPerYear`,
      'assumption',
      'low',
      `SEL adult inpatient elective orthopaedics about 5,000 spells a year (80% range 4,000-6,500), anchored on SWLEOC [34][35], split by share of beds, x mean LoS ${ORTHO_MEAN_LOS} days`,
      'the main orthopaedic gap: needs HES (treatment function 110, elective, LoS >= 1) by provider',
    );
    cite(
      `/streams/${k}/losMeanDays`,
      'public',
      'medium',
      'hip and knee replacement LoS 5.4-5.6 days in 2014 (Burn et al. [37]) and 4.1 in 2018/19 (Wainwright [38])',
      `one draw for the three trusts (group ${ORTHO_LOS_GROUP})`,
    );
    cite(`/streams/${k}/losShape`, 'assumption', 'low', 'lognormal, mean 4.8 and median 4 (sigma 0.60), section 2.3');
    cite(`/streams/${k}/weekdayProfile`, 'assumption', 'medium', 'planned admissions on weekdays only');
    cite(
      `/streams/${k}/arrivals`,
      'assumption',
      'medium',
      'planned admissions come by list, a fixed number on each list day, not at random: a weekday-only schedule (5-day ward), anchors-peers section 4 (elective consolidation)',
      'no SEL evidence of the weekday pattern or of on-the-day cancellations: Monday to Friday equally and no cancellation share, a census less variable than the Poisson one used before 0.4.0',
    );

    // The rest of the trust's occupied bed days, so the site adds up to the observed figure exactly.
    const residualBedDays = Math.round((occupiedBedDays - emergencyBedDays - orthoBedDays) * 100) / 100;
    k = streams.length;
    streams.push({
      id: `${trust.id}-elective-other`,
      site: trust.id,
      pathway: 'elective',
      bedDaysPerYear: residualBedDays,
      losMeanDays: RESIDUAL_MEAN_LOS,
      losShape: { family: 'lognormal', sigma: 0.9 },
      weekdayProfile: WEEKDAYS_ONLY,
      arrivals: 'scheduled',
    });
    cite(
      `/streams/${k}/bedDaysPerYear`,
      'derived',
      'low',
      "the rest of the trust's occupied bed days (1 - 0.67 emergency share [13]) less elective orthopaedics",
      'elective and other non-emergency overnight activity; SEL elective ordinary admissions are put at 45-60k a year (section 2.3)',
    );
    cite(`/streams/${k}/losMeanDays`, 'assumption', 'low', 'elective ordinary LoS 4-5 days, section 2.3');
    cite(`/streams/${k}/losShape`, 'assumption', 'low', 'lognormal, sigma 0.9');
    cite(`/streams/${k}/weekdayProfile`, 'assumption', 'medium', 'planned admissions on weekdays only');
    cite(
      `/streams/${k}/arrivals`,
      'assumption',
      'medium',
      'planned admissions come by list, a fixed number on each list day, not at random: a weekday-only schedule (5-day ward), anchors-peers section 4 (elective consolidation)',
      'no SEL evidence of the weekday pattern or of on-the-day cancellations: Monday to Friday equally and no cancellation share, a census less variable than the Poisson one used before 0.4.0; this residual also holds non-emergency activity that is not listed (transfers, maternity), whose census this understates',
    );
  });

  // Each centre is on a hospital of a trust already in the system (Guy's is GSTT's, Orpington
  // KCH's), and the plan repurposes beds there rather than building new ones.
  const centres = [
    { id: 'guys-eoc', name: "Guy's elective orthopaedic centre", host: 'gstt' },
    { id: 'orpington-eoc', name: 'Orpington elective orthopaedic centre', host: 'kch' },
  ];
  centres.forEach((centre) => {
    const i = sites.length;
    // No beds until an option builds the centre: "do nothing" must not count beds that do not exist.
    sites.push({ id: centre.id, name: centre.name, role: 'electiveCentre', beds: 0, targetOccupancy: 0.9 });
    cite(
      `/sites/${i}/beds`,
      'seed',
      'high',
      'the centres do not exist in the base year; they open with the orthopaedic option (STP L2644-2647)',
    );
    cite(
      `/sites/${i}/targetOccupancy`,
      'assumption',
      'low',
      'ring-fenced elective units run fuller than emergency wards; section 3',
    );
    cite(
      `/sites/${i}/name`,
      'public',
      'high',
      "Guy's and Orpington scored highest (2.15) of the candidate pairs: HSJ [29], Lambeth CCG [31]",
      'the STP considers two centres (STP L1824); the final choice was not verified',
    );
  });

  const scenario: ScenarioInput = {
    id: plan.id,
    name: plan.name,
    years: YEARS,
    demandVariation: { sdPerYear: SEL_DEMAND_SD_PER_YEAR },
    sites,
    streams,
    growth: [
      {
        id: 'demographic',
        ratePerYear: { p10: 0.005, p90: 0.011 },
        appliesTo: { pathways: ['nonElective', 'elective'] },
      },
      { id: 'ageing', ratePerYear: { p10: 0.002, p90: 0.007 }, appliesTo: { pathways: ['nonElective'] } },
      { id: 'non-demographic', ratePerYear: { p10: 0, p90: 0.012 }, appliesTo: { pathways: ['nonElective'] } },
      {
        id: 'elective-orthopaedic-demand',
        ratePerYear: { p10: 0.02, p90: 0.046 },
        appliesTo: { pathways: ['electiveOrthopaedic'] },
      },
    ],
    bedPolicy: { targetOccupancy: 0.85, riskTarget: 0.01, riskMeasure: 'timeAtCapacity' },
    options: [],
    baselineOption: 'do-nothing',
  };
  cite('/years', 'seed', 'high', plan.timing.years);
  cite(
    '/demandVariation/sdPerYear',
    'derived',
    'low',
    DEMAND_VARIATION_SOURCE,
    'one year of data; covers local change, reconfiguration and data noise that national rates cannot',
  );
  cite(
    '/growth/0/ratePerYear',
    'public',
    'medium',
    'SEL population 2011-2021 compound growth 0.72% a year, ONS Census [7]; 80% range 0.5-1.1%',
    'Census 2021 was taken during COVID; 2016-era GLA projections may have been higher',
  );
  cite(
    '/growth/1/ratePerYear',
    'assumption',
    'low',
    'ageing effect on bed days beyond headcount, informed by NAO 2018 [9] (demography explains just over half the rise in 65+ emergency admissions)',
  );
  cite(
    '/growth/2/ratePerYear',
    'assumption',
    'low',
    'non-demographic growth 0-1.2% a year, bounded by national emergency bed-day growth of 1.2% a year 2013/14-2016/17 (NAO 2018 [9])',
  );
  cite(
    '/growth/3/ratePerYear',
    'public',
    'medium',
    '"an expected 25 per cent increase in demand over the next five years" (OHSEL via Southwark News [12]), taken as the upper end',
  );
  cite(
    '/bedPolicy/targetOccupancy',
    'public',
    'high',
    'Bagust et al. BMJ 1999 [6]: risks discernible above about 85% occupancy',
    'contested (no threshold effect in a 2018-25 KH03 panel); the headline also shows 0.92',
  );
  cite(
    '/bedPolicy/riskTarget',
    'public',
    'medium',
    'Insource/Gooroo: a 1% risk of running out of beds is the planning convention they report for G&A bed pools (anchors-peers V4)',
  );
  cite(
    '/bedPolicy/riskMeasure',
    'public',
    'medium',
    'the cited convention bounds the time a bed pool has run out of beds (demand at or above the beds), not the share of arrivals turned away: timeAtCapacity',
    'arrivalsTurnedAway is reported beside it in every cell (admissions turned away, days full)',
  );

  const ramp = (values: number[]) => Object.fromEntries(YEARS.map((y, t) => [y, t === 0 ? 0 : values[t - 1]!]));
  const lcn = {
    type: 'lcnAdmissionAvoidance' as const,
    id: 'lcn-admission-avoidance',
    targets: { pathways: ['nonElective' as const], segments: LCN_TARGET_SEGMENTS },
    avoidableShare: {
      p10: round((0.16 / LCN_TARGET_SHARE) * 1000) / 1000,
      p90: round((0.24 / LCN_TARGET_SHARE) * 1000) / 1000,
    },
    reductionAtMaturity: { p10: 0.03, p90: 0.2 },
    avoidedLosFactor: { p10: 0.6, p90: 1.0 },
    ramp: ramp(plan.lcnRamp),
  };
  const los = {
    type: 'losReduction' as const,
    id: 'los-reduction',
    targets: { pathways: ['nonElective' as const] },
    reductionAtMaturity: { p10: 0.01, p90: 0.06 },
    ramp: ramp(plan.losRamp),
  };
  const ortho = {
    type: 'orthopaedicConsolidation' as const,
    id: 'orthopaedic-centres',
    fromSites: TRUSTS.map((t) => t.id),
    centres: centres.map((c) => ({ site: c.id, share: 0.5 })),
    goLiveYear: plan.centresGoLive,
    shareMoved: { p10: 0.85, p90: 0.95 },
    centreLosMeanDays: { p10: 2.5, p90: 3.8 },
    centreLosShape: { family: 'lognormal' as const, sigma: 0.5 },
    ramp: plan.centresRamp,
  };
  const openCentres = centres.map((c) => ({
    type: 'capacityChange' as const,
    id: `${c.id}-opens`,
    site: c.id,
    fromYear: plan.centresGoLive,
    change: CENTRE_BEDS,
    from: { site: c.host },
  }));
  scenario.options = [
    { id: 'do-nothing', name: 'Do nothing', interventions: [] },
    { id: 'lcn-admission-avoidance', name: 'LCN admission avoidance', interventions: [lcn] },
    { id: 'los-reduction', name: 'Length-of-stay reduction', interventions: [los] },
    { id: 'orthopaedic-centres', name: 'Elective orthopaedic centres', interventions: [ortho, ...openCentres] },
    { id: 'all-levers', name: 'All levers together', interventions: [lcn, los, ortho, ...openCentres] },
  ];
  // Sources of the interventions, for each option that uses them.
  scenario.options.forEach((option, o) =>
    (option.interventions ?? []).forEach((iv, j) => {
      const at = `/options/${o}/interventions/${j}`;
      if (iv.type === 'lcnAdmissionAvoidance') {
        cite(
          `${at}/avoidableShare`,
          'derived',
          'medium',
          `avoidable emergency admissions 16-24% of all (King's Fund 2012 [15], QualityWatch 2013 [16], NAO 2018 [9], O'Cathain 2014 [17]), all taken to lie in the targeted segments (${Math.round(LCN_TARGET_SHARE * 100)}% of emergency admissions)`,
        );
        cite(
          `${at}/reductionAtMaturity`,
          'assumption',
          'low',
          'share of the avoidable pool avoided at maturity, 3-20%, bounded by case management (Stokes 2015 [23]), integrated care pilots (Roland 2012 [24]), vanguard plans (HSJ [25][26]) and care-home support [27]',
        );
        cite(
          `${at}/avoidedLosFactor`,
          'assumption',
          'low',
          'avoided stays skew short (NAO [9]) but frail and COPD stays are long: 0.6-1.0 of the mean',
        );
        cite(`${at}/ramp`, 'seed', 'medium', plan.timing.lcnRamp);
      } else if (iv.type === 'losReduction') {
        cite(
          `${at}/reductionAtMaturity`,
          'assumption',
          'low',
          'emergency bed days 1-6% lower at maturity, bounded by delayed transfers at about 6% of beds [20] and the NHSI long-stay target of 4% of beds, about 1.8% achieved in 8 months [21][22]',
        );
        cite(`${at}/ramp`, 'assumption', 'low', plan.timing.losRamp);
      } else if (iv.type === 'orthopaedicConsolidation') {
        cite(`${at}/goLiveYear`, 'seed', 'medium', plan.timing.centresGoLive);
        cite(`${at}/ramp`, 'seed', 'medium', plan.timing.centresRamp);
        cite(
          `${at}/shareMoved`,
          'assumption',
          'low',
          'adult inpatient elective orthopaedics moves; day cases, trauma, children and "a very small number" of complex patients stay (OHSEL [33][30]; STP L1861-1867)',
        );
        cite(
          `${at}/centreLosMeanDays`,
          'public',
          'medium',
          'UCLH hub: hips 4 -> 2.5 and knees 5 -> 3 days [39]; North Devon 2.0-2.4 [40]',
        );
        cite(
          `${at}/centres`,
          'seed',
          'high',
          '"two elective orthopaedic centres" (STP L1824-1825), activity split evenly (assumption)',
        );
      } else if (iv.type === 'capacityChange') {
        cite(
          `${at}/change`,
          'derived',
          'low',
          `${CENTRE_BEDS} beds per centre: the moved activity, about 5,000 spells [34][35] x the centre LoS 3.0 days [39] / 365 / 0.85, is 48 beds for the two (section 3); SWLEOC runs 65 beds for about 5,200 procedures including day cases [34][35]`,
          'sized by the evidence, not by the 40-65 range of section 2.6, which came from a centre taking a wider catchment',
        );
        cite(
          `${at}/from`,
          'seed',
          'medium',
          '"reconfiguration will not manifest through a radical change in estate" (STP L1701-1702): the centres repurpose beds of the trust whose hospital hosts them (Guy\'s: GSTT; Orpington: KCH)',
          'the beds move, so the system keeps 3,160; the host loses them from go-live',
        );
        cite(`${at}/fromYear`, 'seed', 'medium', plan.timing.centresGoLive);
      }
    }),
  );
  return { scenario, sources };
}

/** Notes every SEL preset shares. */
export const SEL_NOTES = [
  'The seeds give money, not activity: they contain no bed counts, admissions, LoS or occupancy. Every activity figure is public data or a stated assumption (see sources).',
  'The base year 2018/19 is observed: KH03 2018-19 beds and occupied beds (mean of 4 quarters), the first trust-level year found. Each iteration reproduces its bed days exactly, whatever LoS it draws; uncertainty grows from there.',
  'Sites are trusts: public site-level bed figures are undated and inconsistent with KH03.',
  'Each trust is one bed pool: no public source splits its KH03 beds by hospital or specialty, so no pools are declared. This is the most forgiving case for the risk method; `npm run headline` shows the same demand in 2 and 20 pools per trust.',
  'Emergency LoS is one shared draw for all emergency streams, and each trust has its own local demand variation (4.5% a year), so the intervals carry local uncertainty that national growth rates do not.',
  '"Managing activity growth" has no separable figure in the seeds or the research, so it is not a separate option: the growth drivers carry their full ranges.',
  'The orthopaedic option assumes the centres go ahead; the research puts the chance of proceeding at 0.5 and the consultation slipped.',
  "Admissions are the expected rate under each iteration's parameters; day-to-day variation is in the risk method's Poisson census.",
];
