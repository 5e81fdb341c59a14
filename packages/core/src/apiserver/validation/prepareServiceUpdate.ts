import type { Service, ServicePort, ServiceSpec } from '../../api/Service.js';
import {
  clusterIPsOf,
  needsClusterIP,
  needsHealthCheckNodePort,
  needsNodePort,
} from '../serviceTypeRules.js';

function sameList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

type MutableSpec = { -readonly [K in keyof ServiceSpec]: ServiceSpec[K] };

/** Sets or removes an optional field without ever storing `undefined` (exactOptionalPropertyTypes). */
function assign<K extends keyof MutableSpec>(
  spec: MutableSpec,
  key: K,
  value: MutableSpec[K] | undefined,
): void {
  if (value === undefined) delete spec[key];
  else spec[key] = value;
}

/**
 * What the apiserver does to an updated Service before validating it (Store.Update runs the service
 * REST's beginUpdate, then the strategy's PrepareForUpdate, then ValidateServiceUpdate):
 *
 * - patchAllocatedValues: a client that resubmits its original YAML gets back the clusterIP(s),
 *   nodePorts and healthCheckNodePort that were allocated for it, so `kubectl apply` is idempotent.
 * - normalizeClusterIPs: keeps `clusterIP` and `clusterIPs` in step for clients that send one.
 * - dropTypeDependentFields: switching to a type that does not use a field clears it, when the client
 *   did not also change it, which is what lets ClusterIP → ExternalName drop the clusterIP.
 */
export function prepareServiceUpdate(next: Service, previous: Service): Service {
  const old = previous.spec;
  const oldIPs = clusterIPsOf(old);
  const oldIP = old.clusterIP ?? oldIPs[0] ?? '';
  const spec: MutableSpec = { ...next.spec };

  // patchAllocatedValues
  let ip = spec.clusterIP ?? '';
  let ips: readonly string[] = spec.clusterIPs ?? [];
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (ip === '') ip = oldIP;
    if (ips.length === 0 && oldIPs.length > 0) ips = oldIPs;
  }
  if (needsNodePort(old) && needsNodePort(spec) && spec.ports !== undefined) {
    const nodePortsOf = (ports: readonly ServicePort[] | undefined): Set<number> =>
      new Set((ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n !== 0));
    const newUsed = nodePortsOf(spec.ports);
    const used = new Set([...nodePortsOf(old.ports)].filter((n) => newUsed.has(n)));
    const byName = new Map<string, number>();
    for (const p of old.ports ?? []) byName.set(p.name ?? '', p.nodePort ?? 0);
    spec.ports = spec.ports.map((p) => {
      const known = byName.get(p.name ?? '') ?? 0;
      return (p.nodePort ?? 0) === 0 && known !== 0 && !used.has(known) ? { ...p, nodePort: known } : p;
    });
  }
  if (
    needsHealthCheckNodePort(old) &&
    needsHealthCheckNodePort(spec) &&
    (spec.healthCheckNodePort ?? 0) === 0
  )
    assign(spec, 'healthCheckNodePort', old.healthCheckNodePort);

  // normalizeClusterIPs
  if (oldIPs.length > 0 && ips.length === 0 && oldIP === ip) ips = oldIPs;
  if (oldIP !== ip) {
    if (oldIP !== '' && ip === '') {
      if (sameList(oldIPs, ips)) ips = [];
    } else if (sameList(oldIPs, ips)) {
      ips = [ip];
    }
  }

  // dropTypeDependentFields
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    if (oldIP === ip && sameList(oldIPs, ips)) {
      ip = '';
      ips = [];
    }
    if (sameList(old.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if (old.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(spec) && spec.ports !== undefined) {
    const oldPorts = old.ports ?? [];
    const unchanged =
      oldPorts.length === spec.ports.length &&
      oldPorts.every((p, i) => (p.nodePort ?? 0) === (spec.ports?.[i]?.nodePort ?? 0));
    if (unchanged)
      spec.ports = spec.ports.map((p) => {
        const { nodePort: _dropped, ...rest } = p;
        return rest;
      });
  }
  if (
    needsHealthCheckNodePort(old) &&
    !needsHealthCheckNodePort(spec) &&
    old.healthCheckNodePort === spec.healthCheckNodePort
  )
    delete spec.healthCheckNodePort;
  if (spec.type !== 'LoadBalancer') delete spec.allocateLoadBalancerNodePorts;
  if (
    old.type === 'LoadBalancer' &&
    spec.type !== 'LoadBalancer' &&
    old.loadBalancerClass === spec.loadBalancerClass
  )
    delete spec.loadBalancerClass;
  if (needsNodePort(old) && !needsNodePort(spec) && old.externalTrafficPolicy === spec.externalTrafficPolicy)
    delete spec.externalTrafficPolicy;

  assign(spec, 'clusterIP', ip === '' && next.spec.clusterIP === undefined ? undefined : ip);
  assign(spec, 'clusterIPs', ips.length === 0 ? undefined : ips);
  if (spec.type !== 'LoadBalancer' && next.status?.loadBalancer !== undefined) {
    // LB de-provisioning is asynchronous upstream, but the status is cleared at once for the user.
    const { loadBalancer: _cleared, ...status } = next.status;
    return { ...next, spec, status };
  }
  return { ...next, spec };
}
