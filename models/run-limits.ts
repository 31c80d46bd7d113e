/** Bounds on a run, shared by the API's request schema and the workflow's input check. */
export const MAX_ITERATIONS = 100_000;
export const MAX_SEED = Number.MAX_SAFE_INTEGER;
export const DEFAULT_ITERATIONS = 1000;
