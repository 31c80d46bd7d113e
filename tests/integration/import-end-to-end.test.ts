/**
 * A real system from its own data, through the real stack: every acute trust of a KH03 table
 * imported over HTTP, launched at 1,000 iterations on the Temporal dev server, and its base year
 * checked against the table itself, trust by trust, to the bed. Uses ../shared/data's KH03
 * 2018-19 (133 acute trusts) where the clone has it, and the repository's own small fixture in
 * the same format where it does not.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveStack, startLiveStack } from '../support/live-stack.js';
import { readJson } from '../support/read-json.js';
import { hasTemporal } from '../support/temporal-test-env.js';

const SHARED = fileURLToPath(new URL('../../../shared/data/kh03-2018-19.csv', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/import/kh03-small.csv', import.meta.url));
const TABLE = existsSync(SHARED) ? SHARED : FIXTURE;

/** Days in each quarter of 2018-19 (April to March, 2019 not a leap year). */
const QUARTER_DAYS: Record<string, number> = { Q1: 91, Q2: 92, Q3: 92, Q4: 90 };

/**
 * The table's own answer, computed here without the importer: each trust's day-weighted mean of
 * occupied G&A beds over the year's four quarters.
 */
function occupiedByTrust(csv: string): Map<string, number> {
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  const columns = header!.split(',');
  const at = (name: string) => columns.indexOf(name);
  const sums = new Map<string, { bedDays: number; days: number }>();
  for (const row of rows) {
    // Names may be quoted with commas inside: the code is first, the figures are after the period.
    const code = row.slice(0, row.indexOf(','));
    const period = /(\d{4}-\d{2}) (Q[1-4])/.exec(row)!;
    const after = row.slice(period.index + period[0].length + 1).split(',');
    const occupied = Number(after[at('ga_beds_occupied') - at('period') - 1]);
    if (period[1] !== '2018-19' || !Number.isFinite(occupied)) continue;
    const s = sums.get(code) ?? { bedDays: 0, days: 0 };
    s.bedDays += occupied * QUARTER_DAYS[period[2]!]!;
    s.days += QUARTER_DAYS[period[2]!]!;
    sums.set(code, s);
  }
  return new Map([...sums].filter(([, s]) => s.days === 365).map(([code, s]) => [code, s.bedDays / s.days]));
}

describe.skipIf(!hasTemporal())('a KH03 table imported and run through the real stack', () => {
  let stack: LiveStack;

  beforeAll(async () => {
    stack = await startLiveStack('import-e2e');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("imports every acute trust, runs 1,000 iterations, and reproduces each trust's observed base year to the bed", async () => {
    const csv = readFileSync(TABLE, 'utf8');
    const imported = await fetch(`${stack.baseUrl}/v1/scenarios:import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ beds: csv, baseYear: '2018-19', horizonYears: 1 }),
    });
    expect(imported.status).toBe(200);
    const { scenario } = await readJson(imported);
    const trusts: { id: string; occupiedBeds: number }[] = scenario.sites;
    if (TABLE === SHARED) expect(trusts.length).toBe(133);
    else expect(trusts.length).toBeGreaterThan(1);

    const launched = await fetch(`${stack.baseUrl}/v1/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario, iterations: 1000, seed: 2019 }),
    });
    expect(launched.status).toBe(202);
    const location = launched.headers.get('location')!;
    const deadline = Date.now() + 600_000;
    let run;
    for (;;) {
      run = await readJson(await fetch(`${stack.baseUrl}${location}`));
      if (!['queued', 'running'].includes(run.status)) break;
      if (Date.now() > deadline) throw new Error(`run still ${run.status} after 10 minutes`);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(run.status).toBe('succeeded');

    const result = await readJson(await fetch(`${stack.baseUrl}${location}/results`));
    expect(result.iterations).toBe(1000);
    const fromTable = occupiedByTrust(csv);
    const calibration = new Map<
      string,
      { observedOccupiedBeds: number; modelledOccupiedBeds: number; largestDifference: number }
    >(result.calibration.map((x: { scope: string }) => [x.scope, x]));
    for (const trust of trusts) {
      const row = calibration.get(trust.id)!;
      // The trust's site id is its organisation code: the table's own figure, computed above.
      const observed = fromTable.get(trust.id)!;
      expect(Math.abs(row.observedOccupiedBeds - observed), trust.id).toBeLessThan(0.01);
      expect(Math.abs(row.modelledOccupiedBeds - observed), trust.id).toBeLessThan(0.5);
      expect(row.largestDifference, trust.id).toBeLessThan(0.5);
    }
  }, 900_000);
});
