/**
 * A synthetic next year for a KH03 table, to test the backtest where the real next year is not
 * to hand. Built from the table's own quarter-to-quarter movements, not from the model's
 * assumptions, so a backtest on it is a check and not a tautology:
 *
 * - residuals: each acute trust's log change in occupied beds from one quarter to the next, less
 *   the national log change of that step (heavy tails and all: reclassifications are in there);
 * - "walk": occupied beds follow a random walk whose quarterly steps are resampled from those
 *   residuals, so target quarter k = base quarter k x (1 + growth) x exp(the four steps between);
 * - "noise": no persistence: target quarter k = the trust's base mean x the national seasonal
 *   factor of quarter k x (1 + growth) x exp(a residual deviation of one quarter from its trust's
 *   mean, resampled).
 *
 * Available beds stay as in the base year, raised where the synthetic occupied beds exceed them.
 */
import { namedStream } from '../random-streams.js';
import { financialYearStart, isAcute, type Kh03Row, kh03Year, QUARTERS, trustYears } from './kh03.js';

export interface SyntheticOptions {
  from: string;
  mode: 'walk' | 'noise';
  /** National growth from the base year to the synthetic one, e.g. 0.02. */
  growth: number;
  seed: number;
}

export function synthesiseNextYear(rows: readonly Kh03Row[], options: SyntheticOptions): Kh03Row[] {
  const start = financialYearStart(options.from)!;
  const next = kh03Year(start + 1);
  const { trusts } = trustYears(rows, options.from, QUARTERS);
  const acute = [...trusts.values()].filter(isAcute).map((t) => t.orgCode);
  const byOrg = new Map<string, Kh03Row[]>();
  for (const r of rows) if (r.year === options.from) byOrg.set(r.orgCode, [...(byOrg.get(r.orgCode) ?? []), r]);
  const occ = (code: string) => QUARTERS.map((q) => byOrg.get(code)!.find((r) => r.quarter === q)!.occupied);
  const national = QUARTERS.map((_, k) => acute.reduce((a, c) => a + occ(c)[k]!, 0));
  const steps: number[] = [];
  const deviations: number[] = [];
  const season = national.map((x) => Math.log(x / (national.reduce((a, b) => a + b, 0) / 4)));
  for (const code of acute) {
    const o = occ(code);
    for (let k = 0; k < 3; k++) steps.push(Math.log(o[k + 1]! / o[k]!) - Math.log(national[k + 1]! / national[k]!));
    const logs = o.map((x, k) => Math.log(x) - season[k]!);
    const m = logs.reduce((a, b) => a + b, 0) / 4;
    // Deviations from a mean of four shrink by sqrt(3/4); scaled back to a quarter's spread.
    for (const l of logs) deviations.push((l - m) * Math.sqrt(4 / 3));
  }
  const out: Kh03Row[] = [];
  let row = 1;
  for (const code of [...byOrg.keys()].sort()) {
    const list = byOrg.get(code)!;
    const u = namedStream(options.seed, 0, `synthetic/${options.mode}/${code}`);
    const pick = (xs: number[]) => xs[Math.floor(u() * xs.length)]!;
    const walk = Array.from({ length: 8 }, () => pick(steps));
    const mean = list.reduce((a, r) => a + r.occupied, 0) / list.length;
    for (const r of [...list].sort((a, b) => a.quarter.localeCompare(b.quarter))) {
      const k = QUARTERS.indexOf(r.quarter);
      const factor =
        options.mode === 'walk'
          ? Math.exp(walk.slice(k + 1, k + 5).reduce((a, b) => a + b, 0))
          : r.occupied > 0
            ? (Math.exp(season[k]! + pick(deviations)) * mean) / r.occupied
            : 1;
      const occupied = r.occupied * (1 + options.growth) * factor;
      out.push({
        ...r,
        row: ++row,
        year: next,
        occupied: Math.round(occupied * 100) / 100,
        available: Math.round(Math.max(r.available, occupied) * 100) / 100,
      });
    }
  }
  return out;
}

/** Rows back to CSV in the KH03 form (with type 1 A&E, so acute trusts can be picked). */
export function kh03Csv(rows: readonly Kh03Row[]): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [
    'org_code,org_name,period,ga_beds_available,ga_beds_occupied,ae_type1_attendances',
    ...rows.map((r) =>
      [r.orgCode, q(r.orgName), `${r.year} ${r.quarter}`, r.available, r.occupied, r.aeType1 ?? ''].join(','),
    ),
  ].join('\n');
}
