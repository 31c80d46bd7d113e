/**
 * Named random streams: every random quantity in bedcast comes from its own stream, keyed by
 * (seed, iteration, quantity name). Because a stream depends on nothing else, an iteration gives
 * the same draws whatever shard it runs in and in whatever order (shard invariance), and every
 * pathway option of one iteration sees the same draws (common random numbers).
 *
 * The key is the JSON encoding of the tuple, which is injective: two different tuples can never
 * share a key (no truncation to 16- or 32-bit integer seeds, the NHP model's collision problem).
 * seedrandom's alea hashes that string into its 3 x 32-bit state.
 */
import seedrandom from 'seedrandom';

export type Uniform = () => number;

/** Bumped only when the stream construction changes, because every result would change. */
export const STREAM_SCHEME = 'bedcast-streams/1';

export function streamKey(seed: number, iteration: number, quantity: string): string {
  return JSON.stringify([STREAM_SCHEME, seed, iteration, quantity]);
}

/** A uniform [0, 1) generator for one named quantity of one iteration. */
export function namedStream(seed: number, iteration: number, quantity: string): Uniform {
  return seedrandom.alea(streamKey(seed, iteration, quantity));
}
