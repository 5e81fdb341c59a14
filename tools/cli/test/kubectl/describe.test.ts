import { describe, expect, it } from 'vitest';

import {
  createEmptyClusterState,
  getObject,
  listObjects,
  type ClusterState,
  type Ingress,
  type KubeObject,
} from '@svcsim/core';

import { UsageError } from '../../src/CliError.js';
import type { ClusterHistory } from '../../src/kubectl/ClusterHistory.js';
import { containerEnvironment } from '../../src/kubectl/containerEnvironment.js';
import { renderDescribe } from '../../src/kubectl/renderDescribe.js';
import { fixtureRun } from './fixtureRun.js';

/** A field's value on the first line `Field:  value` of a describe text (tabwriter-aligned). */
const field = (text: string, name: string): string | undefined =>
  text.match(new RegExp(`^${name}:[ ]+(.*)$`, 'm'))?.[1]?.trimEnd();

const end = (): number => fixtureRun().durationMs;
const describeAt = (kind: string, name: string, at = end()): string =>
  renderDescribe(fixtureRun().history, kind, 'default', name, at);

describe('describe pod: the environment the kubelet gave each container', () => {
  it('has the Service variables only for a container started after the Service existed', () => {
    const early = describeAt('pod', 'early-client');
    const late = describeAt('pod', 'late-client');
    const clusterIP = getObject(fixtureRun().history.stateAt(end()), 'Service', 'default', 'web')?.spec
      .clusterIP;
    expect(early).not.toContain('WEB_SERVICE_HOST');
    expect(early).toMatch(/^ {6}KUBERNETES_SERVICE_HOST: +10\.96\.0\.1$/m);
    expect(late).toMatch(new RegExp(`^ {6}WEB_SERVICE_HOST: +${clusterIP ?? '?'}$`, 'm'));
    expect(late).toMatch(/^ {6}WEB_SERVICE_PORT_METRICS: +9100$/m);
  });

  it('lists the container’s own entries first, unexpanded, as kubectl prints the spec', () => {
    const lines = describeAt('pod', 'late-client').split('\n');
    const start = lines.findIndex((line) => line.trim() === 'Environment:');
    expect(lines[start + 1]).toMatch(
      /^ {6}TARGET: +http:\/\/\$\(WEB_SERVICE_HOST\):\$\(WEB_SERVICE_PORT\)\/$/,
    );
  });

  it('gives a container that never started only its own entries', () => {
    const { history } = fixtureRun();
    const pod = getObject(history.stateAt(end()), 'Pod', 'default', 'late-client');
    const container = pod?.spec.containers[0];
    if (pod === undefined || container === undefined) throw new Error('fixture pod missing');
    expect(containerEnvironment(pod, container, undefined, history).map((v) => v.name)).toEqual(['TARGET']);
  });

  it('reads the Services one watch delay before the start, as the kubelet’s informer saw them', () => {
    const { history } = fixtureRun();
    const pod = getObject(history.stateAt(end()), 'Pod', 'default', 'late-client');
    const container = pod?.spec.containers[0];
    if (pod === undefined || container === undefined) throw new Error('fixture pod missing');
    // The Service web is created at 5s: a start at 5.010s is within the watch delay, 5.100s is not.
    const startedAt = (t: number): Parameters<typeof containerEnvironment>[2] => ({
      name: 'client',
      ready: true,
      restartCount: 0,
      state: { running: { startedAt: t } },
    });
    const names = (t: number): string[] =>
      containerEnvironment(pod, container, startedAt(t), history).map((v) => v.name);
    expect(names(5_010)).not.toContain('WEB_SERVICE_HOST');
    expect(names(5_100)).toContain('WEB_SERVICE_HOST');
  });
});

describe('describe deployment and replicaset', () => {
  it('names the ReplicaSet with the Deployment’s template as new and the others as old', () => {
    const state = fixtureRun().history.stateAt(end());
    const replicaSets = listObjects(state, 'ReplicaSet', 'default');
    // The rollout at 12s restarted the pods by annotating the template; only the new ReplicaSet has it.
    const restarted = (annotations: Readonly<Record<string, string>> | undefined): boolean =>
      annotations?.['kubectl.kubernetes.io/restartedAt'] !== undefined;
    const current = replicaSets.find((rs) => restarted(rs.spec.template.metadata?.annotations));
    const old = replicaSets.find((rs) => rs !== current);
    expect(replicaSets).toHaveLength(2);
    const text = describeAt('deploy', 'web');
    expect(field(text, 'NewReplicaSet')).toBe(`${current?.metadata.name ?? '?'} (3/3 replicas created)`);
    expect(field(text, 'OldReplicaSets')).toBe(`${old?.metadata.name ?? '?'} (0/0 replicas created)`);
  });

  it('has no old ReplicaSet before the rollout', () => {
    const text = describeAt('deploy', 'web', 10_000);
    expect(field(text, 'OldReplicaSets')).toBe('<none>');
    expect(field(text, 'NewReplicaSet')).toMatch(/^web-\w+ \(3\/3 replicas created\)$/);
    expect(field(text, 'Replicas')).toBe('3 desired | 3 updated | 3 total | 3 available | 0 unavailable');
  });

  it('counts a ReplicaSet’s pods by phase, and only the pods it controls', () => {
    const state = fixtureRun().history.stateAt(end());
    for (const rs of listObjects(state, 'ReplicaSet', 'default')) {
      const owned = listObjects(state, 'Pod', 'default').filter((pod) =>
        pod.metadata.ownerReferences?.some((owner) => owner.uid === rs.metadata.uid),
      );
      const text = describeAt('rs', rs.metadata.name ?? '');
      expect(field(text, 'Pods Status')).toBe(`${owned.length} Running / 0 Waiting / 0 Succeeded / 0 Failed`);
      expect(field(text, 'Controlled By')).toBe('Deployment/web');
    }
  });
});

describe('describe node', () => {
  it('lists the non-terminated pods bound to that node and no others', () => {
    const state = fixtureRun().history.stateAt(end());
    for (const node of ['node-1', 'node-2', 'node-3']) {
      const onNode = listObjects(state, 'Pod').filter((pod) => pod.spec.nodeName === node);
      const text = describeAt('node', node);
      expect(field(text, 'Non-terminated Pods')).toBe(`(${onNode.length} in total)`);
      for (const pod of onNode)
        expect(text).toMatch(new RegExp(`^  default +${pod.metadata.name ?? '?'} +0 \\(0%\\)`, 'm'));
    }
  });

  it('shows the failed node’s Ready condition and ignores the namespace, as nodes have none', () => {
    const text = renderDescribe(fixtureRun().history, 'no', 'shop', 'node-3', end());
    expect(text).toMatch(/^ {2}Ready +Unknown +<unknown> +<unknown> +NodeStatusUnknown/m);
    expect(field(text, 'PodCIDR')).toMatch(/^10\.244\.\d+\.0\/24$/);
  });
});

describe('describe ingress', () => {
  it('resolves each path’s backend to the ready endpoints of the named Service port', () => {
    const state = fixtureRun().history.stateAt(end());
    const text = describeAt('ing', 'shop');
    const ready = listObjects(state, 'EndpointSlice', 'default')
      .flatMap((slice) => slice.endpoints)
      .filter((endpoint) => endpoint.conditions?.ready === true)
      .map((endpoint) => endpoint.addresses[0] ?? '');
    expect(ready.length).toBeGreaterThan(0);
    expect(text).toMatch(
      new RegExp(`^ {4}\\s+/ +web:80 \\(${ready.map((ip) => `${ip}:8080`).join(',')}\\)$`, 'm'),
    );
    expect(text).toMatch(
      new RegExp(`^ {4}\\s+/metrics +web:metrics \\(${ready.map((ip) => `${ip}:9100`).join(',')}\\)$`, 'm'),
    );
    expect(text).toMatch(/^ {4}\s+\/old +legacy:8080 \(<error: services "legacy" not found>\)$/m);
    expect(field(text, 'Default backend')).toBe(`web:http (${ready.map((ip) => `${ip}:8080`).join(',')})`);
    expect(text).toMatch(/^ {2}shop-tls terminates shop\.example\.com$/m);
  });

  it('shows the default backend for every host and path when no rule has paths', () => {
    const ingress: Ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'catch-all', namespace: 'default' },
      spec: { defaultBackend: { resource: { apiGroup: 'k8s.example.com', kind: 'Bucket', name: 'static' } } },
    };
    const text = renderDescribe(historyOf(stateWith(ingress)), 'ingress', 'default', 'catch-all', 0);
    expect(text).toMatch(/^ {2}\* +\* +APIGroup: k8s\.example\.com, Kind: Bucket, Name: static$/m);
    expect(field(text, 'Ingress Class')).toBe('<none>');
  });
});

describe('describe endpoints, endpointslices and namespaces', () => {
  it('shows each subset’s ready and not-ready addresses', () => {
    const endpoints = getObject(fixtureRun().history.stateAt(end()), 'Endpoints', 'default', 'web');
    const text = describeAt('endpoints', 'web');
    const subset = endpoints?.subsets?.[0];
    expect(field(text, '  Addresses')).toBe((subset?.addresses ?? []).map((a) => a.ip).join(',') || '<none>');
    expect(field(text, '  NotReadyAddresses')).toBe(
      (subset?.notReadyAddresses ?? []).map((a) => a.ip).join(',') || '<none>',
    );
  });

  it('says <unset> for what a slice endpoint leaves out', () => {
    const text = renderDescribe(
      historyOf(
        stateWith({
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: { name: 'manual', namespace: 'default' },
          addressType: 'IPv4',
          endpoints: [{ addresses: ['192.0.2.10'] }],
        }),
      ),
      'endpointslices.discovery.k8s.io',
      'default',
      'manual',
      0,
    );
    expect(text).toContain('Ports: <unset>\n');
    expect(text).toMatch(/^ {6}Ready: +<unset>$/m);
    expect(field(text, '    NodeName')).toBe('<unset>');
    expect(text).not.toContain('TargetRef');
  });

  it('describes a namespace with kubectl’s quota and limit summaries', () => {
    const text = describeAt('ns', 'shop');
    expect(field(text, 'Status')).toBe('Active');
    expect(field(text, 'Labels')).toContain('team=payments');
    expect(text).toContain('\nNo resource quota.\n\nNo LimitRange resource.\n');
  });

  it('refuses a missing object of every kind with kubectl’s NotFound message', () => {
    for (const [kind, plural] of [
      ['deploy', 'deployments'],
      ['rs', 'replicasets'],
      ['ing', 'ingresses'],
      ['no', 'nodes'],
      ['ns', 'namespaces'],
      ['ep', 'endpoints'],
      ['endpointslice', 'endpointslices'],
    ] as const) {
      expect(() => describeAt(kind, 'ghost')).toThrow(UsageError);
      expect(() => describeAt(kind, 'ghost')).toThrow(
        `Error from server (NotFound): ${plural} "ghost" not found`,
      );
    }
  });
});

function stateWith(...objects: KubeObject[]): ClusterState {
  const state = createEmptyClusterState() as Record<string, Record<string, Record<string, KubeObject>>>;
  for (const object of objects) {
    const table = (state[object.kind] ??= {});
    (table[object.metadata.namespace ?? ''] ??= {})[object.metadata.name ?? ''] = object;
  }
  return state as unknown as ClusterState;
}

function historyOf(state: ClusterState): ClusterHistory {
  return { stateAt: () => state, watchDelayMs: 0 };
}
