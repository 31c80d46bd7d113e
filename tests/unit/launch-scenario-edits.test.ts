/**
 * The launch page's pure part (api/launch/scenario-edits.js): the overrides it sends must turn
 * the preset's own scenario (which may leave defaulted keys out) into exactly the edited one, and
 * the API's error pointers must lead back to the field. Checked against the API's own code:
 * applyOverrides on the raw preset.
 */
import { describe, expect, it } from 'vitest';
import { locateError, overridesBetween, plainMessage } from '../../api/launch/scenario-edits.js';
import { findPreset } from '../../models/presets/index.js';
import { applyOverrides } from '../../models/resolve-run-request.js';
import { scenarioSchema } from '../../models/scenario.js';

const raw = findPreset('small-hospital')!.scenario;
/** What the page opens: the preset as GET /v1/presets/{id} serves it, defaults filled in. */
const served = () => structuredClone(scenarioSchema.parse(raw));

/** The scenario the API resolves from the raw preset and the page's overrides. */
function resolved(edited: unknown) {
  const outcome = applyOverrides(raw, overridesBetween(served(), edited), '/preset');
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.scenario;
}

describe('the overrides the launch page sends', () => {
  it('are nothing when nothing changed, and a changed value where it sits', () => {
    expect(overridesBetween(served(), served())).toEqual({});
    const edited = served();
    edited.sites[0]!.beds = 425;
    expect(overridesBetween(served(), edited)).toEqual({ '/sites/0/beds': 425 });
    expect(resolved(edited)).toEqual(edited);
  });

  it('replace the whole item where a key was added or removed, since an override cannot add one', () => {
    const edited = served();
    edited.sites[0]!.targetOccupancy = 0.9;
    const lever = edited.options[1]!.interventions[0]!;
    if (lever.type !== 'lcnAdmissionAvoidance') throw new Error('expected the admission avoidance lever');
    delete lever.ramp['2025/26'];
    const overrides = overridesBetween(served(), edited);
    expect(Object.keys(overrides).sort()).toEqual(['/options/1/interventions/0', '/sites/0']);
    expect(resolved(edited)).toEqual(edited);
  });

  it('send a defaulted key (absent from the preset itself) through its parent', () => {
    expect(raw.bedPolicy).not.toHaveProperty('riskMeasure');
    const edited = served();
    edited.bedPolicy.riskMeasure = 'timeAtCapacity';
    expect(Object.keys(overridesBetween(served(), edited))).toEqual(['/bedPolicy']);
    expect(resolved(edited)).toEqual(edited);
  });

  it('carry options added, removed and renamed, whatever the overrides look like', () => {
    const edited = served();
    const [nothing, avoid, shorter] = edited.options;
    edited.options = [
      nothing!,
      { ...shorter!, name: 'Shorter stays, all wards' },
      { id: 'both', name: 'Both', interventions: [...avoid!.interventions, ...shorter!.interventions] },
    ];
    expect(resolved(edited)).toEqual(edited);
    edited.options.pop();
    expect(Object.keys(overridesBetween(served(), edited))).toEqual(['/options']);
    expect(resolved(edited)).toEqual(edited);
  });

  it('fall back to whole top-level keys beyond the limit', () => {
    const edited = served();
    edited.years = edited.years.map((y) => y); // unchanged
    edited.sites[0]!.beds = 401;
    edited.sites[0]!.name = 'DGH';
    edited.bedPolicy.targetOccupancy = 0.9;
    expect(Object.keys(overridesBetween(served(), edited, 2)).sort()).toEqual(['/bedPolicy', '/sites']);
    expect(resolved(edited)).toEqual(edited);
  });
});

describe("the API's errors, traced to the field", () => {
  it("reads an override's error at the scenario pointer leading its detail, without the pointer", () => {
    const outcome = applyOverrides(
      raw,
      { '/options/1/interventions/0/reductionAtMaturity': { p10: 0.5, p90: 0.2 } },
      '/preset',
    );
    expect(outcome.ok).toBe(false);
    const [error] = outcome.ok ? [] : outcome.errors;
    expect(locateError(error!)).toEqual({
      scenario: '/options/1/interventions/0/reductionAtMaturity/p10',
      message: 'p10 must not exceed p90',
    });
    expect(plainMessage('p10 must not exceed p90')).not.toMatch(/\//);
  });

  it('reads an inline scenario by its /scenario pointer, and request fields as such', () => {
    expect(locateError({ pointer: '/scenario/sites/0/beds', detail: 'Too small: expected number to be >=0' })).toEqual({
      scenario: '/sites/0/beds',
      message: 'Too small: expected number to be >=0',
    });
    expect(plainMessage('Too small: expected number to be >=0')).toBe('This must be at least 0.');
    expect(locateError({ pointer: '/iterations', detail: 'Too big: expected number to be <=100000' })).toEqual({
      request: '/iterations',
      message: 'Too big: expected number to be <=100000',
    });
  });
});
