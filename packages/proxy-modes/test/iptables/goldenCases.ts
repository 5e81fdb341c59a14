import type { EndpointSlice, NodeProxyConfig, Service } from '@svcsim/core';

import { ready, service, slice, terminating } from './fixtures.js';

/** One golden ruleset: the objects compiled (for the fixtures' node) and the file it must render as. */
export interface GoldenCase {
  readonly name: string;
  readonly services: readonly Service[];
  readonly slices: readonly EndpointSlice[];
  readonly config?: Partial<NodeProxyConfig>;
}

const nodePortSpec = { type: 'NodePort' as const, ports: [{ name: 'http', port: 80, nodePort: 30080 }] };
const lbStatus = { loadBalancer: { ingress: [{ ip: '203.0.113.10', ipMode: 'VIP' as const }] } };
const etpLocalLb = service(
  'web',
  '10.96.45.12',
  {
    type: 'LoadBalancer',
    ports: [{ name: 'http', port: 80, nodePort: 30080 }],
    externalIPs: ['198.51.100.5'],
    externalTrafficPolicy: 'Local',
    healthCheckNodePort: 32000,
  },
  lbStatus,
);

/**
 * Each golden was checked line by line against section 1.6 of the reference (see the comments for
 * what each one exercises). Update deliberately: `vitest run -u`.
 */
export const GOLDEN_CASES: readonly GoldenCase[] = [
  {
    // KUBE-NODEPORTS -> KUBE-EXT (ETP=Cluster: masquerade, then SVC); 3 endpoints: 1/3, 1/2, rest.
    name: 'nodeport',
    services: [service('web', '10.96.45.12', nodePortSpec)],
    slices: [slice('web', [ready('10.244.1.5'), ready('10.244.2.7'), ready('10.244.3.9')])],
  },
  {
    // nfacct on: the localhost NodePort variant comes first, and INVALID drops are counted.
    name: 'nodeport-nfacct',
    services: [service('web', '10.96.45.12', nodePortSpec)],
    slices: [slice('web', [ready('10.244.1.5')])],
    config: {
      nfacct: true,
    },
  },
  {
    // "external IP" capture rules jump to KUBE-EXT, one per externalIP, after the cluster IP rule.
    name: 'external-ips',
    services: [service('web', '10.96.45.12', { externalIPs: ['198.51.100.5', '198.51.100.6'] })],
    slices: [slice('web', [ready('10.244.1.5')])],
  },
  {
    // LB with source ranges (one contains the node IP 192.168.0.2, so the VIP itself is allowed),
    // KUBE-FW chain, KUBE-PROXY-FIREWALL DROP, ClientIP affinity with a custom timeout.
    name: 'loadbalancer-source-ranges-affinity',
    services: [
      service(
        'web',
        '10.96.45.12',
        {
          type: 'LoadBalancer',
          ports: [{ name: 'http', port: 80, nodePort: 30080 }],
          loadBalancerSourceRanges: ['192.168.0.0/24', '203.0.113.0/25'],
          sessionAffinity: 'ClientIP',
          sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
        },
        lbStatus,
      ),
    ],
    slices: [slice('web', [ready('10.244.1.5'), ready('10.244.2.7')])],
  },
  {
    // ETP=Local with a local endpoint: EXT short-circuits then -j KUBE-SVL; healthcheck ACCEPT.
    name: 'etp-local-with-local-endpoint',
    services: [etpLocalLb],
    slices: [slice('web', [ready('10.244.1.5', 'node-a'), ready('10.244.2.7')])],
  },
  {
    // ETP=Local without a local endpoint: no final EXT jump, no SVL, DROP "has no local endpoints"
    // for externalIP, LB IP and NodePort (in that order), healthcheck ACCEPT still present.
    name: 'etp-local-without-local-endpoint',
    services: [etpLocalLb],
    slices: [slice('web', [ready('10.244.2.7')])],
  },
  {
    // ITP=Local: cluster IP captured into KUBE-SVL with the masquerade rule; no SVC chain.
    name: 'itp-local-with-local-endpoint',
    services: [service('web', '10.96.45.12', { internalTrafficPolicy: 'Local' })],
    slices: [slice('web', [ready('10.244.1.5', 'node-a'), ready('10.244.2.7')])],
  },
  {
    // ITP=Local, no local endpoint: filter KUBE-SERVICES DROP "has no local endpoints"; nat empty.
    name: 'itp-local-without-local-endpoint',
    services: [service('web', '10.96.45.12', { internalTrafficPolicy: 'Local' })],
    slices: [slice('web', [ready('10.244.2.7')])],
  },
  {
    // No endpoints: REJECT for cluster IP (KUBE-SERVICES), externalIP, LB IP, NodePort
    // (KUBE-EXTERNAL-SERVICES); no nat rules for the service.
    name: 'no-endpoints',
    services: [
      service(
        'web',
        '10.96.45.12',
        {
          type: 'LoadBalancer',
          ports: [{ name: 'http', port: 80, nodePort: 30080 }],
          externalIPs: ['198.51.100.5'],
        },
        lbStatus,
      ),
    ],
    slices: [slice('web', [{ addresses: ['10.244.1.5'], conditions: { ready: false, serving: false } }])],
  },
  {
    // Only serving terminating endpoints: they are used as if ready (one unconditional rule each 1/2).
    name: 'terminating-fallback',
    services: [service('web', '10.96.45.12')],
    slices: [
      slice('web', [
        terminating('10.244.1.5'),
        terminating('10.244.2.7'),
        { addresses: ['10.244.3.9'], conditions: { ready: false, serving: false, terminating: true } },
      ]),
    ],
  },
  {
    // ETP=Local, local endpoint terminating, remote ready: SVL uses the local terminating one, SVC
    // the remote ready one, and both get SEP chains.
    name: 'etp-local-terminating-fallback',
    services: [etpLocalLb],
    slices: [slice('web', [terminating('10.244.1.5', 'node-a'), ready('10.244.2.7')])],
  },
  {
    // 3 endpoints > threshold 2: SEP and SVC endpoint rules lose their comments, nothing else does.
    name: 'large-cluster',
    services: [service('web', '10.96.45.12', { sessionAffinity: 'ClientIP' })],
    slices: [slice('web', [ready('10.244.1.5'), ready('10.244.2.7'), ready('10.244.3.9')])],
    config: { largeClusterThreshold: 2 },
  },
  {
    // emulateVersion 1.22.3 (before kubernetes#106030): ClientIP `web` with a ready and a NotReady
    // endpoint gets an rcheck rule and a SEP chain (with --set) for both, but a random rule for the ready
    // one only; `api`, whose only endpoint is NotReady, is captured into an SVC chain with no endpoint
    // rule instead of REJECTed.
    name: 'emulate-1.22.3-affinity-not-ready',
    services: [
      service('web', '10.96.45.12', {
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10 } },
      }),
      service('api', '10.96.0.20'),
    ],
    slices: [
      slice('web', [
        ready('10.244.2.7'),
        { addresses: ['10.244.1.5'], nodeName: 'node-b', conditions: { ready: false, serving: false } },
      ]),
      slice('api', [
        { addresses: ['10.244.3.9'], nodeName: 'node-b', conditions: { ready: false, serving: false } },
      ]),
    ],
    config: { emulateVersion: '1.22.3' },
  },
  {
    // Several services: rules grouped per ServicePort in ServicePortName order (default/api before
    // default/web), unnamed port, UDP protocol.
    name: 'multiple-services',
    services: [
      service('web', '10.96.45.12'),
      service('api', '10.96.0.20', { ports: [{ port: 53, protocol: 'UDP' }] }),
    ],
    slices: [
      slice('web', [ready('10.244.1.5')]),
      {
        ...slice('api', [ready('10.244.4.4')], 5353),
        ports: [{ name: '', port: 5353, protocol: 'UDP' }],
      },
    ],
  },
];
