import type { SimTime } from '../SimTime.js';

/** An event that cannot be applied to the state it arrives in (for example a pod on a node that does not exist). */
export class SimulationError extends Error {
  override readonly name = 'SimulationError';

  constructor(
    message: string,
    readonly at: SimTime,
    readonly seq: number,
  ) {
    super(`at ${at} ms (event #${seq}): ${message}`);
  }
}
