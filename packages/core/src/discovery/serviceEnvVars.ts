import type { Service } from '../api/Service.js';
import { isServiceIPSet } from '../apiserver/endpoints/isServiceIPSet.js';
import { joinHostPort } from '../proxy/EndpointInfo.js';
import { compareCodeUnits } from '../canonicalDigest.js';

/** One environment variable as the container runtime receives it. */
export interface ContainerEnvVar {
  readonly name: string;
  readonly value: string;
}

/** The Services in namespace `default` every pod gets variables for (the kubelet's `masterServices`). */
const MASTER_SERVICES: ReadonlySet<string> = new Set(['kubernetes']);

/** The prefix of a Service's variables: its name upper-cased with dashes as underscores (`redis-primary` → `REDIS_PRIMARY`). */
export function serviceEnvVarPrefix(name: string): string {
  return name.replaceAll('-', '_').toUpperCase();
}

/**
 * The variables one Service contributes (envvars.FromServices), in the order the kubelet generates them:
 * `_SERVICE_HOST`, `_SERVICE_PORT` (first port), `_SERVICE_PORT_<NAME>` per named port, then the Docker-link
 * set per port (`_PORT` for the first only, `_PORT_<port>_<PROTO>` and its `_PROTO`, `_PORT`, `_ADDR`).
 * Empty for Services without a ClusterIP (headless, ExternalName, unallocated).
 */
export function envVarsForService(service: Service): ContainerEnvVar[] {
  if (!isServiceIPSet(service)) return [];
  const clusterIP = service.spec.clusterIP ?? '';
  const prefix = serviceEnvVarPrefix(service.metadata.name ?? '');
  const ports = service.spec.ports ?? [];
  const out: ContainerEnvVar[] = [{ name: `${prefix}_SERVICE_HOST`, value: clusterIP }];
  // Validation requires a port on every Service with a ClusterIP; the kubelet would index ports[0] blindly.
  const first = ports[0];
  if (first === undefined) return out;
  out.push({ name: `${prefix}_SERVICE_PORT`, value: String(first.port) });
  for (const port of ports) {
    if (port.name !== undefined && port.name !== '')
      out.push({
        name: `${prefix}_SERVICE_PORT_${serviceEnvVarPrefix(port.name)}`,
        value: String(port.port),
      });
  }
  ports.forEach((port, i) => {
    const protocol = port.protocol ?? 'TCP';
    const lower = protocol.toLowerCase();
    const url = `${lower}://${joinHostPort(clusterIP, port.port)}`;
    if (i === 0) out.push({ name: `${prefix}_PORT`, value: url });
    const portPrefix = `${prefix}_PORT_${port.port}_${protocol.toUpperCase()}`;
    out.push(
      { name: portPrefix, value: url },
      { name: `${portPrefix}_PROTO`, value: lower },
      { name: `${portPrefix}_PORT`, value: String(port.port) },
      { name: `${portPrefix}_ADDR`, value: clusterIP },
    );
  });
  return out;
}

/**
 * The service variables of a container in `namespace` (the kubelet's `getServiceEnvVarMap`), from the
 * Services the kubelet's informer holds when the container starts: the `kubernetes` Service of namespace
 * `default` always, and every Service of the pod's own namespace when `enableServiceLinks` is true; never
 * Services of other namespaces. A same-named `kubernetes` Service in the pod's namespace replaces the
 * default one when links are enabled.
 *
 * Order: the kubelet collects these in a Go map and hands the runtime a list in map iteration order, which
 * Go randomises on every container start. svcsim picks a fixed order instead: Services sorted by name, each
 * Service's variables in generation order. When two Services produce the same variable name the later one
 * in that order wins (upstream the winner is random) and the variable keeps its first position.
 */
export function serviceEnvVars(
  services: readonly Service[],
  namespace: string,
  enableServiceLinks: boolean,
): ContainerEnvVar[] {
  const chosen = new Map<string, Service>();
  for (const service of services) {
    if (!isServiceIPSet(service)) continue;
    const name = service.metadata.name ?? '';
    const serviceNamespace = service.metadata.namespace ?? '';
    if (serviceNamespace === 'default' && MASTER_SERVICES.has(name)) {
      if (!chosen.has(name)) chosen.set(name, service);
    } else if (serviceNamespace === namespace && enableServiceLinks) {
      chosen.set(name, service);
    }
  }
  const values = new Map<string, string>();
  for (const name of [...chosen.keys()].sort(compareCodeUnits)) {
    const service = chosen.get(name);
    if (service === undefined) continue;
    for (const variable of envVarsForService(service)) values.set(variable.name, variable.value);
  }
  return [...values].map(([name, value]) => ({ name, value }));
}
