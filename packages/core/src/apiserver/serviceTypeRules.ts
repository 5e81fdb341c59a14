import type { Service, ServiceSpec, ServiceType } from '../api/Service.js';

// The predicates alloc.go and the Service strategy use to decide what a Service type holds, kept in one
// place so allocation, release and the update fix-ups agree.

/** The Service's type after defaulting (`ClusterIP` when unset). */
export function serviceTypeOf(spec: ServiceSpec): ServiceType {
  return spec.type ?? 'ClusterIP';
}

/** Whether the type has a clusterIP field at all (everything but ExternalName; "None" counts). */
export function needsClusterIP(spec: ServiceSpec): boolean {
  return serviceTypeOf(spec) !== 'ExternalName';
}

/** Whether the type carries nodePorts (NodePort and LoadBalancer). */
export function needsNodePort(spec: ServiceSpec): boolean {
  const type = serviceTypeOf(spec);
  return type === 'NodePort' || type === 'LoadBalancer';
}

/** Whether nodePorts are allocated for ports that did not ask for one (LB may opt out). */
export function shouldAllocateNodePorts(spec: ServiceSpec): boolean {
  const type = serviceTypeOf(spec);
  return type === 'NodePort' || (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
}

/** apiservice.NeedsHealthCheck: a LoadBalancer with externalTrafficPolicy Local. */
export function needsHealthCheckNodePort(spec: ServiceSpec): boolean {
  return serviceTypeOf(spec) === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

/** The ClusterIPs as the API holds them: clusterIPs, or clusterIP alone from clients that only set that. */
export function clusterIPsOf(spec: ServiceSpec): string[] {
  if (spec.clusterIPs !== undefined && spec.clusterIPs.length > 0) return [...spec.clusterIPs];
  return spec.clusterIP === undefined || spec.clusterIP === '' ? [] : [spec.clusterIP];
}

/** Whether the Service is headless (clusterIP "None"). */
export function isHeadless(spec: ServiceSpec): boolean {
  return clusterIPsOf(spec)[0] === 'None';
}

/** The non-zero nodePorts of the Service's ports, in port order (collectServiceNodePorts). */
export function nodePortsOf(service: Service): number[] {
  const out: number[] = [];
  for (const port of service.spec.ports ?? []) {
    if (port.nodePort !== undefined && port.nodePort !== 0) out.push(port.nodePort);
  }
  return out;
}
