/**
 * A run's identity: the hash of everything its result depends on (the resolved scenario, seed,
 * iterations and model version) in canonical JSON. The run id is its prefix, so the same request
 * always names the same run however the client spelled it (preset and overrides, or the same
 * scenario inline). Execution settings (shard size, workers) are left out on purpose: they never
 * change a result.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export interface RunIdentity {
  scenario: unknown;
  seed: number;
  iterations: number;
  modelVersion: string;
}

export function inputsSha256(identity: RunIdentity): string {
  const { scenario, seed, iterations, modelVersion } = identity;
  return sha256Hex(canonicalJson({ modelVersion, scenario, seed, iterations }));
}

/** Run ids start with this; a run's Temporal workflow id is its run id. */
export const RUN_ID_PREFIX = 'sim-';

export function runIdOf(identity: RunIdentity): string {
  return `${RUN_ID_PREFIX}${inputsSha256(identity).slice(0, 24)}`;
}

export const RUN_ID_PATTERN = /^sim-[0-9a-f]{24}$/;

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
