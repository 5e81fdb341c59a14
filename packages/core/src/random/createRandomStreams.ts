import { createHash } from 'node:crypto';

import { createRandomStream, type RandomStream } from './RandomStream.js';

/** The independent random streams of one run, all derived from its seed. */
export interface RandomStreams {
  readonly seed: number;
  /**
   * The stream with this name (created on first use, the same object afterwards). Each name's
   * sequence depends only on (seed, name), so drawing more from one stream (say, traffic) never
   * changes what another (say, allocation) produces.
   */
  stream(name: string): RandomStream;
}

/** Checks that a seed is a non-negative safe integer; the message names the offending value. */
export function assertValidSeed(seed: unknown): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`seed must be a non-negative integer below 2^53, got ${String(seed)}`);
  }
}

/**
 * Derives the four xoshiro128** state words for (seed, name) from SHA-256("svcsim/v1\0<seed>\0<name>").
 * A cryptographic hash is overkill for speed but ideal for independence: related names ("traffic",
 * "traffic2") and adjacent seeds give unrelated states. It runs once per stream, never per draw.
 */
export function deriveStreamState(seed: number, name: string): [number, number, number, number] {
  assertValidSeed(seed);
  const digest = createHash('sha256').update(`svcsim/v1\0${seed}\0${name}`, 'utf8').digest();
  const words: [number, number, number, number] = [
    digest.readUInt32LE(0),
    digest.readUInt32LE(4),
    digest.readUInt32LE(8),
    digest.readUInt32LE(12),
  ];
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1; // astronomically unlikely; keeps the state valid
  return words;
}

/** Creates the named random streams of a run from its seed. */
export function createRandomStreams(seed: number): RandomStreams {
  assertValidSeed(seed);
  const streams = new Map<string, RandomStream>();
  return {
    seed,
    stream(name) {
      let stream = streams.get(name);
      if (stream === undefined) {
        stream = createRandomStream(name, deriveStreamState(seed, name));
        streams.set(name, stream);
      }
      return stream;
    },
  };
}
