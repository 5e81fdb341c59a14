import type { Container, Pod } from '../../api/Pod.js';
import type { ServicePort } from '../../api/Service.js';

/**
 * The container port a Service port targets on this pod (podutil.FindPort): a numeric targetPort as is, a
 * named one looked up by name and protocol in the containers and then in restartable init containers
 * (sidecars); undefined when the name matches nothing, so the pod contributes no endpoint for that port.
 */
export function findPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort;
  // Defaulting (SetDefaults_Service) turns an unset, 0 or "" targetPort into the port itself.
  if (target === undefined || target === 0 || target === '') return servicePort.port;
  if (typeof target === 'number') return target;
  const protocol = servicePort.protocol ?? 'TCP';
  const fromContainers = findNamedPort(pod.spec.containers, target, protocol);
  if (fromContainers !== undefined) return fromContainers;
  // Only sidecars keep running next to the app, so only they can serve traffic.
  const sidecars = (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  return findNamedPort(sidecars, target, protocol);
}

function findNamedPort(containers: readonly Container[], name: string, protocol: string): number | undefined {
  for (const container of containers) {
    for (const port of container.ports ?? []) {
      // Container ports default to TCP too, so an unset protocol matches a TCP Service port.
      if (port.name === name && (port.protocol ?? 'TCP') === protocol) return port.containerPort;
    }
  }
  return undefined;
}
