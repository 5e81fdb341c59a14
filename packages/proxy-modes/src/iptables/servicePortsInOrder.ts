import { compareServicePorts } from './compileIptablesRules.js';
import type { ServicePortRules } from './compileServicePortRules.js';
import type { IptablesNodeRules } from './IptablesKernelState.js';

const cache = new WeakMap<IptablesNodeRules, readonly ServicePortRules[]>();

/**
 * Every programmed ServicePort's rules in restore order (ServicePortName, then protocol). Sorted on
 * first use and cached: syncs keep rules per Service and never need the order, only rendering, the
 * literal walk and building an index from scratch do.
 */
export function servicePortsInOrder(rules: IptablesNodeRules): readonly ServicePortRules[] {
  let ports = cache.get(rules);
  if (ports === undefined) {
    const all: ServicePortRules[] = [];
    for (const service of rules.services.values()) all.push(...service.rules.ports);
    ports = all.sort(compareServicePorts);
    cache.set(rules, ports);
  }
  return ports;
}
