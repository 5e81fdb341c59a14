import type { KubeObject } from '../../src/api/KubeObject.js';
import type { Pod } from '../../src/api/Pod.js';
import type { Service, ServiceSpec } from '../../src/api/Service.js';
import type { ConnectionSource } from '../../src/events/ConnectionEvents.js';
import type { InputEntry } from '../../src/engine/InputEntry.js';
import { run, type SimRun } from '../../src/engine/run.js';
import { resolveSimulationConfig, type SimulationConfig } from '../../src/engine/SimulationConfig.js';
import { servicePortKey } from '../../src/proxy/ServicePortInfo.js';
import type { ProxyMode } from '../../src/proxy/ProxyMode.js';
import { nodeObject } from '../helpers/arbitraries.js';

/** A ClusterIP frontend's ready endpoints, by `ip:port/protocol`. */
type ClusterIPRules = ReadonlyMap<string, { servicePortName: string; endpoints: readonly string[] }>;

/**
 * The smallest kube-proxy that routes ClusterIPs: each sync maps `clusterIP:port/protocol` to the
 * ready endpoints of that ServicePort; a new connection goes to one of them uniformly (one draw when
 * there is a choice), and is rejected when there are none. Anything else passes untranslated.
 */
export const clusterIPMode: ProxyMode<ClusterIPRules> = {
  name: 'clusterip',
  sync({ view, full }) {
    const rules = new Map<string, { servicePortName: string; endpoints: string[] }>();
    for (const state of view.services.values()) {
      for (const port of state.ports) {
        const endpoints = (state.endpoints[servicePortKey(port.servicePortName, port.protocol)] ?? [])
          .filter((e) => e.ready)
          .map((e) => e.endpoint);
        rules.set(`${port.clusterIP}:${port.port}/${port.protocol}`, {
          servicePortName: port.servicePortName,
          endpoints,
        });
      }
    }
    return { rules, full, rulesWritten: rules.size, rulesTotal: rules.size, costMicros: rules.size };
  },
  route(rules, packet, ctx) {
    const rule = rules.get(`${packet.dstIP}:${packet.dstPort}/${packet.protocol}`);
    const outcome = { masqueraded: false, rulesEvaluated: 1, costNanos: 10 };
    if (rule === undefined) return { ...outcome, verdict: 'accept', trace: [] };
    const step = { location: 'clusterip', rule: `-d ${packet.dstIP}`, servicePortName: rule.servicePortName };
    if (rule.endpoints.length === 0) return { ...outcome, verdict: 'reject', trace: [step] };
    const endpoint =
      rule.endpoints.length === 1 ? (rule.endpoints[0] ?? '') : ctx.random.pick(rule.endpoints);
    const colon = endpoint.lastIndexOf(':');
    return {
      ...outcome,
      verdict: 'dnat',
      destination: { ip: endpoint.slice(0, colon), port: Number(endpoint.slice(colon + 1)) },
      trace: [{ ...step, endpoint }],
    };
  },
  render: (rules) => [...rules.keys()].join('\n'),
};

export const DNS_TEST_CONFIG: SimulationConfig = resolveSimulationConfig({
  durationMs: 30_000,
  proxy: { mode: 'clusterip' },
});

export function runDnsCluster(inputs: readonly InputEntry[], seed = 7): SimRun {
  return run(inputs, seed, DNS_TEST_CONFIG, { proxyMode: clusterIPMode });
}

export function apply(at: number, object: KubeObject): InputEntry {
  return { at, event: { type: 'api/applied', object } };
}

/** A pod that listens on 8080 (`http`), bound to a node so it starts without the scheduler's help. */
export function appPod(name: string, app: string, node: number, extra: Partial<Pod['spec']> = {}): Pod {
  const [namespace, podName] = name.includes('/') ? name.split('/') : ['default', name];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: podName ?? name, namespace: namespace ?? 'default', labels: { app } },
    spec: {
      nodeName: `node-${String(node)}`,
      containers: [{ name: 'app', image: 'example/app:1', ports: [{ name: 'http', containerPort: 8080 }] }],
      ...extra,
    },
  };
}

export function serviceNamed(name: string, spec: ServiceSpec, namespace = 'default'): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec };
}

/** A ClusterIP Service for the pods labelled `app`, port 80 to their `http` port. */
export function webService(name: string, app: string, namespace = 'default', clusterIP?: string): Service {
  return serviceNamed(
    name,
    {
      selector: { app },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      ...(clusterIP !== undefined && { clusterIP }),
    },
    namespace,
  );
}

export function namespaceObject(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export const fromPod = (name: string, namespace = 'default'): ConnectionSource => ({
  kind: 'pod',
  namespace,
  name,
});

/**
 * Two nodes; in `default`: pods `client` (node-0), `web-1` (node-0) and `web-2` (node-1) behind
 * ClusterIP Service `web`, headless Service `db` over `db-0` and `db-1`, ExternalName `alias` for
 * `web.default.svc.cluster.local` and ExternalName `outside` for `example.com`; in namespace `shop`,
 * pod `api-1` behind Service `api`. Everything is applied at t=0; by 5 s pods run and rules are synced.
 */
export function dnsClusterInputs(): InputEntry[] {
  return [
    apply(0, nodeObject(0, 'zone-a')),
    apply(0, nodeObject(1, 'zone-b')),
    apply(0, namespaceObject('shop')),
    apply(0, appPod('client', 'client', 0)),
    apply(0, appPod('web-1', 'web', 0)),
    apply(0, appPod('web-2', 'web', 1)),
    apply(0, webService('web', 'web')),
    apply(0, appPod('db-0', 'db', 0)),
    apply(0, appPod('db-1', 'db', 1)),
    apply(
      0,
      serviceNamed('db', {
        clusterIP: 'None',
        selector: { app: 'db' },
        ports: [{ name: 'http', port: 8080, targetPort: 'http' }],
      }),
    ),
    apply(0, serviceNamed('alias', { type: 'ExternalName', externalName: 'web.default.svc.cluster.local' })),
    apply(0, serviceNamed('outside', { type: 'ExternalName', externalName: 'example.com' })),
    apply(0, appPod('shop/api-1', 'api', 1)),
    apply(0, webService('api', 'api', 'shop')),
  ];
}

/** A `connection/opened` input to a host name. */
export function openByName(
  at: number,
  id: string,
  from: ConnectionSource,
  dstName: string,
  dstPort = 80,
): InputEntry {
  return { at, event: { type: 'connection/opened', id, from, dstName, dstPort, protocol: 'TCP' } };
}

export function useConnection(at: number, id: string, reconnect = false): InputEntry {
  return { at, event: { type: 'connection/used', id, ...(reconnect && { reconnect: true }) } };
}
