import {
  categorizeEndpoints,
  compareCodeUnits,
  ipv4CidrContains,
  isExternallyAccessible,
  servicePortKey,
  usesClusterEndpoints,
  usesLocalEndpoints,
  type EndpointInfo,
  type EndpointsMap,
  type NodeProxyConfig,
  type ServicePortInfo,
} from '@svcsim/core';

import { endpointChainName, servicePortChainName } from './hashChainName.js';
import { formatProbability } from './formatProbability.js';
import type { IptablesRule, IptablesRuleset, IptablesTable, IptablesTableName } from './IptablesRuleset.js';

export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
export const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
export const KUBE_FORWARD = 'KUBE-FORWARD';
export const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
export const KUBE_FIREWALL = 'KUBE-FIREWALL';

const LOCALHOST_NODEPORTS_NFACCT = 'localhost_nps_accepted_pkts';
const CT_STATE_INVALID_NFACCT = 'ct_state_invalid_dropped_pkts';

/** The masquerade mark as kube-proxy formats it: Go `%#08x` of `1 << bit`, e.g. `0x00004000`. */
export function masqueradeMark(config: NodeProxyConfig): string {
  return `0x${(2 ** config.masqueradeBit).toString(16).padStart(8, '0')}`;
}

interface Provenance {
  readonly servicePortName?: string;
  readonly endpoint?: string;
}

/** Accumulates chain lines and rules in the order kube-proxy writes them into its line buffers. */
class TableWriter {
  private readonly chainOrder: string[] = [];
  private readonly rules: IptablesRule[] = [];

  constructor(
    private readonly name: IptablesTableName,
    private readonly counter: { next: number },
  ) {}

  chain(name: string): void {
    this.chainOrder.push(name);
  }

  rule(chain: string, args: readonly string[], provenance: Provenance = {}): void {
    this.rules.push({ seq: this.counter.next++, chain, args: [...args], ...provenance });
  }

  build(): IptablesTable {
    const byChain = new Map<string, IptablesRule[]>(this.chainOrder.map((chain) => [chain, []]));
    for (const rule of this.rules) byChain.get(rule.chain)?.push(rule);
    return {
      name: this.name,
      chains: this.chainOrder.map((chain) => ({ name: chain, rules: byChain.get(chain) ?? [] })),
    };
  }
}

/** `-m comment --comment X`, quoted the way kube-proxy quotes it: only when X contains a space. */
function comment(text: string): string[] {
  return ['-m', 'comment', '--comment', text.includes(' ') ? `"${text}"` : text];
}

/**
 * Compiles the iptables-restore input one kube-proxy sync writes (`pkg/proxy/iptables/proxier.go:
 * syncProxyRules`, sections 1.4-1.9 and 1.11), as a full sync with no stale chains to delete.
 * Deliberate difference: Go iterates ServicePorts in random map order; here they are sorted by
 * ServicePortName string (then protocol), so the output is reproducible. IPv4 only.
 */
export function compileIptablesRules(
  servicePorts: readonly ServicePortInfo[],
  endpointsMap: EndpointsMap,
  config: NodeProxyConfig,
  nodeLabels: Readonly<Record<string, string>> = {},
): IptablesRuleset {
  // filter and nat rules are numbered separately; each table's numbering is its restore order.
  const filter = new TableWriter('filter', { next: 0 });
  const nat = new TableWriter('nat', { next: 0 });
  const mark = masqueradeMark(config);
  const detectorCIDR = config.clusterCIDR;
  const nodeIP = config.nodeIPs.find((ip) => !ip.includes(':'));

  for (const chain of [
    KUBE_SERVICES,
    KUBE_EXTERNAL_SERVICES,
    KUBE_FORWARD,
    KUBE_NODEPORTS,
    KUBE_PROXY_FIREWALL,
  ]) {
    filter.chain(chain);
  }
  for (const chain of [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ]) nat.chain(chain);

  nat.rule(KUBE_POSTROUTING, ['-m', 'mark', '!', '--mark', `${mark}/${mark}`, '-j', 'RETURN']);
  nat.rule(KUBE_POSTROUTING, ['-j', 'MARK', '--xor-mark', mark]);
  // The simulated kernel always supports --random-fully (iptables >= 1.6.2).
  nat.rule(KUBE_POSTROUTING, [
    ...comment('kubernetes service traffic requiring SNAT'),
    '-j',
    'MASQUERADE',
    '--random-fully',
  ]);
  nat.rule(KUBE_MARK_MASQ, ['-j', 'MARK', '--or-mark', mark]);

  if (config.localhostNodePorts) {
    filter.chain(KUBE_FIREWALL);
    filter.rule(KUBE_FIREWALL, [
      ...comment('block incoming localnet connections'),
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
    ]);
  }

  const sorted = [...servicePorts].sort(
    (a, b) =>
      compareCodeUnits(a.servicePortName, b.servicePortName) || compareCodeUnits(a.protocol, b.protocol),
  );
  let totalEndpoints = 0;
  for (const servicePort of sorted) {
    totalEndpoints += (endpointsMap[servicePortKey(servicePort.servicePortName, servicePort.protocol)] ?? [])
      .length;
  }
  const largeClusterMode = totalEndpoints > config.largeClusterThreshold;
  /** `appendServiceCommentLocked`: endpoint rules lose their comment in large clusters. */
  const endpointComment = (text: string): string[] => (largeClusterMode ? [] : comment(text));

  for (const svc of sorted) {
    const spn = svc.servicePortName;
    const protocol = svc.protocol.toLowerCase();
    const port = String(svc.port);
    const own: Provenance = { servicePortName: spn };
    const allEndpoints = endpointsMap[servicePortKey(spn, svc.protocol)] ?? [];
    const { clusterEndpoints, localEndpoints, allReachable, hasAnyEndpoints } = categorizeEndpoints(
      allEndpoints,
      svc,
      config.nodeName,
      nodeLabels,
    );

    const clusterPolicyChain = servicePortChainName(spn, protocol, 'KUBE-SVC-');
    const localPolicyChain = servicePortChainName(spn, protocol, 'KUBE-SVL-');
    const externalTrafficChain = servicePortChainName(spn, protocol, 'KUBE-EXT-');
    const fwChain = servicePortChainName(spn, protocol, 'KUBE-FW-');
    const usesClusterPolicyChain = clusterEndpoints.length > 0 && usesClusterEndpoints(svc);
    const usesLocalPolicyChain = localEndpoints.length > 0 && usesLocalEndpoints(svc);

    let internalTrafficChain = clusterPolicyChain;
    let hasInternalEndpoints = hasAnyEndpoints;
    if (svc.internalTrafficPolicy === 'Local') {
      internalTrafficChain = localPolicyChain;
      if (localEndpoints.length === 0) hasInternalEndpoints = false;
    }
    let externalPolicyChain = clusterPolicyChain;
    let hasExternalEndpoints = hasAnyEndpoints;
    if (svc.externalTrafficPolicy === 'Local') {
      externalPolicyChain = localPolicyChain;
      if (localEndpoints.length === 0) hasExternalEndpoints = false;
    }
    const usesExternalTrafficChain = hasAnyEndpoints && isExternallyAccessible(svc);
    const usesFWChain =
      hasAnyEndpoints && svc.loadBalancerVIPs.length > 0 && svc.loadBalancerSourceRanges.length > 0;
    const loadBalancerTrafficChain = usesFWChain ? fwChain : externalTrafficChain;

    const internalFilterTarget = hasAnyEndpoints ? 'DROP' : 'REJECT';
    const internalFilterComment = hasAnyEndpoints
      ? `${spn} has no local endpoints`
      : `${spn} has no endpoints`;
    const externalFilterTarget = internalFilterTarget;
    const externalFilterComment = internalFilterComment;
    const protoMatch = ['-m', protocol, '-p', protocol];
    /** The shape of every per-address capture and filter rule: comment, protocol, `-d <ip> --dport <port>`, target. */
    const toServiceIP = (commentText: string, ip: string, target: string): string[] => [
      ...comment(commentText),
      ...protoMatch,
      '-d',
      ip,
      '--dport',
      port,
      '-j',
      target,
    ];

    // Capture the clusterIP.
    if (hasInternalEndpoints) {
      nat.rule(KUBE_SERVICES, toServiceIP(`${spn} cluster IP`, svc.clusterIP, internalTrafficChain), own);
    } else {
      filter.rule(
        KUBE_SERVICES,
        toServiceIP(internalFilterComment, svc.clusterIP, internalFilterTarget),
        own,
      );
    }

    // Capture externalIPs.
    for (const externalIP of svc.externalIPs) {
      if (hasAnyEndpoints) {
        nat.rule(KUBE_SERVICES, toServiceIP(`${spn} external IP`, externalIP, externalTrafficChain), own);
      }
      if (!hasExternalEndpoints) {
        filter.rule(
          KUBE_EXTERNAL_SERVICES,
          toServiceIP(externalFilterComment, externalIP, externalFilterTarget),
          own,
        );
      }
    }

    // Capture load-balancer ingress.
    for (const lbIP of svc.loadBalancerVIPs) {
      if (hasAnyEndpoints) {
        nat.rule(KUBE_SERVICES, toServiceIP(`${spn} loadbalancer IP`, lbIP, loadBalancerTrafficChain), own);
      }
      if (usesFWChain) {
        filter.rule(
          KUBE_PROXY_FIREWALL,
          toServiceIP(`${spn} traffic not accepted by ${fwChain}`, lbIP, 'DROP'),
          own,
        );
      }
    }
    if (!hasExternalEndpoints) {
      for (const lbIP of svc.loadBalancerVIPs) {
        filter.rule(
          KUBE_EXTERNAL_SERVICES,
          toServiceIP(externalFilterComment, lbIP, externalFilterTarget),
          own,
        );
      }
    }

    // Capture NodePorts.
    if (svc.nodePort !== 0) {
      const nodePort = String(svc.nodePort);
      if (hasAnyEndpoints) {
        if (config.localhostNodePorts && config.nfacct) {
          nat.rule(
            KUBE_NODEPORTS,
            [
              ...comment(spn),
              ...protoMatch,
              '-d',
              '127.0.0.0/8',
              '--dport',
              nodePort,
              '-m',
              'nfacct',
              '--nfacct-name',
              LOCALHOST_NODEPORTS_NFACCT,
              '-j',
              externalTrafficChain,
            ],
            own,
          );
        }
        nat.rule(
          KUBE_NODEPORTS,
          [...comment(spn), ...protoMatch, '--dport', nodePort, '-j', externalTrafficChain],
          own,
        );
      }
      if (!hasExternalEndpoints) {
        filter.rule(
          KUBE_EXTERNAL_SERVICES,
          [
            ...comment(externalFilterComment),
            '-m',
            'addrtype',
            '--dst-type',
            'LOCAL',
            ...protoMatch,
            '--dport',
            nodePort,
            '-j',
            externalFilterTarget,
          ],
          own,
        );
      }
    }

    // Health check NodePorts are accepted whether or not this node has local endpoints.
    if (svc.healthCheckNodePort !== 0) {
      filter.rule(
        KUBE_NODEPORTS,
        [
          ...comment(`${spn} health check node port`),
          '-m',
          'tcp',
          '-p',
          'tcp',
          '--dport',
          String(svc.healthCheckNodePort),
          '-j',
          'ACCEPT',
        ],
        own,
      );
    }

    // Internal traffic: masquerade off-cluster clients of the ClusterIP.
    if (hasInternalEndpoints) {
      const args = [...comment(`${spn} cluster IP`), ...protoMatch, '-d', svc.clusterIP, '--dport', port];
      if (config.masqueradeAll) {
        nat.rule(internalTrafficChain, [...args, '-j', KUBE_MARK_MASQ], own);
      } else if (detectorCIDR !== undefined) {
        nat.rule(internalTrafficChain, [...args, '!', '-s', detectorCIDR, '-j', KUBE_MARK_MASQ], own);
      }
    }

    // External traffic (NodePort, externalIPs, LB VIPs) all enters through the EXT chain.
    if (usesExternalTrafficChain) {
      nat.chain(externalTrafficChain);
      if (svc.externalTrafficPolicy !== 'Local') {
        nat.rule(
          externalTrafficChain,
          [...comment(`masquerade traffic for ${spn} external destinations`), '-j', KUBE_MARK_MASQ],
          own,
        );
      } else {
        if (detectorCIDR !== undefined) {
          nat.rule(
            externalTrafficChain,
            [
              ...comment(`pod traffic for ${spn} external destinations`),
              '-s',
              detectorCIDR,
              '-j',
              clusterPolicyChain,
            ],
            own,
          );
        }
        nat.rule(
          externalTrafficChain,
          [
            ...comment(`masquerade LOCAL traffic for ${spn} external destinations`),
            '-m',
            'addrtype',
            '--src-type',
            'LOCAL',
            '-j',
            KUBE_MARK_MASQ,
          ],
          own,
        );
        nat.rule(
          externalTrafficChain,
          [
            ...comment(`route LOCAL traffic for ${spn} external destinations`),
            '-m',
            'addrtype',
            '--src-type',
            'LOCAL',
            '-j',
            clusterPolicyChain,
          ],
          own,
        );
      }
      if (hasExternalEndpoints) nat.rule(externalTrafficChain, ['-j', externalPolicyChain], own);
    }

    // loadBalancerSourceRanges firewall.
    if (usesFWChain) {
      nat.chain(fwChain);
      const args = comment(`${spn} loadbalancer IP`);
      let allowFromNode = false;
      for (const cidr of svc.loadBalancerSourceRanges) {
        nat.rule(fwChain, [...args, '-s', cidr, '-j', externalTrafficChain], own);
        if (nodeIP !== undefined && ipv4CidrContains(cidr, nodeIP)) allowFromNode = true;
      }
      if (allowFromNode) {
        for (const lbIP of svc.loadBalancerVIPs) {
          nat.rule(fwChain, [...args, '-s', lbIP, '-j', externalTrafficChain], own);
        }
      }
      nat.rule(fwChain, comment(`other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL`), own);
    }

    const writeServiceToEndpointRules = (chain: string, endpoints: readonly EndpointInfo[]): void => {
      nat.chain(chain);
      if (svc.sessionAffinity === 'ClientIP') {
        for (const ep of endpoints) {
          const sep = endpointChainName(spn, protocol, ep.endpoint);
          nat.rule(
            chain,
            [
              ...endpointComment(`${spn} -> ${ep.endpoint}`),
              '-m',
              'recent',
              '--name',
              sep,
              '--rcheck',
              '--seconds',
              String(svc.stickyMaxAgeSeconds),
              '--reap',
              '-j',
              sep,
            ],
            { servicePortName: spn, endpoint: ep.endpoint },
          );
        }
      }
      endpoints.forEach((ep, i) => {
        const sep = endpointChainName(spn, protocol, ep.endpoint);
        const statistic =
          i < endpoints.length - 1
            ? [
                '-m',
                'statistic',
                '--mode',
                'random',
                '--probability',
                formatProbability(endpoints.length - i),
              ]
            : [];
        nat.rule(chain, [...endpointComment(`${spn} -> ${ep.endpoint}`), ...statistic, '-j', sep], {
          servicePortName: spn,
          endpoint: ep.endpoint,
        });
      });
    };
    if (usesClusterPolicyChain) writeServiceToEndpointRules(clusterPolicyChain, clusterEndpoints);
    if (usesLocalPolicyChain) writeServiceToEndpointRules(localPolicyChain, localEndpoints);

    // One SEP chain per reachable endpoint: hairpin masquerade, then DNAT.
    for (const ep of allReachable) {
      const sep = endpointChainName(spn, protocol, ep.endpoint);
      const provenance = { servicePortName: spn, endpoint: ep.endpoint };
      nat.chain(sep);
      const args = endpointComment(spn);
      nat.rule(sep, [...args, '-s', ep.ip, '-j', KUBE_MARK_MASQ], provenance);
      const affinity = svc.sessionAffinity === 'ClientIP' ? ['-m', 'recent', '--name', sep, '--set'] : [];
      nat.rule(
        sep,
        [...args, ...affinity, ...protoMatch, '-j', 'DNAT', '--to-destination', ep.endpoint],
        provenance,
      );
    }
  }

  // Tail call to KUBE-NODEPORTS (nodePortAddresses unset: every local address).
  nat.rule(KUBE_SERVICES, [
    ...comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'),
    '-m',
    'addrtype',
    '--dst-type',
    'LOCAL',
    ...(config.localhostNodePorts ? [] : ['!', '-d', '127.0.0.0/8']),
    '-j',
    KUBE_NODEPORTS,
  ]);

  // The simulated kernel keeps nf_conntrack_tcp_be_liberal=0, so INVALID packets are dropped.
  filter.rule(KUBE_FORWARD, [
    '-m',
    'conntrack',
    '--ctstate',
    'INVALID',
    ...(config.nfacct ? ['-m', 'nfacct', '--nfacct-name', CT_STATE_INVALID_NFACCT] : []),
    '-j',
    'DROP',
  ]);
  filter.rule(KUBE_FORWARD, [
    ...comment('kubernetes forwarding rules'),
    '-m',
    'mark',
    '--mark',
    `${mark}/${mark}`,
    '-j',
    'ACCEPT',
  ]);
  filter.rule(KUBE_FORWARD, [
    ...comment('kubernetes forwarding conntrack rule'),
    '-m',
    'conntrack',
    '--ctstate',
    'RELATED,ESTABLISHED',
    '-j',
    'ACCEPT',
  ]);

  return { filter: filter.build(), nat: nat.build(), largeClusterMode };
}
