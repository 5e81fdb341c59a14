import type { ClusterState } from '@svcsim/core';

import { renderTable } from './renderTable.js';

/** kubectl shows at most three endpoints and then "+ N more...". */
const SHOWN_ENDPOINTS = 3;

/** The Endpoints of every namespace, as `kubectl get endpoints -A` lays them out (without AGE until objects carry creation times). */
export function renderEndpoints(state: ClusterState): string {
  const rows: string[][] = [];
  for (const namespace of Object.keys(state.endpoints).sort()) {
    const byName = state.endpoints[namespace] ?? {};
    for (const name of Object.keys(byName).sort()) {
      const addresses = byName[name]?.addresses ?? [];
      const shown = addresses.slice(0, SHOWN_ENDPOINTS).join(',');
      const more =
        addresses.length > SHOWN_ENDPOINTS ? ` + ${addresses.length - SHOWN_ENDPOINTS} more...` : '';
      rows.push([namespace, name, addresses.length === 0 ? '<none>' : shown + more]);
    }
  }
  if (rows.length === 0) return 'No resources found\n';
  return renderTable(['NAMESPACE', 'NAME', 'ENDPOINTS'], rows);
}
