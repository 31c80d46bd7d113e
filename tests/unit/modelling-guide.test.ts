/**
 * The modelling guide's worked example (docs/modelling-guide.md) is true: its scenario JSON block
 * runs through the engine in-process; (a) its hand-check table is what Little's law, the Poisson
 * census and Erlang's loss formula give (computed here, not by the engine's code), and the
 * engine agrees with them; (b) its results tables are what `npm run guide` prints for that
 * scenario (`npm run guide -- --write` rewrites them after a model change).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cellOf,
  GUIDE_FILE,
  guideResults,
  guideRuns,
  guideScenario,
  guideTables,
  type GuideRuns,
} from '../../bin/modelling-guide.js';

const HAND_START = '<!-- hand checks: tests/unit/modelling-guide.test.ts recomputes this table -->';
const HAND_END = '<!-- end of hand checks -->';

// Outside formulas, written here from their textbook definitions (not models/erlang.ts).
/** P(N = k) for N ~ Poisson(m), from logs of a plain product of k! */
function poissonPmf(k: number, m: number): number {
  let logFactorial = 0;
  for (let i = 2; i <= k; i++) logFactorial += Math.log(i);
  return Math.exp(-m + k * Math.log(m) - logFactorial);
}
/** P(N >= c) = 1 - sum_{k < c} P(N = k). */
function poissonAtLeast(c: number, m: number): number {
  let below = 0;
  for (let k = 0; k < c; k++) below += poissonPmf(k, m);
  return 1 - below;
}
/** Erlang B by its recursion B(0) = 1, B(k) = m B(k-1) / (k + m B(k-1)). */
function erlangB(c: number, m: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (m * b) / (k + m * b);
  return b;
}
function fewest(ok: (c: number) => boolean): number {
  let c = 0;
  while (!ok(c)) c += 1;
  return c;
}

const n1 = (x: number) => x.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const n2 = (x: number) => x.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const n4 = (x: number) => x.toFixed(4);
const w = (x: number) => Math.round(x).toLocaleString('en-GB');
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const central = (v: number | { p10: number; p90: number }) => (typeof v === 'number' ? v : (v.p10 + v.p90) / 2);

interface HandRow {
  working: string;
  hand: string;
  bedcast: string;
}

/** Each row's working, hand answer and what bedcast gives: the first two from the formulas above. */
function expectedHandChecks(runs: GuideRuns): Map<string, HandRow> {
  const s = runs.scenario;
  const days = s.daysPerYear ?? 365;
  const occupancy = s.bedPolicy.targetOccupancy;
  const target = s.bedPolicy.riskTarget;
  const medicalStream = s.streams.find((x) => x.pathway === 'nonElective')!;
  const surgicalStream = s.streams.find((x) => x.arrivals === 'scheduled')!;
  const site = s.sites[0]!;
  const medicalPool = site.pools!.find((p) => p.id === medicalStream.pool)!;
  const [medicalScope, surgicalScope] = [`${site.id}/${medicalStream.pool}`, `${site.id}/${surgicalStream.pool}`];
  const [base, horizon] = [s.years[0]!, s.years.at(-1)!];

  const bedDays = medicalStream.bedDaysPerYear!;
  const los = central(medicalStream.losMeanDays);
  const admissions = bedDays / los;
  const medical = bedDays / days; // bed days / days
  const littles = (admissions / days) * los; // admissions a day x mean LoS
  const surgical = (surgicalStream.admissionsPerYear! * central(surgicalStream.losMeanDays)) / days;
  const beds85 = (m: number) => Math.ceil(m / occupancy - 1e-9);
  const timeBeds = (m: number) => fewest((c) => poissonAtLeast(c, m) <= target);
  const lossBeds = (m: number) => fewest((c) => erlangB(c, m) <= target);
  const capacity = medicalPool.beds;
  const horizonYears = s.years.length - 1;
  const growth = (s.growth ?? [])
    .filter((g) => !g.appliesTo?.pathways || g.appliesTo.pathways.includes('nonElective'))
    .reduce((f, g) => f * (1 + central(g.ratePerYear)), 1);
  const grown = medical * growth ** horizonYears;

  const { result, otherMeasure, onePool } = runs;
  const at = (scope: string, year = base) => cellOf(result, result.baselineOption, scope, year);
  const alt = (scope: string, year = base) => cellOf(otherMeasure, otherMeasure.baselineOption, scope, year);
  const m = at(medicalScope);
  const sg = at(surgicalScope);
  const mH = at(medicalScope, horizon);
  const timeC = timeBeds(medical);
  const lossC = lossBeds(medical);
  const surgicalC = timeBeds(surgical);
  const timeH = timeBeds(grown);
  const lossH = lossBeds(grown);
  const rounded = Number(grown.toFixed(2));
  return new Map<string, HandRow>([
    ['H1', { working: `${w(bedDays)} / ${days}`, hand: n1(medical), bedcast: n1(m.meanOccupied.p50) }],
    [
      'H2',
      {
        working: `${w(bedDays)} / ${los} = ${n1(admissions)} admissions a year; ${n1(admissions)} / ${days} x ${los}`,
        hand: n1(littles),
        bedcast: n1(m.meanOccupied.p50),
      },
    ],
    [
      'H3',
      {
        working: `${w(surgicalStream.admissionsPerYear!)} x ${central(surgicalStream.losMeanDays)} / ${days}`,
        hand: n1(surgical),
        bedcast: n1(sg.meanOccupied.p50),
      },
    ],
    [
      'H4',
      {
        working: `${medical} / ${occupancy} = ${n2(medical / occupancy)}`,
        hand: w(beds85(medical)),
        bedcast: w(m.bedsRequired.occupancy.p50),
      },
    ],
    [
      'H5',
      {
        working: `${surgical} / ${occupancy} = ${n2(surgical / occupancy)}`,
        hand: w(beds85(surgical)),
        bedcast: w(sg.bedsRequired.occupancy.p50),
      },
    ],
    [
      'H6',
      {
        working: `${beds85(medical)} + ${beds85(surgical)}`,
        hand: w(beds85(medical) + beds85(surgical)),
        bedcast: w(at(site.id).bedsRequired.occupancy.p50),
      },
    ],
    [
      'H7',
      {
        working: `${medical + surgical} / ${occupancy} = ${n2((medical + surgical) / occupancy)}`,
        hand: w(beds85(medical + surgical)),
        bedcast: w(cellOf(onePool, onePool.baselineOption, site.id, base).bedsRequired.occupancy.p50),
      },
    ],
    [
      'H8',
      {
        working: `P(N >= ${timeC - 1}) = ${pct(poissonAtLeast(timeC - 1, medical))}; P(N >= ${timeC}) = ${pct(poissonAtLeast(timeC, medical))}`,
        hand: w(timeC),
        bedcast: w(m.bedsRequired.risk.p50),
      },
    ],
    [
      'H9',
      {
        working: `B(${lossC - 1}, ${medical}) = ${pct(erlangB(lossC - 1, medical))}; B(${lossC}, ${medical}) = ${pct(erlangB(lossC, medical))}`,
        hand: w(lossC),
        bedcast: w(alt(medicalScope).bedsRequired.risk.p50),
      },
    ],
    [
      'H10',
      {
        working: `${days} x ${pct(poissonAtLeast(capacity, medical))}`,
        hand: n1(days * poissonAtLeast(capacity, medical)),
        bedcast: n1(m.daysDemandAtOrAboveCapacity.p50),
      },
    ],
    [
      'H11',
      {
        working: `${days} x ${pct(erlangB(capacity, medical))}`,
        hand: n1(days * erlangB(capacity, medical)),
        bedcast: n1(m.daysFull.p50),
      },
    ],
    [
      'H12',
      {
        working: `${n1(admissions)} x ${pct(erlangB(capacity, medical))} (at the central LoS)`,
        hand: w(admissions * erlangB(capacity, medical)),
        bedcast: `${w(m.turnedAway.p50)} (median)`,
      },
    ],
    [
      'H13',
      {
        working: `P(N >= ${surgicalC - 1}) = ${pct(poissonAtLeast(surgicalC - 1, surgical))}; P(N >= ${surgicalC}) = ${pct(poissonAtLeast(surgicalC, surgical))}`,
        hand: w(surgicalC),
        bedcast: `${w(sg.bedsRequired.risk.p50)} (Monday to Friday lists)`,
      },
    ],
    [
      'H14',
      {
        working: `${medical} x ${n4(growth ** horizonYears)}`,
        hand: n1(grown),
        bedcast: `${n1(mH.meanOccupied.p50)} (median)`,
      },
    ],
    [
      'H15',
      {
        working: `${n2(grown)} / ${occupancy} = ${n2(grown / occupancy)}`,
        hand: w(beds85(grown)),
        bedcast: `${w(mH.bedsRequired.occupancy.p50)} (median)`,
      },
    ],
    [
      'H16',
      {
        working: `P(N >= ${timeH - 1}) = ${pct(poissonAtLeast(timeH - 1, grown))}; P(N >= ${timeH}) = ${pct(poissonAtLeast(timeH, grown))}`,
        hand: w(timeH),
        bedcast: `${w(mH.bedsRequired.risk.p50)} (median)`,
      },
    ],
    [
      'H17',
      {
        working: `B(${lossH - 1}, ${rounded}) = ${pct(erlangB(lossH - 1, grown))}; B(${lossH}, ${rounded}) = ${pct(erlangB(lossH, grown))}`,
        hand: w(lossH),
        bedcast: `${w(alt(medicalScope, horizon).bedsRequired.risk.p50)} (median)`,
      },
    ],
  ]);
}

/** The guide's hand-check rows, by id: [what, by hand, working, hand answer, bedcast gives]. */
function handTable(markdown: string): Map<string, string[]> {
  const start = markdown.indexOf(HAND_START);
  const end = markdown.indexOf(HAND_END);
  if (start < 0 || end < start) throw new Error('the guide has no hand-check block');
  const rows = markdown
    .slice(start + HAND_START.length, end)
    .split('\n')
    .filter((line) => /^\| H\d+ \|/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
  return new Map(rows.map((cells) => [cells[0]!, cells.slice(1)]));
}

/** Every way the guide's hand checks differ from the formulas' and the engine's. */
function handCheckMismatches(markdown: string, expected: Map<string, HandRow>): string[] {
  const table = handTable(markdown);
  const problems: string[] = [];
  const ids = (m: Map<string, unknown>) => [...m.keys()].join(',');
  if (ids(table) !== ids(expected)) problems.push(`rows ${ids(table)}, expected ${ids(expected)}`);
  for (const [id, want] of expected) {
    const cells = table.get(id);
    if (!cells) continue;
    const [, , working, hand, bedcast] = cells;
    if (working !== want.working) problems.push(`${id} working: "${working}", expected "${want.working}"`);
    if (hand !== want.hand) problems.push(`${id} hand answer: "${hand}", expected "${want.hand}"`);
    if (bedcast !== want.bedcast) problems.push(`${id} bedcast gives: "${bedcast}", expected "${want.bedcast}"`);
  }
  return problems;
}

describe('modelling guide: the worked example', () => {
  const markdown = readFileSync(GUIDE_FILE, 'utf8');
  let runs: GuideRuns;
  beforeAll(
    () => {
      runs = guideRuns(guideScenario(markdown));
    },
    // Four runs of a one-site scenario at 2,000 iterations: about 3 s alone on a 2-core machine,
    // several times that beside other work. A hang guard, not a speed target.
    120_000,
  );

  it('(a) the hand checks are what Little, Poisson and Erlang give, and bedcast agrees', () => {
    const expected = expectedHandChecks(runs);
    expect(handCheckMismatches(markdown, expected)).toEqual([]);
    // Where a check is exact, bedcast must give the hand answer itself (H13 is a contrast, and
    // H12's engine figure varies with the drawn LoS).
    for (const id of ['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7', 'H8', 'H9', 'H10', 'H11']) {
      expect(expected.get(id)!.bedcast, id).toBe(expected.get(id)!.hand);
    }
    for (const id of ['H14', 'H15', 'H16', 'H17']) {
      expect(expected.get(id)!.bedcast, id).toBe(`${expected.get(id)!.hand} (median)`);
    }
  });

  it("(a) the engine's base-year risk figures are Erlang B and the Poisson tail to 1e-4", () => {
    const s = runs.scenario;
    const stream = s.streams.find((x) => x.pathway === 'nonElective')!;
    const site = s.sites[0]!;
    const pool = site.pools!.find((p) => p.id === stream.pool)!;
    const days = s.daysPerYear ?? 365;
    const load = stream.bedDaysPerYear! / days;
    const cell = cellOf(runs.result, runs.result.baselineOption, `${site.id}/${pool.id}`, s.years[0]!);
    const close = (got: number, want: number) => expect(Math.abs(got / want - 1)).toBeLessThan(1e-4);
    close(cell.daysDemandAtOrAboveCapacity.p50, days * poissonAtLeast(pool.beds, load));
    close(cell.daysFull.p50, days * erlangB(pool.beds, load));
    // Turned away = emergency admissions x B in every iteration, so the medians keep the ratio.
    close(cell.turnedAway.p50 / cell.emergencyAdmissions.p50, erlangB(pool.beds, load));
    // Little's law in every iteration of the base year.
    expect(cell.meanOccupied.p10).toBeCloseTo(load, 9);
    expect(cell.meanOccupied.p90).toBeCloseTo(load, 9);
  });

  it('(a) an edited number in the hand checks is caught', () => {
    const expected = expectedHandChecks(runs);
    const edited = markdown.replace('| 147 | 147 |', '| 148 | 147 |');
    expect(edited).not.toBe(markdown);
    expect(handCheckMismatches(edited, expected)).toEqual(['H8 hand answer: "148", expected "147"']);
    const working = markdown.replace('P(N >= 147) = 0.93%', 'P(N >= 147) = 0.95%');
    expect(working).not.toBe(markdown);
    expect(handCheckMismatches(working, expected)).toHaveLength(1);
  });

  it('(b) the results tables are `npm run guide` for the scenario in the guide (npm run guide -- --write)', () => {
    const tables = guideTables(runs).join('\n').trim();
    expect(guideResults(markdown)).toContain('| do-nothing |');
    expect(guideResults(markdown)).toBe(tables);
    // A stale figure fails: the same comparison on an edited copy.
    const edited = guideResults(markdown).replace('| 0.98 |', '| 0.97 |');
    expect(edited).not.toBe(tables);
  });

  it('the guide is linked from the README', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    expect(readme).toContain('](docs/modelling-guide.md)');
  });
});
