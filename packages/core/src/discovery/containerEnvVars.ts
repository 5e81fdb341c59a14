import type { Container, Pod } from '../api/Pod.js';
import type { Service } from '../api/Service.js';
import { expandEnvReferences } from './expandEnvReferences.js';
import { serviceEnvVars, type ContainerEnvVar } from './serviceEnvVars.js';

/**
 * The environment a container starts with (the kubelet's `makeEnvironmentVariables`, reference section
 * 7.1): the container's own `env` entries, each `value` expanded against the entries declared before it and
 * then the service variables, followed by the service variables no entry overrides.
 *
 * `visibleServices` are the Services in the kubelet's informer cache at the instant the container starts;
 * the caller picks that instant (a restart sees the Services of its own start, so a Service created after
 * a container started stays invisible to it until it restarts). The kubelet also refuses to start
 * containers of API pods before that informer has synced once; that gate is the caller's as well.
 *
 * Order: upstream both groups come out of Go maps, so the runtime sees them in random order. svcsim lists
 * the explicit entries in declaration order (a repeated name keeps its first position and its last value),
 * then the service variables in `serviceEnvVars` order.
 */
export function containerEnvVars(
  pod: Pod,
  container: Container,
  visibleServices: readonly Service[],
): ContainerEnvVar[] {
  const serviceVars = serviceEnvVars(
    visibleServices,
    pod.metadata.namespace ?? 'default',
    pod.spec.enableServiceLinks ?? true,
  );
  const serviceValues = new Map(serviceVars.map((v) => [v.name, v.value]));
  const explicit = new Map<string, string>();
  for (const entry of container.env ?? []) {
    const raw = entry.value ?? '';
    // The kubelet expands only non-empty values; references see earlier entries first, then service variables.
    const value =
      raw === '' ? '' : expandEnvReferences(raw, (name) => explicit.get(name) ?? serviceValues.get(name));
    explicit.set(entry.name, value);
  }
  return [
    ...[...explicit].map(([name, value]) => ({ name, value })),
    ...serviceVars.filter((v) => !explicit.has(v.name)),
  ];
}
