import type { RandomStream } from '../../random/RandomStream.js';
import { generateName } from '../generateName.js';

/** A ReplicaSet's pod name: `<prefix><5 random characters>`, as generateName `<rs>-` gives. */
export function generatePodName(prefix: string, random: RandomStream): string {
  return generateName(prefix, random);
}
