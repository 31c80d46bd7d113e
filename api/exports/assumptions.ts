/**
 * Every assumption of a run beside its source and its rationale, for the workbook's cover: the
 * preset's cited sources (models/presets/*.sources.md come from the same list), the rationale
 * notes saved with the scenario revision it was launched from, and the run's own overrides. A
 * value the run (or the revision) changed is marked, so a cited source is never shown as backing
 * a number it did not give.
 */
import { canonicalJson } from '../../models/canonical-json.js';
import { valueAt } from '../../models/json-pointer.js';
import type { Preset } from '../../models/presets/preset.js';
import type { RunChange } from '../../models/run-source.js';

export interface AssumptionRow {
  pointer: string;
  /** The value the run simulated, as JSON (long values shortened). */
  value: string;
  source: string;
  kind: string;
  confidence: string;
  sourceNote: string;
  /** The saved scenario's rationale note at this pointer. */
  rationale: string;
  /** As sourced, changed by this run, changed in the saved scenario, or no recorded source. */
  status: string;
}

export interface AssumptionInputs {
  /** The resolved scenario the run simulated, when stored. */
  scenario?: unknown;
  /** The preset the scenario came from, directly or through saved revisions. */
  preset?: Preset;
  /** The preset's scenario as validated (defaults filled), to compare values with. */
  presetScenario?: unknown;
  /** Rationale notes of the saved revision launched, by JSON pointer. */
  notes?: Record<string, string>;
  changes?: readonly RunChange[];
}

const MAX_VALUE_CHARS = 400;

export function shortJson(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

const within = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

export function assumptionRows(inputs: AssumptionInputs): AssumptionRow[] {
  const { preset, notes = {}, changes = [] } = inputs;
  const sources = preset?.sources ?? [];
  const pointers = [
    ...new Set([...sources.map((s) => s.pointer), ...Object.keys(notes), ...changes.map((c) => c.pointer)]),
  ];
  return pointers.map((pointer) => {
    const source = sources.find((s) => s.pointer === pointer);
    const ran = inputs.scenario === undefined ? { found: false as const } : valueAt(inputs.scenario, pointer);
    const presetValue =
      inputs.presetScenario === undefined ? { found: false as const } : valueAt(inputs.presetScenario, pointer);
    const value = ran.found ? ran.value : presetValue.found ? presetValue.value : undefined;
    const changedHere = changes.filter((c) => within(c.pointer, pointer));
    let status: string;
    if (changedHere.length > 0)
      status = `changed by this run: ${changedHere.map((c) => `${c.pointer} ${shortJson(c.from)} → ${shortJson(c.to)}`).join('; ')}`;
    else if (source && ran.found && presetValue.found && canonicalJson(ran.value) !== canonicalJson(presetValue.value))
      status = `changed in the saved scenario from the preset's ${shortJson(presetValue.value)}: the source is for that value`;
    else if (source) status = 'as sourced';
    else status = 'no recorded source';
    return {
      pointer,
      value: shortJson(value),
      source: source?.source ?? '',
      kind: source?.kind ?? '',
      confidence: source?.confidence ?? '',
      sourceNote: source?.note ?? '',
      rationale: notes[pointer] ?? '',
      status,
    };
  });
}
