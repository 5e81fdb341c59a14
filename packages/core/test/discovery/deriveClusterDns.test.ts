import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  dnsOutcome,
  renderDnsRecord,
  type DnsRecord,
  type DnsRecordType,
  type DnsResponse,
} from '../../src/discovery/DnsRecord.js';
import { deriveClusterDns, type ClusterDnsOptions } from '../../src/discovery/deriveClusterDns.js';
import { reverseNameOf } from '../../src/discovery/reverseDnsName.js';
import { staticDnsServer } from '../../src/discovery/staticDnsServer.js';
import { endpoint, namespace, pod, service, slice, stateOf } from './fixtures.js';

const upstream = staticDnsServer([
  { name: 'db.example.com', ttl: 300, type: 'A', address: '203.0.113.10' },
  { name: 'www.example.com', ttl: 300, type: 'CNAME', target: 'web.example.net.' },
  { name: 'web.example.net', ttl: 300, type: 'A', address: '198.51.100.7' },
]);

const objects = [
  namespace('default'),
  namespace('kube-system'),
  namespace('prod'),
  service('kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] }),
  service(
    'kube-dns',
    {
      clusterIP: '10.96.0.10',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      ],
    },
    'kube-system',
  ),
  service('web', { clusterIP: '10.96.45.12', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }),
  slice('web-abc', 'web', [
    endpoint('10.244.1.5'),
    endpoint('10.244.2.7'),
    endpoint('10.244.3.9', { conditions: { ready: false, serving: false, terminating: false } }),
  ]),
  service('plain', { clusterIP: '10.96.9.9', ports: [{ port: 8080, protocol: 'TCP' }] }),
  service('db', { clusterIP: 'None', ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }] }),
  slice(
    'db-xyz',
    'db',
    [
      endpoint('10.244.1.10', { hostname: 'db-0' }),
      endpoint('10.244.2.11', { hostname: 'db-1' }),
      endpoint('10.244.3.12', { hostname: 'db-2', conditions: { ready: false } }),
      endpoint('10.244.1.13'),
    ],
    [{ name: 'postgres', port: 5432, protocol: 'TCP' }],
  ),
  service('db-all', {
    clusterIP: 'None',
    publishNotReadyAddresses: true,
    ports: [{ name: 'postgres', port: 5432 }],
  }),
  slice(
    'db-all-1',
    'db-all',
    [endpoint('10.244.1.20'), endpoint('10.244.3.21', { conditions: { ready: false } })],
    [{ name: 'postgres', port: 5432, protocol: 'TCP' }],
  ),
  service('nobody', { clusterIP: 'None', ports: [{ name: 'x', port: 1 }] }),
  slice('nobody-1', 'nobody', [endpoint('10.244.3.30', { conditions: { ready: false } })]),
  service('bare', { clusterIP: 'None' }),
  slice('bare-1', 'bare', [endpoint('10.244.1.40')], []),
  service('ext', { type: 'ExternalName', externalName: 'db.example.com' }),
  service('alias', { type: 'ExternalName', externalName: 'web.default.svc.cluster.local' }),
  service('dual', {
    clusterIP: '10.96.0.50',
    clusterIPs: ['10.96.0.50', 'fd00::50'],
    ipFamilies: ['IPv4', 'IPv6'],
    ports: [{ name: 'http', port: 80 }],
  }),
  service('api', { clusterIP: '10.96.7.7', ports: [{ name: 'grpc', port: 9090 }] }, 'prod'),
  pod('web-1', 'default', '10.244.1.5'),
];

const state = stateOf(objects);

function dnsWith(options: ClusterDnsOptions = {}) {
  return deriveClusterDns(state, { upstream, ...options });
}
const dns = dnsWith();

function data(response: DnsResponse): string[] {
  return response.answer.map((r) => renderDnsRecord(r).split('\t').slice(3).join(' '));
}

function ask(name: string, type: DnsRecordType = 'A'): { outcome: string; data: string[] } {
  const response = dns.query(name, type);
  return { outcome: dnsOutcome(response), data: data(response) };
}

describe('deriveClusterDns: ClusterIP Services', () => {
  it('answers A with the ClusterIP, owned by the question name, with the TTL', () => {
    const response = dns.query('web.default.svc.cluster.local', 'A');
    expect(response.rcode).toBe('NOERROR');
    expect(response.answer).toEqual([
      { name: 'web.default.svc.cluster.local.', ttl: 30, type: 'A', address: '10.96.45.12' },
    ]);
  });

  it('compares names without case and answers in the spelling asked', () => {
    const response = dns.query('WEB.Default.SVC.cluster.LOCAL.', 'A');
    expect(response.answer.map((r) => r.name)).toEqual(['WEB.Default.SVC.cluster.LOCAL.']);
    expect(data(response)).toEqual(['A 10.96.45.12']);
  });

  it('answers AAAA for an IPv4-only Service with NODATA (NOERROR, no records), as CoreDNS does', () => {
    const response = dns.query('web.default.svc.cluster.local', 'AAAA');
    expect(response.rcode).toBe('NOERROR');
    expect(response.answer).toEqual([]);
    expect(dnsOutcome(response)).toBe('NODATA');
  });

  it('gives a dual-stack Service A and AAAA', () => {
    expect(ask('dual.default.svc.cluster.local', 'A').data).toEqual(['A 10.96.0.50']);
    expect(ask('dual.default.svc.cluster.local', 'AAAA').data).toEqual(['AAAA fd00::50']);
  });

  it('resolves Services of other namespaces by their full name', () => {
    expect(ask('api.prod.svc.cluster.local').data).toEqual(['A 10.96.7.7']);
    expect(ask('api.default.svc.cluster.local').outcome).toBe('NXDOMAIN');
  });

  it.each([
    ['nosuch.default.svc.cluster.local', 'NXDOMAIN'],
    ['web.nosuchns.svc.cluster.local', 'NXDOMAIN'],
    ['nosuchns.svc.cluster.local', 'NXDOMAIN'],
    ['default.svc.cluster.local', 'NODATA'],
    ['svc.cluster.local', 'NODATA'],
    ['pod.cluster.local', 'NODATA'],
    ['cluster.local', 'NODATA'],
    ['web.default.cluster.local', 'NXDOMAIN'],
    ['a.b.c.web.default.svc.cluster.local', 'NXDOMAIN'],
    ['web.default.svc.cluster.local.default.svc.cluster.local', 'NXDOMAIN'],
  ])('answers %s with %s', (name, outcome) => {
    expect(ask(name).outcome).toBe(outcome);
  });

  it('names ready endpoints of a ClusterIP Service by their dashed IP, and not the not-ready one', () => {
    expect(ask('10-244-1-5.web.default.svc.cluster.local').data).toEqual(['A 10.244.1.5']);
    expect(ask('10-244-3-9.web.default.svc.cluster.local').outcome).toBe('NXDOMAIN');
  });

  it('answers the DNS Service itself at ns.dns.<zone>', () => {
    expect(ask('ns.dns.cluster.local').data).toEqual(['A 10.96.0.10']);
  });
});

describe('deriveClusterDns: headless Services', () => {
  it('answers A with every ready endpoint address and no ClusterIP', () => {
    expect(ask('db.default.svc.cluster.local').data).toEqual([
      'A 10.244.1.10',
      'A 10.244.2.11',
      'A 10.244.1.13',
    ]);
  });

  it('includes not-ready endpoints when the Service publishes not-ready addresses', () => {
    expect(ask('db-all.default.svc.cluster.local').data).toEqual(['A 10.244.1.20', 'A 10.244.3.21']);
  });

  it('is NXDOMAIN while no endpoint is ready', () => {
    expect(ask('nobody.default.svc.cluster.local').outcome).toBe('NXDOMAIN');
  });

  it('answers a headless Service whose slices declare no ports', () => {
    expect(ask('bare.default.svc.cluster.local').data).toEqual(['A 10.244.1.40']);
    expect(ask('bare.default.svc.cluster.local', 'SRV').outcome).toBe('NODATA');
  });

  it('has a record per endpoint hostname, else per dashed IP, for ready endpoints only', () => {
    expect(ask('db-0.db.default.svc.cluster.local').data).toEqual(['A 10.244.1.10']);
    expect(ask('DB-1.db.default.svc.cluster.local').data).toEqual(['A 10.244.2.11']);
    expect(ask('10-244-1-13.db.default.svc.cluster.local').data).toEqual(['A 10.244.1.13']);
    expect(ask('db-2.db.default.svc.cluster.local').outcome).toBe('NXDOMAIN');
    // An endpoint with a hostname is named by it, not by its address.
    expect(ask('10-244-1-10.db.default.svc.cluster.local').outcome).toBe('NXDOMAIN');
  });
});

describe('deriveClusterDns: SRV', () => {
  it('answers _port._proto of a ClusterIP Service with the Service name and its address', () => {
    const response = dns.query('_http._tcp.web.default.svc.cluster.local', 'SRV');
    expect(data(response)).toEqual(['SRV 0 100 80 web.default.svc.cluster.local.']);
    expect(response.additional).toEqual([
      { name: 'web.default.svc.cluster.local.', ttl: 30, type: 'A', address: '10.96.45.12' },
    ]);
  });

  it('matches port name and protocol', () => {
    expect(ask('_dns._udp.kube-dns.kube-system.svc.cluster.local', 'SRV').data).toEqual([
      'SRV 0 100 53 kube-dns.kube-system.svc.cluster.local.',
    ]);
    expect(ask('_dns-tcp._tcp.kube-dns.kube-system.svc.cluster.local', 'SRV').data).toEqual([
      'SRV 0 100 53 kube-dns.kube-system.svc.cluster.local.',
    ]);
    expect(ask('_http._udp.web.default.svc.cluster.local', 'SRV').outcome).toBe('NXDOMAIN');
    expect(ask('_nope._tcp.web.default.svc.cluster.local', 'SRV').outcome).toBe('NXDOMAIN');
  });

  it('answers a headless named port with one record per ready endpoint, weights sharing 100', () => {
    const response = dns.query('_postgres._tcp.db.default.svc.cluster.local', 'SRV');
    expect(data(response)).toEqual([
      'SRV 0 33 5432 db-0.db.default.svc.cluster.local.',
      'SRV 0 33 5432 db-1.db.default.svc.cluster.local.',
      'SRV 0 33 5432 10-244-1-13.db.default.svc.cluster.local.',
    ]);
    expect(response.additional.map((r) => renderDnsRecord(r))).toEqual([
      'db-0.db.default.svc.cluster.local.\t30\tIN\tA\t10.244.1.10',
      'db-1.db.default.svc.cluster.local.\t30\tIN\tA\t10.244.2.11',
      '10-244-1-13.db.default.svc.cluster.local.\t30\tIN\tA\t10.244.1.13',
    ]);
  });

  it('has no _name._proto record for an unnamed port, but answers SRV at the Service name for every port', () => {
    expect(ask('plain.default.svc.cluster.local', 'SRV').data).toEqual([
      'SRV 0 100 8080 plain.default.svc.cluster.local.',
    ]);
  });

  it('is NODATA for an ExternalName Service (CoreDNS serves no SRV for aliases)', () => {
    expect(ask('ext.default.svc.cluster.local', 'SRV').outcome).toBe('NODATA');
  });
});

describe('deriveClusterDns: ExternalName', () => {
  it('answers CNAME with the external name', () => {
    expect(ask('ext.default.svc.cluster.local', 'CNAME').data).toEqual(['CNAME db.example.com.']);
  });

  it('answers A with the CNAME and the target addresses from upstream', () => {
    expect(ask('ext.default.svc.cluster.local').data).toEqual(['CNAME db.example.com.', 'A 203.0.113.10']);
  });

  it('follows an alias into the cluster zone itself', () => {
    const response = dns.query('alias.default.svc.cluster.local', 'A');
    expect(response.answer).toEqual<DnsRecord[]>([
      {
        name: 'alias.default.svc.cluster.local.',
        ttl: 30,
        type: 'CNAME',
        target: 'web.default.svc.cluster.local.',
      },
      { name: 'web.default.svc.cluster.local.', ttl: 30, type: 'A', address: '10.96.45.12' },
    ]);
  });

  it('has no CNAME for a ClusterIP Service (NODATA)', () => {
    expect(ask('web.default.svc.cluster.local', 'CNAME').outcome).toBe('NODATA');
  });
});

describe('deriveClusterDns: pods, PTR, TXT', () => {
  it('answers any dashed address under <ns>.pod in insecure mode (the kubeadm default)', () => {
    expect(ask('10-244-1-5.default.pod.cluster.local').data).toEqual(['A 10.244.1.5']);
    expect(ask('10-244-9-9.default.pod.cluster.local').data).toEqual(['A 10.244.9.9']);
    expect(ask('fd00--1.default.pod.cluster.local', 'AAAA').data).toEqual(['AAAA fd00::1']);
    expect(ask('not-an-ip.default.pod.cluster.local').outcome).toBe('NXDOMAIN');
    expect(ask('10-244-1-5.nosuchns.pod.cluster.local').outcome).toBe('NXDOMAIN');
    expect(ask('default.pod.cluster.local').outcome).toBe('NODATA');
  });

  it('answers only for a real pod in verified mode, and never when disabled', () => {
    const verified = dnsWith({ pods: 'verified' });
    expect(data(verified.query('10-244-1-5.default.pod.cluster.local', 'A'))).toEqual(['A 10.244.1.5']);
    expect(verified.query('10-244-9-9.default.pod.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(verified.query('10-244-1-5.prod.pod.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    const disabled = dnsWith({ pods: 'disabled' });
    expect(disabled.query('10-244-1-5.default.pod.cluster.local', 'A').rcode).toBe('NXDOMAIN');
  });

  it('maps a ClusterIP back to its Service, and an endpoint address to its endpoint name', () => {
    const ptr = (ip: string) => ask(reverseNameOf(ip) ?? '', 'PTR');
    expect(ptr('10.96.45.12').data).toEqual(['PTR web.default.svc.cluster.local.']);
    expect(ptr('fd00::50').data).toEqual(['PTR dual.default.svc.cluster.local.']);
    expect(ptr('10.244.1.10').data).toEqual(['PTR db-0.db.default.svc.cluster.local.']);
    expect(ptr('10.244.1.5').data).toEqual(['PTR 10-244-1-5.web.default.svc.cluster.local.']);
    expect(ptr('10.244.3.12').outcome).toBe('NXDOMAIN');
    expect(ptr('192.0.2.1').outcome).toBe('NXDOMAIN');
    expect(reverseNameOf('10.96.45.12')).toBe('12.45.96.10.in-addr.arpa.');
  });

  it('answers PTR of a forward name with NODATA when it exists, NXDOMAIN when not', () => {
    expect(ask('web.default.svc.cluster.local', 'PTR').outcome).toBe('NODATA');
    expect(ask('nosuch.default.svc.cluster.local', 'PTR').outcome).toBe('NXDOMAIN');
  });

  it('announces the schema version, and has no other TXT', () => {
    const response = dns.query('dns-version.cluster.local', 'TXT');
    expect(response.answer).toEqual([
      { name: 'dns-version.cluster.local.', ttl: 28_800, type: 'TXT', text: '1.1.0' },
    ]);
    expect(renderDnsRecord(response.answer[0] as DnsRecord)).toBe(
      'dns-version.cluster.local.\t28800\tIN\tTXT\t"1.1.0"',
    );
    expect(ask('web.default.svc.cluster.local', 'TXT').outcome).toBe('NODATA');
    expect(ask('nosuch.default.svc.cluster.local', 'TXT').outcome).toBe('NXDOMAIN');
  });
});

describe('deriveClusterDns: zone and upstream', () => {
  it('forwards names outside the zone upstream, following CNAMEs there', () => {
    expect(ask('db.example.com').data).toEqual(['A 203.0.113.10']);
    expect(ask('www.example.com').data).toEqual(['CNAME web.example.net.', 'A 198.51.100.7']);
    expect(ask('nosuch.example.com').outcome).toBe('NXDOMAIN');
    expect(ask('db.example.com', 'AAAA').outcome).toBe('NODATA');
  });

  it('serves a configured cluster domain instead of cluster.local', () => {
    const corp = dnsWith({ clusterDomain: 'corp.internal.', ttl: 5 });
    expect(corp.zone).toBe('corp.internal');
    expect(corp.query('web.default.svc.corp.internal', 'A').answer).toEqual([
      { name: 'web.default.svc.corp.internal.', ttl: 5, type: 'A', address: '10.96.45.12' },
    ]);
    expect(corp.query('web.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(data(corp.query('dns-version.corp.internal', 'TXT'))).toEqual(['TXT "1.1.0"']);
  });

  it('gives the same records however the name is capitalised', () => {
    const names = [
      'web.default.svc.cluster.local',
      'db.default.svc.cluster.local',
      'db-0.db.default.svc.cluster.local',
      '_postgres._tcp.db.default.svc.cluster.local',
      'ext.default.svc.cluster.local',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.constantFrom<DnsRecordType>('A', 'SRV', 'CNAME'),
        fc.infiniteStream(fc.boolean()),
        (name, type, flips) => {
          const spelled = Array.from(name, (c) => (flips.next().value ? c.toUpperCase() : c)).join('');
          const lower = dns.query(name, type);
          const mixed = dns.query(spelled, type);
          expect(mixed.rcode).toBe(lower.rcode);
          expect(data(mixed)).toEqual(data(lower));
        },
      ),
    );
  });
});
