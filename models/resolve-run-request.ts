/**
 * From a launch request to the exact scenario a run simulates: the preset looked up and its
 * overrides applied, or the inline scenario, validated in full, with only the chosen options
 * (and always the baseline). The resolved scenario, seed and iterations are all a run's result
 * depends on, so the run id is derived from them and not from how the client spelled them.
 */
import { blamedFieldErrors, type FieldError, fieldErrorLine } from './field-errors.js';
import { escapePointerSegment, pointerOf, pointerSegments, valueAt } from './json-pointer.js';
import { findPreset } from './presets/index.js';
import type { RunRequest } from './run-request.js';
import type { RunChange, RunSource } from './run-source.js';
import { type Scenario, scenarioSchema } from './scenario.js';

export type Resolution =
  | { ok: true; scenario: Scenario; source: RunSource }
  | { ok: false; errors: FieldError[]; /** The request names a preset that does not exist. */ unknownPreset?: boolean };

/** A saved scenario's revision, read by the caller (the store is not the model's to read). */
export interface SavedBase {
  id: string;
  revision: number;
  scenario: Scenario;
}

export type OverrideOutcome =
  { ok: true; scenario: Scenario; changes: RunChange[] } | { ok: false; errors: FieldError[] };

/**
 * A base scenario (a preset's, a saved revision's) with overrides applied and validated in full;
 * each change carries the value it replaced. Errors blame the override a bad field lies under,
 * otherwise `blame` (the base itself).
 */
export function applyOverrides(
  base: unknown,
  overrides: Record<string, unknown>,
  blame: string,
  what = 'the preset scenario',
): OverrideOutcome {
  const document = structuredClone(base);
  const entries = Object.entries(overrides);
  const changes: RunChange[] = [];
  for (const [pointer, value] of entries) {
    const before = valueAt(document, pointer);
    if (!before.found || !replaceAt(document, pointer, value)) {
      return {
        ok: false,
        errors: [
          {
            pointer: `/overrides/${escapePointerSegment(pointer)}`,
            detail: `${what} has nothing at ${pointer} to replace`,
          },
        ],
      };
    }
    changes.push({ pointer, from: before.value, to: structuredClone(value) });
  }
  const parsed = scenarioSchema.safeParse(document);
  if (!parsed.success) {
    const errors = blamedFieldErrors(parsed.error, (at) => {
      const override = entries.find(([pointer]) => at === pointer || at.startsWith(`${pointer}/`));
      return override ? `/overrides/${escapePointerSegment(override[0])}` : blameElsewhere(entries, blame);
    });
    return { ok: false, errors };
  }
  return { ok: true, scenario: parsed.data, changes };
}

/**
 * An error outside every override (a ramp year after /years was shortened, say). The base alone
 * was valid (presets are tested, saved revisions validated, an inline scenario parsed before its
 * overrides), so the overrides caused it: the one override, or all of them; never the base.
 */
function blameElsewhere(entries: [string, unknown][], base: string): string {
  if (entries.length === 1) return `/overrides/${escapePointerSegment(entries[0]![0])}`;
  return entries.length > 1 ? '/overrides' : base;
}

export function resolveRunRequest(request: RunRequest, saved?: SavedBase): Resolution {
  let scenario: Scenario;
  const source: RunSource = {};
  if (request.preset !== undefined || request.savedScenario !== undefined) {
    let base: unknown;
    if (request.savedScenario !== undefined) {
      if (!saved || saved.id !== request.savedScenario.id)
        return {
          ok: false,
          errors: [{ pointer: '/savedScenario', detail: `saved scenario ${request.savedScenario.id} was not read` }],
        };
      source.saved = { id: saved.id, revision: saved.revision };
      base = saved.scenario;
    } else {
      const preset = findPreset(request.preset!);
      if (!preset)
        return {
          ok: false,
          unknownPreset: true,
          errors: [{ pointer: '/preset', detail: `no preset has id ${request.preset}` }],
        };
      source.preset = preset.id;
      base = preset.scenario;
    }
    const applied = applyOverrides(
      base,
      request.overrides ?? {},
      source.saved ? '/savedScenario' : '/preset',
      source.saved ? `revision ${source.saved.revision} of ${source.saved.id}` : 'the preset scenario',
    );
    if (!applied.ok) return applied;
    // Only when there are some: a plain preset run's source stays { preset }, byte for byte.
    if (applied.changes.length > 0) source.changes = applied.changes;
    scenario = applied.scenario;
  } else if (request.scenario !== undefined) {
    scenario = request.scenario;
    // Overrides of an inline scenario (the CLI's --set on a file): kept as changes like a preset's.
    if (request.overrides !== undefined) {
      const applied = applyOverrides(request.scenario, request.overrides, '/scenario', 'the inline scenario');
      if (!applied.ok) return applied;
      if (applied.changes.length > 0) source.changes = applied.changes;
      scenario = applied.scenario;
    }
  } else {
    return { ok: false, errors: [{ pointer: '', detail: 'give exactly one of preset, savedScenario and scenario' }] };
  }

  if (request.options !== undefined) {
    const known = new Set(scenario.options.map((o) => o.id));
    const errors = request.options.flatMap((id, i) =>
      known.has(id)
        ? []
        : [{ pointer: `/options/${i}`, detail: `no option ${id}; this scenario has ${[...known].join(', ')}` }],
    );
    if (errors.length > 0) return { ok: false, errors };
    const chosen = new Set([...request.options, scenario.baselineOption]);
    scenario = { ...scenario, options: scenario.options.filter((o) => chosen.has(o.id)) };
  }
  return { ok: true, scenario, source };
}

/** Replaces the value a JSON pointer names, if it exists; false otherwise. */
function replaceAt(document: unknown, pointer: string, value: unknown): boolean {
  const keys = pointerSegments(pointer);
  const last = keys.pop();
  if (last === undefined) return false;
  let node: unknown = document;
  for (const key of keys) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  if (node === null || typeof node !== 'object' || !Object.hasOwn(node, last)) return false;
  (node as Record<string, unknown>)[last] = structuredClone(value);
  return true;
}

/**
 * A field of the resolved scenario as the request spelled it: inside an inline scenario, or the
 * override the field lies under (otherwise the preset or saved scenario itself), with the
 * scenario's own pointer in the detail so the message names the field either way.
 */
export function blameField(request: RunRequest, path: readonly PropertyKey[], message: string): FieldError {
  const at = pointerOf(path);
  const override = Object.keys(request.overrides ?? {}).find(
    (pointer) => at === pointer || at.startsWith(`${pointer}/`),
  );
  const detail = fieldErrorLine({ pointer: at, detail: message });
  if (request.preset === undefined && request.savedScenario === undefined && !override) {
    return { pointer: `/scenario${at}`, detail };
  }
  return {
    pointer: override
      ? `/overrides/${escapePointerSegment(override)}`
      : request.preset !== undefined
        ? '/preset'
        : '/savedScenario',
    detail,
  };
}
