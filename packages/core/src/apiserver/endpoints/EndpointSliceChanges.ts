import type { EndpointSlice } from '../../api/EndpointSlice.js';

/**
 * What one reconcile asks the apiserver to do, as the controllers' finalize() would: create these slices
 * (named already; svcsim has no server-side generateName), replace these (full new objects, matched by
 * name), delete these. Slices in none of the lists are left as they are.
 */
export interface EndpointSliceChanges {
  readonly toCreate: readonly EndpointSlice[];
  readonly toUpdate: readonly EndpointSlice[];
  readonly toDelete: readonly EndpointSlice[];
}
