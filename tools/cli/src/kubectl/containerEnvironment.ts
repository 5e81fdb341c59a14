import { containerEnvVars, listObjects, type Container, type ContainerStatus, type Pod } from '@svcsim/core';

import type { ClusterHistory } from './ClusterHistory.js';

/** One environment variable as a container spec writes it (a value, possibly with `$(VAR)` references). */
export type EnvEntry = NonNullable<Container['env']>[number];

/**
 * A pod container's environment for `describe pod`: its own `env` entries as the spec writes them (kubectl
 * prints them unexpanded), then the Service variables the kubelet added when the container last started
 * (core's containerEnvVars, docs/discovery.md), leaving out those an own entry overrides.
 *
 * kubectl cannot show the Service variables, since they are not in the API; svcsim knows them and shows
 * them, because whether a variable is there is the point of env-var discovery (a pod started before its
 * Service has none). The kubelet reads Services from its informer, so the Services are those of the state
 * one watch delay before the start. A container that never started has only its own entries.
 */
export function containerEnvironment(
  pod: Pod,
  container: Container,
  status: ContainerStatus | undefined,
  history: ClusterHistory,
): EnvEntry[] {
  const own = container.env ?? [];
  const startedAt =
    status?.state?.running?.startedAt ??
    status?.state?.terminated?.startedAt ??
    status?.lastState?.terminated?.startedAt;
  if (startedAt === undefined) return [...own];
  const seen = history.stateAt(Math.max(0, startedAt - history.watchDelayMs));
  const ownNames = new Set(own.map((entry) => entry.name));
  const injected = containerEnvVars(pod, container, listObjects(seen, 'Service')).filter(
    (variable) => !ownNames.has(variable.name),
  );
  return [...own, ...injected];
}
