import type { Pod } from '../../api/Pod.js';
import type { Service } from '../../api/Service.js';

/**
 * Whether an endpoint for this pod carries `hostname` (endpointslice/util.ShouldSetHostname): the pod sets
 * `spec.hostname` and its `spec.subdomain` names this Service in the same namespace, which is what gives it
 * a `<hostname>.<service>` DNS record.
 */
export function shouldSetHostname(pod: Pod, service: Service): boolean {
  const hostname = pod.spec.hostname ?? '';
  return (
    hostname.length > 0 &&
    (pod.spec.subdomain ?? '') === (service.metadata.name ?? '') &&
    (service.metadata.namespace ?? '') === (pod.metadata.namespace ?? '')
  );
}
