import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  ENDPOINTSLICE_MIRRORING_CONTROLLER,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  SKIP_MIRROR_LABEL,
  type EndpointSlice,
} from '../../../src/api/EndpointSlice.js';
import type { EndpointSubset, Endpoints } from '../../../src/api/Endpoints.js';
import { applyEndpointSliceChanges } from '../../../src/apiserver/endpoints/applyEndpointSliceChanges.js';
import { endpointSetOf } from '../../../src/apiserver/endpoints/endpointSetOf.js';
import { mirrorEndpoints } from '../../../src/apiserver/endpoints/mirrorEndpoints.js';
import { makeService, seededNameFor } from './fixtures.js';

const selectorless = makeService({ selector: {}, labels: { team: 'a' } });

function endpointsObject(
  subsets: EndpointSubset[],
  extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-ep-web', ...extra },
    subsets,
  };
}

const httpPort = { name: 'http', port: 8080, protocol: 'TCP' as const };

function mirror(
  endpoints: Endpoints | undefined,
  existingSlices: readonly EndpointSlice[] = [],
  maxEndpointsPerSubset?: number,
) {
  return mirrorEndpoints({
    service: selectorless,
    endpoints,
    existingSlices,
    nameFor: seededNameFor(),
    ...(maxEndpointsPerSubset !== undefined ? { maxEndpointsPerSubset } : {}),
  });
}

describe('mirrorEndpoints (§5.3 mirroring controller)', () => {
  it('mirrors a user-written Endpoints object of a selectorless Service into a slice it manages', () => {
    const endpoints = endpointsObject(
      [
        {
          addresses: [{ ip: '192.168.1.5', nodeName: 'n1' }],
          notReadyAddresses: [{ ip: '192.168.1.6' }],
          ports: [httpPort],
        },
      ],
      {
        labels: { env: 'prod' },
        annotations: { note: 'x', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      },
    );
    const { toCreate, toUpdate, toDelete } = mirror(endpoints);
    expect(toUpdate).toEqual([]);
    expect(toDelete).toEqual([]);
    expect(toCreate).toEqual([
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: expect.stringMatching(/^web-[a-z0-9]{5}$/) as unknown,
          generateName: 'web-',
          namespace: 'default',
          labels: {
            [MANAGED_BY_LABEL]: ENDPOINTSLICE_MIRRORING_CONTROLLER,
            env: 'prod',
            [SERVICE_NAME_LABEL]: 'web',
          },
          annotations: { note: 'x' },
          ownerReferences: [
            {
              apiVersion: 'v1',
              kind: 'Endpoints',
              name: 'web',
              uid: 'uid-ep-web',
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        addressType: 'IPv4',
        endpoints: [
          { addresses: ['192.168.1.5'], conditions: { ready: true }, nodeName: 'n1' },
          { addresses: ['192.168.1.6'], conditions: { ready: false } },
        ],
        ports: [httpPort],
      },
    ]);
  });

  it('does not mirror Endpoints labelled skip-mirror "true", and removes what it mirrored before', () => {
    const endpoints = endpointsObject([{ addresses: [{ ip: '192.168.1.5' }], ports: [httpPort] }]);
    const mirrored = [...mirror(endpoints).toCreate];
    const skipped = endpointsObject(endpoints.subsets as EndpointSubset[], {
      labels: { [SKIP_MIRROR_LABEL]: 'true' },
    });
    expect(mirror(skipped)).toEqual({ toCreate: [], toUpdate: [], toDelete: [] });
    expect(mirror(skipped, mirrored).toDelete).toEqual(mirrored);
    // Any other value of the label does not stop mirroring.
    expect(
      mirror(
        endpointsObject(endpoints.subsets as EndpointSubset[], { labels: { [SKIP_MIRROR_LABEL]: 'false' } }),
      ).toCreate,
    ).toHaveLength(1);
  });

  it('does not mirror for a Service with a selector, a missing Service, or leader-election records', () => {
    const endpoints = endpointsObject([{ addresses: [{ ip: '192.168.1.5' }], ports: [httpPort] }]);
    const mirrored = [...mirror(endpoints).toCreate];
    const withSelector = mirrorEndpoints({
      service: makeService(),
      endpoints,
      existingSlices: mirrored,
      nameFor: seededNameFor(),
    });
    expect(withSelector).toEqual({ toCreate: [], toUpdate: [], toDelete: mirrored });
    const noService = mirrorEndpoints({
      service: undefined,
      endpoints,
      existingSlices: mirrored,
      nameFor: seededNameFor(),
    });
    expect(noService.toDelete).toEqual(mirrored);
    const leader = endpointsObject([], { annotations: { 'control-plane.alpha.kubernetes.io/leader': '{}' } });
    expect(mirror(leader, mirrored).toDelete).toEqual(mirrored);
  });

  it('deletes mirrored slices when the Endpoints object goes away', () => {
    const mirrored = [
      ...mirror(endpointsObject([{ addresses: [{ ip: '192.168.1.5' }], ports: [httpPort] }])).toCreate,
    ];
    expect(mirror(undefined, mirrored)).toEqual({ toCreate: [], toUpdate: [], toDelete: mirrored });
  });

  it('makes one slice per address type and port set, merging subsets with equal ports', () => {
    const endpoints = endpointsObject([
      { addresses: [{ ip: '192.168.1.5' }, { ip: 'FD00::5' }], ports: [httpPort] },
      { addresses: [{ ip: '192.168.1.6' }], ports: [httpPort] },
      { addresses: [{ ip: '192.168.1.7' }], ports: [{ port: 53, protocol: 'UDP' }] },
    ]);
    const summary = mirror(endpoints).toCreate.map((s) => [
      s.addressType,
      s.ports?.map((p) => p.port),
      s.endpoints.map((e) => e.addresses[0]),
    ]);
    expect(summary).toEqual([
      ['IPv4', [53], ['192.168.1.7']],
      ['IPv4', [8080], ['192.168.1.5', '192.168.1.6']],
      ['IPv6', [8080], ['fd00::5']],
    ]);
  });

  it('skips invalid IPs and mirrors at most maxEndpointsPerSubset addresses of each subset, ready ones first', () => {
    const endpoints = endpointsObject([
      {
        addresses: [{ ip: 'not-an-ip' }, { ip: '192.168.1.1' }, { ip: '192.168.1.2' }],
        notReadyAddresses: [{ ip: '192.168.1.3' }],
        ports: [httpPort],
      },
    ]);
    const [slice] = mirror(endpoints, [], 2).toCreate;
    expect(slice?.endpoints.map((e) => e.addresses[0])).toEqual(['192.168.1.1', '192.168.1.2']);
  });

  it('leaves an unchanged slice alone and rewrites a changed one under its name', () => {
    const endpoints = endpointsObject([{ addresses: [{ ip: '192.168.1.5' }], ports: [httpPort] }]);
    const mirrored = [...mirror(endpoints).toCreate];
    expect(mirror(endpoints, mirrored)).toEqual({ toCreate: [], toUpdate: [], toDelete: [] });
    const changed = endpointsObject([
      { addresses: [{ ip: '192.168.1.6' }], ports: [{ ...httpPort, port: 9090 }] },
    ]);
    const changes = mirror(changed, mirrored);
    expect(changes.toCreate).toEqual([]);
    expect(changes.toDelete).toEqual([]);
    expect(changes.toUpdate.map((s) => s.metadata.name)).toEqual(mirrored.map((s) => s.metadata.name));
  });

  it('incrementally keeps the same observed endpoints as mirroring from scratch', () => {
    const addressArb = fc.record({
      ip: fc
        .nat({ max: 12 })
        .map((n) => (n === 12 ? 'bad' : n % 3 === 0 ? `fd00::${n + 1}` : `192.168.0.${n + 1}`)),
    });
    const subsetArb = fc.record({
      addresses: fc.array(addressArb, { maxLength: 5 }),
      notReadyAddresses: fc.array(addressArb, { maxLength: 3 }),
      ports: fc.constantFrom(
        [httpPort],
        [{ ...httpPort, port: 9090 }],
        [httpPort, { name: 'dns', port: 53, protocol: 'UDP' as const }],
      ),
    });
    const stateArb = fc.record({
      subsets: fc.array(subsetArb, { maxLength: 3 }),
      skip: fc.boolean(),
      present: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(stateArb, { minLength: 10, maxLength: 60, size: 'large' }),
        fc.integer({ min: 1, max: 4 }),
        (states, max) => {
          let slices: EndpointSlice[] = [];
          const nameFor = seededNameFor(9);
          for (const state of states) {
            const endpoints = state.present
              ? endpointsObject(state.subsets, state.skip ? { labels: { [SKIP_MIRROR_LABEL]: 'true' } } : {})
              : undefined;
            const input = { service: selectorless, endpoints, maxEndpointsPerSubset: max, nameFor };
            slices = applyEndpointSliceChanges(slices, mirrorEndpoints({ ...input, existingSlices: slices }));
            const scratch = mirrorEndpoints({
              ...input,
              existingSlices: [],
              nameFor: seededNameFor(1),
            }).toCreate;
            expect(endpointSetOf(slices)).toEqual(endpointSetOf(scratch));
            const keys = slices.map((s) => JSON.stringify([s.addressType, s.ports]));
            expect(new Set(keys).size).toBe(keys.length); // one slice per address type and port set
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
