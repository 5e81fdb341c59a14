import type { ServicePortRules } from './compileServicePortRules.js';
import type { IptablesNodeRules } from './IptablesKernelState.js';
import type { IptablesRuleSpec } from './IptablesRuleset.js';
import { servicePortsInOrder } from './servicePortsInOrder.js';

function line(spec: IptablesRuleSpec): string {
  return ['-A', spec.chain, ...spec.args].join(' ');
}

/**
 * The `iptables-restore --noflush` input of the sync that produced `rules` (sections 1.4 and 1.10):
 * every filter chain in full; in nat the top-level chains in full, the own chains of the Services the
 * sync rewrote (all of them on a full sync), and a flush plus `-X` for each stale chain, before the
 * KUBE-SERVICES tail rule as kube-proxy writes them. Applied to the kernel state before the sync, it
 * leaves exactly `rules`.
 */
export function renderIptablesSyncInput(rules: IptablesNodeRules): string {
  const { fixed, lastWrite } = rules;
  const written = new Set<ServicePortRules>();
  for (const key of lastWrite.writtenServices) {
    for (const port of rules.services.get(key)?.rules.ports ?? []) written.add(port);
  }
  const rewrites = (port: ServicePortRules): boolean => lastWrite.full || written.has(port);
  const ports = servicePortsInOrder(rules);

  const filter = ['*filter', ...fixed.filterChains.map((chain) => `:${chain} - [0:0]`)];
  for (const spec of fixed.filterHead) filter.push(line(spec));
  for (const port of ports) for (const spec of port.filter) filter.push(line(spec));
  for (const spec of fixed.filterTail) filter.push(line(spec));
  filter.push('COMMIT');

  const natChains = [...fixed.natChains];
  const natRules = fixed.natHead.map(line);
  for (const port of ports) {
    const own = rewrites(port);
    if (own) natChains.push(...port.natChains);
    port.nat.forEach((spec, i) => {
      if (own || i < port.natTopLevelRules) natRules.push(line(spec));
    });
  }
  natChains.push(...lastWrite.deletedChains);
  natRules.push(...lastWrite.deletedChains.map((chain) => `-X ${chain}`));
  natRules.push(...fixed.natTail.map(line));
  const nat = ['*nat', ...natChains.map((chain) => `:${chain} - [0:0]`), ...natRules, 'COMMIT'];
  return [...filter, ...nat].join('\n') + '\n';
}
