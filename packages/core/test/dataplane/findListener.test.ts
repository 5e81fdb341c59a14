import { describe, expect, it } from 'vitest';

import type { Pod } from '../../src/api/Pod.js';
import { createClusterIndex } from '../../src/dataplane/ClusterIndex.js';
import { findListener } from '../../src/dataplane/findListener.js';
import { nodeObject, podObject } from './fakeCluster.js';

function clusterWith(...pods: Pod[]) {
  const cluster = createClusterIndex();
  let seq = 0;
  cluster.apply({
    seq: seq++,
    at: 0,
    event: { type: 'object/created', object: nodeObject('node-1', '192.168.0.11') },
  });
  for (const pod of pods)
    cluster.apply({ seq: seq++, at: 0, event: { type: 'object/created', object: pod } });
  return cluster;
}

const none = { kind: 'none' } as const;

describe('findListener', () => {
  it('counts the ports of sidecars (restartable init containers) but not of plain init containers', () => {
    const base = podObject('app', { node: 'node-1', ip: '10.244.1.7', ports: [{ containerPort: 8080 }] });
    const pod: Pod = {
      ...base,
      spec: {
        ...base.spec,
        initContainers: [
          { name: 'proxy', restartPolicy: 'Always', ports: [{ containerPort: 15001 }] },
          { name: 'setup', ports: [{ containerPort: 9000 }] },
        ],
      },
    };
    const cluster = clusterWith(pod);
    expect(findListener(cluster, '10.244.1.7', 15001, 'TCP', none).kind).toBe('accepting');
    expect(findListener(cluster, '10.244.1.7', 9000, 'TCP', none).kind).toBe('refusing');
  });

  it('follows a pod’s IP as it changes and forgets it when the pod is deleted', () => {
    const cluster = clusterWith(podObject('app', { node: 'node-1', ip: '10.244.1.7' }));
    cluster.apply({
      seq: 9,
      at: 0,
      event: { type: 'object/updated', object: podObject('app', { node: 'node-1', ip: '10.244.1.8' }) },
    });
    expect(findListener(cluster, '10.244.1.7', 80, 'TCP', none).kind).toBe('silent');
    expect(findListener(cluster, '10.244.1.8', 80, 'TCP', none).kind).toBe('accepting');
    cluster.apply({
      seq: 10,
      at: 0,
      event: { type: 'object/deleted', kind: 'Pod', namespace: 'default', name: 'app' },
    });
    expect(findListener(cluster, '10.244.1.8', 80, 'TCP', none)).toEqual({
      kind: 'silent',
      reason: 'no pod or node has the address 10.244.1.8',
    });
  });

  it('does not let a pod declaring no port claim every port of its node’s host network', () => {
    const cluster = clusterWith(
      podObject('agent', { node: 'node-1', ip: '192.168.0.11', hostNetwork: true }),
    );
    expect(findListener(cluster, '192.168.0.11', 8080, 'TCP', none).kind).toBe('refusing');
  });
});
