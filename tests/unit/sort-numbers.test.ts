import { describe, expect, it } from 'vitest';
import { sortedCopy, sortInto } from '../../models/sort-numbers.js';
import { namedStream } from '../../models/random-streams.js';

/** The reference: the typed-array sort, compared bit for bit (so -0 and +0 are told apart). */
function expectSameAsNativeSort(values: number[] | Float64Array): void {
  const expected = Float64Array.from(values).sort();
  const actual = sortedCopy(values);
  expect(actual).toBeInstanceOf(Float64Array);
  expect(actual.length).toBe(expected.length);
  expect(new Uint8Array(actual.buffer)).toEqual(new Uint8Array(expected.buffer));
}

describe('sortedCopy', () => {
  const u = namedStream(7, 0, 'sort-numbers');

  it('matches the built-in sort on mixed-sign doubles (radix path)', () => {
    for (const n of [256, 1000, 10_001]) {
      expectSameAsNativeSort(Array.from({ length: n }, () => (u() - 0.5) * 10 ** Math.floor(20 * u() - 10)));
    }
  });

  it('orders -0 before +0, handles infinities, subnormals and duplicates', () => {
    const special = [
      0,
      -0,
      Infinity,
      -Infinity,
      Number.MIN_VALUE,
      -Number.MIN_VALUE,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      1.5,
      1.5,
    ];
    const values = Array.from(
      { length: 2000 },
      (_, i) => special[i % special.length]! * (i % 3 === 0 ? 1 : 1) + (i % 11 === 0 ? u() : 0),
    );
    expectSameAsNativeSort(values);
  });

  it('sorts whole numbers in a narrow range by counting, and wide ones by radix', () => {
    expectSameAsNativeSort(Array.from({ length: 5000 }, () => Math.floor(400 * u()) - 200));
    expectSameAsNativeSort(Array.from({ length: 5000 }, () => Math.floor(1e12 * u()) - 5e11));
    // Whole numbers with a -0 among them keep the -0's bits.
    const withNegativeZero = Array.from({ length: 1000 }, () => Math.floor(10 * u()) - 5);
    withNegativeZero[500] = -0;
    expectSameAsNativeSort(withNegativeZero);
  });

  it('leaves its input alone and copies from plain arrays and typed arrays alike', () => {
    const input = Float64Array.from({ length: 3000 }, () => u());
    const before = Float64Array.from(input);
    expectSameAsNativeSort(input);
    expect(input).toEqual(before);
  });

  it('sorts into a reused array at any offset, as sortedCopy does, again and again', () => {
    const shared = new Float64Array(20_000).fill(Number.NaN);
    for (const [n, at] of [
      [10_000, 3],
      [4_000, 10_001],
      [300, 0],
    ] as const) {
      const values = Array.from({ length: n }, () => (u() - 0.5) * 1e6);
      const into = sortInto(values, shared.subarray(at, at + n));
      expect(new Uint8Array(into.buffer, into.byteOffset, into.byteLength)).toEqual(
        new Uint8Array(Float64Array.from(values).sort().buffer),
      );
    }
    expect(() => sortInto([1, 2, 3], new Float64Array(2))).toThrow(RangeError);
  });

  it('falls back to the built-in sort for NaN and short arrays', () => {
    const withNaN = Array.from({ length: 1000 }, () => u());
    withNaN[17] = Number.NaN;
    expectSameAsNativeSort(withNaN);
    expectSameAsNativeSort([3, -1, 2, -0, 0]);
    expectSameAsNativeSort([]);
  });
});
