import type { RandomStream } from '../../random/RandomStream.js';

/** apimachinery util/rand's alphabet (SafeEncodeString): no vowels, so no words, and no look-alikes such as 0/o, 1/l. */
export const GENERATED_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const MAX_NAME_LENGTH = 63;
const RANDOM_LENGTH = 5;

/**
 * The name the apiserver gives an EndpointSlice created with `generateName: <service>-` (storage/names
 * SimpleNameGenerator): the prefix cut to 58 characters, then 5 random characters drawn from `random`.
 */
export function generateSliceName(serviceName: string, random: RandomStream): string {
  const base = `${serviceName}-`.slice(0, MAX_NAME_LENGTH - RANDOM_LENGTH);
  let suffix = '';
  for (let i = 0; i < RANDOM_LENGTH; i++) {
    suffix += GENERATED_NAME_ALPHABET[random.nextInt(GENERATED_NAME_ALPHABET.length)] ?? '';
  }
  return base + suffix;
}
