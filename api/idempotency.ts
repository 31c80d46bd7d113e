/**
 * Idempotency-Key on POST (draft-ietf-httpapi-idempotency-key-header): the same key with the same
 * body names the same run, even when the client let the API choose the seed; the same key with
 * another body is refused. The key's record is written to the result store create-only, so two
 * concurrent first requests agree on one seed.
 */
import { createHash, randomInt } from 'node:crypto';
import { canonicalJson } from '../models/canonical-json.js';
import { MAX_SEED } from '../models/run-limits.js';
import { ImmutableEntryError, type ResultStore } from '../store/result-store.js';

export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

interface Record {
  requestHash: string;
  seed: number;
}

export class IdempotencyKeyReusedError extends Error {}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function generateSeed(): number {
  return randomInt(0, Math.min(MAX_SEED, 2 ** 48 - 1));
}

/** The seed this request runs with: its own, the one first recorded for its key, or a new one. */
export async function seedFor(
  store: ResultStore,
  key: string | undefined,
  request: { seed?: number | undefined },
): Promise<number> {
  if (key === undefined) return request.seed ?? generateSeed();
  const entry = `idempotency/${sha256(key)}`;
  const record: Record = { requestHash: sha256(canonicalJson(request)), seed: request.seed ?? generateSeed() };
  try {
    await store.put(entry, new TextEncoder().encode(JSON.stringify(record)));
    return record.seed;
  } catch (err) {
    if (!(err instanceof ImmutableEntryError)) throw err;
    const first = JSON.parse(new TextDecoder().decode(await store.get(entry))) as Record;
    if (first.requestHash !== record.requestHash)
      throw new IdempotencyKeyReusedError('this Idempotency-Key was used with a different request body');
    return first.seed;
  }
}
