/**
 * Sorting the per-iteration values of a series, which is most of the summary's time: a run's
 * summary sorts thousands of series of 10,000 or more doubles. Float64Array.prototype.sort takes
 * about 0.7 ms for 10,000 values on Node 20; this least-significant-digit radix sort on the
 * values' bits takes a fraction of that and gives the very same array.
 *
 * The order is the numeric one, with -0 before +0, as the typed-array sort gives: each double's
 * bits are mapped to an unsigned 64-bit key that orders the same way (negative numbers have all
 * bits flipped, others only the sign bit), the keys are sorted in 11-bit digits (six passes over
 * the two 32-bit halves; a pass is skipped when every key has the same digit), and mapped back.
 * Arrays with a NaN, and short ones, go to the built-in sort.
 */

/** Each pass's shift within its 32-bit half: digits of 11, 11 and 10 bits, low half first. */
const SHIFTS = [0, 11, 22, 0, 11, 22] as const;
const BUCKETS = 1 << 11;
const RADIX_FROM = 256;
/** The word layout below assumes a little-endian machine (every platform Node 20 ships for). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A sorted copy of the values: the same array Float64Array.from(values).sort() gives. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return sortInto(values, new Float64Array(values.length));
}

/** sortedCopy into `out` (of the values' length), for callers that reuse one array. */
export function sortInto(values: ArrayLike<number>, out: Float64Array): Float64Array {
  const n = values.length;
  if (out.length !== n) throw new RangeError(`out must hold ${n} values, has ${out.length}`);
  out.set(values);
  if (n < RADIX_FROM || !LITTLE_ENDIAN) return out.sort();
  // Whole numbers in a narrow range (bed counts and their differences, about half the series
  // a summary sorts) are sorted by counting them. -0 is not taken for a whole number here, so
  // every value written back has the bits it came with.
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let whole = true;
  for (let i = 0; i < n; i++) {
    const x = out[i]!;
    if (Number.isNaN(x)) return out.sort();
    if (x < min) min = x;
    if (x > max) max = x;
    if (whole && (!Number.isInteger(x) || Object.is(x, -0))) whole = false;
  }
  if (whole && max - min < 4 * n) return countingSort(out, min, max);

  // Little-endian: word 2i is the low half of value i, word 2i + 1 the high half (the sign).
  const words = new Uint32Array(out.buffer, out.byteOffset, 2 * n);
  const scratch = scratchFor(n);
  let lo = scratch.lo;
  let hi = scratch.hi;
  for (let i = 0; i < n; i++) {
    const l = words[2 * i]!;
    const h = words[2 * i + 1]!;
    if (h & 0x80000000) {
      lo[i] = ~l >>> 0;
      hi[i] = ~h >>> 0;
    } else {
      lo[i] = l;
      hi[i] = (h ^ 0x80000000) >>> 0;
    }
  }

  // All six digit histograms in one pass, then one scatter per digit that varies.
  const counts = scratch.counts.fill(0);
  for (let i = 0; i < n; i++) {
    const l = lo[i]!;
    const h = hi[i]!;
    counts[l & 0x7ff]! += 1;
    counts[BUCKETS + ((l >>> 11) & 0x7ff)]! += 1;
    counts[2 * BUCKETS + (l >>> 22)]! += 1;
    counts[3 * BUCKETS + (h & 0x7ff)]! += 1;
    counts[4 * BUCKETS + ((h >>> 11) & 0x7ff)]! += 1;
    counts[5 * BUCKETS + (h >>> 22)]! += 1;
  }
  let loNext = scratch.loNext;
  let hiNext = scratch.hiNext;
  for (let pass = 0; pass < 6; pass++) {
    const base = pass * BUCKETS;
    const shift = SHIFTS[pass]!;
    const mask = pass % 3 === 2 ? 0x3ff : 0x7ff;
    const keys = pass < 3 ? lo : hi;
    // Every key has the same digit here: the order stays as it is.
    if (counts[base + ((keys[0]! >>> shift) & mask)] === n) continue;
    let total = 0;
    for (let d = base; d <= base + mask; d++) {
      const c = counts[d]!;
      counts[d] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const at = counts[base + ((keys[i]! >>> shift) & mask)]!;
      counts[base + ((keys[i]! >>> shift) & mask)] = at + 1;
      loNext[at] = lo[i]!;
      hiNext[at] = hi[i]!;
    }
    const swapLo = lo;
    lo = loNext;
    loNext = swapLo;
    const swapHi = hi;
    hi = hiNext;
    hiNext = swapHi;
  }

  for (let i = 0; i < n; i++) {
    const l = lo[i]!;
    const h = hi[i]!;
    if (h & 0x80000000) {
      words[2 * i] = l;
      words[2 * i + 1] = (h ^ 0x80000000) >>> 0;
    } else {
      words[2 * i] = ~l >>> 0;
      words[2 * i + 1] = ~h >>> 0;
    }
  }
  return out;
}

/**
 * The radix sort's working arrays, kept between calls and grown as needed: a summary sorts
 * thousands of series, and fresh arrays for each came to 0.5 GB of short-lived buffers outside
 * the heap for 10,000 SEL iterations, and the collections they set off. Reuse is safe: a sort
 * runs to its end before another begins (one thread, no await), and nothing of them is returned.
 */
let scratch = {
  lo: new Uint32Array(0),
  hi: new Uint32Array(0),
  loNext: new Uint32Array(0),
  hiNext: new Uint32Array(0),
  counts: new Uint32Array(6 * BUCKETS),
};

function scratchFor(n: number) {
  if (scratch.lo.length < n) {
    const size = Math.max(n, 2 * scratch.lo.length);
    scratch = {
      lo: new Uint32Array(size),
      hi: new Uint32Array(size),
      loNext: new Uint32Array(size),
      hiNext: new Uint32Array(size),
      counts: scratch.counts,
    };
  }
  return {
    lo: scratch.lo.subarray(0, n),
    hi: scratch.hi.subarray(0, n),
    loNext: scratch.loNext.subarray(0, n),
    hiNext: scratch.hiNext.subarray(0, n),
    counts: scratch.counts,
  };
}

/** Sorts whole numbers in [min, max] in place by counting each value. */
function countingSort(out: Float64Array, min: number, max: number): Float64Array {
  const count = new Uint32Array(max - min + 1);
  for (let i = 0; i < out.length; i++) count[out[i]! - min]! += 1;
  let at = 0;
  for (let k = 0; k < count.length; k++) {
    const value = min + k;
    for (let c = count[k]!; c > 0; c--) out[at++] = value;
  }
  return out;
}
