import { describe, expect, it } from 'vitest';

import {
  ENDPOINTSLICE_MIRRORING_CONTROLLER,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
} from '../../src/api/EndpointSlice.js';
import type { Endpoints } from '../../src/api/Endpoints.js';
import type { Service } from '../../src/api/Service.js';
import { getObject, listObjects } from '../../src/cluster/ClusterState.js';
import type { InputEntry } from '../../src/engine/InputEntry.js';
import { run } from '../../src/engine/run.js';
import { resolveSimulationConfig } from '../../src/engine/SimulationConfig.js';
import { deploymentObject, nodeObject, podObject, serviceObject } from '../helpers/arbitraries.js';

const config = resolveSimulationConfig({ durationMs: 10_000, watchDelayMs: 50 });

function rejections(inputs: InputEntry[]): string[] {
  return run(inputs, 1, config, { freezeState: true }).log.entries.flatMap((e) =>
    e.event.type === 'api/rejected' ? [e.event.status.message] : [],
  );
}

const nodePortService = (name: string, nodePort?: number): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'NodePort',
    selector: { app: name },
    ports: [{ port: 80, ...(nodePort !== undefined && { nodePort }) }],
  },
});

describe('the cluster model, end to end', () => {
  it('mirrors a selectorless Service and its hand-written Endpoints into an EndpointSlice', () => {
    const external: Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'db', namespace: 'default' },
      spec: { ports: [{ name: 'pg', port: 5432 }] },
    };
    const endpoints: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'db', namespace: 'default' },
      subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ name: 'pg', port: 5432 }] }],
    };
    const { finalState } = run(
      [
        { at: 0, event: { type: 'api/applied', object: external } },
        { at: 100, event: { type: 'api/applied', object: endpoints } },
      ],
      1,
      config,
      { freezeState: true },
    );
    const slices = listObjects(finalState, 'EndpointSlice', 'default').filter(
      (s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === 'db',
    );
    expect(slices).toHaveLength(1);
    expect(slices[0]?.metadata.labels?.[MANAGED_BY_LABEL]).toBe(ENDPOINTSLICE_MIRRORING_CONTROLLER);
    expect(slices[0]?.endpoints.map((e) => e.addresses[0])).toEqual(['192.0.2.10']);
    expect(slices[0]?.ports).toEqual([{ name: 'pg', port: 5432, protocol: 'TCP' }]);
  });

  it('refuses a NodePort already in use with the apiserver message, and frees it when the Service goes', () => {
    const inputs: InputEntry[] = [
      { at: 0, event: { type: 'api/applied', object: nodePortService('a', 30080) } },
      { at: 10, event: { type: 'api/applied', object: nodePortService('b', 30080) } },
      { at: 20, event: { type: 'api/deleted', kind: 'Service', namespace: 'default', name: 'a' } },
      { at: 30, event: { type: 'api/applied', object: nodePortService('c', 30080) } },
    ];
    expect(rejections(inputs)).toEqual([
      'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    ]);
    const { finalState } = run(inputs, 1, config);
    expect(getObject(finalState, 'Service', 'default', 'c')?.spec.ports?.[0]?.nodePort).toBe(30080);
  });

  it('refuses a requested ClusterIP outside the service CIDR', () => {
    const service: Service = {
      ...serviceObject('web', 'web', false, false),
      spec: { clusterIP: '10.0.0.5', selector: { app: 'web' }, ports: [{ port: 80 }] },
    };
    expect(rejections([{ at: 0, event: { type: 'api/applied', object: service } }])).toEqual([
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    ]);
  });

  it('keeps a Service address when the same manifest is applied again (kubectl apply is idempotent)', () => {
    const { log } = run(
      [
        { at: 0, event: { type: 'api/applied', object: nodePortService('a') } },
        { at: 10, event: { type: 'api/applied', object: nodePortService('a') } },
      ],
      1,
      config,
    );
    const writes = log.entries.filter(
      (e) =>
        (e.event.type === 'object/created' || e.event.type === 'object/updated') &&
        e.event.object.kind === 'Service' &&
        e.event.object.metadata.name === 'a',
    );
    expect(writes).toHaveLength(1);
  });

  it('gives ExternalName Services no ClusterIP and no endpoints', () => {
    const service: Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ext', namespace: 'default' },
      spec: { type: 'ExternalName', externalName: 'db.example.com' },
    };
    const { finalState } = run([{ at: 0, event: { type: 'api/applied', object: service } }], 1, config, {
      freezeState: true,
    });
    expect(getObject(finalState, 'Service', 'default', 'ext')?.spec.clusterIP).toBeUndefined();
    expect(
      listObjects(finalState, 'EndpointSlice', 'default').filter(
        (s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === 'ext',
      ),
    ).toEqual([]);
    expect(getObject(finalState, 'Endpoints', 'default', 'ext')).toBeUndefined();
  });

  it('marks a deleted pod terminating in its slice before it disappears', () => {
    const inputs: InputEntry[] = [
      { at: 0, event: { type: 'api/applied', object: nodeObject(0, 'zone-a') } },
      { at: 0, event: { type: 'api/applied', object: serviceObject('web', 'web', false, false) } },
      { at: 10, event: { type: 'api/applied', object: podObject('web-0', 'web', 'node-0', 0) } },
      { at: 1_000, event: { type: 'api/deleted', kind: 'Pod', namespace: 'default', name: 'web-0' } },
    ];
    const { replay } = run(inputs, 1, config, { freezeState: true });
    const conditionsAt = (t: number) =>
      listObjects(replay.stateAt(t), 'EndpointSlice', 'default')
        .filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === 'web')
        .flatMap((s) => s.endpoints.map((e) => e.conditions));
    expect(conditionsAt(999)).toEqual([{ ready: true, serving: true, terminating: false }]);
    expect(conditionsAt(1_050)).toEqual([{ ready: false, serving: true, terminating: true }]);
    expect(conditionsAt(5_000)).toEqual([]);
    expect(getObject(replay.stateAt(1_000), 'Pod', 'default', 'web-0')?.metadata.deletionTimestamp).toBe(
      31_000,
    );
  });

  it('marks pods on a failed node not ready, and ready again when it recovers', () => {
    const inputs: InputEntry[] = [
      { at: 0, event: { type: 'api/applied', object: nodeObject(0, 'zone-a') } },
      { at: 0, event: { type: 'api/applied', object: serviceObject('web', 'web', false, false) } },
      { at: 10, event: { type: 'api/applied', object: podObject('web-0', 'web', 'node-0', 0) } },
      { at: 1_000, event: { type: 'node/readinessSet', name: 'node-0', ready: false } },
      { at: 3_000, event: { type: 'node/readinessSet', name: 'node-0', ready: true } },
    ];
    const { replay } = run(inputs, 1, config, { freezeState: true });
    const readyAt = (t: number) =>
      listObjects(replay.stateAt(t), 'EndpointSlice', 'default')
        .filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === 'web')
        .flatMap((s) => s.endpoints.map((e) => e.conditions?.ready));
    expect(readyAt(999)).toEqual([true]);
    expect(readyAt(2_000)).toEqual([false]);
    expect(readyAt(4_000)).toEqual([true]);
  });

  it('deletes a namespace with everything in it, and the Deployment with its ReplicaSets and pods', () => {
    const shop = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } as const;
    const deployment = deploymentObject('cart', 'cart', 2);
    const inShop = { ...deployment, metadata: { ...deployment.metadata, namespace: 'shop' } };
    const service = {
      ...serviceObject('cart', 'cart', false, false),
      metadata: { name: 'cart', namespace: 'shop' },
    };
    const { replay } = run(
      [
        { at: 0, event: { type: 'api/applied', object: nodeObject(0, 'zone-a') } },
        { at: 0, event: { type: 'api/applied', object: shop } },
        { at: 10, event: { type: 'api/applied', object: inShop } },
        { at: 10, event: { type: 'api/applied', object: service } },
        { at: 2_000, event: { type: 'api/deleted', kind: 'Namespace', namespace: '', name: 'shop' } },
      ],
      1,
      config,
      { freezeState: true },
    );
    const before = replay.stateAt(1_999);
    expect(listObjects(before, 'Pod', 'shop')).toHaveLength(2);
    expect(listObjects(before, 'ReplicaSet', 'shop')).toHaveLength(1);
    const after = replay.stateAt(2_000);
    for (const kind of [
      'Pod',
      'ReplicaSet',
      'Deployment',
      'Service',
      'EndpointSlice',
      'Endpoints',
    ] as const) {
      expect(listObjects(after, kind, 'shop')).toEqual([]);
    }
    expect(getObject(after, 'Namespace', '', 'shop')).toBeUndefined();
  });

  // Regression: fast-check seed -288886644 of the convergence property. The Endpoints controller wrote
  // "ready" from a stale pod view after having written "not ready"; without a resourceVersion on the write
  // the stale version won, and the controller never looked again.
  it('does not let a stale Endpoints write win over a newer one (fast-check seed -288886644)', () => {
    const inputs: InputEntry[] = [
      { at: 2, event: { type: 'api/applied', object: nodeObject(0, 'zone-a') } },
      { at: 4, event: { type: 'api/applied', object: serviceObject('svc-0', 'api', false, false) } },
      { at: 6, event: { type: 'api/applied', object: podObject('pod-1', 'api', 'node-0', 0) } },
      { at: 7, event: { type: 'pod/readinessSet', namespace: 'default', name: 'pod-1', ready: false } },
      { at: 91, event: { type: 'pod/readinessSet', namespace: 'default', name: 'pod-1', ready: true } },
      { at: 107, event: { type: 'pod/readinessSet', namespace: 'default', name: 'pod-1', ready: false } },
    ];
    const { finalState } = run(inputs, 0, resolveSimulationConfig({ durationMs: 2_107, watchDelayMs: 50 }), {
      freezeState: true,
    });
    const subsets = getObject(finalState, 'Endpoints', 'default', 'svc-0')?.subsets ?? [];
    expect(subsets.flatMap((s) => (s.addresses ?? []).map((a) => a.ip))).toEqual([]);
    expect(subsets.flatMap((s) => (s.notReadyAddresses ?? []).map((a) => a.ip))).toHaveLength(1);
  });
});
