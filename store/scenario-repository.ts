/**
 * Saved scenarios in the result store: a scenario is a sequence of immutable revisions, each one
 * entry (store/run-keys.ts). Revision n+1 is created only if nobody created it first (the store's
 * create-only put), so of two editors who both started from revision n exactly one succeeds and
 * the other is told so; nothing is ever overwritten. Works on any ResultStore (files, PostgreSQL).
 *
 * Every revision document carries a format version. A document from before versioning (format 0:
 * no `format`, no notes, no origin) is upgraded on reading and says so (`upgradedFrom`); one from
 * a newer bedcast, or whose scenario no longer validates, is refused with the reason, never
 * guessed at.
 */
import { randomBytes } from 'node:crypto';
import { canonicalJson } from '../models/canonical-json.js';
import { fieldErrorLine, fieldErrors } from '../models/field-errors.js';
import { type Scenario, scenarioSchema } from '../models/scenario.js';
import { scenarioRevisionKey, scenarioRevisionsPrefix, scenariosPrefix } from './run-keys.js';
import { ImmutableEntryError, type ResultStore } from './result-store.js';

/** The format this bedcast writes; it reads this one and upgrades older ones. */
export const SCENARIO_FORMAT = 1;
export const SAVED_SCENARIO_ID_PATTERN = /^scn-[0-9a-f]{16}$/;

/** What a revision was made from, when it was not typed in whole. */
export type ScenarioOrigin = { preset: string } | { run: string } | { scenario: { id: string; revision: number } };

export interface ScenarioRevision {
  format: typeof SCENARIO_FORMAT;
  id: string;
  revision: number;
  createdAt: string;
  scenario: Scenario;
  /** Rationale notes by JSON pointer into the scenario: why a value is what it is. */
  notes: Record<string, string>;
  origin?: ScenarioOrigin;
  /** The format it was stored in, when older than SCENARIO_FORMAT (upgraded on reading). */
  upgradedFrom?: number;
}

export type ReadOutcome =
  | { ok: true; revision: ScenarioRevision }
  | { ok: false; missing: true }
  | { ok: false; missing?: false; reason: string; pointer: string };

export class RevisionConflictError extends Error {
  constructor(
    readonly id: string,
    readonly revision: number,
  ) {
    super(`revision ${revision} of ${id} was created by someone else first`);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class ScenarioRepository {
  constructor(
    private readonly store: ResultStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new saved scenario at revision 1. */
  async create(content: Pick<ScenarioRevision, 'scenario' | 'notes' | 'origin'>): Promise<ScenarioRevision> {
    const id = `scn-${randomBytes(8).toString('hex')}`;
    return this.put(id, 1, content);
  }

  /** Revision `revision` (the next one); RevisionConflictError when someone created it first. */
  async revise(
    id: string,
    revision: number,
    content: Pick<ScenarioRevision, 'scenario' | 'notes' | 'origin'>,
  ): Promise<ScenarioRevision> {
    return this.put(id, revision, content);
  }

  /** The highest revision number stored, or undefined for no such scenario. */
  async latestRevision(id: string): Promise<number | undefined> {
    if (!SAVED_SCENARIO_ID_PATTERN.test(id)) return undefined;
    const numbers = (await this.store.list(scenarioRevisionsPrefix(id)))
      .map((key) => /\/(\d+)\.json$/.exec(key)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number);
    return numbers.length > 0 ? Math.max(...numbers) : undefined;
  }

  /** One revision, or the latest when none is named. */
  async read(id: string, revision?: number): Promise<ReadOutcome> {
    if (!SAVED_SCENARIO_ID_PATTERN.test(id)) return { ok: false, missing: true };
    const n = revision ?? (await this.latestRevision(id));
    if (n === undefined || !Number.isSafeInteger(n) || n < 1 || n > 999_999) return { ok: false, missing: true };
    const bytes = await this.store.get(scenarioRevisionKey(id, n));
    if (!bytes) return { ok: false, missing: true };
    return openRevision(JSON.parse(decoder.decode(bytes)) as unknown, id, n);
  }

  /** Every saved scenario's id, sorted. */
  async ids(): Promise<string[]> {
    const ids = new Set<string>();
    for (const key of await this.store.list(scenariosPrefix())) {
      const id = key.split('/')[1];
      if (id && SAVED_SCENARIO_ID_PATTERN.test(id)) ids.add(id);
    }
    return [...ids].sort();
  }

  private async put(
    id: string,
    revision: number,
    content: Pick<ScenarioRevision, 'scenario' | 'notes' | 'origin'>,
  ): Promise<ScenarioRevision> {
    const document: ScenarioRevision = {
      format: SCENARIO_FORMAT,
      id,
      revision,
      createdAt: this.now().toISOString(),
      scenario: content.scenario,
      notes: content.notes,
      ...(content.origin ? { origin: content.origin } : {}),
    };
    try {
      const { created } = await this.store.put(
        scenarioRevisionKey(id, revision),
        encoder.encode(canonicalJson(document)),
      );
      // The same bytes already there (the same millisecond, the same content): someone else's
      // identical write, not ours; it is still a revision we did not create.
      if (!created) throw new RevisionConflictError(id, revision);
    } catch (err) {
      if (err instanceof ImmutableEntryError) throw new RevisionConflictError(id, revision);
      throw err;
    }
    return document;
  }
}

/**
 * A stored revision document as this bedcast reads it: the current format as is, format 0
 * upgraded (and marked), anything else refused with the reason and the field it lies in.
 */
export function openRevision(document: unknown, id: string, revision: number): ReadOutcome {
  if (document === null || typeof document !== 'object' || Array.isArray(document))
    return { ok: false, reason: 'the stored revision is not a JSON object', pointer: '' };
  const doc = document as Record<string, unknown>;
  const format = doc.format ?? 0;
  if (typeof format !== 'number' || !Number.isInteger(format) || format < 0)
    return { ok: false, reason: `unknown format ${JSON.stringify(format)}`, pointer: '/format' };
  if (format > SCENARIO_FORMAT)
    return {
      ok: false,
      reason: `saved by a newer bedcast (format ${format}); this one reads formats up to ${SCENARIO_FORMAT}`,
      pointer: '/format',
    };
  const parsed = scenarioSchema.safeParse(doc.scenario);
  if (!parsed.success) {
    const error = fieldErrors(parsed.error)[0]!;
    return {
      ok: false,
      reason: `its scenario is not valid under this bedcast's scenario schema: ${fieldErrorLine(error)}`,
      pointer: `/scenario${error.pointer}`,
    };
  }
  const notes =
    doc.notes !== null && typeof doc.notes === 'object' && !Array.isArray(doc.notes)
      ? Object.fromEntries(Object.entries(doc.notes).filter((e): e is [string, string] => typeof e[1] === 'string'))
      : {};
  return {
    ok: true,
    revision: {
      format: SCENARIO_FORMAT,
      // The key names the revision; the document's own fields are not trusted over it.
      id,
      revision,
      createdAt: typeof doc.createdAt === 'string' ? doc.createdAt : new Date(0).toISOString(),
      scenario: parsed.data,
      notes,
      ...(format >= 1 && doc.origin !== undefined ? { origin: doc.origin as ScenarioOrigin } : {}),
      ...(format < SCENARIO_FORMAT ? { upgradedFrom: format } : {}),
    },
  };
}
