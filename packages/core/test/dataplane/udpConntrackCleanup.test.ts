import { describe, expect, it } from 'vitest';

import type { Service } from '../../src/api/Service.js';
import type { EndpointInfo } from '../../src/proxy/EndpointInfo.js';
import type { NodeProxyView } from '../../src/proxy/ProxyMode.js';
import { buildServicePorts, servicePortKey } from '../../src/proxy/ServicePortInfo.js';
import {
  createWebCluster,
  fakeRules,
  fromOutside,
  fromPod,
  only,
  podObject,
  udpServiceObject,
  type FakeServiceRule,
  type Harness,
} from './fakeCluster.js';

const DNS_IP = { 'dns-a': '10.244.1.30', 'dns-b': '10.244.2.40' } as const;
type DnsPod = keyof typeof DNS_IP;

function endpoint(pod: DnsPod, serving = true): EndpointInfo {
  const ip = DNS_IP[pod];
  return { ip, port: 53, endpoint: `${ip}:53`, ready: serving, serving, terminating: false, isLocal: false };
}

/** kube-proxy's view of the DNS Service with these endpoints. */
function dnsView(service: Service, endpoints: readonly EndpointInfo[]): NodeProxyView {
  return {
    nodeLabels: {},
    services: new Map([
      [
        'default/dns',
        {
          key: 'default/dns',
          ports: buildServicePorts(service),
          endpoints: { [servicePortKey('default/dns:dns', 'UDP')]: endpoints },
        },
      ],
    ]),
  };
}

function dnsRule(pods: readonly DnsPod[]): FakeServiceRule {
  return { servicePortName: 'default/dns:dns', endpoints: pods.map((p) => ({ ip: DNS_IP[p], port: 53 })) };
}

/** Syncs `node`: new rules and view, then the `proxy/synced` entry the data plane reacts to. */
function sync(
  h: Harness,
  node: string,
  service: Service,
  pods: readonly DnsPod[],
  view = pods.map((p) => endpoint(p)),
) {
  const rules: Record<string, FakeServiceRule> = {
    '10.96.0.10:53/UDP': dnsRule(pods),
    '10.96.0.10:53/TCP': { ...dnsRule(pods), servicePortName: 'default/dns:dns-tcp' },
  };
  if (service.spec.type === 'NodePort') rules['192.168.0.11:30053/UDP'] = dnsRule(pods);
  h.programmed.program(node, fakeRules(rules));
  h.views.set(node, dnsView(service, view));
  h.commit({
    type: 'proxy/synced',
    node,
    mode: 'fake',
    reason: 'change',
    full: false,
    services: ['default/dns'],
    servicesChanged: 1,
    rulesWritten: 0,
    rulesTotal: 0,
    costMicros: 0,
  });
}

/** The web cluster plus a UDP DNS Service at 10.96.0.10:53 with pods dns-a (node-1) and dns-b (node-2). */
function createDnsCluster(service: Service = udpServiceObject('dns', '10.96.0.10', 53)): Harness {
  const h = createWebCluster();
  const dns = [
    { name: 'dns', containerPort: 53, protocol: 'UDP' as const },
    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' as const },
  ];
  h.commit({ type: 'object/created', object: service });
  h.commit({
    type: 'object/created',
    object: podObject('dns-a', { node: 'node-1', ip: DNS_IP['dns-a'], ports: dns }),
  });
  h.commit({
    type: 'object/created',
    object: podObject('dns-b', { node: 'node-2', ip: DNS_IP['dns-b'], ports: dns }),
  });
  sync(h, 'node-1', service, ['dns-a', 'dns-b']);
  sync(h, 'node-2', service, ['dns-a', 'dns-b']);
  return h;
}

function pinnedDnsPod(h: Harness, id: string): DnsPod {
  const pod = h.dataPlane.connection(id)?.conntrack?.peer.pod;
  if (pod !== 'default/dns-a' && pod !== 'default/dns-b') throw new Error(`${id} is not pinned to a DNS pod`);
  return pod === 'default/dns-a' ? 'dns-a' : 'dns-b';
}

const other = (pod: DnsPod): DnsPod => (pod === 'dns-a' ? 'dns-b' : 'dns-a');

describe('UDP stale conntrack entries are cleared after a sync (section 1.10)', () => {
  it('clears a flow to an endpoint that left the node’s view; its next datagram walks the rules again', () => {
    const h = createDnsCluster();
    only(h.open('q1', fromPod('client'), '10.96.0.10:53', 'UDP'));
    const pinned = pinnedDnsPod(h, 'q1');
    const survivor = other(pinned);
    sync(h, 'node-1', udpServiceObject('dns', '10.96.0.10', 53), [survivor]);

    expect(h.dataPlane.connection('q1')?.conntrack).toBeUndefined();
    expect(h.dataPlane.conntrackOf('node-1')).toEqual([]);
    const events = h.use('q1');
    expect(events.map((e) => e.type)).toEqual(['connection/established', 'connection/served']);
    expect(events[1]).toMatchObject({ peer: { ip: DNS_IP[survivor], pod: `default/${survivor}` } });
    expect(h.dataPlane.conntrackOf('node-1').map((c) => c.id)).toEqual(['q1']);
  });

  it('also clears a flow whose endpoint stays in the view but no longer serves', () => {
    const h = createDnsCluster();
    only(h.open('q1', fromPod('client'), '10.96.0.10:53', 'UDP'));
    const pinned = pinnedDnsPod(h, 'q1');
    sync(
      h,
      'node-1',
      udpServiceObject('dns', '10.96.0.10', 53),
      [other(pinned)],
      [endpoint(pinned, false), endpoint(other(pinned))],
    );
    expect(h.dataPlane.connection('q1')?.conntrack).toBeUndefined();
  });

  it('keeps a flow pinned (and later reset) when the node’s view has no serving endpoint to prefer', () => {
    const h = createDnsCluster();
    only(h.open('q1', fromPod('client'), '10.96.0.10:53', 'UDP'));
    const pinned = pinnedDnsPod(h, 'q1');
    sync(h, 'node-1', udpServiceObject('dns', '10.96.0.10', 53), [], []);
    expect(h.dataPlane.connection('q1')?.conntrack?.peer.pod).toBe(`default/${pinned}`);
    h.commit({ type: 'object/deleted', kind: 'Pod', namespace: 'default', name: pinned });
    expect(only(h.use('q1'))).toMatchObject({ type: 'connection/broken', failure: 'reset' });
  });

  it('leaves TCP connections and other nodes’ flows alone', () => {
    const h = createDnsCluster();
    h.commit({ type: 'object/created', object: podObject('client-2', { node: 'node-2', ip: '10.244.2.5' }) });
    only(h.open('q1', fromPod('client'), '10.96.0.10:53', 'UDP'));
    only(h.open('q2', fromPod('client-2'), '10.96.0.10:53', 'UDP'));
    only(h.open('t1', fromPod('client'), '10.96.0.10:53', 'TCP'));
    // A view whose only serving endpoint is neither DNS pod makes every UDP flow of node-1 stale.
    const elsewhere: EndpointInfo = { ...endpoint('dns-a'), ip: '10.244.9.9', endpoint: '10.244.9.9:53' };
    sync(h, 'node-1', udpServiceObject('dns', '10.96.0.10', 53), ['dns-a', 'dns-b'], [elsewhere]);
    expect(h.dataPlane.connection('q1')?.conntrack).toBeUndefined();
    expect(h.dataPlane.connection('q2')?.conntrack).toBeDefined();
    expect(h.dataPlane.connection('t1')?.conntrack).toBeDefined();
  });

  it('ends the flow when routing it again fails', () => {
    const h = createDnsCluster();
    only(h.open('q1', fromPod('client'), '10.96.0.10:53', 'UDP'));
    const pinned = pinnedDnsPod(h, 'q1');
    sync(h, 'node-1', udpServiceObject('dns', '10.96.0.10', 53), [other(pinned)]);
    h.programmed.program('node-1', fakeRules({ '10.96.0.10:53/UDP': dnsRule([]) }));
    expect(only(h.use('q1'))).toMatchObject({
      type: 'connection/broken',
      failure: 'refused',
      reason: expect.stringMatching(
        /^routed again after kube-proxy cleared its stale conntrack entry: rejected/,
      ) as unknown,
    });
    expect(h.dataPlane.connection('q1')).toBeUndefined();
  });

  it('matches NodePort flows by port, whatever node address they were sent to', () => {
    const service: Service = {
      ...udpServiceObject('dns', '10.96.0.10', 53),
      spec: {
        type: 'NodePort',
        clusterIP: '10.96.0.10',
        ports: [{ name: 'dns', port: 53, protocol: 'UDP', nodePort: 30053 }],
      },
    };
    const h = createDnsCluster(service);
    only(h.open('q1', fromOutside('203.0.113.9', 'node-1'), '192.168.0.11:30053', 'UDP'));
    const pinned = pinnedDnsPod(h, 'q1');
    sync(h, 'node-1', service, [other(pinned)]);
    expect(h.dataPlane.connection('q1')?.conntrack).toBeUndefined();
  });
});
