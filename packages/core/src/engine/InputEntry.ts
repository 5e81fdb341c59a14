import type { SimTime } from '../SimTime.js';
import { EVENT_ORIGIN, isSimEventType, type InputEvent } from '../events/SimEvent.js';

/** An input scheduled for a virtual instant; run() assigns it a seq when it is committed. */
export interface InputEntry {
  readonly at: SimTime;
  readonly event: InputEvent;
}

/** Checks inputs before a run starts, naming the offending one (`inputs[3].at: ...`). */
export function assertValidInputs(inputs: readonly InputEntry[], durationMs: SimTime): void {
  inputs.forEach((input, i) => {
    const { at, event } = input as { at: unknown; event: { type?: unknown } | null };
    if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0 || at > durationMs) {
      throw new RangeError(
        `inputs[${i}].at: expected an integer number of milliseconds within the run (0..${durationMs}), got ${String(at)}`,
      );
    }
    const type = event?.type;
    if (!isSimEventType(type)) {
      throw new TypeError(`inputs[${i}].event.type: unknown event type ${JSON.stringify(type)}`);
    }
    if (EVENT_ORIGIN[type] !== 'input') {
      throw new TypeError(`inputs[${i}].event.type: ${type} is derived by the controllers, not an input`);
    }
  });
}
