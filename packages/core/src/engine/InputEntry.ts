import type { SimTime } from '../SimTime.js';
import { KIND_NAMESPACED } from '../api/KubeObject.js';
import { hostNameProblem } from '../dataplane/hostNameProblem.js';
import { parseIpv4 } from '../net/ipv4.js';
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
    else if (type === 'connection/opened') assertConnectionDestination(event, `inputs[${i}].event`);
    else if (type === 'connection/used') assertReconnectFlag(event, `inputs[${i}].event`);
  });
}

/** A connection goes to exactly one of an IPv4 address (`dstIP`) or a host name (`dstName`). */
function assertConnectionDestination(event: object | null, where: string): void {
  const { dstIP, dstName } = event as { dstIP?: unknown; dstName?: unknown };
  if (dstIP !== undefined && dstName !== undefined) {
    throw new TypeError(
      `${where}: give exactly one of dstIP and dstName, not both (got dstIP ${JSON.stringify(dstIP)} and dstName ${JSON.stringify(dstName)})`,
    );
  }
  if (dstIP === undefined && dstName === undefined) {
    throw new TypeError(`${where}: expected a destination, dstIP (an IPv4 address) or dstName (a host name)`);
  }
  if (dstIP !== undefined) {
    if (typeof dstIP !== 'string' || parseIpv4(dstIP) === undefined) {
      throw new TypeError(
        `${where}.dstIP: expected an IPv4 address such as 10.96.0.10, got ${JSON.stringify(dstIP)}`,
      );
    }
    return;
  }
  if (typeof dstName !== 'string') {
    throw new TypeError(`${where}.dstName: expected a host name, got ${JSON.stringify(dstName)}`);
  }
  if (parseIpv4(dstName) !== undefined) {
    throw new TypeError(`${where}.dstName: ${JSON.stringify(dstName)} is an IPv4 address: give it as dstIP`);
  }
  const problem = hostNameProblem(dstName);
  if (problem !== undefined) {
    throw new TypeError(`${where}.dstName: ${JSON.stringify(dstName)} is not a host name: ${problem}`);
  }
}

function assertReconnectFlag(event: object | null, where: string): void {
  const { reconnect } = event as { reconnect?: unknown };
  if (reconnect !== undefined && typeof reconnect !== 'boolean') {
    throw new TypeError(`${where}.reconnect: expected true or false, got ${JSON.stringify(reconnect)}`);
  }
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
