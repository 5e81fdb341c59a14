import type { NodeProxyConfig } from '@svcsim/core';

import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_FIREWALL,
  KUBE_FORWARD,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
} from './iptablesChainNames.js';
import type { IptablesRuleSpec } from './IptablesRuleset.js';
import { iptablesComment } from './iptablesComment.js';

const CT_STATE_INVALID_NFACCT = 'ct_state_invalid_dropped_pkts';

/**
 * The part of every sync's restore input that depends only on the node's kube-proxy configuration:
 * the top-level chain lines and the rules written before and after the per-ServicePort rules
 * (section 1.4). Every sync, full or partial, writes all of it.
 */
export interface FixedIptablesRules {
  /** filter chain lines, in order (KUBE-FIREWALL last, only with localhost NodePorts). */
  readonly filterChains: readonly string[];
  /** nat chain lines of the top-level chains, in order; the per-ServicePort chains follow them. */
  readonly natChains: readonly string[];
  /** filter rules before the per-ServicePort ones (the kubelet-style localnet firewall). */
  readonly filterHead: readonly IptablesRuleSpec[];
  /** nat rules before the per-ServicePort ones (KUBE-POSTROUTING, KUBE-MARK-MASQ). */
  readonly natHead: readonly IptablesRuleSpec[];
  /** nat rules after them: the KUBE-SERVICES tail call to KUBE-NODEPORTS. */
  readonly natTail: readonly IptablesRuleSpec[];
  /** filter rules after them: KUBE-FORWARD. */
  readonly filterTail: readonly IptablesRuleSpec[];
}

/** The masquerade mark as kube-proxy formats it: Go `%#08x` of `1 << bit`, e.g. `0x00004000`. */
export function masqueradeMark(config: NodeProxyConfig): string {
  return `0x${(2 ** config.masqueradeBit).toString(16).padStart(8, '0')}`;
}

/** The fixed chains and rules of `syncProxyRules` for one node's configuration (sections 1.4.1, 1.4.5-7). */
export function compileFixedRules(config: NodeProxyConfig): FixedIptablesRules {
  const mark = masqueradeMark(config);
  const filterChains = [
    KUBE_SERVICES,
    KUBE_EXTERNAL_SERVICES,
    KUBE_FORWARD,
    KUBE_NODEPORTS,
    KUBE_PROXY_FIREWALL,
  ];
  const filterHead: IptablesRuleSpec[] = [];
  if (config.localhostNodePorts) {
    filterChains.push(KUBE_FIREWALL);
    filterHead.push({
      chain: KUBE_FIREWALL,
      args: [
        ...iptablesComment('block incoming localnet connections'),
        '-d',
        '127.0.0.0/8',
        '!',
        '-s',
        '127.0.0.0/8',
        '-m',
        'conntrack',
        '!',
        '--ctstate',
        'RELATED,ESTABLISHED,DNAT',
        '-j',
        'DROP',
      ],
    });
  }
  const natHead: IptablesRuleSpec[] = [
    { chain: KUBE_POSTROUTING, args: ['-m', 'mark', '!', '--mark', `${mark}/${mark}`, '-j', 'RETURN'] },
    { chain: KUBE_POSTROUTING, args: ['-j', 'MARK', '--xor-mark', mark] },
    // The simulated kernel always supports --random-fully (iptables >= 1.6.2).
    {
      chain: KUBE_POSTROUTING,
      args: [
        ...iptablesComment('kubernetes service traffic requiring SNAT'),
        '-j',
        'MASQUERADE',
        '--random-fully',
      ],
    },
    { chain: KUBE_MARK_MASQ, args: ['-j', 'MARK', '--or-mark', mark] },
  ];
  // Tail call to KUBE-NODEPORTS (nodePortAddresses unset: every local address).
  const natTail: IptablesRuleSpec[] = [
    {
      chain: KUBE_SERVICES,
      args: [
        ...iptablesComment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'),
        '-m',
        'addrtype',
        '--dst-type',
        'LOCAL',
        ...(config.localhostNodePorts ? [] : ['!', '-d', '127.0.0.0/8']),
        '-j',
        KUBE_NODEPORTS,
      ],
    },
  ];
  // The simulated kernel keeps nf_conntrack_tcp_be_liberal=0, so INVALID packets are dropped.
  const filterTail: IptablesRuleSpec[] = [
    {
      chain: KUBE_FORWARD,
      args: [
        '-m',
        'conntrack',
        '--ctstate',
        'INVALID',
        ...(config.nfacct ? ['-m', 'nfacct', '--nfacct-name', CT_STATE_INVALID_NFACCT] : []),
        '-j',
        'DROP',
      ],
    },
    {
      chain: KUBE_FORWARD,
      args: [
        ...iptablesComment('kubernetes forwarding rules'),
        '-m',
        'mark',
        '--mark',
        `${mark}/${mark}`,
        '-j',
        'ACCEPT',
      ],
    },
    {
      chain: KUBE_FORWARD,
      args: [
        ...iptablesComment('kubernetes forwarding conntrack rule'),
        '-m',
        'conntrack',
        '--ctstate',
        'RELATED,ESTABLISHED',
        '-j',
        'ACCEPT',
      ],
    },
  ];
  return {
    filterChains,
    natChains: [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ],
    filterHead,
    natHead,
    natTail,
    filterTail,
  };
}
