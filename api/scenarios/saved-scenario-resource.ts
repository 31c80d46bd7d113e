/**
 * A saved scenario as the API shows it: its addresses, the ETag naming a revision, the resource
 * of a revision (with what it changed from the one before), and the problem answers for one that
 * cannot be read. Shared by the scenario and revision handlers and by launches naming one.
 */
import type { Context } from 'hono';
import { diffDocuments } from '../../models/json-pointer.js';
import type { ScenarioRepository, ScenarioRevision } from '../../store/scenario-repository.js';
import { type ProblemResponse, problemResponse } from '../problem.js';

export const scenarioLocation = (id: string) => `/v1/scenarios/${id}`;
export const revisionLocation = (id: string, revision: number) => `/v1/scenarios/${id}/revisions/${revision}`;
/** Strong, and names the revision: a client's If-Match says which revision it edited. */
export const revisionEtag = (id: string, revision: number) => `"${id}.${revision}"`;

/** Why a saved scenario could not be read (the repository's answer): nothing there, or a reason. */
export type UnreadableOutcome = { missing: true } | { reason: string; pointer: string };

/** The resource for a revision, with what it changed from the one before. */
export async function savedScenarioResource(repository: ScenarioRepository, r: ScenarioRevision) {
  let changes;
  if (r.revision > 1) {
    const previous = await repository.read(r.id, r.revision - 1);
    if (previous.ok) changes = diffDocuments(previous.revision.scenario, r.scenario);
  }
  return {
    id: r.id,
    revision: r.revision,
    name: r.scenario.name,
    createdAt: r.createdAt,
    scenario: r.scenario,
    notes: r.notes,
    ...(r.origin ? { origin: r.origin } : {}),
    ...(changes ? { changes } : {}),
    ...(r.upgradedFrom !== undefined ? { upgradedFrom: r.upgradedFrom } : {}),
    links: {
      self: revisionLocation(r.id, r.revision),
      scenario: scenarioLocation(r.id),
      ...(r.revision > 1 ? { previous: revisionLocation(r.id, r.revision - 1) } : {}),
    },
  };
}

/** A read that failed as an answer: 404 for nothing there, 422 naming why it cannot be opened. */
export function unreadableScenarioProblem(
  c: Context,
  id: string,
  outcome: UnreadableOutcome,
): ProblemResponse<'scenario-unreadable' | 'not-found'> {
  return 'reason' in outcome
    ? problemResponse(c, 'scenario-unreadable', `saved scenario ${id} cannot be opened: ${outcome.reason}`, {
        errors: [{ pointer: outcome.pointer, detail: outcome.reason }],
      })
    : problemResponse(c, 'not-found', `no saved scenario ${id}; GET /v1/scenarios lists them`);
}

/** The answer to a launch naming a saved scenario that cannot be read: 404 or 422, at /savedScenario. */
export function savedScenarioProblem(
  c: Context,
  ref: { id: string; revision?: number | undefined },
  outcome: UnreadableOutcome,
): ProblemResponse<'scenario-unreadable' | 'not-found'> {
  const what = ref.revision === undefined ? ref.id : `revision ${ref.revision} of ${ref.id}`;
  if ('reason' in outcome)
    return problemResponse(c, 'scenario-unreadable', `saved scenario ${what} cannot be opened: ${outcome.reason}`, {
      errors: [{ pointer: '/savedScenario', detail: outcome.reason }],
    });
  return problemResponse(c, 'not-found', `no saved scenario ${what}; GET /v1/scenarios lists them`, {
    errors: [{ pointer: '/savedScenario', detail: 'no such saved scenario or revision' }],
  });
}
