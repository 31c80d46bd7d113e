/**
 * The model version is part of every run's identity and provenance: results are a function of
 * (scenario, seed, iterations, model version). Bump it whenever any output could change.
 */
export const MODEL_VERSION = '0.5.0';
