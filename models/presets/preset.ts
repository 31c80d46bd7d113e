/**
 * A preset: a scenario users can start from, with where every number came from. Sources point into
 * the scenario by JSON pointer, so the API can serve each parameter beside its source and a test
 * can check that no uncertain parameter is left unsourced.
 */
import { z } from 'zod';
import { escapePointerSegment, pointerSegments } from '../json-pointer.js';
import type { ScenarioInput } from '../scenario.js';

export const parameterSourceSchema = z.object({
  /** JSON pointer into the scenario, e.g. /growth/0/ratePerYear. */
  pointer: z.string().startsWith('/'),
  /** Seed file and line, or a public source from the research list. */
  source: z.string().min(1),
  /** seed: the plan itself; public: a published figure; derived: arithmetic on those; assumption: a reasoned placeholder. */
  kind: z.enum(['seed', 'public', 'derived', 'assumption']),
  confidence: z.enum(['high', 'medium', 'low']),
  note: z.string().optional(),
});
export type ParameterSource = z.infer<typeof parameterSourceSchema>;

export interface Preset {
  id: string;
  name: string;
  summary: string;
  /** Choices a user should know about before trusting the numbers. */
  notes: string[];
  scenario: ScenarioInput;
  sources: ParameterSource[];
}

/** The value a JSON pointer names, or undefined. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  let node: unknown = document;
  for (const key of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Pointers of every 80% interval in a document: the uncertain parameters that must be sourced. */
export function intervalPointers(document: unknown, at = ''): string[] {
  if (document === null || typeof document !== 'object') return [];
  const record = document as Record<string, unknown>;
  if (!Array.isArray(document) && typeof record.p10 === 'number' && typeof record.p90 === 'number') return [at];
  return Object.entries(record).flatMap(([k, v]) => intervalPointers(v, `${at}/${escapePointerSegment(k)}`));
}

/** A list of sources and the function that adds one: how a preset or an import cites each figure it sets. */
export function sourceList(): {
  sources: ParameterSource[];
  cite: (
    pointer: string,
    kind: ParameterSource['kind'],
    confidence: ParameterSource['confidence'],
    source: string,
    note?: string,
  ) => void;
} {
  const sources: ParameterSource[] = [];
  return {
    sources,
    cite: (pointer, kind, confidence, source, note) =>
      void sources.push({ pointer, kind, confidence, source, ...(note ? { note } : {}) }),
  };
}
