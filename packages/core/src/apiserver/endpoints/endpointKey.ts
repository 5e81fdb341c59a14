import type { Endpoint } from '../../api/EndpointSlice.js';
import type { ObjectReference } from '../../api/ObjectMeta.js';
import { rememberPerObject } from '../../rememberPerObject.js';

/**
 * The identity of an endpoint across reconciles (endpointslice util hashEndpoint): sorted addresses,
 * hostname and the target's namespace/name. Everything else (conditions, node, zone) can change in place,
 * which is what lets the reconciler update an endpoint inside its slice instead of moving it. Remembered
 * per endpoint object: a controller re-derives a pod's endpoint only when the pod changes
 * (PodDerivationCache), so most keys are asked for again on the next sync.
 */
export const endpointKey: (endpoint: Endpoint) => string = rememberPerObject((endpoint) =>
  JSON.stringify([
    [...endpoint.addresses].sort(),
    endpoint.hostname ?? '',
    endpoint.targetRef?.namespace ?? '',
    endpoint.targetRef?.name ?? '',
  ]),
);

/**
 * Whether two endpoints with the same key are equal in the fields the key leaves out
 * (EndpointsEqualBeyondHash): nodeName, zone, the three conditions and targetRef. Hints are not compared.
 */
export function endpointsEqualBeyondKey(a: Endpoint, b: Endpoint): boolean {
  // The same object (a pod that did not change since the slice was written) is equal without a look.
  if (a === b) return true;
  return (
    a.nodeName === b.nodeName &&
    a.zone === b.zone &&
    a.conditions?.ready === b.conditions?.ready &&
    a.conditions?.serving === b.conditions?.serving &&
    a.conditions?.terminating === b.conditions?.terminating &&
    sameReference(a.targetRef, b.targetRef)
  );
}

function sameReference(a: ObjectReference | undefined, b: ObjectReference | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.kind === b.kind && a.namespace === b.namespace && a.name === b.name && a.uid === b.uid;
}
