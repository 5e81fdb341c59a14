import { SERVICE_NAME_LABEL, formatLabels, listObjects, type ClusterState, type Service } from '@svcsim/core';

import { DescribeWriter } from './DescribeWriter.js';
import { formatEndpointSlices } from './endpointsColumns.js';

/**
 * `kubectl describe service` (kubectl's describeService): identity, selector, type, addresses, then each
 * port with its target port, node port and the ready endpoints behind it (from the Service's
 * EndpointSlices, as current kubectl reads them), then affinity and the traffic policies. svcsim records
 * no Event objects, so Events is always `<none>`.
 */
export function describeService(state: ClusterState, service: Service): string {
  const spec = service.spec;
  const namespace = service.metadata.namespace ?? '';
  const slices = listObjects(state, 'EndpointSlice', namespace).filter(
    (slice) => slice.metadata.labels?.[SERVICE_NAME_LABEL] === service.metadata.name,
  );
  const w = new DescribeWriter();
  w.line(0, `Name:\t${service.metadata.name ?? ''}`);
  w.line(0, `Namespace:\t${namespace}`);
  w.labels('Labels', service.metadata.labels);
  w.annotations('Annotations', service.metadata.annotations);
  w.line(0, `Selector:\t${formatLabels(spec.selector ?? {})}`);
  w.line(0, `Type:\t${spec.type ?? 'ClusterIP'}`);
  const families = ipFamiliesShown(service);
  if (families.policy !== undefined) w.line(0, `IP Family Policy:\t${families.policy}`);
  w.line(0, `IP Families:\t${families.families.length > 0 ? families.families.join(',') : '<none>'}`);
  w.line(0, `IP:\t${spec.clusterIP ?? ''}`);
  w.line(0, `IPs:\t${(spec.clusterIPs ?? []).length > 0 ? (spec.clusterIPs ?? []).join(',') : '<none>'}`);
  if ((spec.externalIPs ?? []).length > 0) w.line(0, `External IPs:\t${(spec.externalIPs ?? []).join(',')}`);
  if (spec.loadBalancerIP !== undefined && spec.loadBalancerIP !== '')
    w.line(0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}`);
  if (spec.externalName !== undefined && spec.externalName !== '')
    w.line(0, `External Name:\t${spec.externalName}`);
  const ingress = service.status?.loadBalancer?.ingress ?? [];
  if (ingress.length > 0)
    w.line(
      0,
      `LoadBalancer Ingress:\t${ingress
        .map((i) =>
          i.ip !== undefined && i.ip !== ''
            ? `${i.ip}${i.ipMode === undefined ? '' : ` (${i.ipMode})`}`
            : (i.hostname ?? ''),
        )
        .join(', ')}`,
    );
  for (const port of spec.ports ?? []) {
    const name = port.name !== undefined && port.name !== '' ? port.name : '<unset>';
    const protocol = port.protocol ?? 'TCP';
    w.line(0, `Port:\t${name}\t${port.port}/${protocol}`);
    w.line(0, `TargetPort:\t${port.targetPort ?? port.port}/${protocol}`);
    if (port.nodePort !== undefined && port.nodePort !== 0)
      w.line(0, `NodePort:\t${name}\t${port.nodePort}/${protocol}`);
    w.line(0, `Endpoints:\t${formatEndpointSlices(slices, new Set([port.name ?? '']))}`);
  }
  w.line(0, `Session Affinity:\t${spec.sessionAffinity ?? 'None'}`);
  if (spec.externalTrafficPolicy !== undefined)
    w.line(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}`);
  if (spec.internalTrafficPolicy !== undefined)
    w.line(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}`);
  if (spec.healthCheckNodePort !== undefined && spec.healthCheckNodePort !== 0)
    w.line(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}`);
  if ((spec.loadBalancerSourceRanges ?? []).length > 0)
    w.line(0, `LoadBalancer Source Ranges:\t${(spec.loadBalancerSourceRanges ?? []).join(',')}`);
  w.line(0, 'Events:\t<none>');
  return w.text();
}

/**
 * The Service's IP family fields. svcsim's defaulting leaves them unset, where a single-stack IPv4
 * apiserver would have set SingleStack and [IPv4] on every Service but an ExternalName one; kubectl
 * shows the stored values, so svcsim shows those defaults in their place.
 */
function ipFamiliesShown(service: Service): { policy?: string; families: readonly string[] } {
  const spec = service.spec;
  const defaulted = (spec.type ?? 'ClusterIP') !== 'ExternalName';
  const policy = spec.ipFamilyPolicy ?? (defaulted ? 'SingleStack' : undefined);
  const families = spec.ipFamilies ?? (defaulted ? ['IPv4'] : []);
  return policy === undefined ? { families } : { policy, families };
}
