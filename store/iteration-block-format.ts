/**
 * How a chunk's per-iteration figures are stored: the float64 values as a Float64Array lays them
 * out (iteration-major, the platform's little-endian order), then an 8-byte trailer: the CRC-32
 * of the value bytes and a format tag.
 *
 * Why a checksum: blocks are written without fsync (PutOptions.durable false), because they are
 * a cache of a pure function, (scenario, seed, iteration range) -> figures, and waiting for the
 * disk on every chunk cost a tenth of a shard's time. Creation is still atomic against a process
 * crash, but after a machine crash a block's name can survive with its data empty, short or
 * zero-filled (depending on the filesystem). The trailer tells a whole block from such a one, so
 * the summary recomputes it instead of summarising zeros. A collision needs a torn block whose
 * bytes happen to match a CRC-32: not a concern for torn writes, which are not adversarial.
 */
import { crc32 } from 'node:zlib';

export const BLOCK_TRAILER_BYTES = 8;
/** "BCK1" read as a little-endian uint32. */
const FORMAT_TAG = 0x314b4342;

/** The stored bytes of a block of values: the values, their CRC-32 and the format tag. */
export function encodeIterationBlock(values: Float64Array): Uint8Array {
  const out = new Uint8Array(iterationBlockBytes(values.length));
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return sealIterationBlock(out);
}

/**
 * Writes the trailer of `bytes`, whose values are already in place (written through a
 * Float64Array view of the same memory, so a shard reuses one buffer for all its chunks).
 */
export function sealIterationBlock(bytes: Uint8Array): Uint8Array {
  const valueBytes = bytes.byteLength - BLOCK_TRAILER_BYTES;
  if (valueBytes < 0 || valueBytes % 8 !== 0)
    throw new RangeError(`a block is 8 bytes a figure plus ${BLOCK_TRAILER_BYTES}, got ${bytes.byteLength} bytes`);
  const trailer = new DataView(bytes.buffer, bytes.byteOffset + valueBytes, BLOCK_TRAILER_BYTES);
  trailer.setUint32(0, crc32(bytes.subarray(0, valueBytes)), true);
  trailer.setUint32(4, FORMAT_TAG, true);
  return bytes;
}

/** The stored size of a block of `valueCount` figures. */
export function iterationBlockBytes(valueCount: number): number {
  return valueCount * 8 + BLOCK_TRAILER_BYTES;
}

/**
 * The values of stored bytes that hold a whole block of `valueCount` figures (a view, no copy),
 * or undefined for bytes of another length, another format or a failed checksum.
 */
export function decodeIterationBlock(bytes: Uint8Array, valueCount: number): Float64Array | undefined {
  const valueBytes = valueCount * 8;
  if (bytes.byteLength !== valueBytes + BLOCK_TRAILER_BYTES) return undefined;
  const trailer = new DataView(bytes.buffer, bytes.byteOffset + valueBytes, BLOCK_TRAILER_BYTES);
  if (trailer.getUint32(4, true) !== FORMAT_TAG) return undefined;
  if (trailer.getUint32(0, true) !== crc32(bytes.subarray(0, valueBytes))) return undefined;
  // A Float64Array view needs an offset that is a multiple of 8; copy in the rare case it is not.
  return bytes.byteOffset % 8 === 0
    ? new Float64Array(bytes.buffer, bytes.byteOffset, valueCount)
    : new Float64Array(bytes.slice(0, valueBytes).buffer);
}
