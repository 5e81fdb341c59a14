import { formatAge, listObjects, type ClusterState, type SimTime } from '@svcsim/core';

import { renderTable } from './renderTable.js';

/** kubectl shows at most three endpoints and then "+ N more...". */
const SHOWN_ENDPOINTS = 3;

/** The Endpoints objects of every namespace, as `kubectl get endpoints -A` lays them out at virtual time `now`. */
export function renderEndpoints(state: ClusterState, now: SimTime): string {
  const rows = listObjects(state, 'Endpoints').map((endpoints) => {
    const addresses = (endpoints.subsets ?? []).flatMap((subset) =>
      (subset.addresses ?? []).flatMap((address) =>
        (subset.ports ?? []).map((port) => `${address.ip}:${port.port}`),
      ),
    );
    const shown = addresses.slice(0, SHOWN_ENDPOINTS).join(',');
    const more = addresses.length > SHOWN_ENDPOINTS ? ` + ${addresses.length - SHOWN_ENDPOINTS} more...` : '';
    return [
      endpoints.metadata.namespace ?? '',
      endpoints.metadata.name ?? '',
      addresses.length === 0 ? '<none>' : shown + more,
      formatAge(now - (endpoints.metadata.creationTimestamp ?? now)),
    ];
  });
  if (rows.length === 0) return 'No resources found\n';
  return renderTable(['NAMESPACE', 'NAME', 'ENDPOINTS', 'AGE'], rows);
}
