import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { renderDnsRecord } from '../../src/discovery/DnsRecord.js';
import { deriveClusterDns } from '../../src/discovery/deriveClusterDns.js';
import { podResolvConf } from '../../src/discovery/podResolvConf.js';
import type { ResolvConf } from '../../src/discovery/ResolvConf.js';
import { resolveFromPod, type ResolverResult } from '../../src/discovery/resolveFromPod.js';
import { staticDnsServer } from '../../src/discovery/staticDnsServer.js';
import { namespace, pod, service, stateOf } from './fixtures.js';

const dns = deriveClusterDns(
  stateOf([
    namespace('default'),
    namespace('prod'),
    service('web', { clusterIP: '10.96.45.12', ports: [{ name: 'http', port: 80 }] }),
  ]),
  {
    upstream: staticDnsServer([
      { name: 'www.example.com', ttl: 300, type: 'A', address: '198.51.100.7' },
      { name: 'a.b.c.d.e.example.com', ttl: 300, type: 'A', address: '198.51.100.8' },
      { name: 'intranet.corp.example.com', ttl: 300, type: 'A', address: '192.168.10.10' },
    ]),
  },
);

const inDefault = podResolvConf(pod('client', 'default', '10.244.1.5')).resolvConf;
const inProd = podResolvConf(pod('client', 'prod', '10.244.1.6')).resolvConf;

function walk(result: ResolverResult): string[] {
  return result.attempts.map((a) => `${a.name} ${a.outcome}`);
}

describe('resolveFromPod (glibc search with ndots:5)', () => {
  it('resolves a bare Service name through the first search domain', () => {
    const result = resolveFromPod('web', inDefault, dns);
    expect(walk(result)).toEqual(['web.default.svc.cluster.local. ANSWER']);
    expect(result.outcome).toBe('ANSWER');
    expect(result.answeredBy).toBe('web.default.svc.cluster.local.');
    expect(result.answer.map((r) => renderDnsRecord(r))).toEqual([
      'web.default.svc.cluster.local.\t30\tIN\tA\t10.96.45.12',
    ]);
  });

  it('resolves web.default on the second search domain', () => {
    expect(walk(resolveFromPod('web.default', inDefault, dns))).toEqual([
      'web.default.default.svc.cluster.local. NXDOMAIN',
      'web.default.svc.cluster.local. ANSWER',
    ]);
  });

  it('resolves web.default.svc on the third search domain', () => {
    expect(walk(resolveFromPod('web.default.svc', inDefault, dns))).toEqual([
      'web.default.svc.default.svc.cluster.local. NXDOMAIN',
      'web.default.svc.svc.cluster.local. NXDOMAIN',
      'web.default.svc.cluster.local. ANSWER',
    ]);
  });

  it('tries every search domain before the full name, which has only 4 dots', () => {
    const result = resolveFromPod('web.default.svc.cluster.local', inDefault, dns);
    expect(walk(result)).toEqual([
      'web.default.svc.cluster.local.default.svc.cluster.local. NXDOMAIN',
      'web.default.svc.cluster.local.svc.cluster.local. NXDOMAIN',
      'web.default.svc.cluster.local.cluster.local. NXDOMAIN',
      'web.default.svc.cluster.local. ANSWER',
    ]);
    expect(result.attempts.map((a) => a.via)).toEqual(['search', 'search', 'search', 'as-is']);
  });

  it('asks a name with a trailing dot once, as written', () => {
    expect(walk(resolveFromPod('web.default.svc.cluster.local.', inDefault, dns))).toEqual([
      'web.default.svc.cluster.local. ANSWER',
    ]);
    const missing = resolveFromPod('nosuch.default.svc.cluster.local.', inDefault, dns);
    expect(walk(missing)).toEqual(['nosuch.default.svc.cluster.local. NXDOMAIN']);
    expect(missing.outcome).toBe('NXDOMAIN');
  });

  it('asks a name with 5 or more dots as written first', () => {
    expect(walk(resolveFromPod('a.b.c.d.e.example.com', inDefault, dns))).toEqual([
      'a.b.c.d.e.example.com. ANSWER',
    ]);
    const missing = resolveFromPod('a.b.c.d.e.example.org', inDefault, dns);
    expect(walk(missing)).toEqual([
      'a.b.c.d.e.example.org. NXDOMAIN',
      'a.b.c.d.e.example.org.default.svc.cluster.local. NXDOMAIN',
      'a.b.c.d.e.example.org.svc.cluster.local. NXDOMAIN',
      'a.b.c.d.e.example.org.cluster.local. NXDOMAIN',
    ]);
  });

  it('falls through the search list to the absolute query for an external name', () => {
    const result = resolveFromPod('www.example.com', inDefault, dns);
    expect(walk(result)).toEqual([
      'www.example.com.default.svc.cluster.local. NXDOMAIN',
      'www.example.com.svc.cluster.local. NXDOMAIN',
      'www.example.com.cluster.local. NXDOMAIN',
      'www.example.com. ANSWER',
    ]);
    expect(result.answer.map((r) => r.type === 'A' && r.address)).toEqual(['198.51.100.7']);
  });

  it('reports NXDOMAIN when every name is missing', () => {
    const result = resolveFromPod('nosuch.example.com', inDefault, dns);
    expect(result.attempts).toHaveLength(4);
    expect(result.attempts.every((a) => a.outcome === 'NXDOMAIN')).toBe(true);
    expect(result.outcome).toBe('NXDOMAIN');
    expect(result.answer).toEqual([]);
  });

  it('does not find a Service of another namespace by its bare name', () => {
    expect(walk(resolveFromPod('web', inProd, dns))).toEqual([
      'web.prod.svc.cluster.local. NXDOMAIN',
      'web.svc.cluster.local. NXDOMAIN',
      'web.cluster.local. NXDOMAIN',
      'web. NXDOMAIN',
    ]);
    expect(resolveFromPod('web.default', inProd, dns).answeredBy).toBe('web.default.svc.cluster.local.');
  });

  it('keeps searching past NODATA and reports NODATA when nothing answers', () => {
    const result = resolveFromPod('web', inDefault, dns, { types: ['AAAA'] });
    expect(walk(result)).toEqual([
      'web.default.svc.cluster.local. NODATA',
      'web.svc.cluster.local. NXDOMAIN',
      'web.cluster.local. NXDOMAIN',
      'web. NXDOMAIN',
    ]);
    expect(result.outcome).toBe('NODATA');
  });

  it('asks A and AAAA together and takes the name when either answers', () => {
    const result = resolveFromPod('web', inDefault, dns, { types: ['A', 'AAAA'] });
    expect(walk(result)).toEqual(['web.default.svc.cluster.local. ANSWER']);
    expect(result.attempts[0]?.responses.map((r) => r.question.type)).toEqual(['A', 'AAAA']);
  });

  it('uses search domains inherited from the node after the cluster ones', () => {
    const conf = podResolvConf(pod('client', 'default', '10.244.1.5'), {
      hostResolvConf: 'nameserver 192.168.0.2\nsearch corp.example.com\n',
    }).resolvConf;
    expect(walk(resolveFromPod('intranet', conf, dns))).toEqual([
      'intranet.default.svc.cluster.local. NXDOMAIN',
      'intranet.svc.cluster.local. NXDOMAIN',
      'intranet.cluster.local. NXDOMAIN',
      'intranet.corp.example.com. ANSWER',
    ]);
  });

  it('follows ndots from the options, and treats a "." search domain as the name itself', () => {
    const conf: ResolvConf = {
      nameservers: ['10.96.0.10'],
      searches: ['default.svc.cluster.local', '.'],
      options: ['ndots:1'],
    };
    expect(walk(resolveFromPod('web.default', conf, dns))).toEqual([
      'web.default. NXDOMAIN',
      'web.default.default.svc.cluster.local. NXDOMAIN',
      'web.default. NXDOMAIN',
    ]);
    expect(walk(resolveFromPod('web', conf, dns))).toEqual(['web.default.svc.cluster.local. ANSWER']);
    expect(walk(resolveFromPod('nosuch', conf, dns))).toEqual([
      'nosuch.default.svc.cluster.local. NXDOMAIN',
      'nosuch. NXDOMAIN',
    ]);
  });

  it('tries each search domain in order, then the name, for a missing name with few dots', () => {
    const label = fc.stringMatching(/^zz[a-z0-9]{0,8}$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 4 }), (labels) => {
        const name = labels.join('.');
        const result = resolveFromPod(name, inDefault, dns);
        expect(result.attempts.map((a) => a.name)).toEqual([
          ...inDefault.searches.map((s) => `${name}.${s}.`),
          `${name}.`,
        ]);
        expect(result.outcome).toBe('NXDOMAIN');
      }),
    );
  });
});
