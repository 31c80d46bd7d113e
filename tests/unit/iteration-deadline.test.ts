import { describe, expect, it } from 'vitest';
import { type DeadlineClocks, PROCESS_CLOCKS, iterationOverLimit } from '../../activities/iteration-deadline.js';

/** Clocks the test moves by hand: wall and CPU time apart, as on a starved machine. */
function handClocks() {
  const now = { wall: 1000, cpu: 50 };
  const clocks: DeadlineClocks = { wallMs: () => now.wall, cpuMs: () => now.cpu };
  return { now, clocks };
}

describe('the per-iteration limit behind RunTooBig', () => {
  it('is not passed by an iteration that waited for a core (wall time long, CPU time short)', () => {
    const { now, clocks } = handClocks();
    const over = iterationOverLimit(4, clocks);
    now.wall += 30_000; // 30 s on the wall clock ...
    now.cpu += 200; // ... for 0.2 s of work
    expect(over()).toBe(false);
  });

  it('is passed once an iteration has done more than the limit of work', () => {
    const { now, clocks } = handClocks();
    const over = iterationOverLimit(4, clocks);
    now.wall += 4_001;
    now.cpu += 3_999;
    expect(over()).toBe(false);
    now.wall += 10;
    now.cpu += 10;
    expect(over()).toBe(true);
  });

  it('reads the CPU clock only once wall time has passed the limit', () => {
    let cpuReads = 0;
    const now = { wall: 0 };
    const over = iterationOverLimit(1, { wallMs: () => now.wall, cpuMs: () => (cpuReads++, 0) });
    for (let i = 0; i < 100; i++) over();
    expect(cpuReads).toBe(1); // the reading at the start
    now.wall = 2000;
    over();
    expect(cpuReads).toBe(2);
  });

  it("the process clocks count this thread's work", () => {
    const over = iterationOverLimit(0.05, PROCESS_CLOCKS);
    const started = performance.now();
    let spins = 0;
    while (!over()) spins++;
    // It took at least the limit of wall time and ended by work, not by waiting.
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
    expect(spins).toBeGreaterThan(0);
  });
});
