import type { RandomStream } from '../random/RandomStream.js';

/**
 * apimachinery util/rand's alphabet (also SafeEncodeString's): no vowels, so no words, and no
 * look-alikes such as 0/o or 1/l.
 */
export const GENERATED_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const MAX_NAME_LENGTH = 63;
const RANDOM_LENGTH = 5;

/**
 * The name the apiserver gives an object created with `generateName: <prefix>` (storage/names
 * SimpleNameGenerator): the prefix cut to 58 characters, then 5 characters drawn from `random`. The one
 * generator behind pod, EndpointSlice and every other generated name.
 */
export function generateName(prefix: string, random: RandomStream): string {
  let name = prefix.slice(0, MAX_NAME_LENGTH - RANDOM_LENGTH);
  for (let i = 0; i < RANDOM_LENGTH; i++) {
    name += GENERATED_NAME_ALPHABET.charAt(random.nextInt(GENERATED_NAME_ALPHABET.length));
  }
  return name;
}
