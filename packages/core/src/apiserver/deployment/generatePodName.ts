import type { RandomStream } from '../../random/RandomStream.js';
import { SAFE_ALPHANUMS } from './safeEncodeString.js';

/** Object names are DNS subdomain-ish labels of at most 63 characters for pods created from generateName. */
const MAX_NAME_LENGTH = 63;
const RANDOM_LENGTH = 5;

/**
 * A name for generateName `prefix`: the prefix (cut to 58 characters, as the API server's SimpleNameGenerator
 * does) followed by 5 characters drawn uniformly from the rand.String alphabet.
 */
export function generatePodName(prefix: string, random: RandomStream): string {
  const base =
    prefix.length > MAX_NAME_LENGTH - RANDOM_LENGTH
      ? prefix.slice(0, MAX_NAME_LENGTH - RANDOM_LENGTH)
      : prefix;
  let suffix = '';
  for (let i = 0; i < RANDOM_LENGTH; i++)
    suffix += SAFE_ALPHANUMS.charAt(random.nextInt(SAFE_ALPHANUMS.length));
  return base + suffix;
}
