/**
 * The beds table in the KH03 trust-quarter form (org_code, org_name, period, ga_beds_available,
 * ga_beds_occupied, optionally ae_type1_attendances; other columns ignored), as published by NHS
 * England and assembled in ../shared/data/kh03-2018-19.csv. Figures are averages over the
 * quarter's days of general and acute beds open overnight.
 */
import { type ImportIssue, ImportError, numberCell, parseCsv, requireColumns } from './table.js';

export const KH03_COLUMNS = ['org_code', 'org_name', 'period', 'ga_beds_available', 'ga_beds_occupied'] as const;
export const QUARTERS = ['Q1', 'Q2', 'Q3', 'Q4'] as const;
export type Quarter = (typeof QUARTERS)[number];

export interface Kh03Row {
  row: number;
  orgCode: string;
  orgName: string;
  /** Financial year as KH03 writes it, e.g. "2018-19". */
  year: string;
  quarter: Quarter;
  available: number;
  occupied: number;
  /** Type 1 A&E attendances in the quarter; undefined where the table has no such column or the cell is empty. */
  aeType1: number | undefined;
}

const PERIOD = /^(\d{4})-(\d{2}) (Q[1-4])$/;

/** "2018-19" -> 2018 (the April the year starts in), or undefined if it is not a financial year. */
export function financialYearStart(year: string): number | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(year);
  if (!m) return undefined;
  const start = Number(m[1]);
  return (start + 1) % 100 === Number(m[2]) ? start : undefined;
}

/** 2018 -> "2018-19", KH03's spelling. */
export const kh03Year = (start: number) => `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
/** 2018 -> "2018/19", the scenario's spelling (as in the presets). */
export const scenarioYear = (start: number) => `${start}/${String((start + 1) % 100).padStart(2, '0')}`;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Days in each quarter of the financial year starting in April of `start`: Q1 April-June 91,
 * Q2 July-September 92, Q3 October-December 92, Q4 January-March 90 (91 in a leap year). The
 * mean over several quarters is weighted by these, so it is the mean over days, as KH03's own
 * quarterly figures are.
 */
export function quarterDays(start: number, quarter: Quarter): number {
  return { Q1: 91, Q2: 92, Q3: 92, Q4: isLeap(start + 1) ? 91 : 90 }[quarter];
}

export function daysInFinancialYear(start: number): number {
  return QUARTERS.reduce((a, q) => a + quarterDays(start, q), 0);
}

/** Parses and checks a KH03 table; every bad cell is reported, not just the first. */
export function parseKh03(text: string, file?: string): { rows: Kh03Row[]; hasAe: boolean } {
  const input = 'beds';
  const table = parseCsv(text, input, file);
  requireColumns(table, KH03_COLUMNS, input, file);
  const hasAe = table.columns.includes('ae_type1_attendances');
  const issues: ImportIssue[] = [];
  const rows: Kh03Row[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const where = { input, ...(file ? { file } : {}), row };
    const before = issues.length;
    const orgCode = cells.get('org_code')!.toUpperCase();
    if (!/^[A-Z0-9]{3,5}$/.test(orgCode))
      issues.push({
        ...where,
        column: 'org_code',
        detail: `expected an NHS organisation code (3-5 letters or digits, e.g. RJ1), got ${JSON.stringify(cells.get('org_code'))}`,
      });
    const period = cells.get('period')!;
    const m = PERIOD.exec(period);
    const start = m ? financialYearStart(`${m[1]}-${m[2]}`) : undefined;
    if (!m || start === undefined)
      issues.push({
        ...where,
        column: 'period',
        detail: `expected a financial year and quarter like "2018-19 Q3", got ${JSON.stringify(period)}`,
      });
    const available = numberCell(cells, 'ga_beds_available', where, issues);
    const occupied = numberCell(cells, 'ga_beds_occupied', where, issues);
    const aeType1 = hasAe ? numberCell(cells, 'ae_type1_attendances', where, issues, { optional: true }) : undefined;
    if (available !== undefined && occupied !== undefined && occupied > available + 0.5)
      issues.push({
        ...where,
        column: 'ga_beds_occupied',
        detail: `occupied beds ${occupied} exceed available beds ${available}`,
      });
    if (issues.length > before) continue;
    const key = `${orgCode} ${period}`;
    if (seen.has(key)) {
      issues.push({ ...where, column: 'period', detail: `${orgCode} ${period} is also on row ${seen.get(key)}` });
      continue;
    }
    seen.set(key, row);
    rows.push({
      row,
      orgCode,
      orgName: cells.get('org_name') || orgCode,
      year: `${m![1]}-${m![2]}`,
      quarter: m![3] as Quarter,
      available: available!,
      occupied: occupied!,
      aeType1,
    });
  }
  // Reporting every issue, up to a point: a wrong file gives one per row, and the first 50 say it.
  if (issues.length) throw new ImportError(issues.slice(0, 50));
  if (rows.length === 0)
    throw new ImportError([{ input, ...(file ? { file } : {}), detail: 'the table has no data rows' }]);
  return { rows, hasAe };
}

/** Rule for "acute trust" when no trusts are named (the data README's): G&A beds and type 1 A&E. */
export const ACUTE_MIN_BEDS = 200;

export interface TrustYear {
  orgCode: string;
  orgName: string;
  /** Day-weighted means over the chosen quarters. */
  available: number;
  occupied: number;
  /** Type 1 A&E attendances summed over the chosen quarters (0 when none reported). */
  aeType1: number;
  /** The rows the figures come from, for sources. */
  rows: number[];
}

/**
 * Each organisation's mean available and occupied beds over the chosen quarters of one year,
 * and the organisations lacking one of those quarters (never filled in: a trust that merged or
 * stopped reporting mid-year has no comparable year).
 */
export function trustYears(
  rows: readonly Kh03Row[],
  year: string,
  quarters: readonly Quarter[],
): { trusts: Map<string, TrustYear>; incomplete: Map<string, Quarter[]> } {
  const start = financialYearStart(year)!;
  const byOrg = new Map<string, Kh03Row[]>();
  for (const r of rows) {
    if (r.year !== year || !quarters.includes(r.quarter)) continue;
    byOrg.set(r.orgCode, [...(byOrg.get(r.orgCode) ?? []), r]);
  }
  const trusts = new Map<string, TrustYear>();
  const incomplete = new Map<string, Quarter[]>();
  for (const [org, list] of byOrg) {
    const missing = quarters.filter((q) => !list.some((r) => r.quarter === q));
    if (missing.length) {
      incomplete.set(org, missing);
      continue;
    }
    const days = list.reduce((a, r) => a + quarterDays(start, r.quarter), 0);
    const mean = (f: (r: Kh03Row) => number) =>
      list.reduce((a, r) => a + f(r) * quarterDays(start, r.quarter), 0) / days;
    trusts.set(org, {
      orgCode: org,
      // The name of the latest quarter chosen: names change (mergers, renames) and the latest is current.
      orgName: [...list].sort((a, b) => a.quarter.localeCompare(b.quarter)).at(-1)!.orgName,
      available: mean((r) => r.available),
      occupied: mean((r) => r.occupied),
      aeType1: list.reduce((a, r) => a + (r.aeType1 ?? 0), 0),
      rows: list.map((r) => r.row),
    });
  }
  return { trusts, incomplete };
}

export const isAcute = (t: TrustYear) => t.available >= ACUTE_MIN_BEDS && t.aeType1 > 0;

/**
 * Organisations that look acute in some quarter of the year (any quarter, chosen or not) but lack
 * one of the chosen quarters, with the quarters they lack: a trust that merged mid-year is listed,
 * not silently dropped and never filled in.
 */
export function incompleteAcute(
  rows: readonly Kh03Row[],
  year: string,
  quarters: readonly Quarter[],
): Map<string, Quarter[]> {
  const out = new Map<string, Quarter[]>();
  const inYear = rows.filter((r) => r.year === year);
  for (const code of new Set(
    inYear.filter((r) => r.available >= ACUTE_MIN_BEDS && (r.aeType1 ?? 0) > 0).map((r) => r.orgCode),
  )) {
    const missing = quarters.filter((q) => !inYear.some((r) => r.orgCode === code && r.quarter === q));
    if (missing.length) out.set(code, missing);
  }
  return out;
}

/** Years present in the table, in order. */
export const yearsIn = (rows: readonly Kh03Row[]) => [...new Set(rows.map((r) => r.year))].sort();

export function parseQuarters(list: readonly string[], input = 'quarters'): Quarter[] {
  const bad = list.filter((q) => !(QUARTERS as readonly string[]).includes(q.trim().toUpperCase()));
  if (bad.length || list.length === 0)
    throw new ImportError([
      {
        input,
        detail: list.length === 0 ? 'choose at least one quarter' : `expected quarters Q1..Q4, got ${bad.join(', ')}`,
      },
    ]);
  const chosen = new Set(list.map((q) => q.trim().toUpperCase() as Quarter));
  return QUARTERS.filter((q) => chosen.has(q));
}
