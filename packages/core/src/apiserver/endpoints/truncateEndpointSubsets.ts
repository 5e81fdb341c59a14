import { MAX_ENDPOINTS_ADDRESSES, type EndpointSubset } from '../../api/Endpoints.js';

/**
 * Caps repacked subsets at 1000 addresses (endpoints controller truncateEndpoints), favouring ready ones.
 * If more than 1000 are ready, each subset keeps ceil(subsetReady / totalReady × 1000) of its ready
 * addresses (never more than the budget left) and no not-ready ones; otherwise every ready address stays
 * and the remaining budget is shared over not-ready addresses the same way. Each list keeps its first N.
 */
export function truncateEndpointSubsets(
  subsets: readonly EndpointSubset[],
  maxCapacity: number = MAX_ENDPOINTS_ADDRESSES,
): { readonly subsets: EndpointSubset[]; readonly truncated: boolean } {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const subset of subsets) {
    totalReady += subset.addresses?.length ?? 0;
    totalNotReady += subset.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= maxCapacity) return { subsets: [...subsets], truncated: false };

  const truncateReady = totalReady > maxCapacity;
  const max = truncateReady ? maxCapacity : maxCapacity - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  const truncated = subsets.map((subset): EndpointSubset => {
    const ready = subset.addresses ?? [];
    const notReady = subset.notReadyAddresses ?? [];
    const numInSubset = truncateReady ? ready.length : notReady.length;
    // Rounding up means the last subsets may get fewer than their share; the budget check stops overflow.
    const toBeAdded = Math.min(Math.ceil((numInSubset / numTotal) * max), canBeAdded);
    const keptReady = truncateReady ? ready.slice(0, toBeAdded) : ready;
    const keptNotReady = truncateReady ? [] : notReady.slice(0, toBeAdded);
    canBeAdded -= truncateReady ? keptReady.length : keptNotReady.length;
    return {
      ...(keptReady.length > 0 ? { addresses: keptReady } : {}),
      ...(keptNotReady.length > 0 ? { notReadyAddresses: keptNotReady } : {}),
      ...(subset.ports !== undefined ? { ports: subset.ports } : {}),
    };
  });
  return { subsets: truncated, truncated: true };
}
