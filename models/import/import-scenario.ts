/**
 * Tables in, scenario out: `bedcast import` and `POST /v1/scenarios:import` both call
 * importScenario. The base year is observed (KH03): each trust's beds and mean occupied beds over
 * the chosen quarters, reproduced exactly in every iteration through streams that carry observed
 * bed days. Everything else (how bed days split by pathway, LoS, growth, the site-level demand
 * variation) is a default from ./defaults.ts with its source, or the user's override.
 *
 * Pure: text in, { scenario, sources, notes } out, or an ImportError naming file, row and column.
 */
import { fieldErrorLine, fieldErrors } from '../field-errors.js';
import { pointerSegments } from '../json-pointer.js';
import { type ParameterSource, sourceList } from '../presets/preset.js';
import { PATHWAYS, type Pathway, scenarioSchema, type ScenarioInput } from '../scenario.js';
import {
  DEFAULT_HORIZON_YEARS,
  DEMAND_VARIATION_NOTE,
  DEMAND_VARIATION_SD_PER_YEAR,
  DEMAND_VARIATION_SOURCE,
  EMERGENCY_WEEK,
  EMERGENCY_YEAR,
  GROWTH,
  LOS,
  LOS_GROUP_NOTE,
  NATIONAL_SPLIT,
  RISK_TARGET,
  TARGET_OCCUPANCY,
  WEEKDAYS_ONLY,
} from './defaults.js';
import {
  daysInFinancialYear,
  financialYearStart,
  incompleteAcute,
  isAcute,
  type Kh03Row,
  kh03Year,
  parseKh03,
  parseQuarters,
  type Quarter,
  QUARTERS,
  scenarioYear,
  type TrustYear,
  trustYears,
  yearsIn,
} from './kh03.js';
import { type ImportIssue, ImportError, numberCell, parseCsv, requireColumns } from './table.js';

export interface ImportRequest {
  /** The beds table (KH03 trust-quarter form) as CSV text. */
  beds: string;
  /** Where it came from, for messages (a file name, or the request field). */
  bedsFile?: string;
  /** Optional activity table: site, pathway, segment?, admissions, bed_days or los_mean_days. */
  activity?: string;
  activityFile?: string;
  /** Organisation codes; all acute trusts of the base year when omitted. */
  trusts?: readonly string[];
  /** KH03 financial year, e.g. "2018-19"; the latest in the table when omitted. */
  baseYear?: string;
  /** Quarters that make the base year; all four when omitted. */
  quarters?: readonly string[];
  /** Projected years after the base year. */
  horizonYears?: number;
  /** Values to replace or add in the built scenario, by JSON pointer (as POST /v1/simulations). */
  overrides?: Readonly<Record<string, unknown>>;
}

export interface ImportResult {
  scenario: ScenarioInput;
  sources: ParameterSource[];
  notes: string[];
  /** Acute trusts the table has but the import left out, and why. */
  skipped: { orgCode: string; reason: string }[];
}

const MAX_HORIZON_YEARS = 29; // the schema allows 30 years in all

/** Parses the beds table once, for callers (the backtest) that import many times from one file. */
export function readBedsTable(text: string, file?: string) {
  return parseKh03(text, file);
}

export function importScenario(request: ImportRequest): ImportResult {
  return importFromRows(parseKh03(request.beds, request.bedsFile), request);
}

export function importFromRows(
  table: { rows: Kh03Row[]; hasAe: boolean },
  request: Omit<ImportRequest, 'beds'>,
): ImportResult {
  const { rows, hasAe } = table;
  const bedsFile = request.bedsFile;
  const available = yearsIn(rows);
  const baseYear = request.baseYear ?? available.at(-1)!;
  const start = financialYearStart(baseYear);
  if (start === undefined)
    throw new ImportError([{ input: 'baseYear', detail: `expected a financial year like 2018-19, got ${baseYear}` }]);
  if (!available.includes(baseYear))
    throw new ImportError([
      {
        input: 'baseYear',
        detail: `the beds table${bedsFile ? ` ${bedsFile}` : ''} has no rows for ${baseYear}; it has ${available.join(', ')}`,
      },
    ]);
  const quarters: Quarter[] = request.quarters ? parseQuarters(request.quarters) : [...QUARTERS];
  const horizon = request.horizonYears ?? DEFAULT_HORIZON_YEARS;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON_YEARS)
    throw new ImportError([
      {
        input: 'horizonYears',
        detail: `expected a whole number of projected years 1-${MAX_HORIZON_YEARS}, got ${horizon}`,
      },
    ]);

  const { trusts: all, incomplete } = trustYears(rows, baseYear, quarters);
  const quarterText = quarters.length === 4 ? 'Q1-Q4' : quarters.join(', ');
  const skipped: ImportResult['skipped'] = [];
  let chosen: TrustYear[];
  if (request.trusts && request.trusts.length > 0) {
    const issues: ImportIssue[] = [];
    const codes = [...new Set(request.trusts.map((t) => t.trim().toUpperCase()))];
    chosen = [];
    codes.forEach((code) => {
      const t = all.get(code);
      if (t) chosen.push(t);
      else if (incomplete.has(code))
        issues.push({
          input: 'trusts',
          detail: `${code} has no ${incomplete.get(code)!.join(', ')} ${baseYear} rows in the beds table`,
        });
      else issues.push({ input: 'trusts', detail: `${code} is not in the beds table for ${baseYear}` });
    });
    if (issues.length) throw new ImportError(issues);
  } else {
    if (!hasAe)
      throw new ImportError([
        {
          input: 'beds',
          ...(bedsFile ? { file: bedsFile } : {}),
          row: 1,
          column: 'ae_type1_attendances',
          detail: 'needed to pick the acute trusts (G&A beds and type 1 A&E); without it, name the trusts',
        },
      ]);
    chosen = [...all.values()].filter(isAcute);
    // Trusts that would be acute but lack a chosen quarter (a mid-year merger) are listed, never filled in.
    for (const [code, missing] of incompleteAcute(rows, baseYear, quarters))
      skipped.push({ orgCode: code, reason: `no ${missing.join(', ')} ${baseYear} rows` });
    if (chosen.length === 0)
      throw new ImportError([
        {
          input: 'beds',
          ...(bedsFile ? { file: bedsFile } : {}),
          detail: `no acute trusts (200+ G&A beds and type 1 A&E attendances) in ${baseYear}`,
        },
      ]);
  }
  chosen.sort((a, b) => a.orgCode.localeCompare(b.orgCode));

  const days = daysInFinancialYear(start);
  const years = Array.from({ length: horizon + 1 }, (_, t) => scenarioYear(start + t));
  const { sources, cite } = sourceList();
  const kh03 = `KH03 ${baseYear} ${quarterText}${bedsFile ? ` (${bedsFile})` : ''}`;

  const sites: ScenarioInput['sites'] = [];
  const streams: ScenarioInput['streams'] = [];
  const activity = request.activity
    ? readActivity(request.activity, request.activityFile, new Set(chosen.map((t) => t.orgCode)))
    : new Map<string, ActivityRow[]>();
  const notes: string[] = [];

  chosen.forEach((trust, i) => {
    const beds = Math.round(trust.available);
    sites.push({ id: trust.orgCode, name: trust.orgName, role: 'acute', beds, occupiedBeds: trust.occupied });
    const rowsText = `rows ${trust.rows.join(', ')}`;
    cite(
      `/sites/${i}/beds`,
      'public',
      'high',
      `${kh03}: G&A beds available, mean over the quarters' days (${rowsText}), rounded`,
    );
    cite(
      `/sites/${i}/occupiedBeds`,
      'public',
      'high',
      `${kh03}: G&A beds occupied, mean over the quarters' days (${rowsText})`,
    );
    const bedDays = trust.occupied * days;
    const own = activity.get(trust.orgCode);
    if (own) {
      const total = own.reduce((a, r) => a + r.bedDays, 0);
      const scale = bedDays / total;
      if (scale < 0.8 || scale > 1.25)
        notes.push(
          `${trust.orgCode}: the activity table's bed days (${Math.round(total)}) are ${Math.round(scale * 100)}% of KH03's occupied bed days (${Math.round(bedDays)}); check that both count the same beds`,
        );
      for (const r of own) {
        const k = streams.length;
        const los = r.bedDays / r.admissions;
        streams.push({
          id: `${trust.orgCode}-${r.pathway}${r.segment ? `-${r.segment}` : ''}`,
          site: trust.orgCode,
          pathway: r.pathway,
          ...(r.segment ? { segment: r.segment } : {}),
          bedDaysPerYear: r.bedDays * scale,
          losMeanDays: los,
          ...pathwayShape(r.pathway),
        });
        cite(
          `/streams/${k}/bedDaysPerYear`,
          'derived',
          'medium',
          `activity table${request.activityFile ? ` ${request.activityFile}` : ''} row ${r.row}: ${Math.round(r.bedDays)} bed days, scaled by ${scale.toFixed(4)} so that ${trust.orgCode}'s streams add up to its ${kh03} occupied bed days (${trust.occupied.toFixed(2)} x ${days})`,
          'the activity table gives the mix, KH03 the level: the base year must reproduce the beds table',
        );
        cite(`/streams/${k}/losMeanDays`, 'derived', 'medium', `activity table row ${r.row}: bed days / admissions`);
        citeShape(cite, k, r.pathway);
      }
    } else {
      for (const part of NATIONAL_SPLIT) {
        const k = streams.length;
        const los = LOS[part.key];
        streams.push({
          id: `${trust.orgCode}-${part.key}`,
          site: trust.orgCode,
          pathway: part.pathway,
          bedDaysPerYear: bedDays * part.share,
          losMeanDays: { ...los.losMeanDays },
          losShape: los.losShape,
          ...profiles(part.pathway),
        });
        cite(
          `/streams/${k}/bedDaysPerYear`,
          part.kind === 'public' ? 'derived' : part.kind,
          'low',
          `${kh03} occupied beds ${trust.occupied.toFixed(2)} x ${days} days x ${part.key} share ${part.share}: ${part.source}`,
          part.note,
        );
        cite(`/streams/${k}/losMeanDays`, 'public', 'medium', los.source, LOS_GROUP_NOTE);
        cite(`/streams/${k}/losShape`, 'assumption', 'low', los.shapeSource);
        citeShape(cite, k, part.pathway, true);
      }
    }
  });
  const unused = [...activity.keys()].filter((code) => !chosen.some((t) => t.orgCode === code));
  if (unused.length) notes.push(`activity rows for ${unused.join(', ')} are not used`);
  // KH03 gives a trust's G&A beds as one figure: pools (hospitals, specialties) need the trust's own data.
  notes.push(
    'each trust is one bed pool: KH03 does not split G&A beds by hospital or specialty; declare sites[].pools where the trust knows its own, since the risk method needs more beds the less they are pooled',
  );

  const growth = GROWTH.map((g) => ({ id: g.id, ratePerYear: { ...g.ratePerYear }, appliesTo: g.appliesTo }));
  GROWTH.forEach((g, j) => cite(`/growth/${j}/ratePerYear`, g.kind, g.confidence, g.source, g.note));
  const codes = chosen.map((t) => t.orgCode);
  const scenario = {
    id: `kh03-${baseYear}${request.trusts?.length ? `-${codes.join('-').toLowerCase()}`.slice(0, 60) : '-acute'}`,
    name: `KH03 ${baseYear}: ${request.trusts?.length ? codes.join(', ').slice(0, 150) : `${codes.length} acute trusts`}`,
    years,
    daysPerYear: days,
    sites,
    streams,
    growth,
    demandVariation: { sdPerYear: DEMAND_VARIATION_SD_PER_YEAR },
    bedPolicy: { targetOccupancy: TARGET_OCCUPANCY, riskTarget: RISK_TARGET, riskMeasure: 'timeAtCapacity' },
    options: [{ id: 'do-nothing', name: 'Do nothing', interventions: [] }],
    baselineOption: 'do-nothing',
  } satisfies ScenarioInput;
  cite('/years', 'public', 'high', `base year ${baseYear} from the beds table, then ${horizon} projected years`);
  cite('/daysPerYear', 'public', 'high', `days from April ${start} to March ${start + 1}`);
  cite('/demandVariation/sdPerYear', 'derived', 'medium', DEMAND_VARIATION_SOURCE, DEMAND_VARIATION_NOTE);
  cite(
    '/bedPolicy/targetOccupancy',
    'public',
    'high',
    'Bagust et al. BMJ 1999 [6]: risks discernible above about 85% occupancy',
    'contested; override to test 0.92',
  );
  cite(
    '/bedPolicy/riskTarget',
    'public',
    'medium',
    'a 1% risk of running out of beds, the planning convention Insource/Gooroo report (anchors-peers V4)',
  );
  cite(
    '/bedPolicy/riskMeasure',
    'public',
    'medium',
    'the cited convention bounds the time a bed pool has run out of beds (demand at or above the beds), not the share of arrivals turned away: timeAtCapacity, as the SEL presets',
  );
  cite(
    '/options',
    'assumption',
    'high',
    'only "do nothing": no lever has evidence that holds for any trust; add options by override',
  );

  notes.push(
    `Base year ${baseYear} (${quarterText}) as observed in the beds table: every iteration reproduces each trust's mean occupied beds.`,
    activity.size
      ? 'Trusts in the activity table take their mix and LoS from it, scaled to KH03 bed days; the others use national shares.'
      : `No activity table: occupied bed days are split ${NATIONAL_SPLIT.map((p) => `${p.key} ${p.share}`).join(', ')} (national shares, see sources).`,
    `Each trust's demand follows a random walk of sd ${DEMAND_VARIATION_SD_PER_YEAR} a year around national growth (KH03 quarter-to-quarter spread, see sources).`,
    'Options: "do nothing" only. Sites are trusts, as KH03 reports them.',
  );
  if (skipped.length)
    notes.push(
      `Left out (missing quarters, never filled in): ${skipped.map((s) => `${s.orgCode} (${s.reason})`).join('; ')}.`,
    );

  const document = applyOverrides(scenario, request.overrides ?? {}, sources);
  const parsed = scenarioSchema.safeParse(document);
  if (!parsed.success) {
    const overridden = Object.keys(request.overrides ?? {});
    throw new ImportError(
      fieldErrors(parsed.error).map((error) => {
        const at = error.pointer;
        const blamed = overridden.some((p) => at === p || at.startsWith(`${p}/`));
        return { input: blamed ? 'overrides' : 'scenario', detail: fieldErrorLine(error) };
      }),
    );
  }
  return { scenario: document, sources, notes, skipped };
}

function profiles(pathway: Pathway) {
  if (pathway === 'nonElective') return { weekdayProfile: EMERGENCY_WEEK, monthlyProfile: EMERGENCY_YEAR };
  if (pathway === 'elective' || pathway === 'electiveOrthopaedic' || pathway === 'dayCase')
    return { weekdayProfile: WEEKDAYS_ONLY };
  return {};
}

function pathwayShape(pathway: Pathway) {
  const shape =
    pathway === 'nonElective'
      ? LOS.emergency.losShape
      : pathway === 'other'
        ? LOS.other.losShape
        : LOS.elective.losShape;
  return { losShape: shape, ...profiles(pathway) };
}

function citeShape(
  cite: (p: string, k: ParameterSource['kind'], c: ParameterSource['confidence'], s: string, n?: string) => void,
  k: number,
  pathway: Pathway,
  shapeCited = false,
) {
  if (!shapeCited) {
    const los = pathway === 'nonElective' ? LOS.emergency : pathway === 'other' ? LOS.other : LOS.elective;
    cite(`/streams/${k}/losShape`, 'assumption', 'low', los.shapeSource);
  }
  if (pathway === 'nonElective') {
    cite(
      `/streams/${k}/weekdayProfile`,
      'assumption',
      'low',
      'Monday peak and weekend dip of emergency admissions, as the SEL preset',
    );
    cite(
      `/streams/${k}/monthlyProfile`,
      'assumption',
      'low',
      'winter peak about +5%: England Q4 occupancy 1.5 points above the annual mean in 2018-19 [1]',
    );
  } else if (pathway !== 'other') {
    cite(`/streams/${k}/weekdayProfile`, 'assumption', 'medium', 'planned admissions on weekdays only');
  }
}

interface ActivityRow {
  row: number;
  site: string;
  pathway: Pathway;
  segment: string | undefined;
  admissions: number;
  bedDays: number;
}

const PATHWAY_ALIASES: Record<string, Pathway> = {
  ...Object.fromEntries(PATHWAYS.map((p) => [p.toLowerCase(), p])),
  emergency: 'nonElective',
  'non-elective': 'nonElective',
  non_elective: 'nonElective',
  elective_orthopaedic: 'electiveOrthopaedic',
  day_case: 'dayCase',
};

/** The activity table, by site; every bad cell is reported with its row and column. */
function readActivity(text: string, file: string | undefined, sites: Set<string>): Map<string, ActivityRow[]> {
  const input = 'activity';
  const table = parseCsv(text, input, file);
  requireColumns(table, ['site', 'pathway', 'admissions'], input, file);
  const hasBedDays = table.columns.includes('bed_days');
  const hasLos = table.columns.includes('los_mean_days');
  if (!hasBedDays && !hasLos)
    throw new ImportError([
      { input, ...(file ? { file } : {}), row: 1, detail: 'needs a bed_days or a los_mean_days column' },
    ]);
  const issues: ImportIssue[] = [];
  const bySite = new Map<string, ActivityRow[]>();
  const seen = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const where = { input, ...(file ? { file } : {}), row };
    const before = issues.length;
    const site = cells.get('site')!.toUpperCase();
    if (!sites.has(site))
      issues.push({
        ...where,
        column: 'site',
        detail: `expected one of the imported trusts (${[...sites].slice(0, 10).join(', ')}${sites.size > 10 ? ', ...' : ''}), got ${JSON.stringify(cells.get('site'))}`,
      });
    const pathway = PATHWAY_ALIASES[cells.get('pathway')!.toLowerCase()];
    if (!pathway)
      issues.push({
        ...where,
        column: 'pathway',
        detail: `expected one of ${PATHWAYS.join(', ')} (or emergency), got ${JSON.stringify(cells.get('pathway'))}`,
      });
    const segment = cells.get('segment') || undefined;
    if (segment !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(segment))
      issues.push({
        ...where,
        column: 'segment',
        detail: `expected letters, digits, . _ - (up to 40), got ${JSON.stringify(segment)}`,
      });
    const admissions = numberCell(cells, 'admissions', where, issues, { min: 0 });
    if (admissions === 0) issues.push({ ...where, column: 'admissions', detail: 'expected a number > 0, got 0' });
    const bedDaysCell = hasBedDays ? numberCell(cells, 'bed_days', where, issues, { optional: hasLos }) : undefined;
    const losCell =
      hasLos && bedDaysCell === undefined
        ? numberCell(cells, 'los_mean_days', where, issues, { optional: true })
        : undefined;
    if (issues.length === before && bedDaysCell === undefined && losCell === undefined)
      issues.push({
        ...where,
        column: hasBedDays ? 'bed_days' : 'los_mean_days',
        detail: 'expected bed_days or los_mean_days, got neither',
      });
    const bedDays =
      bedDaysCell ?? (losCell !== undefined && admissions !== undefined ? losCell * admissions : undefined);
    if (bedDays !== undefined && bedDays <= 0 && issues.length === before)
      issues.push({
        ...where,
        column: bedDaysCell !== undefined ? 'bed_days' : 'los_mean_days',
        detail: 'expected a number > 0: a stream without bed days uses no overnight beds',
      });
    if (issues.length > before) continue;
    const key = `${site} ${pathway} ${segment ?? ''}`;
    if (seen.has(key)) {
      issues.push({
        ...where,
        column: 'pathway',
        detail: `${site} ${pathway}${segment ? ` ${segment}` : ''} is also on row ${seen.get(key)}`,
      });
      continue;
    }
    seen.set(key, row);
    bySite.set(site, [
      ...(bySite.get(site) ?? []),
      { row, site, pathway: pathway!, segment, admissions: admissions!, bedDays: bedDays! },
    ]);
  }
  if (issues.length) throw new ImportError(issues.slice(0, 50));
  return bySite;
}

/**
 * Replaces (or adds) the values that JSON pointers name, in place; the parent must exist. Each
 * pointer's sources are replaced by one saying the user set it.
 */
function applyOverrides(
  document: ScenarioInput,
  overrides: Readonly<Record<string, unknown>>,
  sources: ParameterSource[],
) {
  for (const [pointer, value] of Object.entries(overrides)) {
    const keys = pointerSegments(pointer);
    const last = keys.pop();
    let node: unknown = document;
    for (const key of keys) {
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) {
        node = undefined;
        break;
      }
      node = (node as Record<string, unknown>)[key];
    }
    if (!pointer.startsWith('/') || last === undefined || node === null || typeof node !== 'object')
      throw new ImportError([
        { input: 'overrides', detail: `${pointer}: the imported scenario has nothing there to set` },
      ]);
    (node as Record<string, unknown>)[last] = structuredClone(value);
    for (let i = sources.length - 1; i >= 0; i--) {
      const p = sources[i]!.pointer;
      if (p === pointer || p.startsWith(`${pointer}/`)) sources.splice(i, 1);
    }
    sources.push({ pointer, kind: 'assumption', confidence: 'medium', source: 'set by the user (overrides)' });
  }
  return document;
}

export { kh03Year };
