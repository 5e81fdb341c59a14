import { describe, expect, it } from 'vitest';

import type { EndpointSlice, Pod, Service } from '@svcsim/core';

import { alignTabbed } from '../../src/kubectl/alignTabbed.js';
import { describeProbe } from '../../src/kubectl/describeContainers.js';
import { formatEndpointSlices, formatEndpoints } from '../../src/kubectl/endpointsColumns.js';
import { formatLabelSelector } from '../../src/kubectl/formatLabelSelector.js';
import { podRestarts, podStatus } from '../../src/kubectl/podColumns.js';
import { serviceExternalIP, servicePorts } from '../../src/kubectl/serviceColumns.js';
import { toKubectlYaml } from '../../src/kubectl/toKubectlYaml.js';

const service = (spec: Service['spec'], status?: Service['status']): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec,
  ...(status !== undefined && { status }),
});

const pod = (status: NonNullable<Pod['status']>, metadata: Partial<Pod['metadata']> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default', ...metadata },
  spec: { containers: [{ name: 'app' }, { name: 'sidecar' }] },
  status,
});

describe('Service columns', () => {
  it('shows <pending> for a LoadBalancer until its load balancer reports an address', () => {
    expect(serviceExternalIP(service({ type: 'LoadBalancer' }), false)).toBe('<pending>');
    const ready = service({ type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } });
    expect(serviceExternalIP(ready, false)).toBe('203.0.113.7');
  });

  it('lists the load balancer’s addresses before the externalIPs, and cuts a long list unless wide', () => {
    const lb = service(
      { type: 'LoadBalancer', externalIPs: ['198.51.100.1'] },
      { loadBalancer: { ingress: [{ ip: '203.0.113.7' }, { hostname: 'lb.example.com' }] } },
    );
    expect(serviceExternalIP(lb, true)).toBe('203.0.113.7,lb.example.com,198.51.100.1');
    const long = service(
      { type: 'LoadBalancer' },
      { loadBalancer: { ingress: [{ hostname: 'a-very-long.example.com' }] } },
    );
    expect(serviceExternalIP(long, false)).toBe('a-very-long.e...');
    expect(serviceExternalIP(long, true)).toBe('a-very-long.example.com');
  });

  it('shows <none>, the externalIPs, or the external name for the other types', () => {
    expect(serviceExternalIP(service({ type: 'ClusterIP' }), false)).toBe('<none>');
    expect(serviceExternalIP(service({ type: 'NodePort', externalIPs: ['198.51.100.1'] }), false)).toBe(
      '198.51.100.1',
    );
    expect(serviceExternalIP(service({ type: 'ExternalName', externalName: 'db.example.com' }), false)).toBe(
      'db.example.com',
    );
  });

  it('writes node ports into PORT(S) once they are allocated', () => {
    expect(
      servicePorts([
        { port: 80, nodePort: 31234, protocol: 'TCP' },
        { port: 53, protocol: 'UDP' },
      ]),
    ).toBe('80:31234/TCP,53/UDP');
    expect(servicePorts([])).toBe('<none>');
  });
});

describe('Pod columns', () => {
  it('sums restarts and says how long ago the last restarted container’s previous run ended', () => {
    const crashed = pod({
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 3,
          lastState: { terminated: { exitCode: 1, finishedAt: 40_000 } },
        },
        {
          name: 'sidecar',
          ready: true,
          restartCount: 1,
          lastState: { terminated: { exitCode: 137, finishedAt: 10_000 } },
        },
      ],
    });
    expect(podRestarts(crashed, 52_000)).toBe('4 (12s ago)');
    expect(podRestarts(pod({ phase: 'Running' }), 52_000)).toBe('0');
  });

  it('takes STATUS from the first container that is waiting or terminated', () => {
    const backingOff = pod({
      phase: 'Running',
      containerStatuses: [
        { name: 'app', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        { name: 'sidecar', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } },
      ],
    });
    expect(podStatus(backingOff)).toBe('CrashLoopBackOff');
    const exited = pod({
      phase: 'Running',
      containerStatuses: [
        { name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } },
      ],
    });
    expect(podStatus(exited)).toBe('ExitCode:2');
  });

  it('says Terminating once a running pod is being deleted', () => {
    expect(podStatus(pod({ phase: 'Running' }, { deletionTimestamp: 5_000 }))).toBe('Terminating');
    expect(podStatus(pod({ phase: 'Succeeded' }, { deletionTimestamp: 5_000 }))).toBe('Succeeded');
  });
});

describe('Endpoints and selectors', () => {
  it('lists ready endpoints port by port, at most three', () => {
    const endpoints = {
      apiVersion: 'v1' as const,
      kind: 'Endpoints' as const,
      metadata: { name: 'web', namespace: 'default' },
      subsets: [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }],
          notReadyAddresses: [{ ip: '10.0.0.3' }],
          ports: [
            { name: 'http', port: 80 },
            { name: 'metrics', port: 9090 },
          ],
        },
      ],
    };
    expect(formatEndpoints(endpoints)).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.1:9090 + 1 more...');
    expect(formatEndpoints(undefined)).toBe('<none>');
  });

  it('lists a port’s ready slice endpoints, counting “more” as kubectl does', () => {
    const slice = (name: string, ready: readonly boolean[]): EndpointSlice => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name, namespace: 'default' },
      addressType: 'IPv4',
      endpoints: ready.map((r, i) => ({
        addresses: [`10.0.${name.length}.${i + 1}`],
        conditions: { ready: r },
      })),
      ports: [
        { name: 'http', port: 8080 },
        { name: 'metrics', port: 9090 },
      ],
    });
    expect(formatEndpointSlices([slice('a', [true, false])], new Set(['metrics']))).toBe('10.0.1.1:9090');
    expect(
      formatEndpointSlices([slice('a', [true, true]), slice('bb', [true, true])], new Set(['http'])),
    ).toBe('10.0.1.1:8080,10.0.1.2:8080,10.0.2.1:8080 + 1 more...');
    // kubectl marks "more" on looking at a fourth endpoint even when it is not ready, and counts only ready ones.
    expect(formatEndpointSlices([slice('a', [true, true, true, false])], new Set(['http']))).toBe(
      '10.0.1.1:8080,10.0.1.2:8080,10.0.1.3:8080 + 0 more...',
    );
    expect(formatEndpointSlices([slice('a', [false])], new Set(['http']))).toBe('');
    expect(formatEndpointSlices([], new Set(['http']))).toBe('<none>');
  });

  it('formats a selector with expressions in key order', () => {
    expect(
      formatLabelSelector({
        matchLabels: { tier: 'web' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'canary'] },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('env in (canary,prod),!legacy,tier=web');
  });
});

describe('describe layout', () => {
  it('aligns each column only within a run of lines that have it, as Go’s tabwriter does', () => {
    expect(alignTabbed('IP:\t10.0.0.1\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/web\n')).toBe(
      'IP:  10.0.0.1\nIPs:\n  IP:           10.0.0.1\nControlled By:  ReplicaSet/web\n',
    );
  });

  it('prints probes with the apiserver’s defaults filled in', () => {
    expect(describeProbe({ httpGet: { path: '/healthz', port: 8080 } })).toBe(
      'http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3',
    );
    expect(describeProbe({ exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 2 })).toBe(
      'exec [cat /tmp/ready] delay=0s timeout=1s period=2s #success=1 #failure=3',
    );
  });
});

describe('YAML output', () => {
  it('sorts keys, keeps list items at the parent’s indent and quotes strings YAML would misread', () => {
    expect(
      toKubectlYaml({
        metadata: { resourceVersion: '14', labels: { on: 'yes' } },
        list: [{ b: 1, a: '' }],
        e: [],
      }),
    ).toBe('e: []\nlist:\n- a: ""\n  b: 1\nmetadata:\n  labels:\n    "on": "yes"\n  resourceVersion: "14"\n');
  });
});
