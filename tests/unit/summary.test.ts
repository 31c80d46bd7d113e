/**
 * summarise counts whole numbers instead of sorting them: the result must be the sorted
 * array's summary by simple-statistics to the bit (the outside truth), whatever the values.
 */
import { describe, expect, it } from 'vitest';
import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { REPORTED_PERCENTILES, summarise } from '../../models/summary.js';
import { namedStream } from '../../models/random-streams.js';

function reference(values: Float64Array) {
  const sorted = Array.from(values).sort((a, b) => a - b);
  const q = (p: number) => quantileSorted(sorted, p / 100);
  return {
    mean: mean(sorted),
    mcse: sorted.length > 1 ? sampleStandardDeviation(sorted) / Math.sqrt(sorted.length) : 0,
    ...Object.fromEntries(REPORTED_PERCENTILES.map((p) => [`p${p}`, q(p)])),
  };
}

/** Field by field with Object.is: the same bits (NaN equal to itself, -0 apart from +0). */
function expectSameBits(actual: object, expected: object) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected))
    expect(
      Object.is((actual as Record<string, number>)[key], value),
      `${key}: ${String((actual as Record<string, number>)[key])} vs ${String(value)}`,
    ).toBe(true);
}

describe('summarise', () => {
  it('gives simple-statistics’ summary of the sorted values, bit for bit, for whole numbers and others', () => {
    const u = namedStream(3, 0, 'summary');
    const cases: Float64Array[] = [];
    for (const n of [1, 2, 3, 7, 20, 255, 256, 1000, 10_000]) {
      // Bed counts (narrow), gaps around zero, a wide range (sorted, not counted), fractions.
      cases.push(Float64Array.from({ length: n }, () => 900 + Math.floor(120 * u())));
      cases.push(Float64Array.from({ length: n }, () => Math.floor(80 * u()) - 40));
      cases.push(Float64Array.from({ length: n }, () => Math.floor(1e7 * u())));
      cases.push(Float64Array.from({ length: n }, () => 900 + 120 * u()));
      cases.push(new Float64Array(n).fill(17));
    }
    for (const values of cases) expectSameBits(summarise(values), reference(values));
  });

  it('keeps -0 and NaN to the sort (the counted path would lose the sign and the NaN)', () => {
    // The sorted order is -0, 0, 1, 2, 3 (Float64Array sort), so the minimum is -0.
    const values = Float64Array.from([3, 0, -0, 2, 1, -0]);
    expectSameBits(summarise(values), reference(Float64Array.from(values).sort()));
    // 21 values put p5 at a whole position, which type 7 reads as it is: -0 here.
    expect(Object.is(summarise(new Float64Array(21).fill(-0)).p5, -0)).toBe(true);
    expect(summarise(Float64Array.from([1, Number.NaN, 2])).mean).toBeNaN();
  });
});
