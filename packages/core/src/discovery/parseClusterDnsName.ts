/**
 * A name inside the cluster zone, split the way CoreDNS's kubernetes plugin reads it (`parse.go`,
 * `parseRequest`), right to left: `[_port._protocol. | endpoint.]service.namespace.(svc|pod).<zone>`.
 * Empty strings stand for parts the name does not reach, so `default.svc.<zone>` has a namespace and no
 * service.
 */
export interface ClusterDnsName {
  /** '' for the zone apex and for the bare `svc.<zone>` and `pod.<zone>` names. */
  readonly podOrSvc: '' | 'svc' | 'pod';
  readonly namespace: string;
  /** The Service name, or for `pod` names the dashed pod address. */
  readonly service: string;
  /** The label left of the service when exactly one is left: an endpoint's hostname or dashed IP. */
  readonly endpoint: string;
  /** `_port._protocol` when exactly two labels are left, without their underscores. */
  readonly port: string;
  readonly protocol: string;
}

/**
 * Parses a canonical name (lowercase, no trailing dot) that lies in `zone`; undefined when the plugin would
 * call it an invalid request (first label under the zone neither `svc` nor `pod`, or more than two labels
 * left of the service), which it answers with NXDOMAIN.
 */
export function parseClusterDnsName(name: string, zone: string): ClusterDnsName | undefined {
  const empty: ClusterDnsName = {
    podOrSvc: '',
    namespace: '',
    service: '',
    endpoint: '',
    port: '',
    protocol: '',
  };
  const base = name === zone ? '' : name.slice(0, -(zone.length + 1));
  // The plugin answers NODATA at the apex and at the bare svc/pod names.
  if (base === '' || base === 'svc' || base === 'pod') return empty;
  const labels = base.split('.');
  const podOrSvc = labels.pop();
  if (podOrSvc !== 'svc' && podOrSvc !== 'pod') return undefined;
  const namespace = labels.pop() ?? '';
  const service = labels.pop() ?? '';
  switch (labels.length) {
    case 0:
      return { ...empty, podOrSvc, namespace, service };
    case 1:
      return { ...empty, podOrSvc, namespace, service, endpoint: labels[0] ?? '' };
    case 2:
      return {
        ...empty,
        podOrSvc,
        namespace,
        service,
        port: stripUnderscore(labels[0] ?? ''),
        protocol: stripUnderscore(labels[1] ?? ''),
      };
    default:
      return undefined;
  }
}

function stripUnderscore(label: string): string {
  return label.startsWith('_') ? label.slice(1) : label;
}
