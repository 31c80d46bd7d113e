/**
 * Messages that say what was expected and, for a likely slip, what was probably meant (issue 19,
 * "messages that mislead"), through the API as a client meets them: a percentage for a fraction,
 * a year spelled 2026-27, a year inside the horizon but missing from its list, a required field
 * left out, and the ramps an override of /years breaks, blamed on that override.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { percentHint, unknownYearMessage } from '../../models/input-hints.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import type { Scenario } from '../../models/scenario.js';
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { readJson } from '../support/read-json.js';
import { tempStore } from '../support/temp-store.js';

type FieldError = { pointer: string; detail: string };

async function errorsOf(body: unknown): Promise<FieldError[]> {
  const app = createApp({ simulations: new FakeSimulationService(), store: tempStore() });
  const res = await app.request('/v1/simulations', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(422);
  return ((await readJson(res)) as { errors: FieldError[] }).errors;
}

const scenario = (): Scenario => structuredClone(smallHospital.scenario) as Scenario;
/** The small hospital's first lever with a ramp. */
function firstRamped(s: Scenario) {
  const found = s.options
    .flatMap((o, oi) => o.interventions.map((iv, ii) => ({ iv, path: `/options/${oi}/interventions/${ii}` })))
    .find(({ iv }) => 'ramp' in iv && iv.ramp !== undefined);
  if (!found) throw new Error('the small hospital has no ramped lever');
  return found as { iv: { ramp: Record<string, number> }; path: string };
}

describe('messages for likely slips', () => {
  it('targetOccupancy 90: at most 1, did you mean 0.9 (inline and as an override)', async () => {
    const s = scenario();
    s.bedPolicy.targetOccupancy = 90;
    expect(await errorsOf({ scenario: s })).toEqual([
      {
        pointer: '/scenario/bedPolicy/targetOccupancy',
        detail: 'must be at most 1 (a share is a fraction of 1: did you mean 0.9?)',
      },
    ]);
    const [override] = await errorsOf({ preset: 'small-hospital', overrides: { '/bedPolicy/targetOccupancy': 85 } });
    expect(override!.detail).toContain('did you mean 0.85?');
  });

  it('an interval of percentages: did you mean the fraction', async () => {
    const s = scenario();
    const { iv, path } = firstRamped(s);
    Object.assign(iv, { reductionAtMaturity: { p10: 5, p90: 25 } });
    const errors = await errorsOf({ scenario: s });
    expect(errors.find((e) => e.pointer.startsWith(`/scenario${path}/reductionAtMaturity`))?.detail).toContain(
      'did you mean 0.25?',
    );
  });

  it('a ramp year spelled 2025-26: did you mean 2025/26', async () => {
    const s = scenario();
    const { iv, path } = firstRamped(s);
    const [first, ...rest] = Object.entries(iv.ramp);
    iv.ramp = Object.fromEntries([[first![0].replace('/', '-'), first![1]], ...rest]);
    const errors = await errorsOf({ scenario: s });
    expect(errors).toEqual([
      {
        pointer: `/scenario${path}/ramp/${first![0].replace('/', '-')}`,
        detail: `year ${first![0].replace('/', '-')} is not one of the scenario's years: did you mean ${first![0]}?`,
      },
    ]);
  });

  it('a year inside the horizon but missing from /years is not called outside it', async () => {
    const s = scenario();
    const missing = s.years[1]!;
    s.years = s.years.filter((y) => y !== missing);
    const errors = await errorsOf({ scenario: s });
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e.detail).toContain(`year ${missing} is inside the horizon`);
      expect(e.detail).not.toContain('outside');
    }
  });

  it('a required field left out says required, not "Invalid input"', async () => {
    const s = scenario() as unknown as { sites: Record<string, unknown>[] };
    delete s.sites[0]!.beds;
    expect(await errorsOf({ scenario: s })).toEqual([
      { pointer: '/scenario/sites/0/beds', detail: 'required: a number, missing here' },
    ]);
  });

  it('shortening /years by override blames that override for the ramps it leaves outside, not /preset', async () => {
    const years = smallHospital.scenario.years.slice(0, -1);
    const errors = await errorsOf({ preset: 'small-hospital', overrides: { '/years': years } });
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.pointer).toBe('/overrides/~1years');
    // With several overrides, the overrides together.
    const several = await errorsOf({
      preset: 'small-hospital',
      overrides: { '/years': years, '/bedPolicy/targetOccupancy': 0.9 },
    });
    for (const e of several) expect(e.pointer).toBe('/overrides');
  });

  it('hints only where the slip is likely', () => {
    expect(percentHint(1.5, 1)).toBe(' (a share is a fraction of 1: did you mean 0.015?)');
    expect(percentHint(250, 1)).toBe('');
    expect(percentHint(90, 365)).toBe('');
    expect(unknownYearMessage('2030/31', ['2024/25', '2025/26'])).toBe(
      'year 2030/31 is outside the horizon 2024/25..2025/26',
    );
    expect(unknownYearMessage('2024-2025', ['2024/25', '2025/26'])).toContain('did you mean 2024/25?');
  });
});
