import type { RandomStream } from '../../random/RandomStream.js';
import { generateName } from '../generateName.js';

export { GENERATED_NAME_ALPHABET } from '../generateName.js';

/** The name of a new EndpointSlice of a Service: generateName `<service>-`. */
export function generateSliceName(serviceName: string, random: RandomStream): string {
  return generateName(`${serviceName}-`, random);
}
