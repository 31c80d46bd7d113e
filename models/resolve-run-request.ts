/**
 * From a launch request to the exact scenario a run simulates: the preset looked up and its
 * overrides applied, or the inline scenario, validated in full, with only the chosen options
 * (and always the baseline). The resolved scenario, seed and iterations are all a run's result
 * depends on, so the run id is derived from them and not from how the client spelled them.
 */
import { findPreset } from './presets/index.js';
import type { RunRequest } from './run-request.js';
import { type Scenario, scenarioSchema } from './scenario.js';

export interface FieldError {
  /** JSON pointer into the request, e.g. /overrides/~1bedPolicy~1targetOccupancy. */
  pointer: string;
  detail: string;
}

export type Resolution =
  | { ok: true; scenario: Scenario; source: { preset?: string } }
  | { ok: false; errors: FieldError[]; /** The request names a preset that does not exist. */ unknownPreset?: boolean };

const escape = (segment: string | number) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
const pointerOf = (path: readonly PropertyKey[]) => path.map((p) => `/${escape(String(p))}`).join('');

export function resolveRunRequest(request: RunRequest): Resolution {
  let scenario: Scenario;
  const source: { preset?: string } = {};
  if (request.preset !== undefined) {
    const preset = findPreset(request.preset);
    if (!preset)
      return {
        ok: false,
        unknownPreset: true,
        errors: [{ pointer: '/preset', detail: `no preset has id ${request.preset}` }],
      };
    source.preset = preset.id;
    const document = structuredClone(preset.scenario) as unknown;
    const overrides = Object.entries(request.overrides ?? {});
    for (const [pointer, value] of overrides) {
      if (!replaceAt(document, pointer, value)) {
        return {
          ok: false,
          errors: [
            {
              pointer: `/overrides/${escape(pointer)}`,
              detail: `the preset scenario has nothing at ${pointer} to replace`,
            },
          ],
        };
      }
    }
    const parsed = scenarioSchema.safeParse(document);
    if (!parsed.success) {
      return { ok: false, errors: parsed.error.issues.map((issue) => blameField(request, issue.path, issue.message)) };
    }
    scenario = parsed.data;
  } else if (request.scenario !== undefined) {
    scenario = request.scenario;
  } else {
    return { ok: false, errors: [{ pointer: '', detail: 'give exactly one of preset and scenario' }] };
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

/**
 * A field of the resolved scenario as the request spelled it: inside an inline scenario, or the
 * preset's override the field lies under (otherwise the preset itself), with the scenario's own
 * pointer in the detail so the message names the field either way.
 */
export function blameField(request: RunRequest, path: readonly PropertyKey[], message: string): FieldError {
  const at = pointerOf(path);
  if (request.preset === undefined) return { pointer: `/scenario${at}`, detail: `${at || '(scenario)'}: ${message}` };
  const override = Object.keys(request.overrides ?? {}).find(
    (pointer) => at === pointer || at.startsWith(`${pointer}/`),
  );
  return {
    pointer: override ? `/overrides/${escape(override)}` : '/preset',
    detail: `${at || '(scenario)'}: ${message}`,
  };
}

/** Replaces the value a JSON pointer names, if it exists; false otherwise. */
function replaceAt(document: unknown, pointer: string, value: unknown): boolean {
  const keys = pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
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
