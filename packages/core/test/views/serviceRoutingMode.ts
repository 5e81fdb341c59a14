import type { EndpointInfo } from '../../src/proxy/EndpointInfo.js';
import { categorizeEndpoints } from '../../src/proxy/categorizeEndpoints.js';
import type {
  NodeProxyView,
  ProxyMode,
  ProxyRouteResult,
  ProxyTraceStep,
} from '../../src/proxy/ProxyMode.js';
import { servicePortKey, type ServicePortInfo } from '../../src/proxy/ServicePortInfo.js';

/** What the test mode programs on a node: the view it synced, and an affinity memory routing updates. */
export interface ServiceRoutingRules {
  readonly node: string;
  readonly view: NodeProxyView;
  /** `servicePortName|srcIP` -> endpoint and the virtual time it was last chosen. */
  readonly recent: Map<string, { readonly endpoint: string; readonly at: number }>;
}

export interface ServiceRoutingModeOptions {
  /** `first`: always the first candidate, no draw (so routing is deterministic); `random`: one draw. */
  readonly choose: 'first' | 'random';
}

/**
 * A small ProxyMode that routes from the view it was synced with, the way kube-proxy decides (cluster
 * IPs only): the ServicePort's candidates are its ready endpoints (or the serving terminating ones),
 * REJECT when there are none, ClientIP affinity checked before any draw, and no rule for addresses that
 * are no Service's. It lets core's trace be tested without @svcsim/proxy-modes.
 */
export function createServiceRoutingMode(options: ServiceRoutingModeOptions): ProxyMode<ServiceRoutingRules> {
  return {
    name: 'routing',
    sync(input) {
      const previous = input.previous?.recent;
      return {
        rules: { node: input.config.nodeName, view: input.view, recent: new Map(previous ?? []) },
        full: input.full,
        rulesWritten: 1,
        rulesTotal: 1,
        costMicros: 1,
      };
    },
    route(rules, packet, ctx): ProxyRouteResult {
      const base = { masqueraded: false, rulesEvaluated: 1, costNanos: 10 };
      const found = findPort(rules.view, packet.dstIP, packet.dstPort, packet.protocol);
      if (found === undefined) return { ...base, verdict: 'accept', trace: [] };
      const { port, endpoints } = found;
      const spn = port.servicePortName;
      const step: ProxyTraceStep = {
        location: 'test services',
        rule: `-d ${packet.dstIP}`,
        servicePortName: spn,
      };
      const localized = endpoints.map((ep) => ({ ...ep, isLocal: ep.nodeName === rules.node }));
      const candidates = categorizeEndpoints(
        localized,
        port,
        rules.node,
        rules.view.nodeLabels,
      ).clusterEndpoints;
      if (candidates.length === 0) {
        return { ...base, verdict: 'reject', trace: [{ ...step, rule: `${step.rule} -j REJECT` }] };
      }
      const affinityKey = `${spn}|${packet.srcIP}`;
      const remembered = rules.recent.get(affinityKey);
      let chosen = candidates.find(
        (ep) =>
          port.sessionAffinity === 'ClientIP' &&
          remembered?.endpoint === ep.endpoint &&
          ctx.now - remembered.at <= port.stickyMaxAgeSeconds * 1000,
      );
      if (chosen === undefined) {
        const index =
          options.choose === 'random' && candidates.length > 1 ? ctx.random.nextInt(candidates.length) : 0;
        chosen = candidates[index];
        if (chosen === undefined) throw new Error(`no candidate ${String(index)}`);
      }
      if (port.sessionAffinity === 'ClientIP')
        rules.recent.set(affinityKey, { endpoint: chosen.endpoint, at: ctx.now });
      return {
        ...base,
        verdict: 'dnat',
        destination: { ip: chosen.ip, port: chosen.port },
        trace: [
          step,
          {
            location: 'test endpoints',
            rule: `-j DNAT ${chosen.endpoint}`,
            servicePortName: spn,
            endpoint: chosen.endpoint,
          },
        ],
      };
    },
    render(rules) {
      return [...rules.view.services.keys()].join('\n');
    },
  };
}

function findPort(
  view: NodeProxyView,
  ip: string,
  port: number,
  protocol: string,
): { port: ServicePortInfo; endpoints: readonly EndpointInfo[] } | undefined {
  for (const service of view.services.values()) {
    for (const info of service.ports) {
      if (info.clusterIP === ip && info.port === port && info.protocol === protocol) {
        return {
          port: info,
          endpoints: service.endpoints[servicePortKey(info.servicePortName, info.protocol)] ?? [],
        };
      }
    }
  }
  return undefined;
}
