import type { EndpointSlice } from '../../api/EndpointSlice.js';
import { reconcileEndpointSlices, type ReconcileEndpointSlicesInput } from './reconcileEndpointSlices.js';

/**
 * The slices the EndpointSlice controller would create for a Service that has none yet: a reconcile with
 * no existing slices. Tests compare it with incremental reconciles; callers use it to seed a Service.
 */
export function deriveEndpointSlicesFromScratch(
  input: Omit<ReconcileEndpointSlicesInput, 'existingSlices'>,
): EndpointSlice[] {
  return [...reconcileEndpointSlices({ ...input, existingSlices: [] }).toCreate];
}
