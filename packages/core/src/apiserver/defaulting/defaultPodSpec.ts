import type { Container, PodSpec } from '../../api/Pod.js';

/** Probe defaults (SetDefaults_Probe): period 10s, timeout 1s, success 1, failure 3; httpGet path "/" and scheme HTTP. */
function defaultProbe<P extends Container['readinessProbe']>(probe: P): P {
  if (probe === undefined) return probe;
  return {
    ...probe,
    initialDelaySeconds: probe.initialDelaySeconds ?? 0,
    periodSeconds: probe.periodSeconds ?? 10,
    timeoutSeconds: probe.timeoutSeconds ?? 1,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
    ...(probe.httpGet !== undefined && {
      httpGet: { ...probe.httpGet, path: probe.httpGet.path ?? '/', scheme: probe.httpGet.scheme ?? 'HTTP' },
    }),
  };
}

function defaultContainer(container: Container): Container {
  return {
    ...container,
    ...(container.ports !== undefined && {
      ports: container.ports.map((port) => ({ ...port, protocol: port.protocol ?? 'TCP' })),
    }),
    ...(container.readinessProbe !== undefined && { readinessProbe: defaultProbe(container.readinessProbe) }),
    ...(container.livenessProbe !== undefined && { livenessProbe: defaultProbe(container.livenessProbe) }),
    ...(container.startupProbe !== undefined && { startupProbe: defaultProbe(container.startupProbe) }),
  };
}

/** The apiserver's pod spec defaults (SetDefaults_Pod/PodSpec/Container): what `kubectl get -o yaml` shows back. */
export function defaultPodSpec(spec: PodSpec): PodSpec {
  return {
    ...spec,
    containers: spec.containers.map(defaultContainer),
    ...(spec.initContainers !== undefined && { initContainers: spec.initContainers.map(defaultContainer) }),
    restartPolicy: spec.restartPolicy ?? 'Always',
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    enableServiceLinks: spec.enableServiceLinks ?? true,
  };
}
