import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importScenario } from '../../models/import/import-scenario.js';
import { parseKh03, quarterDays } from '../../models/import/kh03.js';
import { ImportError, parseCsv } from '../../models/import/table.js';
import { intervalPointers, resolvePointer } from '../../models/presets/preset.js';
import { scenarioSchema } from '../../models/scenario.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');
const KH03 = fixture('kh03-small.csv');
const HEADER = 'org_code,org_name,period,ga_beds_available,ga_beds_occupied,ae_type1_attendances';

/** The issues an import fails with (and a failure if it does not). */
function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (err) {
    if (err instanceof ImportError) return err.issues;
    throw err;
  }
  throw new Error('expected an ImportError');
}

/** Day-weighted mean of a trust's quarters, computed here from the CSV text, independently of the importer. */
function expectedMean(text: string, code: string, year: string, column: number, quarters = ['Q1', 'Q2', 'Q3', 'Q4']) {
  const start = Number(year.slice(0, 4));
  let sum = 0;
  let days = 0;
  for (const line of text.split('\n').slice(1)) {
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
    if (cells[0] !== code || !cells[2]!.startsWith(year)) continue;
    const q = cells[2]!.slice(-2) as 'Q1';
    if (!quarters.includes(q)) continue;
    sum += Number(cells[column]) * quarterDays(start, q);
    days += quarterDays(start, q);
  }
  return sum / days;
}

describe('CSV tables', () => {
  it('reads quoted commas, doubled quotes, CRLF line ends and a byte order mark', () => {
    const t = parseCsv('\uFEFFa,B\r\n"x, ""y""",2\r\n\r\nz,3\r\n', 'beds');
    expect(t.columns).toEqual(['a', 'b']);
    expect(t.rows.map((r) => [r.row, r.cells.get('a'), r.cells.get('b')])).toEqual([
      [2, 'x, "y"', '2'],
      [4, 'z', '3'],
    ]);
  });

  it('names the row of a row with too many cells and of an unclosed quote', () => {
    expect(issuesOf(() => parseCsv('a,b\n1,2\n1,2,3\n', 'beds', 'f.csv'))).toEqual([
      { input: 'beds', file: 'f.csv', row: 3, detail: 'has 3 cells but the header names 2 columns' },
    ]);
    expect(issuesOf(() => parseCsv('a,b\n1,"2\n', 'beds'))[0]).toMatchObject({ row: 2 });
  });
});

describe('KH03 beds table', () => {
  it('reports each bad cell with its file, row and column, and what was expected', () => {
    const text = `${HEADER}\nRJ1,A,2018-19 Q1,10,5,1\nRJ1,A,2018-19 Q2,10,x,1\nRJ1,A,2018/19 Q3,10,5,1\nRJ1,A,2018-19 Q1,10,5,1\nRJ2,B,2018-19 Q1,-3,,\n`;
    const issues = issuesOf(() => parseKh03(text, 'kh03.csv'));
    expect(issues).toEqual([
      { input: 'beds', file: 'kh03.csv', row: 3, column: 'ga_beds_occupied', detail: 'expected a number, got "x"' },
      {
        input: 'beds',
        file: 'kh03.csv',
        row: 4,
        column: 'period',
        detail: 'expected a financial year and quarter like "2018-19 Q3", got "2018/19 Q3"',
      },
      { input: 'beds', file: 'kh03.csv', row: 5, column: 'period', detail: 'RJ1 2018-19 Q1 is also on row 2' },
      {
        input: 'beds',
        file: 'kh03.csv',
        row: 6,
        column: 'ga_beds_available',
        detail: 'expected a number >= 0, got -3',
      },
      {
        input: 'beds',
        file: 'kh03.csv',
        row: 6,
        column: 'ga_beds_occupied',
        detail: 'expected a number, got an empty cell',
      },
    ]);
    expect(new ImportError(issues).message.split('\n')[0]).toBe(
      'kh03.csv: row 3, column ga_beds_occupied: expected a number, got "x"',
    );
  });

  it('names the missing columns', () => {
    const [issue] = issuesOf(() => parseKh03('org_code,period,ga_beds_available\nRJ1,2018-19 Q1,1\n', 'k.csv'));
    expect(issue).toMatchObject({ row: 1, file: 'k.csv' });
    expect(issue!.detail).toContain('missing columns org_name, ga_beds_occupied');
  });

  it('refuses occupied beds above available ones, and a year that is not a financial year', () => {
    const issues = issuesOf(() => parseKh03(`${HEADER}\nRJ1,A,2018-19 Q1,10,12,1\nRJ1,A,2018-20 Q2,10,5,1\n`));
    expect(issues.map((i) => [i.row, i.column])).toEqual([
      [2, 'ga_beds_occupied'],
      [3, 'period'],
    ]);
  });
});

describe('importScenario', () => {
  it('imports the acute trusts (200+ G&A beds and type 1 A&E), listing the one missing quarters', () => {
    const r = importScenario({ beds: KH03, bedsFile: 'kh03-small.csv', baseYear: '2018-19' });
    // CCC has under 200 beds, DDD no type 1 A&E, EEE only Q1; FFF is acute in 2018-19.
    expect(r.scenario.sites.map((s) => s.id)).toEqual(['AAA', 'BBB', 'FFF']);
    expect(r.skipped).toEqual([{ orgCode: 'EEE', reason: 'no Q2, Q3, Q4 2018-19 rows' }]);
    expect(r.scenario.years).toEqual(['2018/19', '2019/20', '2020/21', '2021/22', '2022/23', '2023/24']);
    expect(r.scenario.daysPerYear).toBe(365);
    expect(scenarioSchema.safeParse(r.scenario).success).toBe(true);
  });

  it('reproduces the table: beds and occupied beds are the day-weighted means, and the streams add up to them', () => {
    const r = importScenario({ beds: KH03, baseYear: '2018-19' });
    const days = r.scenario.daysPerYear!;
    for (const site of r.scenario.sites as { id: string; beds: number; occupiedBeds: number }[]) {
      expect(site.beds).toBe(Math.round(expectedMean(KH03, site.id, '2018-19', 3)));
      expect(site.occupiedBeds).toBeCloseTo(expectedMean(KH03, site.id, '2018-19', 4), 9);
      const bedDays = r.scenario.streams
        .filter((s) => s.site === site.id)
        .reduce((a, s) => a + (s as { bedDaysPerYear: number }).bedDaysPerYear, 0);
      expect(bedDays / days).toBeCloseTo(site.occupiedBeds, 9);
    }
  });

  it('defaults to the latest year and all four quarters, and takes chosen quarters and a horizon', () => {
    expect(importScenario({ beds: KH03 }).scenario.years[0]).toBe('2019/20');
    expect(importScenario({ beds: KH03 }).scenario.daysPerYear).toBe(366); // February 2020
    const r = importScenario({ beds: KH03, baseYear: '2018-19', quarters: ['Q3', 'q1'], horizonYears: 2 });
    expect(r.scenario.years).toEqual(['2018/19', '2019/20', '2020/21']);
    const aaa = r.scenario.sites[0] as { occupiedBeds: number };
    expect(aaa.occupiedBeds).toBeCloseTo(expectedMean(KH03, 'AAA', '2018-19', 4, ['Q1', 'Q3']), 9);
  });

  it('sources every derived figure and every uncertain parameter', () => {
    const r = importScenario({ beds: KH03, baseYear: '2018-19' });
    const sourced = new Set(r.sources.map((s) => s.pointer));
    const must = [
      ...intervalPointers(r.scenario),
      '/years',
      '/daysPerYear',
      '/demandVariation/sdPerYear',
      '/bedPolicy/targetOccupancy',
      '/bedPolicy/riskTarget',
      '/bedPolicy/riskMeasure',
      ...r.scenario.sites.flatMap((_, i) => [`/sites/${i}/beds`, `/sites/${i}/occupiedBeds`]),
      ...r.scenario.streams.flatMap((_, k) => [`/streams/${k}/bedDaysPerYear`, `/streams/${k}/losMeanDays`]),
    ];
    expect(must.filter((p) => !sourced.has(p))).toEqual([]);
    for (const s of r.sources) expect(resolvePointer(r.scenario, s.pointer), s.pointer).not.toBeUndefined();
    const streamSource = r.sources.find((s) => s.pointer === '/streams/0/bedDaysPerYear')!;
    expect(streamSource.source).toContain('KH03 2018-19');
    expect(streamSource.source).toContain('0.67');
  });

  it('imports named trusts, and names the unknown and the incomplete ones', () => {
    const r = importScenario({ beds: KH03, baseYear: '2018-19', trusts: ['bbb', 'CCC'] });
    expect(r.scenario.sites.map((s) => s.id)).toEqual(['BBB', 'CCC']);
    expect(issuesOf(() => importScenario({ beds: KH03, baseYear: '2018-19', trusts: ['ZZZ', 'EEE'] }))).toEqual([
      { input: 'trusts', detail: 'ZZZ is not in the beds table for 2018-19' },
      { input: 'trusts', detail: 'EEE has no Q2, Q3, Q4 2018-19 rows in the beds table' },
    ]);
  });

  it('refuses a base year the table lacks, bad quarters and a bad horizon', () => {
    expect(issuesOf(() => importScenario({ beds: KH03, baseYear: '2017-18' }))[0]!.detail).toContain(
      'has no rows for 2017-18; it has 2018-19, 2019-20',
    );
    expect(issuesOf(() => importScenario({ beds: KH03, quarters: ['Q5'] }))[0]).toMatchObject({ input: 'quarters' });
    expect(issuesOf(() => importScenario({ beds: KH03, horizonYears: 0 }))[0]).toMatchObject({ input: 'horizonYears' });
  });

  it('needs type 1 A&E to pick acute trusts, but not when the trusts are named', () => {
    const text = `org_code,org_name,period,ga_beds_available,ga_beds_occupied\nRJ1,A,2018-19 Q1,300,250\n`;
    expect(issuesOf(() => importScenario({ beds: text }))[0]).toMatchObject({ column: 'ae_type1_attendances' });
    expect(importScenario({ beds: text, trusts: ['RJ1'], quarters: ['Q1'] }).scenario.sites).toHaveLength(1);
  });

  it('applies overrides by JSON pointer, sources them as the user, and blames them when invalid', () => {
    const r = importScenario({
      beds: KH03,
      baseYear: '2018-19',
      overrides: { '/demandVariation/sdPerYear': 0.02, '/bedPolicy/targetOccupancy': 0.92 },
    });
    expect((r.scenario as { demandVariation: { sdPerYear: number } }).demandVariation.sdPerYear).toBe(0.02);
    expect(r.sources.filter((s) => s.pointer === '/demandVariation/sdPerYear')).toEqual([
      {
        pointer: '/demandVariation/sdPerYear',
        kind: 'assumption',
        confidence: 'medium',
        source: 'set by the user (overrides)',
      },
    ]);
    const bad = issuesOf(() => importScenario({ beds: KH03, overrides: { '/bedPolicy/targetOccupancy': 2 } }));
    expect(bad[0]).toMatchObject({ input: 'overrides' });
    expect(bad[0]!.detail).toContain('/bedPolicy/targetOccupancy');
    expect(issuesOf(() => importScenario({ beds: KH03, overrides: { '/nowhere/x': 1 } }))[0]).toMatchObject({
      input: 'overrides',
    });
  });
});

describe('activity table', () => {
  const ACTIVITY = fixture('activity-small.csv');

  it('takes the mix and LoS from the table and the level from KH03', () => {
    const r = importScenario({ beds: KH03, baseYear: '2018-19', activity: ACTIVITY, activityFile: 'act.csv' });
    const streams = r.scenario.streams.filter((s) => s.site === 'AAA') as {
      id: string;
      pathway: string;
      bedDaysPerYear: number;
      losMeanDays: number;
    }[];
    expect(streams.map((s) => s.id)).toEqual(['AAA-nonElective-older', 'AAA-nonElective', 'AAA-elective', 'AAA-other']);
    const table = [150000, 21000 * 4.5, 45000, 14000];
    const occupied = expectedMean(KH03, 'AAA', '2018-19', 4);
    const scale = (occupied * 365) / table.reduce((a, b) => a + b, 0);
    streams.forEach((s, i) => expect(s.bedDaysPerYear).toBeCloseTo(table[i]! * scale, 6));
    expect(streams.map((s) => s.losMeanDays)).toEqual([7.5, 4.5, 5, 14000 / 3000]);
    // BBB is not in the activity table: national shares.
    expect(r.scenario.streams.filter((s) => s.site === 'BBB').map((s) => s.pathway)).toEqual([
      'nonElective',
      'elective',
      'other',
    ]);
    expect(scenarioSchema.safeParse(r.scenario).success).toBe(true);
    expect(r.sources.find((s) => s.pointer === '/streams/0/bedDaysPerYear')!.source).toContain('act.csv row 2');
  });

  it('reports bad rows with file, row and column', () => {
    const text = `site,pathway,admissions,bed_days\nAAA,nonElective,100,500\nZZZ,elective,10,50\nAAA,surgery,10,50\nAAA,elective,ten,50\nAAA,nonElective,5,9\n`;
    expect(
      issuesOf(() => importScenario({ beds: KH03, baseYear: '2018-19', activity: text, activityFile: 'a.csv' })).map(
        (i) => [i.row, i.column],
      ),
    ).toEqual([
      [3, 'site'],
      [4, 'pathway'],
      [5, 'admissions'],
      [6, 'pathway'],
    ]);
  });

  it('needs bed_days or los_mean_days', () => {
    const [issue] = issuesOf(() => importScenario({ beds: KH03, activity: 'site,pathway,admissions\nAAA,other,5\n' }));
    expect(issue).toMatchObject({ input: 'activity', row: 1 });
  });
});
