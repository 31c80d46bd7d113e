/**
 * The stored form of a chunk of figures: whole blocks decode to their figures; the things a
 * machine crash leaves of a block written without fsync (nothing, a short file, zeros) and any
 * flipped bit do not.
 */
import { describe, expect, it } from 'vitest';
import { decodeIterationBlock, encodeIterationBlock, iterationBlockBytes } from '../../store/iteration-block-format.js';

const figures = Float64Array.from({ length: 1_000 }, (_, i) => Math.sin(i) * 1e3);

describe('iteration block format', () => {
  it('round-trips figures bit for bit, including -0, NaN and infinities', () => {
    const special = Float64Array.from([
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      5e-324,
      1.5,
    ]);
    for (const values of [figures, special, new Float64Array(0)]) {
      const bytes = encodeIterationBlock(values);
      expect(bytes.byteLength).toBe(iterationBlockBytes(values.length));
      const decoded = decodeIterationBlock(bytes, values.length)!;
      expect(
        Buffer.from(decoded.buffer, decoded.byteOffset, decoded.byteLength).equals(Buffer.from(values.buffer)),
      ).toBe(true);
    }
  });

  it('decodes a block at an offset that is not a multiple of 8 (a copy)', () => {
    const bytes = encodeIterationBlock(figures);
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    expect(Array.from(decodeIterationBlock(shifted.subarray(3), figures.length)!)).toEqual(Array.from(figures));
  });

  it('refuses a short block, a zero-filled one, a flipped bit, another format and the wrong count', () => {
    const bytes = encodeIterationBlock(figures);
    expect(decodeIterationBlock(bytes.subarray(0, bytes.byteLength - 1), figures.length)).toBeUndefined();
    expect(decodeIterationBlock(new Uint8Array(bytes.byteLength), figures.length)).toBeUndefined();
    for (const at of [0, 4_000, 7_999, 8_000, 8_004]) {
      const flipped = bytes.slice();
      flipped[at]! ^= 0x10;
      expect(decodeIterationBlock(flipped, figures.length), `bit flipped at byte ${at}`).toBeUndefined();
    }
    // A raw .f64 block of the workers before the checksum, at a length that fits: the tag refuses it.
    expect(decodeIterationBlock(new Uint8Array(figures.buffer), figures.length - 1)).toBeUndefined();
    expect(decodeIterationBlock(bytes, figures.length - 1)).toBeUndefined();
  });
});
