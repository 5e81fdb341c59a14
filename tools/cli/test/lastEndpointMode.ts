import { servicePortKey, type NodeProxyView, type ProxyMode } from '@svcsim/core';
import { createIptablesMode, type IptablesKernelState } from '@svcsim/proxy-modes';

import type { ProxyModeResolver } from '../src/commands/ProxyModeResolver.js';

/** The test mode's kernel state: iptables' own, plus the view it was compiled from. */
interface LastEndpointRules {
  readonly iptables: IptablesKernelState;
  readonly view: NodeProxyView;
}

export const LAST_ENDPOINT_MODE = 'last-endpoint';

/**
 * A proxy mode for tests only: iptables in every respect but one, that a new connection to a Service
 * goes to the last ready endpoint of its ServicePort (in endpoint order) instead of a random one. So a
 * run in it differs from an iptables run of the same inputs in which pod each connection reaches, and
 * so in which connections break when pods go, while syncs, rule counts and failures stay iptables'.
 * Its rules render as iptables-save with a marker line first, so output shows which mode made it.
 */
export function createLastEndpointMode(): ProxyMode<LastEndpointRules> {
  const iptables = createIptablesMode();
  return {
    name: LAST_ENDPOINT_MODE,
    sync(input) {
      const outcome = iptables.sync({ ...input, previous: input.previous?.iptables });
      return { ...outcome, rules: { iptables: outcome.rules, view: input.view } };
    },
    route(rules, packet, ctx) {
      // iptables routes first, so the random stream is drawn exactly as iptables draws it.
      const routed = iptables.route(rules.iptables, packet, ctx);
      if (routed.verdict !== 'dnat') return routed;
      const servicePortName = routed.trace.findLast(
        (step) => step.servicePortName !== undefined,
      )?.servicePortName;
      if (servicePortName === undefined) return routed;
      const service = rules.view.services.get(servicePortName.slice(0, servicePortName.lastIndexOf(':')));
      const endpoints = service?.endpoints[servicePortKey(servicePortName, packet.protocol)] ?? [];
      const last = endpoints.filter((endpoint) => endpoint.ready).at(-1);
      return last === undefined ? routed : { ...routed, destination: { ip: last.ip, port: last.port } };
    },
    render(rules) {
      return `# rendered by the ${LAST_ENDPOINT_MODE} test mode\n${iptables.render(rules.iptables)}`;
    },
  };
}

/** The built-in iptables mode plus the last-endpoint test mode. */
export const TEST_PROXY_MODES: ProxyModeResolver = {
  names: ['iptables', LAST_ENDPOINT_MODE],
  named: (name) =>
    name === LAST_ENDPOINT_MODE
      ? createLastEndpointMode()
      : name === 'iptables'
        ? createIptablesMode()
        : undefined,
};
