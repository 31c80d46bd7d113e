import { describe, expect, it } from 'vitest';
import { interval80Schema, normalFromInterval80, uncertainValue } from '../../models/uncertain.js';

describe('80% interval parameters (NHS New Hospital Programme convention)', () => {
  it('maps [0.85, 0.95] to mean 0.90 and sd 0.03902, as the NHP model does', () => {
    const { mean, sd } = normalFromInterval80({ p10: 0.85, p90: 0.95 });
    expect(mean).toBeCloseTo(0.9, 12);
    expect(sd).toBeCloseTo(0.03902, 5);
  });

  it('puts p10 and p90 at the 10th and 90th percentiles of the normal', () => {
    const param = { p10: 2, p90: 6 };
    const z90 = 1.2815515655446004;
    expect(uncertainValue(param, -z90, { min: -1e9, max: 1e9 })).toBeCloseTo(2, 12);
    expect(uncertainValue(param, z90, { min: -1e9, max: 1e9 })).toBeCloseTo(6, 12);
  });

  it('clips a draw to the valid range', () => {
    expect(uncertainValue({ p10: 0.1, p90: 0.9 }, 10, { min: 0, max: 1 })).toBe(1);
    expect(uncertainValue({ p10: 0.1, p90: 0.9 }, -10, { min: 0, max: 1 })).toBe(0);
    expect(uncertainValue(1.5, 0, { min: 0, max: 1 })).toBe(1);
  });

  it('rejects p10 above p90 with a message on p10', () => {
    const r = interval80Schema.safeParse({ p10: 3, p90: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['p10']);
  });
});
