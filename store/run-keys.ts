/**
 * Where a run's entries live in the result store. The activities write and read them through
 * store/run-writer.ts, the API reads them through store/run-repository.ts; the workflow passes run
 * ids, never keys.
 *
 *   runs/<run id>/scenario.json                the resolved scenario, canonical JSON (the run's input)
 *   runs/<run id>/blocks/<first>-<count>.block per-iteration figures of a chunk of iterations, with
 *                                              a checksum (store/iteration-block-format.ts)
 *   runs/<run id>/parts/<scope>.json           one scope's summary (a site or the system), JSON,
 *                                              taken by one of several summary activities at once
 *   runs/<run id>/result.json                  the summarised result, canonical JSON
 *   runs/<run id>/run.json                     when the run started and finished (kept apart from
 *                                              the result, whose bytes depend on the inputs alone)
 */
export const runPrefix = (runId: string) => `runs/${runId}/`;
export const scenarioKey = (runId: string) => `runs/${runId}/scenario.json`;
export const blocksPrefix = (runId: string) => `runs/${runId}/blocks/`;
/**
 * Zero-padded so keys sort in iteration order. ".block" since blocks carry a checksum; the ".f64"
 * blocks of workers before that are not read (a summary finding none recomputes the chunk).
 */
export const blockKey = (runId: string, first: number, count: number) =>
  `runs/${runId}/blocks/${String(first).padStart(9, '0')}-${count}.block`;
export const partsPrefix = (runId: string) => `runs/${runId}/parts/`;
export const partKey = (runId: string, scope: number) => `runs/${runId}/parts/${String(scope).padStart(4, '0')}.json`;
export const resultKey = (runId: string) => `runs/${runId}/result.json`;
export const runRecordKey = (runId: string) => `runs/${runId}/run.json`;

/**
 * Saved scenarios (store/scenario-repository.ts). Each revision is one immutable entry, so "the
 * next revision" is a create-only claim of its key: of two editors racing for it, one loses.
 *
 *   scenarios/<scenario id>/revisions/<n>.json  revision n, zero-padded so keys sort in order
 */
export const scenariosPrefix = () => 'scenarios/';
export const scenarioRevisionsPrefix = (scenarioId: string) => `scenarios/${scenarioId}/revisions/`;
export const scenarioRevisionKey = (scenarioId: string, revision: number) =>
  `scenarios/${scenarioId}/revisions/${String(revision).padStart(6, '0')}.json`;
