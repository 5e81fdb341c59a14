import { describe, expect, it } from 'vitest';

import { OVER_CAPACITY_ANNOTATION } from '../../../src/api/Endpoints.js';
import { HEADLESS_LABEL } from '../../../src/api/EndpointSlice.js';
import type { Pod } from '../../../src/api/Pod.js';
import { deriveEndpointsObject } from '../../../src/apiserver/endpoints/deriveEndpointsObject.js';
import { makePod, makePods, makeService, port } from './fixtures.js';

const ipsOf = (addresses: readonly { ip: string }[] | undefined): string[] =>
  (addresses ?? []).map((a) => a.ip);

describe('deriveEndpointsObject (§5.2)', () => {
  it('keeps no Endpoints for ExternalName Services or Services without a selector', () => {
    const pods = [makePod({ name: 'a' })];
    expect(
      deriveEndpointsObject(makeService({ type: 'ExternalName', externalName: 'example.com' }), pods),
    ).toBeUndefined();
    const { selector: _selector, ...noSelector } = makeService().spec;
    expect(deriveEndpointsObject({ ...makeService(), spec: noSelector }, pods)).toBeUndefined();
    expect(deriveEndpointsObject(makeService({ selector: {} }), pods)).toBeUndefined();
  });

  it('puts ready pods in addresses and unready ones in notReadyAddresses, with ports resolved', () => {
    const endpoints = deriveEndpointsObject(makeService(), [
      makePod({ name: 'a', ip: '10.0.0.1' }),
      makePod({ name: 'b', ip: '10.0.0.2', ready: false }),
    ]);
    expect(endpoints).toEqual({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web', namespace: 'default' },
      subsets: [
        {
          addresses: [
            {
              ip: '10.0.0.1',
              nodeName: 'node-a',
              targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-default-a' },
            },
          ],
          notReadyAddresses: [
            {
              ip: '10.0.0.2',
              nodeName: 'node-a',
              targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: 'uid-default-b' },
            },
          ],
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        },
      ],
    });
  });

  it('ignores pods of other namespaces or not matched by the selector', () => {
    const endpoints = deriveEndpointsObject(makeService(), [
      makePod({ name: 'a', namespace: 'other' }),
      makePod({ name: 'b', labels: { app: 'api' } }),
    ]);
    expect(endpoints?.subsets).toEqual([]);
  });

  it('drops terminating, Succeeded, Failed and IP-less pods', () => {
    const endpoints = deriveEndpointsObject(makeService(), [
      makePod({ name: 'a', ip: '10.0.0.1', deleting: true }),
      makePod({ name: 'b', ip: '10.0.0.2', phase: 'Succeeded' }),
      makePod({ name: 'c', ip: '10.0.0.3', phase: 'Failed' }),
      makePod({ name: 'd', ip: null }),
      makePod({ name: 'e', ip: '10.0.0.5' }),
    ]);
    expect(ipsOf(endpoints?.subsets?.[0]?.addresses)).toEqual(['10.0.0.5']);
    expect(endpoints?.subsets?.[0]?.notReadyAddresses).toBeUndefined();
  });

  it('with publishNotReadyAddresses lists unready and terminating pods as ready addresses', () => {
    const endpoints = deriveEndpointsObject(makeService({ publishNotReadyAddresses: true }), [
      makePod({ name: 'a', ip: '10.0.0.1', deleting: true }),
      makePod({ name: 'b', ip: '10.0.0.2', ready: false }),
    ]);
    expect(ipsOf(endpoints?.subsets?.[0]?.addresses)).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('sorts addresses by IP text bytewise, as RepackSubsets does', () => {
    const endpoints = deriveEndpointsObject(makeService(), [
      makePod({ name: 'a', ip: '10.0.0.2' }),
      makePod({ name: 'b', ip: '10.0.0.10' }),
      makePod({ name: 'c', ip: '10.0.0.1' }),
    ]);
    expect(ipsOf(endpoints?.subsets?.[0]?.addresses)).toEqual(['10.0.0.1', '10.0.0.10', '10.0.0.2']);
  });

  it('groups ports offered by the same addresses into one subset', () => {
    const service = makeService({ ports: [port('http', 80, 8080), port('admin', 81, 9000)] });
    const endpoints = deriveEndpointsObject(service, [makePod({ name: 'a' })]);
    expect(endpoints?.subsets).toHaveLength(1);
    expect(endpoints?.subsets?.[0]?.ports).toEqual([
      { name: 'admin', port: 9000, protocol: 'TCP' },
      { name: 'http', port: 8080, protocol: 'TCP' },
    ]);
  });

  it('puts pods resolving a named targetPort differently into different subsets', () => {
    const service = makeService({ ports: [port('http', 80, 'http')] });
    const endpoints = deriveEndpointsObject(service, [
      makePod({ name: 'a', ip: '10.0.0.1', ports: [{ name: 'http', containerPort: 8080 }] }),
      makePod({ name: 'b', ip: '10.0.0.2', ports: [{ name: 'http', containerPort: 9090 }] }),
      makePod({ name: 'c', ip: '10.0.0.3', ports: [{ name: 'web', containerPort: 8080 }] }),
    ]);
    expect(endpoints?.subsets?.map((s) => [ipsOf(s.addresses), s.ports?.[0]?.port])).toEqual([
      [['10.0.0.1'], 8080],
      [['10.0.0.2'], 9090],
    ]);
  });

  it('splits subsets per port when a pod resolves only some of the ports', () => {
    const service = makeService({ ports: [port('http', 80, 8080), port('metrics', 9090, 'metrics')] });
    const endpoints = deriveEndpointsObject(service, [
      makePod({ name: 'a', ip: '10.0.0.1', ports: [{ name: 'metrics', containerPort: 9100 }] }),
      makePod({ name: 'b', ip: '10.0.0.2' }),
    ]);
    expect(endpoints?.subsets?.map((s) => [ipsOf(s.addresses), s.ports?.map((p) => p.port)])).toEqual([
      [['10.0.0.1', '10.0.0.2'], [8080]],
      [['10.0.0.1'], [9100]],
    ]);
  });

  it('gives a headless Service without ports one portless subset and the headless label', () => {
    const service = makeService({ clusterIP: 'None', ports: [], labels: { team: 'a' } });
    const endpoints = deriveEndpointsObject(service, [makePod({ name: 'a', ip: '10.0.0.1' })]);
    expect(endpoints?.metadata.labels).toEqual({ [HEADLESS_LABEL]: '', team: 'a' });
    expect(endpoints?.subsets).toEqual([{ addresses: [expect.objectContaining({ ip: '10.0.0.1' })] }]);
  });

  it('gives a non-headless Service without ports no subsets', () => {
    expect(deriveEndpointsObject(makeService({ ports: [] }), [makePod({ name: 'a' })])?.subsets).toEqual([]);
  });

  it('copies Service labels and drops a stray headless label from a Service with a cluster IP', () => {
    const service = makeService({ labels: { team: 'a', [HEADLESS_LABEL]: '' } });
    expect(deriveEndpointsObject(service, [])?.metadata.labels).toEqual({ team: 'a' });
  });

  it('sets hostname only for pods whose subdomain is the Service', () => {
    const endpoints = deriveEndpointsObject(makeService(), [
      makePod({ name: 'a', ip: '10.0.0.1', hostname: 'a', subdomain: 'web' }),
      makePod({ name: 'b', ip: '10.0.0.2', hostname: 'b', subdomain: 'db' }),
    ]);
    expect(endpoints?.subsets?.[0]?.addresses?.map((a) => a.hostname)).toEqual(['a', undefined]);
  });

  it('uses the pod IP of the Service family', () => {
    const pods = [makePod({ name: 'a', ips: ['10.0.0.1', 'fd00::1'] })];
    expect(
      ipsOf(deriveEndpointsObject(makeService({ ipFamilies: ['IPv6'] }), pods)?.subsets?.[0]?.addresses),
    ).toEqual(['fd00::1']);
    expect(
      ipsOf(deriveEndpointsObject(makeService({ clusterIP: 'fd00::a' }), pods)?.subsets?.[0]?.addresses),
    ).toEqual(['fd00::1']);
  });

  it('does not annotate an Endpoints object within capacity', () => {
    const endpoints = deriveEndpointsObject(makeService(), makePods(1000));
    expect(endpoints?.metadata.annotations).toBeUndefined();
    expect(endpoints?.subsets?.[0]?.addresses).toHaveLength(1000);
  });

  it('when more than 1000 are ready, keeps each subset its rounded-up share of 1000 ready addresses and no unready ones', () => {
    // Three subsets (each group of pods resolves the named port differently): 500 + 350 + 201 ready.
    const group = (
      count: number,
      block: number,
      containerPort: number,
      extra: Partial<Parameters<typeof makePod>[0]> = {},
    ): Pod[] => makePods(count, { ports: [{ name: 'http', containerPort }], ...extra }, block);
    const pods = [
      ...group(500, 1, 8001),
      ...group(20, 11, 8001, { ready: false }),
      ...group(350, 2, 8002),
      ...group(201, 3, 8003),
    ];
    const endpoints = deriveEndpointsObject(makeService({ ports: [port('http', 80, 'http')] }), pods);
    expect(endpoints?.metadata.annotations).toEqual({ [OVER_CAPACITY_ANNOTATION]: 'truncated' });
    const subsets = endpoints?.subsets ?? [];
    // ceil(500/1051×1000) = 476, ceil(350/1051×1000) = 334, then only 190 of the budget is left.
    expect(
      subsets.map((s) => [s.ports?.[0]?.port, s.addresses?.length ?? 0, s.notReadyAddresses?.length ?? 0]),
    ).toEqual([
      [8001, 476, 0],
      [8002, 334, 0],
      [8003, 190, 0],
    ]);
    // The first N of each sorted list are the ones kept.
    const full = pods.filter(
      (p) => p.spec.containers[0]?.ports?.[0]?.containerPort === 8002 && p.status?.podIP !== undefined,
    );
    const sortedIps = full.map((p) => p.status?.podIP ?? '').sort();
    expect(ipsOf(subsets[1]?.addresses)).toEqual(sortedIps.slice(0, 334));
  });

  it('when at most 1000 are ready, keeps them all and shares the rest of the budget over unready addresses', () => {
    const pods = [
      ...makePods(600, { ports: [{ name: 'http', containerPort: 8001 }] }, 1),
      ...makePods(300, { ports: [{ name: 'http', containerPort: 8001 }], ready: false }, 2),
      ...makePods(200, { ports: [{ name: 'http', containerPort: 8002 }], ready: false }, 3),
    ];
    const endpoints = deriveEndpointsObject(makeService({ ports: [port('http', 80, 'http')] }), pods);
    expect(endpoints?.metadata.annotations).toEqual({ [OVER_CAPACITY_ANNOTATION]: 'truncated' });
    // 400 left for unready: ceil(300/500×400) = 240 and ceil(200/500×400) = 160.
    expect(
      endpoints?.subsets?.map((s) => [
        s.ports?.[0]?.port,
        s.addresses?.length ?? 0,
        s.notReadyAddresses?.length ?? 0,
      ]),
    ).toEqual([
      [8001, 600, 240],
      [8002, 0, 160],
    ]);
  });
});
