import { describe, expect, it } from 'vitest';
import { bedsByOccupancy } from '../../models/occupancy-method.js';

describe('occupancy method', () => {
  it('reproduces the NHP bed-conversion worked example: (120,000/100,000) x (90/0.8) = 135 beds', () => {
    // 90 occupied beds in the baseline are 90 x 365 bed days; activity grows by 1.2.
    const futureBedDays = (120_000 / 100_000) * 90 * 365;
    expect(bedsByOccupancy(futureBedDays, 0.8, 365)).toBe(135);
  });

  it('rounds up to whole beds', () => {
    expect(bedsByOccupancy(365 * 85.1, 0.85, 365)).toBe(101);
    expect(bedsByOccupancy(365 * 85, 0.85, 365)).toBe(100);
  });

  it('rejects an occupancy outside (0, 1]', () => {
    expect(() => bedsByOccupancy(100, 0, 365)).toThrow(RangeError);
    expect(() => bedsByOccupancy(100, 1.2, 365)).toThrow(RangeError);
  });
});
