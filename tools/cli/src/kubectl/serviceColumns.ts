import type { Service, ServicePort } from '@svcsim/core';

import { loadBalancerAddresses } from './loadBalancerAddresses.js';

/**
 * The EXTERNAL-IP column: externalIPs for ClusterIP and NodePort (else `<none>`); for a LoadBalancer
 * the load balancer's ingress IPs (or hostnames) then the externalIPs, or `<pending>` while it has none;
 * the externalName for an ExternalName Service.
 */
export function serviceExternalIP(service: Service, wide: boolean): string {
  const externalIPs = service.spec.externalIPs ?? [];
  switch (service.spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = loadBalancerAddresses(service.status?.loadBalancer?.ingress, wide);
      if (externalIPs.length > 0)
        return [...(ingress === '' ? [] : ingress.split(',')), ...externalIPs].join(',');
      return ingress === '' ? '<pending>' : ingress;
    }
    case 'ExternalName':
      return service.spec.externalName ?? '';
  }
}

/** The PORT(S) column: `port/PROTOCOL`, or `port:nodePort/PROTOCOL` once a node port is allocated. */
export function servicePorts(ports: readonly ServicePort[] | undefined): string {
  const pieces = (ports ?? []).map((port) => {
    const protocol = port.protocol ?? 'TCP';
    return port.nodePort !== undefined && port.nodePort > 0
      ? `${port.port}:${port.nodePort}/${protocol}`
      : `${port.port}/${protocol}`;
  });
  return pieces.length === 0 ? '<none>' : pieces.join(',');
}

/** The CLUSTER-IP column: the first cluster IP (`None` for a headless Service), or `<none>`. */
export function serviceClusterIP(service: Service): string {
  return service.spec.clusterIPs?.[0] ?? service.spec.clusterIP ?? '<none>';
}
