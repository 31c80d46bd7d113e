/**
 * The one zod-issue formatter (models/field-errors.ts): pointers from issue paths, zod's message
 * kept with bedcast's wording and hints, and the same line wherever a scenario is validated (the
 * API's problem errors, the worker's 'invalid scenario' failure, the scenario store).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { blamedFieldErrors, fieldErrorLine, fieldErrors } from '../../models/field-errors.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import { scenarioSchema } from '../../models/scenario.js';
import { openRevision } from '../../store/scenario-repository.js';

const badScenario = {
  ...smallHospital.scenario,
  bedPolicy: { ...smallHospital.scenario.bedPolicy, targetOccupancy: 92 },
};

function issuesOf(document: unknown) {
  const parsed = scenarioSchema.safeParse(document);
  if (parsed.success) throw new Error('expected the scenario to be refused');
  return parsed.error;
}

describe('field errors from zod issues', () => {
  it('puts each issue at its escaped pointer, under where the document sits', () => {
    const schema = z.object({ 'a/b': z.array(z.number()), 'm~n': z.string() });
    const parsed = schema.safeParse({ 'a/b': [1, 'x'], 'm~n': 3 });
    expect(parsed.success).toBe(false);
    const errors = fieldErrors(parsed.error!, '/scenario');
    expect(errors.map((e) => e.pointer)).toEqual(['/scenario/a~1b/1', '/scenario/m~0n']);
    // bedcast's wording for a missing field (zod-messages.ts) comes through as it is.
    expect(fieldErrors(z.object({ x: z.number() }).safeParse({}).error!)).toEqual([
      { pointer: '/x', detail: 'required: a number, missing here' },
    ]);
  });

  it("keeps the schema's hint for a likely slip, and names the document itself at the root", () => {
    const [error] = fieldErrors(issuesOf(badScenario));
    expect(error!.pointer).toBe('/bedPolicy/targetOccupancy');
    expect(error!.detail).toContain('did you mean 0.92?');
    expect(fieldErrorLine(error!)).toBe(`/bedPolicy/targetOccupancy: ${error!.detail}`);
    expect(fieldErrorLine({ pointer: '', detail: 'expected an object' })).toBe('(scenario): expected an object');
  });

  it('charges an issue to the pointer blame picks, with its own pointer in the detail', () => {
    const [error] = blamedFieldErrors(issuesOf(badScenario), (at) => (at.startsWith('/bedPolicy') ? '/overrides' : ''));
    expect(error!.pointer).toBe('/overrides');
    expect(error!.detail.startsWith('/bedPolicy/targetOccupancy: ')).toBe(true);
  });

  it('gives the scenario store the same line the API gives', () => {
    const [error] = fieldErrors(issuesOf(badScenario));
    const outcome = openRevision({ format: 1, scenario: badScenario }, 'x', 1);
    expect(outcome).toMatchObject({
      ok: false,
      pointer: '/scenario/bedPolicy/targetOccupancy',
      reason: `its scenario is not valid under this bedcast's scenario schema: ${fieldErrorLine(error!)}`,
    });
  });
});
