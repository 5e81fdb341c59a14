import type { Pod } from '../api/Pod.js';
import { clusterIPsOf } from '../apiserver/serviceTypeRules.js';
import { getObject, type ClusterState } from '../cluster/ClusterState.js';
import type { DnsServer } from '../discovery/DnsRecord.js';
import { deriveClusterDns } from '../discovery/deriveClusterDns.js';
import { DEFAULT_CLUSTER_DNS, podResolvConf } from '../discovery/podResolvConf.js';
import type { ResolvConf } from '../discovery/ResolvConf.js';
import { resolveFromPod, type ResolverResult } from '../discovery/resolveFromPod.js';
import { staticDnsServer } from '../discovery/staticDnsServer.js';
import type { ConnectionSource } from '../events/ConnectionEvents.js';
import { parseIpv4 } from '../net/ipv4.js';
import type { RandomStream } from '../random/RandomStream.js';

/**
 * What resolving a destination needs to know about the cluster at one instant. `resolveDestination`
 * builds it from a ClusterState; the data plane keeps a cheaper one up to date from the log.
 */
export interface DestinationContext {
  /** The pod `namespace/name`, whose resolver configuration a lookup uses. */
  pod(namespace: string, name: string): Pod | undefined;
  /** The cluster DNS as CoreDNS would answer now; asked only when a pod's resolver reaches it. */
  clusterDns(): DnsServer;
  /**
   * The addresses pods are told to use as their nameserver (the kubelet's `--cluster-dns`, which
   * kubeadm sets to the kube-dns Service's ClusterIP).
   */
  clusterDnsAddresses(): readonly string[];
}

/** How a pod looked a name up, step by step, as a trace shows it. */
export interface PodLookup {
  /** `namespace/name` of the pod whose resolver asked. */
  readonly pod: string;
  /** Its /etc/resolv.conf, as the kubelet wrote it. */
  readonly resolvConf: ResolvConf;
  /**
   * Whether its first nameserver is the cluster DNS. When it is not (dnsPolicy Default, a host-network
   * pod, `None` with other servers), svcsim has no DNS to ask there, so every name is NXDOMAIN.
   */
  readonly viaClusterDns: boolean;
  /** The stub resolver's whole story: every name tried and what it got. */
  readonly result: ResolverResult;
}

/**
 * How a destination host was resolved:
 * - `literal`: an IPv4 address, used as written (getaddrinfo does no lookup for one);
 * - `lookup`: a source pod asked its resolver; `address` is set when the name resolved to IPv4 addresses;
 * - `notLooked`: no lookup happened, because the source is a node or an external client (neither uses
 *   the cluster DNS, and svcsim models no other) or the source pod does not exist.
 * Every kind carries `reason`, one line saying what happened, for connection events and traces.
 */
export type DestinationResolution =
  | {
      readonly kind: 'literal';
      readonly host: string;
      readonly address: string;
      readonly addresses: readonly string[];
      readonly reason: string;
    }
  | {
      readonly kind: 'lookup';
      readonly host: string;
      /** The address the client connects to; undefined when the name did not resolve. */
      readonly address: string | undefined;
      /** Every IPv4 address of the answer, in the order the cluster DNS lists them. */
      readonly addresses: readonly string[];
      readonly lookup: PodLookup;
      readonly reason: string;
    }
  | {
      readonly kind: 'notLooked';
      readonly host: string;
      readonly address: undefined;
      readonly addresses: readonly [];
      readonly why: 'nodeSource' | 'externalSource' | 'noSourcePod';
      readonly reason: string;
    };

export interface ResolveDestinationOptions {
  /**
   * Chooses among several addresses (a headless Service's ready endpoints). kubeadm's Corefile has
   * the `loadbalance` plugin, which shuffles A records in every answer, and the client connects to the
   * first, so each address is equally likely: the data plane passes its `traffic` stream to draw
   * that. Without it the first address in the cluster DNS's order is taken. A single address draws
   * nothing.
   */
  readonly random?: RandomStream;
}

/** svcsim has no DNS outside the cluster: a resolver that is not the cluster DNS knows no names. */
const NO_DNS: DnsServer = staticDnsServer([]);

/**
 * Resolves `host`, as the client wrote it, from `from` against the cluster as `state` holds it: the one
 * place that decides which address a connection to a name goes to (the data plane and `svcsim trace`
 * both use it).
 *
 * A pod resolves as glibc's getaddrinfo(AF_INET) would with the /etc/resolv.conf the kubelet gave it
 * (`podResolvConf`: search list, ndots) through `resolveFromPod`, asking the cluster DNS that
 * `deriveClusterDns` derives from the same state. Deliberately, svcsim answers from the apiserver's
 * state directly: CoreDNS's own watch lag, its `cache 30`, and whether the kube-dns Service has ready
 * endpoints are not modelled, nor is the query's own trip through kube-proxy. An answer whose records
 * hold no IPv4 address (an ExternalName whose target has no records here: a CNAME and nothing else)
 * does not resolve, as getaddrinfo finds no address in it.
 *
 * Cost: building the context from `state` derives the cluster DNS, O(EndpointSlices); callers that
 * resolve often should keep a context (`resolveDestinationIn`) and rebuild it only on change.
 */
export function resolveDestination(
  state: ClusterState,
  from: ConnectionSource,
  host: string,
  options: ResolveDestinationOptions = {},
): DestinationResolution {
  let dns: DnsServer | undefined;
  return resolveDestinationIn(
    {
      pod: (namespace, name) => getObject(state, 'Pod', namespace, name),
      clusterDns: () => (dns ??= deriveClusterDns(state)),
      clusterDnsAddresses: () => kubeDnsAddresses(state),
    },
    from,
    host,
    options,
  );
}

/** `resolveDestination` against a context the caller keeps (see DestinationContext). */
export function resolveDestinationIn(
  context: DestinationContext,
  from: ConnectionSource,
  host: string,
  options: ResolveDestinationOptions = {},
): DestinationResolution {
  if (parseIpv4(host) !== undefined) {
    return { kind: 'literal', host, address: host, addresses: [host], reason: `${host} is an address` };
  }
  switch (from.kind) {
    case 'node':
      return notLooked(
        host,
        'nodeSource',
        `node ${from.name} does not use the cluster DNS (its resolver is the host's own), so ${host} does not resolve from it`,
      );
    case 'external':
      return notLooked(
        host,
        'externalSource',
        `${from.ip} is outside the cluster and does not use the cluster DNS, so ${host} does not resolve from it`,
      );
    case 'pod':
      break;
  }
  const podKey = `${from.namespace}/${from.name}`;
  const pod = context.pod(from.namespace, from.name);
  if (pod === undefined) {
    return notLooked(host, 'noSourcePod', `pod ${podKey} does not exist, so nothing looks ${host} up`);
  }

  const clusterDnsAddresses = context.clusterDnsAddresses();
  const { resolvConf } = podResolvConf(pod, { clusterDNS: clusterDnsAddresses });
  const nameserver = resolvConf.nameservers[0];
  const viaClusterDns = nameserver !== undefined && clusterDnsAddresses.includes(nameserver);
  const result = resolveFromPod(host, resolvConf, viaClusterDns ? context.clusterDns() : NO_DNS);
  const lookup: PodLookup = { pod: podKey, resolvConf, viaClusterDns, result };
  const addresses = result.answer.flatMap((record) => (record.type === 'A' ? [record.address] : []));
  const address =
    addresses.length > 1 && options.random !== undefined ? options.random.pick(addresses) : addresses[0];
  return {
    kind: 'lookup',
    host,
    address,
    addresses,
    lookup,
    reason:
      address === undefined
        ? unresolvedReason(host, lookup, nameserver)
        : resolvedReason(host, lookup, address, addresses.length),
  };
}

/** The kube-dns Service's ClusterIPs, which kubeadm configures as every kubelet's `--cluster-dns`. */
export function kubeDnsAddresses(state: ClusterState): readonly string[] {
  const service = getObject(state, 'Service', 'kube-system', 'kube-dns');
  const ips = service === undefined ? [] : clusterIPsOf(service.spec).filter((ip) => ip !== 'None');
  return ips.length > 0 ? ips : DEFAULT_CLUSTER_DNS;
}

function notLooked(
  host: string,
  why: 'nodeSource' | 'externalSource' | 'noSourcePod',
  reason: string,
): DestinationResolution {
  return { kind: 'notLooked', host, address: undefined, addresses: [], why, reason };
}

/** `web resolved to 10.96.0.20 (web.default.svc.cluster.local.)`, noting a choice among several. */
function resolvedReason(host: string, lookup: PodLookup, address: string, count: number): string {
  const by = lookup.result.answeredBy ?? host;
  const among = count > 1 ? `, one of ${count} addresses` : '';
  return `${host} resolved to ${address} (${by}${among}) from pod ${lookup.pod}`;
}

/**
 * Says which names were tried and what came back, and why no lookup could succeed when the pod's
 * resolver does not reach the cluster DNS.
 */
function unresolvedReason(host: string, lookup: PodLookup, nameserver: string | undefined): string {
  const { result } = lookup;
  const tried = result.attempts.map((attempt) => `${attempt.name} ${attempt.outcome}`).join(', ');
  const why =
    result.outcome === 'ANSWER'
      ? `${result.answeredBy ?? host} answered with no IPv4 address (${result.answer.map((r) => `${r.type} ${'target' in r ? r.target : ''}`.trimEnd()).join(', ')})`
      : `tried ${tried === '' ? 'no names' : tried}`;
  const resolver = lookup.viaClusterDns
    ? ''
    : nameserver === undefined
      ? '; its resolv.conf has no nameserver'
      : `; its nameserver ${nameserver} is not the cluster DNS, and svcsim models no other DNS`;
  return `${host} did not resolve from pod ${lookup.pod}: ${why}${resolver}`;
}
