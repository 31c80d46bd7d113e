/**
 * Run ids are derived from the canonical request, so the same request always names the same run:
 * a retried POST attaches to the run it already started instead of starting a second one.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../models/canonical-json.js';
import { MODEL_VERSION } from '../models/model-version.js';
import type { SimulationInput } from '../models/simulation-request.js';
import { WORKFLOW_ID_PREFIX } from '../models/temporal-contract.js';

export function inputsHash(input: SimulationInput): string {
  return createHash('sha256').update(canonicalJson({ modelVersion: MODEL_VERSION, ...input })).digest('hex');
}

export function runIdFor(input: SimulationInput): string {
  return `${WORKFLOW_ID_PREFIX}${inputsHash(input).slice(0, 24)}`;
}

export const RUN_ID_PATTERN = /^sim-[0-9a-f]{24}$/;
