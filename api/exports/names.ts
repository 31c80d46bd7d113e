/** Names a person reads for the ids in a result: options, sites, bed pools and the system. */
import type { RunResult } from '../../models/run-result.js';

export const SYSTEM_NAME = 'Whole system';

export function optionNameOf(result: RunResult): (id: string) => string {
  const names = new Map(result.options.map((o) => [o.id, o.name]));
  return (id) => names.get(id) ?? id;
}

/** A site's name, "site name / pool name" for a declared pool's scope, "Whole system" for the system. */
export function scopeNameOf(result: RunResult): (scope: string) => string {
  const names = new Map<string, string>([['system', SYSTEM_NAME]]);
  for (const s of result.sites) {
    names.set(s.id, s.name);
    for (const p of s.pools ?? []) names.set(p.scope, `${s.name} / ${p.name}`);
  }
  return (scope) => names.get(scope) ?? scope;
}
