import {
  compareCodeUnits,
  servicePortKey,
  type EndpointsMap,
  type NodeProxyConfig,
  type ServicePortInfo,
} from '@svcsim/core';

import { assembleIptablesRuleset } from './assembleIptablesRuleset.js';
import { compileFixedRules } from './compileFixedRules.js';
import { compileServicePortRules } from './compileServicePortRules.js';
import { iptablesCompatOf } from './iptablesCompat.js';
import type { IptablesRuleset } from './IptablesRuleset.js';

/** Restore order of ServicePorts: by ServicePortName string, then protocol. */
export function compareServicePorts(
  a: { readonly servicePortName: string; readonly protocol: string },
  b: { readonly servicePortName: string; readonly protocol: string },
): number {
  return compareCodeUnits(a.servicePortName, b.servicePortName) || compareCodeUnits(a.protocol, b.protocol);
}

/**
 * Compiles the iptables-restore input one kube-proxy sync writes (`pkg/proxy/iptables/proxier.go:
 * syncProxyRules`, sections 1.4-1.9 and 1.11), as a full sync with no stale chains to delete: the fixed
 * rules around every ServicePort's rules. Deliberate difference: Go iterates ServicePorts in random map
 * order; here they are sorted by ServicePortName string (then protocol), so the output is reproducible.
 * IPv4 only. `config.emulateVersion` may ask for an older release's behaviour (`iptablesCompatOf`).
 */
export function compileIptablesRules(
  servicePorts: readonly ServicePortInfo[],
  endpointsMap: EndpointsMap,
  config: NodeProxyConfig,
  nodeLabels: Readonly<Record<string, string>> = {},
): IptablesRuleset {
  const sorted = [...servicePorts].sort(compareServicePorts);
  const endpointsOf = (svc: ServicePortInfo) =>
    endpointsMap[servicePortKey(svc.servicePortName, svc.protocol)] ?? [];
  let totalEndpoints = 0;
  for (const svc of sorted) totalEndpoints += endpointsOf(svc).length;
  const largeClusterMode = totalEndpoints > config.largeClusterThreshold;
  const context = { config, nodeLabels, largeClusterMode, compat: iptablesCompatOf(config) };
  return assembleIptablesRuleset(
    compileFixedRules(config),
    sorted.map((svc) => compileServicePortRules(svc, endpointsOf(svc), context)),
    largeClusterMode,
  );
}
