import type { EndpointSlice } from '../../api/EndpointSlice.js';
import { compareCodeUnits } from '../../canonicalDigest.js';
import type { EndpointSliceChanges } from './EndpointSliceChanges.js';

/** The slices after the changes: deletions and updates matched by name, creations added; sorted by name. */
export function applyEndpointSliceChanges(
  slices: readonly EndpointSlice[],
  changes: EndpointSliceChanges,
): EndpointSlice[] {
  const byName = new Map<string, EndpointSlice>();
  for (const slice of slices) byName.set(slice.metadata.name ?? '', slice);
  for (const slice of changes.toDelete) byName.delete(slice.metadata.name ?? '');
  for (const slice of [...changes.toUpdate, ...changes.toCreate])
    byName.set(slice.metadata.name ?? '', slice);
  return [...byName.entries()].sort(([a], [b]) => compareCodeUnits(a, b)).map(([, slice]) => slice);
}
