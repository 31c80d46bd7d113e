/**
 * The result store: where runs' outputs live, independent of Temporal's retention. Written by
 * activities, read by the API, so it belongs to neither. Entries are immutable: a result is a
 * function of its inputs, so writing the same key twice must mean writing the same bytes.
 */
export interface PutOutcome {
  /** False when the same bytes were already stored under the key (a retried write). */
  created: boolean;
}

export interface PutOptions {
  /**
   * False for working data that can be recomputed (a run's iteration blocks): the entry is still
   * created atomically, whole or not at all, but not forced to disk before put returns, so a
   * machine crash (not a process crash) may lose it or leave it torn. Readers of such entries
   * must check them (a checksum) and recompute what fails. Default true. A hint: a store whose
   * writes are always durable (PostgreSQL) ignores it.
   */
  durable?: boolean;
}

export interface ResultStore {
  /** Stores bytes under a key once. Same key and same bytes: no-op. Same key, other bytes: ImmutableEntryError. */
  put(key: string, bytes: Uint8Array, options?: PutOptions): Promise<PutOutcome>;
  get(key: string): Promise<Uint8Array | undefined>;
  /**
   * Reads an entry into `target` (up to target.length bytes) and returns the entry's length, or
   * undefined when there is none. For large entries read in bulk (a run's iteration blocks):
   * no buffer per entry to copy from and collect.
   */
  getInto(key: string, target: Uint8Array): Promise<number | undefined>;
  /** Keys under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
  /**
   * Deletes every entry under a prefix (a key path ending in '/'); returns how many went. Only
   * for working data a run no longer needs (its iteration blocks once its result is stored).
   */
  removePrefix(prefix: string): Promise<number>;
  /**
   * Deletes one entry; true if there was one. Only for working data found torn (a block written
   * without durability before a machine crash), so that its recomputed bytes can take its place.
   */
  remove(key: string): Promise<boolean>;
  /** True when the store can be read and written. */
  ready(): Promise<boolean>;
}

export class ImmutableEntryError extends Error {
  constructor(readonly key: string) {
    super(`result store entry ${key} already holds different bytes; entries are immutable`);
  }
}

export class InvalidKeyError extends Error {}

/** Keys are paths of lower-case segments: runs/sim-0123.../result.json. No '..', no absolute paths. */
export const KEY_PATTERN = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

export function checkKey(key: string): string {
  if (
    !KEY_PATTERN.test(key) ||
    key.split('/').some((part) => part === '..' || part.endsWith('.tmp')) ||
    key.length > 512
  ) {
    throw new InvalidKeyError(`invalid result store key: ${JSON.stringify(key)}`);
  }
  return key;
}

/** A prefix for removePrefix: a valid key path followed by '/', so it can never match a sibling. */
export function checkPrefix(prefix: string): string {
  if (!prefix.endsWith('/')) throw new InvalidKeyError(`a prefix must end with '/': ${JSON.stringify(prefix)}`);
  checkKey(prefix.slice(0, -1));
  return prefix;
}
