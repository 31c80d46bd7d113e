/**
 * What a server-bound test file needs: the shared dev server's address, or a clear skip when no
 * server could be started (never when REQUIRE_TEMPORAL=1: global setup fails the run then).
 */
import { inject } from 'vitest';

export function temporalAddress(): string {
  return inject('temporalAddress');
}

export function hasTemporal(): boolean {
  const address = temporalAddress();
  if (!address && process.env.REQUIRE_TEMPORAL === '1') {
    throw new Error('REQUIRE_TEMPORAL=1 but no Temporal server address was provided');
  }
  return Boolean(address);
}

let counter = 0;
/** A task queue of the test's own, so workers of different tests never share work. */
export function uniqueTaskQueue(name: string): string {
  counter += 1;
  return `test-${name}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}
