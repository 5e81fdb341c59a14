import { SERVICE_NAME_LABEL, type Endpoint, type EndpointSlice } from '../api/EndpointSlice.js';
import type { Service } from '../api/Service.js';
import { parseIpAddress } from '../apiserver/endpoints/parseIpAddress.js';
import { clusterIPsOf, isHeadless, serviceTypeOf } from '../apiserver/serviceTypeRules.js';
import { parseIpSloppy } from '../apiserver/validation/ipAddresses.js';
import { getObject, listObjects, type ClusterState } from '../cluster/ClusterState.js';
import {
  canonicalDnsName,
  dnsResponse,
  fqdn,
  type DnsRecord,
  type DnsRecordType,
  type DnsResponse,
  type DnsServer,
} from './DnsRecord.js';
import { parseClusterDnsName, type ClusterDnsName } from './parseClusterDnsName.js';
import { addressFromReverseName } from './reverseDnsName.js';
import { staticDnsServer } from './staticDnsServer.js';

/** The schema version `dns-version.<zone>` announces (kubernetes/dns specification 1.1.0). */
export const DNS_SCHEMA_VERSION = '1.1.0';
/** The kubelet's and CoreDNS's usual cluster domain. */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
/** The TTL kubeadm's Corefile sets (`ttl 30`); the plugin's own default is 5. */
export const DEFAULT_DNS_TTL = 30;
/** CoreDNS answers `dns-version` with a fixed TTL of 8 hours. */
const DNS_VERSION_TTL = 28_800;
/** The reverse zones kubeadm's Corefile hands to the kubernetes plugin (with `fallthrough` for misses). */
const REVERSE_ZONES = ['in-addr.arpa', 'ip6.arpa'];

/**
 * How pod names (`a-b-c-d.<ns>.pod.<zone>`) are answered, as CoreDNS's `pods` option: `insecure` turns any
 * well-formed dashed address into an A record without checking a pod has it (kubeadm's default),
 * `verified` only answers for a pod of that namespace with that IP, `disabled` answers NXDOMAIN.
 */
export type PodRecordMode = 'insecure' | 'verified' | 'disabled';

export interface ClusterDnsOptions {
  /** The zone the kubernetes plugin serves; default `cluster.local`. */
  readonly clusterDomain?: string;
  /** TTL of every cluster record; default 30 (kubeadm's Corefile). */
  readonly ttl?: number;
  /** Default `insecure`, as kubeadm configures CoreDNS. */
  readonly pods?: PodRecordMode;
  /**
   * Where names outside the cluster zone go (CoreDNS's `forward . /etc/resolv.conf`), and reverse lookups
   * the cluster does not know (`fallthrough in-addr.arpa ip6.arpa`). Default: a server that knows no
   * names, so everything outside the cluster is NXDOMAIN.
   */
  readonly upstream?: DnsServer;
}

/** The cluster DNS at one instant of the cluster state. */
export interface ClusterDns extends DnsServer {
  /** The cluster domain it is authoritative for, canonical (lowercase, no trailing dot). */
  readonly zone: string;
}

/**
 * One record source behind a name, as the plugin's `msg.Service`: an address with the port it serves and
 * the owner name an SRV record points at, or an alias (ExternalName) to answer with a CNAME.
 */
type Backend =
  | { readonly kind: 'address'; readonly ip: string; readonly port: number; readonly owner: string }
  | { readonly kind: 'alias'; readonly host: string };

/** What a name holds; `nameError` is the plugin's "no items" (NXDOMAIN), as opposed to an empty NODATA. */
interface Lookup {
  readonly backends: readonly Backend[];
  readonly nameError: boolean;
}

const NAME_ERROR: Lookup = { backends: [], nameError: true };
const NO_BACKENDS: Lookup = { backends: [], nameError: false };

/** An EndpointSlice port as the plugin reads it; port -1 is its sentinel for a slice without ports. */
interface SlicePort {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
}

const NO_PORTS_SENTINEL: readonly SlicePort[] = [{ name: '', port: -1, protocol: '' }];

/**
 * The cluster DNS as CoreDNS's kubernetes plugin answers it from `state` (reference section 7.2):
 * A/AAAA for ClusterIP Services, ready endpoint addresses for headless ones, SRV for ports, CNAME for
 * ExternalName, PTR for ClusterIPs and endpoint addresses, pod A records, and the `dns-version` TXT.
 * Rcodes follow the plugin: a name that does not exist is NXDOMAIN, a name that exists without records of
 * the asked type (AAAA of an IPv4 Service, `<ns>.svc.<zone>` itself) is NODATA. Comparisons ignore case;
 * answers keep the question's spelling.
 */
export function deriveClusterDns(state: ClusterState, options: ClusterDnsOptions = {}): ClusterDns {
  const zone = canonicalDnsName(options.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN);
  const ttl = options.ttl ?? DEFAULT_DNS_TTL;
  const podMode = options.pods ?? 'insecure';
  const upstream = options.upstream ?? staticDnsServer([]);

  // CoreDNS indexes endpoints by the Service named in the slice's label; FQDN slices carry no addresses
  // it could serve. listObjects is sorted, so answers come out in (namespace, slice name) order. Built
  // on the first question that needs endpoints, so a DNS asked only about ClusterIPs never pays for it.
  let slicesByService: Map<string, EndpointSlice[]> | undefined;
  function slicesOf(serviceKey: string): readonly EndpointSlice[] {
    if (slicesByService === undefined) {
      slicesByService = new Map();
      for (const slice of listObjects(state, 'EndpointSlice')) {
        const serviceName = slice.metadata.labels?.[SERVICE_NAME_LABEL];
        if (serviceName === undefined || slice.addressType === 'FQDN') continue;
        const key = `${slice.metadata.namespace ?? ''}/${serviceName}`;
        const list = slicesByService.get(key);
        if (list === undefined) slicesByService.set(key, [slice]);
        else list.push(slice);
      }
    }
    return slicesByService.get(serviceKey) ?? [];
  }

  let reverseIndex: Map<string, string[]> | undefined;

  function namespaceExists(namespace: string): boolean {
    return getObject(state, 'Namespace', '', namespace) !== undefined;
  }

  /** The plugin's `Records`: what a name in the zone holds. */
  function records(name: string): Lookup {
    const request = parseClusterDnsName(name, zone);
    if (request === undefined) return NAME_ERROR;
    if (request.podOrSvc === '') return NO_BACKENDS;
    if (!namespaceExists(request.namespace)) return NAME_ERROR;
    return request.podOrSvc === 'pod' ? findPods(request) : findServices(request);
  }

  /** The plugin's `Services`: `records`, except that `ns.dns.<zone>` names the DNS Service itself. */
  function services(name: string, type: DnsRecordType): Lookup {
    if (name !== `ns.dns.${zone}`) return records(name);
    if (type !== 'A' && type !== 'AAAA') return NO_BACKENDS;
    // CoreDNS answers with the ClusterIPs of the Services in front of its own pods: kube-dns in kubeadm.
    const dnsService = getObject(state, 'Service', 'kube-system', 'kube-dns');
    const ips = dnsService === undefined ? [] : clusterIPsOf(dnsService.spec).filter((ip) => ip !== 'None');
    return { backends: ips.map((ip) => ({ kind: 'address', ip, port: 0, owner: name })), nameError: false };
  }

  function findServices(request: ClusterDnsName): Lookup {
    if (request.service === '') return NO_BACKENDS;
    const service = getObject(state, 'Service', request.namespace, request.service);
    if (service === undefined) return NAME_ERROR;
    const owner = `${request.service}.${request.namespace}.svc.${zone}`;

    if (serviceTypeOf(service.spec) === 'ExternalName') {
      const host = service.spec.externalName ?? '';
      // An ExternalName has no endpoints to name, and an IP in externalName is not an alias CoreDNS serves.
      if (request.endpoint !== '' || host === '' || parseIpSloppy(host) !== undefined) return NAME_ERROR;
      return { backends: [{ kind: 'alias', host }], nameError: false };
    }

    const backends: Backend[] = [];
    let matched = false;
    if (isHeadless(service.spec) || request.endpoint !== '') {
      // Endpoint names (`<hostname>.<svc>`, `<a-b-c-d>.<svc>`) resolve for any Service, headless or not.
      for (const slice of slicesOf(`${request.namespace}/${request.service}`)) {
        const ports = slicePorts(slice);
        for (const endpoint of slice.endpoints) {
          if (!isPublished(endpoint, service)) continue;
          for (const address of endpoint.addresses) {
            const hostname = endpointHostname(endpoint, address);
            if (request.endpoint !== '' && request.endpoint !== hostname.toLowerCase()) continue;
            for (const port of ports) {
              if (!matchesPortAndProtocol(request, port.name, port.protocol)) continue;
              matched = true;
              backends.push({ kind: 'address', ip: address, port: port.port, owner: `${hostname}.${owner}` });
            }
          }
        }
      }
    } else {
      for (const port of service.spec.ports ?? []) {
        if (!matchesPortAndProtocol(request, port.name ?? '', port.protocol ?? 'TCP')) continue;
        matched = true;
        for (const ip of clusterIPsOf(service.spec))
          backends.push({ kind: 'address', ip, port: port.port, owner });
      }
    }
    return { backends, nameError: !matched };
  }

  function findPods(request: ClusterDnsName): Lookup {
    if (podMode === 'disabled') return NAME_ERROR;
    if (request.service === '') return NO_BACKENDS;
    const dashed = request.service;
    const ip =
      dashed.split('-').length === 4 && !dashed.includes('--')
        ? dashed.replaceAll('-', '.')
        : dashed.replaceAll('-', ':');
    const owner = `${dashed}.${request.namespace}.pod.${zone}`;
    if (podMode === 'insecure') {
      return parseIpSloppy(ip) === undefined
        ? NAME_ERROR
        : { backends: [{ kind: 'address', ip, port: 0, owner }], nameError: false };
    }
    const backends: Backend[] = listObjects(state, 'Pod', request.namespace)
      .filter((pod) => pod.status?.podIP === ip)
      .map(() => ({ kind: 'address', ip, port: 0, owner }));
    return { backends, nameError: backends.length === 0 };
  }

  /** A and AAAA answers (the plugin's `plugin.A`/`plugin.AAAA`), following in-zone CNAMEs itself. */
  function addressRecords(
    qname: string,
    name: string,
    type: 'A' | 'AAAA',
    chain: readonly DnsRecord[],
  ): { records: DnsRecord[]; nameError: boolean } {
    const lookup = services(name, type);
    if (lookup.nameError) return { records: [], nameError: true };
    const out: DnsRecord[] = [];
    const seen = new Set<string>();
    for (const backend of lookup.backends) {
      if (backend.kind === 'alias') {
        const target = canonicalDnsName(backend.host);
        // No `x CNAME x`, no chains longer than 8, no CNAME seen earlier in the chain.
        if (target === name || chain.length > 7) continue;
        const alias: DnsRecord = { name: qname, ttl, type: 'CNAME', target: fqdn(backend.host) };
        if (chain.some((r) => r.type === 'CNAME' && sameName(r.name, qname) && r.target === alias.target))
          continue;
        if (isInZone(target, zone)) {
          const next = addressRecords(fqdn(backend.host), target, type, [...chain, alias]);
          if (!next.nameError && next.records.length > 0) out.push(alias, ...next.records);
        } else {
          out.push(alias, ...upstream.query(fqdn(backend.host), type).answer);
        }
        continue;
      }
      const parsed = parseIpAddress(backend.ip);
      if (parsed === undefined || (parsed.family === 'IPv4') !== (type === 'A') || seen.has(parsed.text))
        continue;
      seen.add(parsed.text);
      out.push({ name: qname, ttl, type, address: parsed.text });
    }
    return { records: out, nameError: false };
  }

  function srvResponse(qname: string, name: string): DnsResponse {
    const lookup = services(name, 'SRV');
    if (lookup.nameError) return dnsResponse(qname, 'SRV', 'NXDOMAIN');
    // SRV for ExternalName is not implemented by the plugin: aliases are dropped, leaving NODATA.
    const backends = lookup.backends.filter((b) => b.kind === 'address');
    // Every backend has priority 0 and the plugin's default weight 100, so the group shares 100 evenly.
    const weight = Math.max(1, Math.floor((100 / (100 * backends.length)) * 100));
    const answer: DnsRecord[] = [];
    const additional: DnsRecord[] = [];
    const seen = new Set<string>();
    for (const backend of backends) {
      if (backend.port === -1) continue;
      const target = fqdn(backend.owner);
      const srvKey = `srv ${target} ${backend.port}`;
      if (!seen.has(srvKey)) {
        seen.add(srvKey);
        answer.push({ name: qname, ttl, type: 'SRV', priority: 0, weight, port: backend.port, target });
      }
      const parsed = parseIpAddress(backend.ip);
      const addressKey = `addr ${target} ${backend.ip}`;
      if (parsed !== undefined && !seen.has(addressKey)) {
        seen.add(addressKey);
        const type = parsed.family === 'IPv4' ? 'A' : 'AAAA';
        additional.push({ name: target, ttl, type, address: parsed.text });
      }
    }
    return dnsResponse(qname, 'SRV', 'NOERROR', answer, additional);
  }

  function cnameResponse(qname: string, name: string): DnsResponse {
    const lookup = services(name, 'CNAME');
    if (lookup.nameError) return dnsResponse(qname, 'CNAME', 'NXDOMAIN');
    const first = lookup.backends[0];
    const answer: DnsRecord[] =
      first?.kind === 'alias' ? [{ name: qname, ttl, type: 'CNAME', target: fqdn(first.host) }] : [];
    return dnsResponse(qname, 'CNAME', 'NOERROR', answer);
  }

  function txtResponse(qname: string, name: string): DnsResponse {
    if (name === `dns-version.${zone}`) {
      const answer: DnsRecord[] = [
        { name: qname, ttl: DNS_VERSION_TTL, type: 'TXT', text: DNS_SCHEMA_VERSION },
      ];
      return dnsResponse(qname, 'TXT', 'NOERROR', answer);
    }
    // Any other existing name holds no TXT (NODATA); the plugin asks its records to tell the two apart.
    return dnsResponse(qname, 'TXT', records(name).backends.length > 0 ? 'NOERROR' : 'NXDOMAIN');
  }

  /** Reverse names for an address: its Service's name if it is a ClusterIP, else its endpoints' names. */
  function reverseTargets(address: string): readonly string[] {
    reverseIndex ??= buildReverseIndex(state, zone);
    return reverseIndex.get(address) ?? [];
  }

  function ptrResponse(qname: string, name: string): DnsResponse | undefined {
    const address = addressFromReverseName(name);
    if (address === undefined) {
      if (!isInZone(name, zone)) return undefined;
      // PTR of a forward name: NODATA when the name exists, as for any other missing type.
      return dnsResponse(qname, 'PTR', records(name).nameError ? 'NXDOMAIN' : 'NOERROR');
    }
    const targets = reverseTargets(address);
    if (targets.length === 0) return undefined;
    const answer: DnsRecord[] = targets.map((target) => ({ name: qname, ttl, type: 'PTR', target }));
    return dnsResponse(qname, 'PTR', 'NOERROR', answer);
  }

  function query(name: string, type: DnsRecordType): DnsResponse {
    const canonical = canonicalDnsName(name);
    const qname = fqdn(name);
    if (type === 'PTR' && REVERSE_ZONES.some((z) => isInZone(canonical, z))) {
      // Reverse misses fall through to the upstream, as kubeadm's Corefile configures.
      return ptrResponse(qname, canonical) ?? upstream.query(name, type);
    }
    if (!isInZone(canonical, zone)) return upstream.query(name, type);
    switch (type) {
      case 'A':
      case 'AAAA': {
        const result = addressRecords(qname, canonical, type, []);
        return dnsResponse(qname, type, result.nameError ? 'NXDOMAIN' : 'NOERROR', result.records);
      }
      case 'SRV':
        return srvResponse(qname, canonical);
      case 'CNAME':
        return cnameResponse(qname, canonical);
      case 'TXT':
        return txtResponse(qname, canonical);
      case 'PTR':
        return ptrResponse(qname, canonical) ?? dnsResponse(qname, type, 'NXDOMAIN');
    }
  }

  return { zone, query };
}

/** Whether the endpoint's addresses are served: ready (unset counts as ready), or the Service publishes not-ready ones. */
function isPublished(endpoint: Endpoint, service: Service | undefined): boolean {
  return endpoint.conditions?.ready !== false || service?.spec.publishNotReadyAddresses === true;
}

/**
 * The label an endpoint address answers to under its Service: the endpoint's hostname, else the address
 * with dots (IPv4) or colons (IPv6) turned into dashes, as CoreDNS names endpoints.
 */
function endpointHostname(endpoint: Endpoint, address: string): string {
  if (endpoint.hostname !== undefined && endpoint.hostname !== '') return endpoint.hostname;
  if (address.includes('.')) return address.replaceAll('.', '-');
  return address.replaceAll(':', '-');
}

function slicePorts(slice: EndpointSlice): readonly SlicePort[] {
  const ports = slice.ports ?? [];
  if (ports.length === 0) return NO_PORTS_SENTINEL;
  // API defaulting gives EndpointSlice ports protocol TCP; an unset port reads as the plugin's -1.
  return ports.map((p) => ({ name: p.name ?? '', port: p.port ?? -1, protocol: p.protocol ?? 'TCP' }));
}

/** `_port._protocol` matching: an absent part of the question matches anything, names compare without case. */
function matchesPortAndProtocol(request: ClusterDnsName, portName: string, protocol: string): boolean {
  return (
    (request.port === '' || request.port === portName.toLowerCase()) &&
    (request.protocol === '' || request.protocol === protocol.toLowerCase())
  );
}

function isInZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

function sameName(a: string, b: string): boolean {
  return canonicalDnsName(a) === canonicalDnsName(b);
}

function buildReverseIndex(state: ClusterState, zone: string): Map<string, string[]> {
  const index = new Map<string, string[]>();
  const clusterIPs = new Set<string>();
  for (const service of listObjects(state, 'Service')) {
    for (const ip of clusterIPsOf(service.spec)) {
      const key = parseIpAddress(ip)?.text;
      // A ClusterIP names exactly one Service; CoreDNS answers with that one and ignores endpoints.
      if (key === undefined || clusterIPs.has(key)) continue;
      clusterIPs.add(key);
      index.set(key, [
        fqdn(`${service.metadata.name ?? ''}.${service.metadata.namespace ?? ''}.svc.${zone}`),
      ]);
    }
  }
  for (const slice of listObjects(state, 'EndpointSlice')) {
    const serviceName = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (serviceName === undefined || slice.addressType === 'FQDN') continue;
    const namespace = slice.metadata.namespace ?? '';
    const service = getObject(state, 'Service', namespace, serviceName);
    for (const endpoint of slice.endpoints) {
      if (!isPublished(endpoint, service)) continue;
      for (const address of endpoint.addresses) {
        const key = parseIpAddress(address)?.text;
        if (key === undefined || clusterIPs.has(key)) continue;
        const target = fqdn(`${endpointHostname(endpoint, address)}.${serviceName}.${namespace}.svc.${zone}`);
        const list = index.get(key);
        if (list === undefined) index.set(key, [target]);
        else if (!list.includes(target)) list.push(target);
      }
    }
  }
  return index;
}
