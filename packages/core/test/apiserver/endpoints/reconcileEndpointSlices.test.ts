import { describe, expect, it } from 'vitest';

import {
  ENDPOINTSLICE_CONTROLLER,
  HEADLESS_LABEL,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  type EndpointSlice,
} from '../../../src/api/EndpointSlice.js';
import type { Pod } from '../../../src/api/Pod.js';
import type { Service } from '../../../src/api/Service.js';
import { applyEndpointSliceChanges } from '../../../src/apiserver/endpoints/applyEndpointSliceChanges.js';
import { deriveEndpointSlicesFromScratch } from '../../../src/apiserver/endpoints/deriveEndpointSlicesFromScratch.js';
import { endpointSetOf } from '../../../src/apiserver/endpoints/endpointSetOf.js';
import { reconcileEndpointSlices } from '../../../src/apiserver/endpoints/reconcileEndpointSlices.js';
import { NODES, ipsOf, makeNode, makePod, makePods, makeService, port, seededNameFor } from './fixtures.js';

function fromScratch(service: Service, pods: readonly Pod[], maxEndpointsPerSlice?: number): EndpointSlice[] {
  return deriveEndpointSlicesFromScratch({
    service,
    pods,
    nodes: NODES,
    nameFor: seededNameFor(),
    ...(maxEndpointsPerSlice !== undefined ? { maxEndpointsPerSlice } : {}),
  });
}

function reconcile(
  service: Service,
  pods: readonly Pod[],
  existingSlices: readonly EndpointSlice[],
  maxEndpointsPerSlice = 100,
) {
  return reconcileEndpointSlices({
    service,
    pods,
    nodes: NODES,
    existingSlices,
    maxEndpointsPerSlice,
    nameFor: seededNameFor(7),
  });
}

const names = (slices: readonly EndpointSlice[]): string[] =>
  slices.map((slice) => slice.metadata.name ?? '');

describe('reconcileEndpointSlices: what a slice looks like (§5.3)', () => {
  it('labels slices with service-name, managed-by and the copied Service labels, owned by the Service', () => {
    const service = makeService({
      labels: { team: 'a', [SERVICE_NAME_LABEL]: 'spoof', [MANAGED_BY_LABEL]: 'me' },
    });
    const [slice, ...rest] = fromScratch(service, [makePod({ name: 'a', ip: '10.0.0.1' })]);
    expect(rest).toEqual([]);
    expect(slice?.metadata).toEqual({
      name: expect.stringMatching(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/) as unknown,
      generateName: 'web-',
      namespace: 'default',
      labels: { [MANAGED_BY_LABEL]: ENDPOINTSLICE_CONTROLLER, [SERVICE_NAME_LABEL]: 'web', team: 'a' },
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name: 'web',
          uid: 'uid-svc-web',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
    expect(slice?.addressType).toBe('IPv4');
    expect(slice?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(slice?.endpoints).toEqual([
      {
        addresses: ['10.0.0.1'],
        conditions: { ready: true, serving: true, terminating: false },
        targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-default-a' },
        nodeName: 'node-a',
        zone: 'zone-a',
      },
    ]);
  });

  it('adds the headless label for a Service without a cluster IP', () => {
    const [slice] = fromScratch(makeService({ clusterIP: 'None', ipFamilies: ['IPv4'] }), [
      makePod({ name: 'a' }),
    ]);
    expect(slice?.metadata.labels?.[HEADLESS_LABEL]).toBe('');
  });

  it('writes nothing for ExternalName Services or Services without a selector', () => {
    const pods = [makePod({ name: 'a' })];
    expect(fromScratch(makeService({ type: 'ExternalName', externalName: 'example.com' }), pods)).toEqual([]);
    expect(fromScratch(makeService({ selector: {} }), pods)).toEqual([]);
    const existing = fromScratch(makeService(), pods);
    expect(reconcile(makeService({ selector: {} }), pods, existing)).toEqual({
      toCreate: [],
      toUpdate: [],
      toDelete: [],
    });
  });

  it('keeps terminating pods, flagged serving but not ready', () => {
    const [slice] = fromScratch(makeService(), [makePod({ name: 'a', deleting: true })]);
    expect(slice?.endpoints[0]?.conditions).toEqual({ ready: false, serving: true, terminating: true });
  });

  it('reports terminating pods ready when the Service publishes not-ready addresses', () => {
    const [slice] = fromScratch(makeService({ publishNotReadyAddresses: true }), [
      makePod({ name: 'a', deleting: true, ready: false }),
    ]);
    expect(slice?.endpoints[0]?.conditions).toEqual({ ready: true, serving: false, terminating: true });
  });

  it('excludes Succeeded, Failed and IP-less pods', () => {
    const [slice] = fromScratch(makeService(), [
      makePod({ name: 'a', ip: '10.0.0.1', phase: 'Succeeded' }),
      makePod({ name: 'b', ip: '10.0.0.2', phase: 'Failed' }),
      makePod({ name: 'c', ip: null }),
      makePod({ name: 'd', ip: '10.0.0.4' }),
    ]);
    expect(slice && ipsOf(slice)).toEqual(['10.0.0.4']);
  });

  it('skips a pod whose node does not exist, unless the Service publishes not-ready addresses', () => {
    const pods = [
      makePod({ name: 'a', ip: '10.0.0.1', nodeName: 'gone' }),
      makePod({ name: 'b', ip: '10.0.0.2' }),
    ];
    expect(fromScratch(makeService(), pods).flatMap(ipsOf)).toEqual(['10.0.0.2']);
    expect(fromScratch(makeService({ publishNotReadyAddresses: true }), pods).flatMap(ipsOf)).toEqual([
      '10.0.0.1',
      '10.0.0.2',
    ]);
  });

  it('resolves a named targetPort per pod by name and protocol; pods resolving differently land in different slices', () => {
    const service = makeService({ ports: [port('http', 80, 'http')] });
    const slices = fromScratch(service, [
      makePod({ name: 'a', ip: '10.0.0.1', ports: [{ name: 'http', containerPort: 8080 }] }),
      makePod({ name: 'b', ip: '10.0.0.2', ports: [{ name: 'http', containerPort: 9090 }] }),
      makePod({ name: 'c', ip: '10.0.0.3', ports: [{ name: 'http', containerPort: 8080 }] }),
      makePod({ name: 'd', ip: '10.0.0.4', ports: [{ name: 'http', containerPort: 7070, protocol: 'UDP' }] }),
    ]);
    const summary = slices
      .map((s) => [s.ports?.map((p) => p.port), ipsOf(s)])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    // Pod d declares "http" only for UDP, so it resolves no port and gets a slice with no ports.
    expect(summary).toEqual([
      [[], ['10.0.0.4']],
      [[8080], ['10.0.0.1', '10.0.0.3']],
      [[9090], ['10.0.0.2']],
    ]);
  });

  it('lists several ports on one slice', () => {
    const service = makeService({ ports: [port('http', 80, 8080), port('dns', 53, 5353, 'UDP')] });
    const [slice] = fromScratch(service, [makePod({ name: 'a' })]);
    expect(slice?.ports).toEqual([
      { name: 'dns', port: 5353, protocol: 'UDP' },
      { name: 'http', port: 8080, protocol: 'TCP' },
    ]);
  });

  it('writes endpoints in numeric address order', () => {
    const [slice] = fromScratch(makeService(), [
      makePod({ name: 'a', ip: '10.0.0.10' }),
      makePod({ name: 'b', ip: '10.0.0.9' }),
      makePod({ name: 'c', ip: '10.0.0.100' }),
    ]);
    expect(slice && ipsOf(slice)).toEqual(['10.0.0.9', '10.0.0.10', '10.0.0.100']);
  });

  it('puts at most 100 endpoints in a slice by default: 250 pods make 3 slices', () => {
    const slices = fromScratch(makeService(), makePods(250));
    expect(slices.map((s) => s.endpoints.length)).toEqual([100, 100, 50]);
  });

  it('honours a smaller maxEndpointsPerSlice', () => {
    expect(fromScratch(makeService(), makePods(7), 3).map((s) => s.endpoints.length)).toEqual([3, 3, 1]);
  });

  it('rejects maxEndpointsPerSlice outside 1..1000', () => {
    expect(() => fromScratch(makeService(), [], 0)).toThrow(RangeError);
    expect(() => fromScratch(makeService(), [], 1001)).toThrow(RangeError);
  });

  it('makes one slice family per address type for a dual-stack Service', () => {
    const service = makeService({ ipFamilies: ['IPv4', 'IPv6'] });
    const slices = fromScratch(service, [makePod({ name: 'a', ips: ['10.0.0.1', 'fd00::1'] })]);
    expect(slices.map((s) => [s.addressType, ipsOf(s)])).toEqual([
      ['IPv4', ['10.0.0.1']],
      ['IPv6', ['fd00::1']],
    ]);
  });

  it('keeps one empty placeholder slice when the Service has no endpoints, and does not churn it', () => {
    const service = makeService();
    const [placeholder, ...rest] = fromScratch(service, []);
    expect(rest).toEqual([]);
    expect(placeholder?.endpoints).toEqual([]);
    expect(placeholder?.ports).toEqual([]);
    const again = reconcile(service, [], [placeholder as EndpointSlice]);
    expect(again).toEqual({ toCreate: [], toUpdate: [], toDelete: [] });
  });

  it('reuses the placeholder slice when the first endpoint arrives', () => {
    const service = makeService();
    const placeholder = fromScratch(service, []);
    const changes = reconcile(service, [makePod({ name: 'a' })], placeholder);
    expect(changes.toCreate).toEqual([]);
    expect(changes.toDelete).toEqual([]);
    expect(names(changes.toUpdate)).toEqual(names(placeholder));
    expect(changes.toUpdate[0]?.endpoints).toHaveLength(1);
  });
});

describe('reconcileEndpointSlices: incremental changes (§5.3 reconciler)', () => {
  const service = makeService();

  it('changes nothing when nothing changed', () => {
    const pods = makePods(150);
    expect(reconcile(service, pods, fromScratch(service, pods))).toEqual({
      toCreate: [],
      toUpdate: [],
      toDelete: [],
    });
  });

  it('updates a changed endpoint in place, in the same slice', () => {
    const pods = makePods(150);
    const slices = fromScratch(service, pods);
    const changedPods = pods.map((p, i) =>
      i === 120 ? makePod({ name: p.metadata.name ?? '', ip: p.status?.podIP ?? '', ready: false }) : p,
    );
    const changes = reconcile(service, changedPods, slices);
    expect(changes.toCreate).toEqual([]);
    expect(changes.toDelete).toEqual([]);
    expect(changes.toUpdate).toHaveLength(1);
    const updated = changes.toUpdate[0];
    const before = slices.find((s) => s.metadata.name === updated?.metadata.name);
    expect(before?.endpoints.some((e) => e.targetRef?.name === 'web-1-120')).toBe(true);
    expect(updated?.endpoints.find((e) => e.targetRef?.name === 'web-1-120')?.conditions?.ready).toBe(false);
  });

  it('removes gone endpoints and deletes slices left empty', () => {
    const pods = makePods(150);
    const slices = fromScratch(service, pods); // 100 + 50
    const small = slices.find((s) => s.endpoints.length === 50);
    const goneNames = new Set(small?.endpoints.map((e) => e.targetRef?.name));
    const changes = reconcile(
      service,
      pods.filter((p) => !goneNames.has(p.metadata.name)),
      slices,
    );
    expect(changes).toEqual({ toCreate: [], toUpdate: [], toDelete: [small] });
  });

  it('fills the unchanged slice that ends closest to full', () => {
    const pods = makePods(160);
    const [full, partial] = fromScratch(service, pods); // 100 + 60
    // Make the first slice 95 full by forgetting 5 of its endpoints and their pods.
    const trimmed = { ...full, endpoints: full?.endpoints.slice(5) ?? [] } as EndpointSlice;
    const kept = new Set([...trimmed.endpoints, ...(partial?.endpoints ?? [])].map((e) => e.targetRef?.name));
    const newPods = makePods(3, {}, 7);
    const changes = reconcile(
      service,
      [...pods.filter((p) => kept.has(p.metadata.name)), ...newPods],
      [trimmed, partial as EndpointSlice],
    );
    expect(changes.toCreate).toEqual([]);
    expect(names(changes.toUpdate)).toEqual([trimmed.metadata.name]);
    expect(changes.toUpdate[0]?.endpoints).toHaveLength(98);
  });

  it('puts new endpoints first into slices it is rewriting anyway', () => {
    const pods = makePods(160);
    const slices = fromScratch(service, pods); // 100 + 60
    const partial = slices.find((s) => s.endpoints.length === 60);
    const leaving = partial?.endpoints[0]?.targetRef?.name;
    const changes = reconcile(
      service,
      [...pods.filter((p) => p.metadata.name !== leaving), ...makePods(2, {}, 7)],
      slices,
    );
    expect(changes.toCreate).toEqual([]);
    expect(names(changes.toUpdate)).toEqual([partial?.metadata.name]);
    expect(changes.toUpdate[0]?.endpoints).toHaveLength(61);
  });

  it('creates a new slice only when the new endpoints fit nowhere', () => {
    const pods = makePods(100);
    const slices = fromScratch(service, pods);
    const changes = reconcile(service, [...pods, ...makePods(5, {}, 7)], slices);
    expect(changes.toUpdate).toEqual([]);
    expect(changes.toCreate.map((s) => s.endpoints.length)).toEqual([5]);
  });

  it('rewrites a slice under its own name when the port set changes instead of creating and deleting', () => {
    const pods = [makePod({ name: 'a' })];
    const slices = fromScratch(service, pods);
    const moved = makeService({ ports: [port('http', 80, 9000)] });
    const changes = reconcile(moved, pods, slices);
    expect(changes.toCreate).toEqual([]);
    expect(changes.toDelete).toEqual([]);
    expect(names(changes.toUpdate)).toEqual(names(slices));
    expect(changes.toUpdate[0]?.ports).toEqual([{ name: 'http', port: 9000, protocol: 'TCP' }]);
  });

  it('updates only the labels when the Service labels change', () => {
    const pods = makePods(3);
    const slices = fromScratch(service, pods);
    const changes = reconcile(makeService({ labels: { tier: 'front' } }), pods, slices);
    expect(changes.toUpdate.map((s) => s.metadata.labels?.tier)).toEqual(['front']);
    expect(changes.toUpdate[0]?.endpoints).toEqual(slices[0]?.endpoints);
  });

  it('deletes the slices of an address type the Service no longer has', () => {
    const dual = makeService({ ipFamilies: ['IPv4', 'IPv6'] });
    const pods = [makePod({ name: 'a', ips: ['10.0.0.1', 'fd00::1'] })];
    const slices = fromScratch(dual, pods);
    const changes = reconcile(makeService({ ipFamilies: ['IPv4'] }), pods, slices);
    expect(changes.toDelete.map((s) => s.addressType)).toEqual(['IPv6']);
    expect(changes.toCreate).toEqual([]);
    expect(changes.toUpdate).toEqual([]);
  });

  it('deletes a slice owned by an older Service of the same name and creates a fresh one, never reusing it', () => {
    const pods = [makePod({ name: 'a' })];
    const stale = fromScratch(makeService({ uid: 'old' }), pods);
    const changes = reconcile(service, pods, stale);
    // finalize() recycles only slices this Service owns: the old one may be garbage-collected any moment.
    expect(changes.toDelete).toEqual(stale);
    expect(changes.toUpdate).toEqual([]);
    expect(changes.toCreate[0]?.metadata.ownerReferences?.[0]?.uid).toBe('uid-svc-web');
  });

  it('ignores slices of other Services or other controllers', () => {
    const pods = [makePod({ name: 'a' })];
    const foreign = fromScratch(makeService({ name: 'api' }), pods).map((s) => ({
      ...s,
      metadata: {
        ...s.metadata,
        labels: { ...s.metadata.labels, [SERVICE_NAME_LABEL]: 'web', [MANAGED_BY_LABEL]: 'someone-else' },
      },
    }));
    const changes = reconcile(service, pods, foreign);
    expect(changes.toDelete).toEqual([]);
    expect(changes.toCreate).toHaveLength(1);
  });

  it('does not create slices for a Service being deleted', () => {
    expect(fromScratch(makeService({ deleting: true }), makePods(3))).toEqual([]);
  });

  it('strips topology hints it did not ask for', () => {
    const pods = makePods(2);
    const [slice] = fromScratch(service, pods);
    const hinted = {
      ...slice,
      endpoints: slice?.endpoints.map((e) => ({ ...e, hints: { forZones: [{ name: 'zone-a' }] } })) ?? [],
    } as EndpointSlice;
    const changes = reconcile(service, pods, [hinted]);
    expect(changes.toUpdate).toEqual([slice]);
  });

  it('moves zone changes of a node into the endpoints', () => {
    const pods = makePods(2);
    const slices = fromScratch(service, pods);
    const changes = reconcileEndpointSlices({
      service,
      pods,
      nodes: [makeNode('node-a', 'zone-c')],
      existingSlices: slices,
      nameFor: seededNameFor(),
    });
    expect(changes.toUpdate[0]?.endpoints.map((e) => e.zone)).toEqual(['zone-c', 'zone-c']);
  });

  it('after applying, the observed endpoint set equals the one derived from scratch', () => {
    const pods = makePods(230);
    const slices = applyEndpointSliceChanges(
      fromScratch(service, pods.slice(0, 120)),
      reconcile(service, pods, fromScratch(service, pods.slice(0, 120))),
    );
    expect(endpointSetOf(slices)).toEqual(endpointSetOf(fromScratch(service, pods)));
  });
});
