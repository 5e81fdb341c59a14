import type { Pod, PodDNSConfigOption } from '../api/Pod.js';
import { isIPv6String } from '../apiserver/validation/ipAddresses.js';
import { compareCodeUnits } from '../canonicalDigest.js';
import { DEFAULT_CLUSTER_DOMAIN } from './deriveClusterDns.js';
import { parseHostResolvConf } from './parseHostResolvConf.js';
import type { ResolvConf } from './ResolvConf.js';

/** The kube-dns ClusterIP kubeadm configures as the kubelet's `clusterDNS` (index 10 of 10.96.0.0/12). */
export const DEFAULT_CLUSTER_DNS: readonly string[] = ['10.96.0.10'];

/** Validation limits (pkg/apis/core/validation, ExpandedDNSConfig, GA in 1.28). */
const MAX_NAMESERVERS = 3;
const MAX_SEARCH_PATHS = 32;
const MAX_SEARCH_LINE_CHARS = 2048;
/** Longer search domains are dropped: some resolvers (glibc 2.28) abort on them. */
const MAX_SEARCH_DOMAIN_CHARS = 253;
const CLUSTER_FIRST_OPTIONS: readonly string[] = ['ndots:5'];

export type { PodDNSConfig, PodDNSConfigOption } from '../api/Pod.js';

/** Any Pod: `spec.dnsConfig` is part of PodSpec (kept as a name for callers written before it was). */
export type PodWithDnsConfig = Pod;

/** The kubelet's DNS settings for the node the pod runs on. */
export interface KubeletDnsOptions {
  /** `--cluster-domain`; default `cluster.local`. An empty string means none is configured. */
  readonly clusterDomain?: string;
  /** `--cluster-dns`; default 10.96.0.10. Empty makes ClusterFirst pods fall back to Default. */
  readonly clusterDNS?: readonly string[];
  /**
   * The contents of the file `--resolv-conf` names (the node's resolver settings, the base of Default
   * and the source of extra search domains for ClusterFirst). Omitted means `--resolv-conf=""`, for which
   * the kubelet gives Default pods a localhost nameserver per node IP family and the search list `.`.
   */
  readonly hostResolvConf?: string;
  /** The node's IPs, used only in that `--resolv-conf=""` case; default one IPv4 address. */
  readonly nodeIPs?: readonly string[];
}

/** A warning event the kubelet records while forming the pod's DNS configuration. */
export interface PodDnsWarning {
  readonly reason: 'DNSConfigForming' | 'MissingClusterDNS';
  readonly message: string;
}

export interface PodResolvConf {
  readonly resolvConf: ResolvConf;
  readonly warnings: readonly PodDnsWarning[];
}

/**
 * The resolver configuration the kubelet gives a pod (`GetPodDNS`, reference section 7.3).
 * `ClusterFirst` (the default) uses only the cluster DNS, searches `<ns>.svc.<zone> svc.<zone> <zone>`
 * followed by the node's search domains, and sets `ndots:5` in place of the node's options; with
 * `hostNetwork: true` it behaves like `Default`, unless the policy is `ClusterFirstWithHostNet`. `Default`
 * takes the node's resolv.conf; `None` starts empty. `dnsConfig` is then appended: nameservers and searches
 * deduplicated, options merged by name with the pod's values winning. Finally the limits apply: at most 3
 * nameservers, 32 search domains of at most 253 characters and 2048 characters in all, truncating with a
 * `DNSConfigForming` warning.
 *
 * The kubelet merges options through a Go map, so their order varies between pods; svcsim sorts merged
 * options by name.
 */
export function podResolvConf(pod: PodWithDnsConfig, options: KubeletDnsOptions = {}): PodResolvConf {
  const clusterDomain = options.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
  const clusterDNS = options.clusterDNS ?? DEFAULT_CLUSTER_DNS;
  const host =
    options.hostResolvConf === undefined
      ? { nameservers: [], searches: [], options: [] }
      : parseHostResolvConf(options.hostResolvConf);
  const warnings: PodDnsWarning[] = [];

  let conf: ResolvConf;
  const policy = effectivePolicy(pod);
  if (policy === 'None') {
    conf = { nameservers: [], searches: [], options: [] };
  } else if (policy === 'ClusterFirst' && clusterDNS.length > 0) {
    const namespace = pod.metadata.namespace ?? 'default';
    const searches =
      clusterDomain === ''
        ? host.searches
        : omitDuplicates([
            `${namespace}.svc.${clusterDomain}`,
            `svc.${clusterDomain}`,
            clusterDomain,
            ...host.searches,
          ]);
    conf = { nameservers: [...clusterDNS], searches, options: CLUSTER_FIRST_OPTIONS };
  } else {
    if (policy === 'ClusterFirst') {
      warnings.push({
        reason: 'MissingClusterDNS',
        message:
          'kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. ' +
          'Falling back to "Default" policy.',
      });
    }
    conf =
      options.hostResolvConf === undefined
        ? { nameservers: localhostNameservers(options.nodeIPs ?? []), searches: ['.'], options: [] }
        : host;
  }

  const dnsConfig = pod.spec.dnsConfig;
  if (dnsConfig !== undefined) {
    conf = {
      nameservers: omitDuplicates([...conf.nameservers, ...(dnsConfig.nameservers ?? [])]),
      searches: omitDuplicates([...conf.searches, ...(dnsConfig.searches ?? [])]),
      options: mergeOptions(conf.options, dnsConfig.options ?? []),
    };
  }
  return { resolvConf: fitLimits(conf, warnings), warnings };
}

/** The policy that applies: ClusterFirst on the host network falls back to Default. */
function effectivePolicy(pod: Pod): 'ClusterFirst' | 'Default' | 'None' {
  switch (pod.spec.dnsPolicy ?? 'ClusterFirst') {
    case 'None':
      return 'None';
    case 'ClusterFirstWithHostNet':
      return 'ClusterFirst';
    case 'ClusterFirst':
      return pod.spec.hostNetwork === true ? 'Default' : 'ClusterFirst';
    case 'Default':
      return 'Default';
  }
}

function localhostNameservers(nodeIPs: readonly string[]): string[] {
  const servers = nodeIPs.map((ip) => (isIPv6String(ip) ? '::1' : '127.0.0.1'));
  return servers.length > 0 ? servers : ['127.0.0.1'];
}

function omitDuplicates(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function mergeOptions(existing: readonly string[], podOptions: readonly PodDNSConfigOption[]): string[] {
  const merged = new Map<string, string>();
  for (const option of existing) {
    const colon = option.indexOf(':');
    if (colon < 0) merged.set(option, '');
    else merged.set(option.slice(0, colon), option.slice(colon + 1));
  }
  for (const option of podOptions) merged.set(option.name, option.value ?? '');
  return [...merged.keys()].sort(compareCodeUnits).map((name) => {
    const value = merged.get(name) ?? '';
    return value === '' ? name : `${name}:${value}`;
  });
}

function fitLimits(conf: ResolvConf, warnings: PodDnsWarning[]): ResolvConf {
  let nameservers = conf.nameservers;
  if (nameservers.length > MAX_NAMESERVERS) {
    nameservers = nameservers.slice(0, MAX_NAMESERVERS);
    warnings.push({
      reason: 'DNSConfigForming',
      message: `Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${nameservers.join(' ')}`,
    });
  }

  let exceeded = false;
  let searches = conf.searches;
  if (searches.length > MAX_SEARCH_PATHS) {
    searches = searches.slice(0, MAX_SEARCH_PATHS);
    exceeded = true;
  }
  const fitting = searches.filter((s) => s.length <= MAX_SEARCH_DOMAIN_CHARS);
  if (fitting.length !== searches.length) exceeded = true;
  searches = fitting;
  // Whole domains are cut from the end until the line fits.
  let lineLength = searches.join(' ').length;
  if (lineLength > MAX_SEARCH_LINE_CHARS) {
    exceeded = true;
    const kept = [...searches];
    while (kept.length > 0 && lineLength > MAX_SEARCH_LINE_CHARS) {
      lineLength -= (kept.pop() ?? '').length + 1;
    }
    searches = kept;
  }
  if (exceeded) {
    warnings.push({
      reason: 'DNSConfigForming',
      message: `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${searches.join(' ')}`,
    });
  }
  return { nameservers, searches, options: conf.options };
}
