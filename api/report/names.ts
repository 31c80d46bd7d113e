/**
 * What a person reads instead of an id: option, site (and pool) and bridge-step names, taken from
 * the result alone, so every page built from a stored result names things the same way. Ids stay
 * in machine places (JSON, CSV key columns, URLs, data attributes).
 */
import type { RunResult } from '../../models/run-result.js';

type Named = Pick<RunResult, 'options' | 'sites' | 'bridges' | 'baselineOption'>;

export function optionName(result: Pick<RunResult, 'options'>, id: string): string {
  return result.options.find((o) => o.id === id)?.name ?? id;
}

/** The system scope's name, the same in the report, both CSV layouts, the workbook and the charts. */
export const SYSTEM_NAME = 'Whole system';

/** "Whole system", a site's name, or "site name / pool name" for a declared pool's "site/pool" scope. */
export function scopeName(result: Pick<RunResult, 'sites'>, scope: string): string {
  return scopeNameOf(result)(scope);
}

/** scopeName as a lookup built once, for exports that name every row of a large result. */
export function scopeNameOf(result: Pick<RunResult, 'sites'>): (scope: string) => string {
  const names = new Map<string, string>([['system', SYSTEM_NAME]]);
  for (const s of result.sites) {
    names.set(s.id, s.name);
    for (const p of s.pools ?? []) names.set(p.scope, `${s.name} / ${p.name}`);
  }
  return (scope) => names.get(scope) ?? scope;
}

/** optionName as a lookup built once. */
export function optionNameOf(result: Pick<RunResult, 'options'>): (id: string) => string {
  const names = new Map(result.options.map((o) => [o.id, o.name]));
  return (id) => names.get(id) ?? id;
}

/**
 * The risk-at-capacity figures as the report's table and the workbook's sheet head them: the
 * chance of a shortfall by each method, then the loss model's turned-away admissions and days
 * full, and the days demand meets the beds.
 */
export const RISK_AT_CAPACITY_LABELS = {
  probabilityShortfallOccupancy: 'P(short), occupancy method',
  probabilityShortfallRisk: 'P(short), risk method',
  turnedAway: 'Admissions turned away a year (loss model)',
  daysFull: 'Days all beds full (loss model)',
  daysDemandAtOrAboveCapacity: 'Days demand meets or exceeds the beds (nobody turned away)',
} as const;

/** Bridge steps that are not levers: their labels already read as words. */
const FIXED_STEPS = new Set(["today's beds", 'gap today', 'growth', 'interaction', 'required']);

/**
 * A bridge step's label. A lever's step carries its intervention id, which the result does not
 * name; an option whose only lever is that intervention names it (in the presets, "avoid-frail"
 * is the lever of "Admission avoidance for frail patients"). Otherwise the id, spelled as words.
 */
export function stepName(result: Named, step: string): string {
  if (FIXED_STEPS.has(step)) return step;
  const soleLever = result.options.find((o) => {
    const bridge = result.bridges.find((b) => b.option === o.id);
    if (!bridge || o.id === result.baselineOption) return false;
    const levers = bridge.steps.filter((s) => s.kind === 'change' && !FIXED_STEPS.has(s.step));
    return levers.length === 1 && levers[0]!.step === step;
  });
  if (soleLever) return soleLever.name;
  const words = step.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
