import { GENERATED_NAME_ALPHABET } from '../generateName.js';

/**
 * The alphabet of k8s.io/apimachinery/pkg/util/rand: consonants and digits without vowels or look-alikes
 * (no 0, 1, 3), so generated names and hashes never spell words.
 */
export const SAFE_ALPHANUMS = GENERATED_NAME_ALPHABET;

/** rand.SafeEncodeString: maps each character to SAFE_ALPHANUMS[code % 27], as pod-template-hash does. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) {
    out += SAFE_ALPHANUMS.charAt((ch.codePointAt(0) ?? 0) % SAFE_ALPHANUMS.length);
  }
  return out;
}
