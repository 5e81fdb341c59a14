import type { NodeProxyConfig } from '@svcsim/core';

import type { IptablesTableName } from './IptablesRuleset.js';

/** A rule kube-proxy ensures (`iptables -I`, prepended) in a built-in chain on every full sync. */
export interface IptablesJumpRule {
  readonly table: IptablesTableName;
  /** The built-in chain the rule is inserted into. */
  readonly chain: 'INPUT' | 'OUTPUT' | 'FORWARD' | 'PREROUTING' | 'POSTROUTING';
  /** The kube-proxy chain it jumps to. */
  readonly target: string;
  /** The argv kube-proxy passes to `iptables -I <chain>` (exec arguments: the comment is unquoted). */
  readonly args: readonly string[];
}

const CT_NEW = ['-m', 'conntrack', '--ctstate', 'NEW'];

/** `iptablesJumpChains`, in kube-proxy's order: (table, built-in chain, target, comment, extra matches). */
const JUMP_CHAINS: readonly (readonly [
  IptablesTableName,
  IptablesJumpRule['chain'],
  string,
  string,
  string[],
])[] = [
  ['filter', 'INPUT', 'KUBE-EXTERNAL-SERVICES', 'kubernetes externally-visible service portals', CT_NEW],
  ['filter', 'FORWARD', 'KUBE-EXTERNAL-SERVICES', 'kubernetes externally-visible service portals', CT_NEW],
  ['filter', 'INPUT', 'KUBE-NODEPORTS', 'kubernetes health check service ports', []],
  ['filter', 'FORWARD', 'KUBE-SERVICES', 'kubernetes service portals', CT_NEW],
  ['filter', 'OUTPUT', 'KUBE-SERVICES', 'kubernetes service portals', CT_NEW],
  ['filter', 'FORWARD', 'KUBE-FORWARD', 'kubernetes forwarding rules', []],
  ['filter', 'INPUT', 'KUBE-PROXY-FIREWALL', 'kubernetes load balancer firewall', CT_NEW],
  ['filter', 'OUTPUT', 'KUBE-PROXY-FIREWALL', 'kubernetes load balancer firewall', CT_NEW],
  ['filter', 'FORWARD', 'KUBE-PROXY-FIREWALL', 'kubernetes load balancer firewall', CT_NEW],
  ['nat', 'OUTPUT', 'KUBE-SERVICES', 'kubernetes service portals', []],
  ['nat', 'PREROUTING', 'KUBE-SERVICES', 'kubernetes service portals', []],
  ['nat', 'POSTROUTING', 'KUBE-POSTROUTING', 'kubernetes postrouting rules', []],
];

/**
 * The jump rules from built-in chains kube-proxy ensures on a full sync (section 1.2), in the order it
 * inserts them; each is prepended, so several in one built-in chain end up in reverse order. They are
 * not part of the restore input. The kubelet-firewall jumps come last, only with localhost NodePorts.
 */
export function iptablesJumpRules(config: NodeProxyConfig): IptablesJumpRule[] {
  const rules: IptablesJumpRule[] = JUMP_CHAINS.map(([table, chain, target, comment, extra]) => ({
    table,
    chain,
    target,
    args: [...extra, '-m', 'comment', '--comment', comment, '-j', target],
  }));
  if (config.localhostNodePorts) {
    for (const chain of ['INPUT', 'OUTPUT'] as const) {
      rules.push({ table: 'filter', chain, target: 'KUBE-FIREWALL', args: ['-j', 'KUBE-FIREWALL'] });
    }
  }
  return rules;
}
