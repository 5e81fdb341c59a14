import {
  categorizeEndpoints,
  ipv4CidrContains,
  isExternallyAccessible,
  usesClusterEndpoints,
  usesLocalEndpoints,
  type EndpointInfo,
  type NodeProxyConfig,
  type Protocol,
  type ServicePortInfo,
} from '@svcsim/core';

import { endpointChainName, servicePortChainName } from './hashChainName.js';
import { formatProbability } from './formatProbability.js';
import type { IptablesCompat } from './iptablesCompat.js';
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
} from './iptablesChainNames.js';
import { iptablesComment as comment } from './iptablesComment.js';
import type { IptablesRuleSpec } from './IptablesRuleset.js';

const LOCALHOST_NODEPORTS_NFACCT = 'localhost_nps_accepted_pkts';

/**
 * One ServicePort's share of a sync's restore input: what the body of `syncProxyRules`' per-ServicePort
 * loop writes (sections 1.5-1.8), in the order it writes it. The assembler splices these between the
 * fixed rules; a partial sync rewrites a ServicePort's own chains only when its Service changed.
 */
export interface ServicePortRules {
  readonly servicePortName: string;
  readonly protocol: Protocol;
  /** filter rules, all in top-level chains (KUBE-SERVICES, KUBE-EXTERNAL-SERVICES, ...). */
  readonly filter: readonly IptablesRuleSpec[];
  /**
   * nat rules: first the captures in KUBE-SERVICES and KUBE-NODEPORTS (`natTopLevelRules` of them),
   * then the rules of the ServicePort's own chains.
   */
  readonly nat: readonly IptablesRuleSpec[];
  readonly natTopLevelRules: number;
  /** The ServicePort's own nat chains (EXT, FW, SVC, SVL, SEP), in the order of their chain lines. */
  readonly natChains: readonly string[];
  /** The xt_recent lists its rules use: its SEP chains' names, with ClientIP affinity. */
  readonly recentLists: readonly string[];
}

/** What a ServicePort's rules depend on besides the ServicePort and its endpoints. */
export interface ServicePortCompileContext {
  readonly config: NodeProxyConfig;
  readonly nodeLabels: Readonly<Record<string, string>>;
  /** Whether endpoint rules lose their comments (total endpoints above the threshold). */
  readonly largeClusterMode: boolean;
  /** The older kube-proxy behaviours `config.emulateVersion` asks for (`iptablesCompatOf(config)`). */
  readonly compat: IptablesCompat;
}

interface Provenance {
  readonly servicePortName?: string;
  readonly endpoint?: string;
}

/**
 * Compiles one ServicePort's rules (`pkg/proxy/iptables/proxier.go: syncProxyRules`, the body of the
 * loop over `svcPortMap`). `endpoints` must carry this node's `isLocal` when the ServicePort uses Local
 * traffic policy. IPv4 only.
 */
export function compileServicePortRules(
  svc: ServicePortInfo,
  endpoints: readonly EndpointInfo[],
  context: ServicePortCompileContext,
): ServicePortRules {
  const { config, nodeLabels, largeClusterMode, compat } = context;
  const filter: IptablesRuleSpec[] = [];
  const nat: IptablesRuleSpec[] = [];
  const natChains: string[] = [];
  const recentLists: string[] = [];
  const detectorCIDR = config.clusterCIDR;
  const nodeIP = config.nodeIPs.find((ip) => !ip.includes(':'));
  const writeFilter = (chain: string, args: readonly string[], provenance: Provenance): void => {
    filter.push({ chain, args, ...provenance });
  };
  const writeNat = (chain: string, args: readonly string[], provenance: Provenance): void => {
    nat.push({ chain, args, ...provenance });
  };
  /** `appendServiceCommentLocked`: endpoint rules lose their comment in large clusters. */
  const endpointComment = (text: string): string[] => (largeClusterMode ? [] : comment(text));

  const spn = svc.servicePortName;
  const protocol = svc.protocol.toLowerCase();
  const port = String(svc.port);
  const own: Provenance = { servicePortName: spn };
  const categorized = categorizeEndpoints(endpoints, svc, config.nodeName, nodeLabels);
  const { clusterEndpoints, localEndpoints } = categorized;
  let { allReachable, hasAnyEndpoints } = categorized;
  /** The endpoints the cluster policy chain checks affinity lists for: those it can pick, today. */
  let clusterAffinityEndpoints = clusterEndpoints;
  let usesClusterPolicyChain = clusterEndpoints.length > 0 && usesClusterEndpoints(svc);
  if (compat.rulesForEveryEndpoint && endpoints.length > 0 && usesClusterEndpoints(svc)) {
    // kube-proxy 1.22.0-1.22.3 (before kubernetes#106030) counted every endpoint, usable or not: any
    // endpoint at all means the Service is captured rather than REJECTed, the SVC chain holds an
    // affinity rule and a SEP chain exists for each of them. Its random rules still pick among the
    // usable ones only, so with none usable a new client falls through the SVC chain un-DNATed (dropped,
    // not rejected), while a client in a NotReady endpoint's affinity list keeps being sent there, each
    // connection refreshing its entry. A ServicePort that uses local endpoints only (internal policy
    // Local, not externally reachable) is left as today: 1.22 programmed it through the SVC chain with
    // the node's endpoints only, a layout svcsim does not model.
    hasAnyEndpoints = true;
    usesClusterPolicyChain = true;
    clusterAffinityEndpoints = endpoints;
    allReachable = endpoints;
  }

  const clusterPolicyChain = servicePortChainName(spn, protocol, 'KUBE-SVC-');
  const localPolicyChain = servicePortChainName(spn, protocol, 'KUBE-SVL-');
  const externalTrafficChain = servicePortChainName(spn, protocol, 'KUBE-EXT-');
  const fwChain = servicePortChainName(spn, protocol, 'KUBE-FW-');
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
  const internalFilterComment = hasAnyEndpoints ? `${spn} has no local endpoints` : `${spn} has no endpoints`;
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
    writeNat(KUBE_SERVICES, toServiceIP(`${spn} cluster IP`, svc.clusterIP, internalTrafficChain), own);
  } else {
    writeFilter(KUBE_SERVICES, toServiceIP(internalFilterComment, svc.clusterIP, internalFilterTarget), own);
  }

  // Capture externalIPs.
  for (const externalIP of svc.externalIPs) {
    if (hasAnyEndpoints) {
      writeNat(KUBE_SERVICES, toServiceIP(`${spn} external IP`, externalIP, externalTrafficChain), own);
    }
    if (!hasExternalEndpoints) {
      writeFilter(
        KUBE_EXTERNAL_SERVICES,
        toServiceIP(externalFilterComment, externalIP, externalFilterTarget),
        own,
      );
    }
  }

  // Capture load-balancer ingress.
  for (const lbIP of svc.loadBalancerVIPs) {
    if (hasAnyEndpoints) {
      writeNat(KUBE_SERVICES, toServiceIP(`${spn} loadbalancer IP`, lbIP, loadBalancerTrafficChain), own);
    }
    if (usesFWChain) {
      writeFilter(
        KUBE_PROXY_FIREWALL,
        toServiceIP(`${spn} traffic not accepted by ${fwChain}`, lbIP, 'DROP'),
        own,
      );
    }
  }
  if (!hasExternalEndpoints) {
    for (const lbIP of svc.loadBalancerVIPs) {
      writeFilter(
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
        writeNat(
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
      writeNat(
        KUBE_NODEPORTS,
        [...comment(spn), ...protoMatch, '--dport', nodePort, '-j', externalTrafficChain],
        own,
      );
    }
    if (!hasExternalEndpoints) {
      writeFilter(
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
    writeFilter(
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

  // Everything below lives in the ServicePort's own chains, which a partial sync may skip.
  const natTopLevelRules = nat.length;

  // Internal traffic: masquerade off-cluster clients of the ClusterIP.
  if (hasInternalEndpoints) {
    const args = [...comment(`${spn} cluster IP`), ...protoMatch, '-d', svc.clusterIP, '--dport', port];
    if (config.masqueradeAll) {
      writeNat(internalTrafficChain, [...args, '-j', KUBE_MARK_MASQ], own);
    } else if (detectorCIDR !== undefined) {
      writeNat(internalTrafficChain, [...args, '!', '-s', detectorCIDR, '-j', KUBE_MARK_MASQ], own);
    }
  }

  // External traffic (NodePort, externalIPs, LB VIPs) all enters through the EXT chain.
  if (usesExternalTrafficChain) {
    natChains.push(externalTrafficChain);
    if (svc.externalTrafficPolicy !== 'Local') {
      writeNat(
        externalTrafficChain,
        [...comment(`masquerade traffic for ${spn} external destinations`), '-j', KUBE_MARK_MASQ],
        own,
      );
    } else {
      if (detectorCIDR !== undefined) {
        writeNat(
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
      writeNat(
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
      writeNat(
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
    if (hasExternalEndpoints) writeNat(externalTrafficChain, ['-j', externalPolicyChain], own);
  }

  // loadBalancerSourceRanges firewall.
  if (usesFWChain) {
    natChains.push(fwChain);
    const args = comment(`${spn} loadbalancer IP`);
    let allowFromNode = false;
    for (const cidr of svc.loadBalancerSourceRanges) {
      writeNat(fwChain, [...args, '-s', cidr, '-j', externalTrafficChain], own);
      if (nodeIP !== undefined && ipv4CidrContains(cidr, nodeIP)) allowFromNode = true;
    }
    if (allowFromNode) {
      for (const lbIP of svc.loadBalancerVIPs) {
        writeNat(fwChain, [...args, '-s', lbIP, '-j', externalTrafficChain], own);
      }
    }
    writeNat(fwChain, comment(`other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL`), own);
  }

  const writeServiceToEndpointRules = (
    chain: string,
    chainEndpoints: readonly EndpointInfo[],
    affinityEndpoints: readonly EndpointInfo[],
  ): void => {
    natChains.push(chain);
    if (svc.sessionAffinity === 'ClientIP') {
      for (const ep of affinityEndpoints) {
        const sep = endpointChainName(spn, protocol, ep.endpoint);
        writeNat(
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
    chainEndpoints.forEach((ep, i) => {
      const sep = endpointChainName(spn, protocol, ep.endpoint);
      const statistic =
        i < chainEndpoints.length - 1
          ? [
              '-m',
              'statistic',
              '--mode',
              'random',
              '--probability',
              formatProbability(chainEndpoints.length - i),
            ]
          : [];
      writeNat(chain, [...endpointComment(`${spn} -> ${ep.endpoint}`), ...statistic, '-j', sep], {
        servicePortName: spn,
        endpoint: ep.endpoint,
      });
    });
  };
  if (usesClusterPolicyChain) {
    writeServiceToEndpointRules(clusterPolicyChain, clusterEndpoints, clusterAffinityEndpoints);
  }
  // The 1.22 local chain (KUBE-XLB then) already checked affinity for its usable endpoints only.
  if (usesLocalPolicyChain) writeServiceToEndpointRules(localPolicyChain, localEndpoints, localEndpoints);

  // One SEP chain per reachable endpoint: hairpin masquerade, then DNAT.
  for (const ep of allReachable) {
    const sep = endpointChainName(spn, protocol, ep.endpoint);
    const provenance = { servicePortName: spn, endpoint: ep.endpoint };
    natChains.push(sep);
    const args = endpointComment(spn);
    writeNat(sep, [...args, '-s', ep.ip, '-j', KUBE_MARK_MASQ], provenance);
    const affinity = svc.sessionAffinity === 'ClientIP' ? ['-m', 'recent', '--name', sep, '--set'] : [];
    if (affinity.length > 0) recentLists.push(sep);
    writeNat(
      sep,
      [...args, ...affinity, ...protoMatch, '-j', 'DNAT', '--to-destination', ep.endpoint],
      provenance,
    );
  }

  return {
    servicePortName: spn,
    protocol: svc.protocol,
    filter,
    nat,
    natTopLevelRules,
    natChains,
    recentLists,
  };
}
