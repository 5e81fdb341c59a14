import type { SimTime } from '../SimTime.js';
import { KIND_NAMESPACED } from '../api/KubeObject.js';
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
    if (type === 'api/applied')
      assertObjectShape((event as { object?: unknown }).object, `inputs[${i}].event.object`);
  });
}

/**
 * The apiserver validates an object's fields; what it cannot do without crashing is handle something that
 * is not an object of a known kind with metadata, so that is checked before the run starts.
 */
function assertObjectShape(object: unknown, where: string): void {
  if (typeof object !== 'object' || object === null)
    throw new TypeError(`${where}: expected a Kubernetes object`);
  const { kind, apiVersion, metadata } = object as {
    kind?: unknown;
    apiVersion?: unknown;
    metadata?: unknown;
  };
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(KIND_NAMESPACED, kind)) {
    throw new TypeError(
      `${where}.kind: expected one of ${Object.keys(KIND_NAMESPACED).join(', ')}, got ${JSON.stringify(kind)}`,
    );
  }
  if (typeof apiVersion !== 'string') throw new TypeError(`${where}.apiVersion: expected a string`);
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new TypeError(`${where}.metadata: expected an object`);
  }
}
