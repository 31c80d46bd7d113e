/**
 * The stored result document's bytes, built one way for every path: the summarise activity over
 * blocks from many shards, and an in-process single pass (benchmarks, tests, the CLI's offline
 * checks). Equal inputs give equal bytes, so equal sha256.
 */
import { canonicalJson } from './canonical-json.js';
import { type CompiledScenario, compileScenario } from './engine.js';
import { type EngineResult, type IterationBlock, simulateBlock, summariseEngine } from './engine-summary.js';
import { MODEL_VERSION } from './model-version.js';
import { inputsSha256, runIdOf, sha256Hex } from './run-identity.js';
import { type RunResult, runResult } from './run-result.js';
import type { RunSource } from './run-source.js';
import { type Scenario, scenarioSchema } from './scenario.js';

export interface ResultDocument {
  result: RunResult;
  bytes: Uint8Array;
  sha256: string;
}

export function resultDocument(
  c: CompiledScenario,
  scenario: Scenario,
  seed: number,
  block: IterationBlock,
  source: RunSource,
): ResultDocument {
  return documentOf(summariseEngine(c, seed, block), scenario, source);
}

/** The document for an engine summary already taken (for example step by step, by an activity). */
export function documentOf(engine: EngineResult, scenario: Scenario, source: RunSource): ResultDocument {
  const identity = { scenario, seed: engine.seed, iterations: engine.iterations, modelVersion: MODEL_VERSION };
  // The run id inside the result comes from the inputs, like the API's, never from a workflow
  // id: the result is a function of its inputs alone.
  const result = runResult(engine, {
    runId: runIdOf(identity),
    modelVersion: MODEL_VERSION,
    inputsSha256: inputsSha256(identity),
    source,
  });
  const bytes = new TextEncoder().encode(canonicalJson(result));
  return { result, bytes, sha256: sha256Hex(bytes) };
}

/** The whole run in this process, in one pass: the reference every orchestrated run must equal. */
export function runInProcess(input: {
  scenario: unknown;
  seed: number;
  iterations: number;
  source?: RunSource;
}): ResultDocument {
  // The same normalisation prepareRun applies: parse, then canonical JSON and back.
  const scenario = scenarioSchema.parse(JSON.parse(canonicalJson(scenarioSchema.parse(input.scenario))));
  const c = compileScenario(scenario);
  return resultDocument(c, scenario, input.seed, simulateBlock(c, input.seed, 0, input.iterations), input.source ?? {});
}
