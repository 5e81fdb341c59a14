import { ZONE_LABEL } from '../api/Node.js';
import { compareCodeUnits } from '../canonicalDigest.js';
import type { EndpointInfo } from './EndpointInfo.js';
import type { ServicePortInfo } from './ServicePortInfo.js';
import { usesClusterEndpoints, usesLocalEndpoints } from './ServicePortInfo.js';

export interface CategorizedEndpoints {
  /** Endpoints for Cluster traffic policy (ready and topology-allowed, else serving+terminating). */
  readonly clusterEndpoints: readonly EndpointInfo[];
  /** Endpoints for Local traffic policy (local ready, else local serving+terminating). */
  readonly localEndpoints: readonly EndpointInfo[];
  /** Every endpoint either policy can reach from this node: the SEP chains to write. */
  readonly allReachable: readonly EndpointInfo[];
  /** Whether the ServicePort has a usable endpoint anywhere in the cluster. */
  readonly hasAnyEndpoints: boolean;
}

/**
 * `pkg/proxy/topology.go: CategorizeEndpoints` (section 0.4), with zone hints (PreferSameZone) but
 * without node hints: the PreferSameTrafficDistribution gate is taken as off. One deliberate
 * difference: where Go merges cluster and local lists through a map (random order), the union here
 * is sorted by endpoint string.
 */
export function categorizeEndpoints(
  endpoints: readonly EndpointInfo[],
  servicePort: ServicePortInfo,
  // Only node hints (PreferSameNode) would read the node name; kept for the upstream signature.
  _nodeName: string,
  nodeLabels: Readonly<Record<string, string>>,
): CategorizedEndpoints {
  let clusterEndpoints: readonly EndpointInfo[] = [];
  let localEndpoints: readonly EndpointInfo[] = [];
  let hasAnyEndpoints = false;
  let topologyMode: '' | 'PreferSameZone' = '';
  let useServingTerminatingEndpoints = false;
  const zone = nodeLabels[ZONE_LABEL] ?? '';

  const clusterUsed = usesClusterEndpoints(servicePort);
  if (clusterUsed) {
    topologyMode = topologyModeFromHints(endpoints, zone);
    clusterEndpoints = endpoints.filter(
      (ep) => ep.ready && (topologyMode === '' || (ep.zoneHints ?? []).includes(zone)),
    );
    // No ready endpoint anywhere (topology already fell back if none was ready in this zone):
    // fall back to serving terminating endpoints.
    if (clusterEndpoints.length === 0) {
      clusterEndpoints = endpoints.filter((ep) => ep.serving && ep.terminating);
    }
    hasAnyEndpoints = clusterEndpoints.length > 0;
  }

  if (!usesLocalEndpoints(servicePort)) {
    return { clusterEndpoints, localEndpoints, allReachable: clusterEndpoints, hasAnyEndpoints };
  }

  let hasLocalReady = false;
  let hasLocalServingTerminating = false;
  for (const ep of endpoints) {
    if (ep.ready) {
      hasAnyEndpoints = true;
      if (ep.isLocal) hasLocalReady = true;
    } else if (ep.serving && ep.terminating) {
      hasAnyEndpoints = true;
      if (ep.isLocal) hasLocalServingTerminating = true;
    }
  }
  if (hasLocalReady) {
    localEndpoints = endpoints.filter((ep) => ep.isLocal && ep.ready);
  } else if (hasLocalServingTerminating) {
    useServingTerminatingEndpoints = true;
    localEndpoints = endpoints.filter((ep) => ep.isLocal && ep.serving && ep.terminating);
  }

  if (!clusterUsed) {
    return { clusterEndpoints, localEndpoints, allReachable: localEndpoints, hasAnyEndpoints };
  }
  if (topologyMode === '' && !useServingTerminatingEndpoints) {
    // clusterEndpoints holds every ready endpoint, so it already contains the local ready ones.
    return { clusterEndpoints, localEndpoints, allReachable: clusterEndpoints, hasAnyEndpoints };
  }
  const union = new Map<string, EndpointInfo>();
  for (const ep of clusterEndpoints) union.set(ep.endpoint, ep);
  for (const ep of localEndpoints) union.set(ep.endpoint, ep);
  const allReachable = [...union.values()].sort((a, b) => compareCodeUnits(a.endpoint, b.endpoint));
  return { clusterEndpoints, localEndpoints, allReachable, hasAnyEndpoints };
}

/** `topologyModeFromHints` for zone hints: every ready endpoint hinted, and one hinted for our zone. */
function topologyModeFromHints(endpoints: readonly EndpointInfo[], zone: string): '' | 'PreferSameZone' {
  let allHaveZoneHints = true;
  let hasEndpointForZone = false;
  for (const ep of endpoints) {
    if (!ep.ready) continue;
    const hints = ep.zoneHints ?? [];
    if (hints.length === 0) allHaveZoneHints = false;
    else if (hints.includes(zone)) hasEndpointForZone = true;
  }
  return allHaveZoneHints && hasEndpointForZone ? 'PreferSameZone' : '';
}
