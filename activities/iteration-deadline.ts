/**
 * The per-iteration limit behind RunTooBig, counted in the CPU time the process spends, not in
 * wall time alone: on a starved machine (a CI box running two test suites on two cores, a worker
 * beside a busy neighbour) an ordinary iteration can take seconds of wall time while doing
 * milliseconds of work, and failing it for good would blame the scenario for the machine. An
 * iteration is synchronous, so while it runs no other JavaScript runs on this thread, and the
 * process's CPU time is this iteration's work (plus GC and the SDK's own threads).
 *
 * Wall time is read first because it is cheap (performance.now) and the check runs once per cell;
 * the CPU clock (a getrusage call, about a microsecond) is read only once wall time has passed the
 * limit, so an ordinary iteration pays one CPU reading, at its start.
 */
export interface DeadlineClocks {
  /** Milliseconds, monotone. */
  wallMs: () => number;
  /** The process's user + system CPU time, in milliseconds. */
  cpuMs: () => number;
}

export const PROCESS_CLOCKS: DeadlineClocks = {
  wallMs: () => performance.now(),
  cpuMs: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
};

/**
 * A check to call during one iteration: it returns true once the iteration has run more than
 * limitSeconds by both clocks, i.e. it did that much work, not merely waited for a core.
 */
export function iterationOverLimit(limitSeconds: number, clocks: DeadlineClocks = PROCESS_CLOCKS): () => boolean {
  const limitMs = limitSeconds * 1000;
  const wallStart = clocks.wallMs();
  const cpuStart = clocks.cpuMs();
  return () => clocks.wallMs() - wallStart > limitMs && clocks.cpuMs() - cpuStart > limitMs;
}
