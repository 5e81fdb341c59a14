import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Service, ServicePort, ServiceSpec } from '../../../src/api/Service.js';
import { formatFieldError } from '../../../src/api/FieldError.js';
import {
  allocateServiceAddresses,
  type AllocateServiceAddressesResult,
  type ServiceAddressAllocation,
  type ServiceAddressAllocationFailure,
} from '../../../src/apiserver/allocation/allocateServiceAddresses.js';
import { createClusterIPAllocator } from '../../../src/apiserver/allocation/ClusterIPAllocator.js';
import { deriveServiceAddresses } from '../../../src/apiserver/allocation/deriveServiceAddresses.js';
import { createNodePortAllocator } from '../../../src/apiserver/allocation/NodePortAllocator.js';
import { releaseServiceAddresses } from '../../../src/apiserver/allocation/releaseServiceAddresses.js';
import {
  releaseAddresses,
  toServiceAddresses,
  type ServiceAddressAllocators,
} from '../../../src/apiserver/allocation/ServiceAddressAllocators.js';
import { parseIpv4 } from '../../../src/net/ipv4.js';
import { createRandomStreams } from '../../../src/random/createRandomStreams.js';

const stream = (seed: number) => createRandomStreams(seed).stream('allocation');

function allocators(options: { cidr?: string; range?: string } = {}): ServiceAddressAllocators {
  return {
    clusterIPs: createClusterIPAllocator(options.cidr === undefined ? {} : { cidr: options.cidr }),
    nodePorts: createNodePortAllocator(options.range === undefined ? {} : { range: options.range }),
  };
}

function service(name: string, spec: ServiceSpec): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec };
}

const tcp = (port: number, extra: Partial<ServicePort> = {}): ServicePort => ({
  name: `tcp-${port}`,
  protocol: 'TCP',
  port,
  targetPort: port,
  ...extra,
});
const udp = (port: number, extra: Partial<ServicePort> = {}): ServicePort => ({
  name: `udp-${port}`,
  protocol: 'UDP',
  port,
  targetPort: port,
  ...extra,
});

function expectOk(result: AllocateServiceAddressesResult): ServiceAddressAllocation {
  if (!result.ok) throw new Error(`expected success, got: ${result.message}`);
  return result;
}

function expectFailure(result: AllocateServiceAddressesResult): ServiceAddressAllocationFailure {
  if (result.ok) throw new Error('expected a failure');
  return result;
}

/** Stores an update the way the apiserver does on success: deferred releases happen after the write. */
function commit(result: AllocateServiceAddressesResult, alloc: ServiceAddressAllocators): Service {
  const ok = expectOk(result);
  releaseAddresses(ok.release, alloc);
  return ok.service;
}

const snapshot = (alloc: ServiceAddressAllocators) => ({
  ips: alloc.clusterIPs.toState(),
  ports: alloc.nodePorts.toState(),
});

describe('allocateServiceAddresses on create', () => {
  it('gives a ClusterIP Service one address from the upper band and fills clusterIP and clusterIPs', () => {
    const alloc = allocators();
    const result = expectOk(
      allocateServiceAddresses(undefined, service('web', { ports: [tcp(80)] }), alloc, stream(1)),
    );
    const ip = result.service.spec.clusterIP ?? '';
    expect(result.service.spec.clusterIPs).toEqual([ip]);
    expect(parseIpv4(ip)).toBeGreaterThan(parseIpv4('10.96.1.0') ?? 0);
    expect(alloc.clusterIPs.has(ip)).toBe(true);
    expect(result.allocated).toEqual({ clusterIPs: [ip], nodePorts: [] });
    expect(result.release).toEqual({ clusterIPs: [], nodePorts: [] });
    expect(result.service.spec.ports?.[0]?.nodePort).toBeUndefined();
  });

  it('gives headless and ExternalName Services no ClusterIP', () => {
    const alloc = allocators();
    const headless = expectOk(
      allocateServiceAddresses(
        undefined,
        service('db', { clusterIP: 'None', clusterIPs: ['None'] }),
        alloc,
        stream(1),
      ),
    );
    expect(headless.service.spec.clusterIPs).toEqual(['None']);
    const external = expectOk(
      allocateServiceAddresses(
        undefined,
        service('ext', { type: 'ExternalName', externalName: 'example.com' }),
        alloc,
        stream(1),
      ),
    );
    expect(external.service.spec.clusterIP).toBeUndefined();
    expect(alloc.clusterIPs.used()).toBe(0);
  });

  it('honours a requested ClusterIP, even in the static band', () => {
    const alloc = allocators();
    const result = expectOk(
      allocateServiceAddresses(
        undefined,
        service('kube-dns', { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [udp(53)] }),
        alloc,
        stream(1),
      ),
    );
    expect(result.service.spec.clusterIPs).toEqual(['10.96.0.10']);
    expect(alloc.clusterIPs.has('10.96.0.10')).toBe(true);
  });

  it('rejects a requested ClusterIP outside the range with the apiserver field error', () => {
    const alloc = allocators();
    const failure = expectFailure(
      allocateServiceAddresses(
        undefined,
        service('web', { clusterIP: '10.0.0.5', clusterIPs: ['10.0.0.5'], ports: [tcp(80)] }),
        alloc,
        stream(1),
      ),
    );
    expect(failure.reason).toBe('Invalid');
    expect(failure.errors.map(formatFieldError)).toEqual([
      'spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    ]);
    expect(failure.message).toBe(
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
  });

  it('rejects a ClusterIP that is already taken', () => {
    const alloc = allocators();
    alloc.clusterIPs.allocate('10.96.0.10');
    const failure = expectFailure(
      allocateServiceAddresses(undefined, service('dns', { clusterIP: '10.96.0.10' }), alloc, stream(1)),
    );
    expect(failure.errors.map(formatFieldError)).toEqual([
      'spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    ]);
  });

  it('reports a full service range as an internal error', () => {
    const alloc = allocators({ cidr: '10.0.0.0/29' });
    for (let i = 0; i < 6; i++) alloc.clusterIPs.allocateNext(stream(i));
    const failure = expectFailure(allocateServiceAddresses(undefined, service('web', {}), alloc, stream(1)));
    expect(failure.reason).toBe('InternalError');
    expect(failure.message).toBe('Internal error occurred: failed to allocate a serviceIP: range is full');
  });

  it('allocates one nodePort per port of a NodePort Service, in the upper band', () => {
    const alloc = allocators();
    const result = expectOk(
      allocateServiceAddresses(
        undefined,
        service('web', { type: 'NodePort', ports: [tcp(80), tcp(443)] }),
        alloc,
        stream(2),
      ),
    );
    const nodePorts = (result.service.spec.ports ?? []).map((p) => p.nodePort ?? 0);
    expect(new Set(nodePorts).size).toBe(2);
    expect(nodePorts.every((np) => np >= 30086 && np <= 32767)).toBe(true);
    expect(result.allocated.nodePorts).toEqual([...nodePorts].sort((a, b) => a - b));
  });

  it('shares one nodePort between ports with the same number (53/TCP and 53/UDP)', () => {
    const alloc = allocators();
    const result = expectOk(
      allocateServiceAddresses(
        undefined,
        service('dns', { type: 'NodePort', ports: [tcp(53), udp(53)] }),
        alloc,
        stream(3),
      ),
    );
    const [a, b] = (result.service.spec.ports ?? []).map((p) => p.nodePort);
    expect(a).toBeDefined();
    expect(a).toBe(b);
    expect(alloc.nodePorts.used()).toBe(1);
  });

  it('reuses a nodePort the user gave one sibling for the other, even a later one', () => {
    const alloc = allocators();
    const result = expectOk(
      allocateServiceAddresses(
        undefined,
        service('dns', { type: 'NodePort', ports: [tcp(53), udp(53, { nodePort: 30053 })] }),
        alloc,
        stream(4),
      ),
    );
    expect((result.service.spec.ports ?? []).map((p) => p.nodePort)).toEqual([30053, 30053]);
    expect(alloc.nodePorts.allocated()).toEqual([30053]);
  });

  it('rejects a taken nodePort with the apiserver field error and gives back the ClusterIP it took', () => {
    const alloc = allocators();
    alloc.nodePorts.allocate(31000);
    const before = snapshot(alloc);
    const failure = expectFailure(
      allocateServiceAddresses(
        undefined,
        service('web', { type: 'NodePort', ports: [tcp(80, { nodePort: 31000 })] }),
        alloc,
        stream(5),
      ),
    );
    expect(failure.reason).toBe('Invalid');
    expect(failure.errors.map(formatFieldError)).toEqual([
      'spec.ports[0].nodePort: Invalid value: 31000: provided port is already allocated',
    ]);
    expect(snapshot(alloc)).toEqual(before);
  });

  it('rejects a nodePort outside the range, naming the range', () => {
    const alloc = allocators();
    const failure = expectFailure(
      allocateServiceAddresses(
        undefined,
        service('web', { type: 'NodePort', ports: [tcp(80), tcp(81, { nodePort: 8080 })] }),
        alloc,
        stream(5),
      ),
    );
    expect(failure.errors.map(formatFieldError)).toEqual([
      'spec.ports[1].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ]);
    expect(alloc.nodePorts.used()).toBe(0);
    expect(alloc.clusterIPs.used()).toBe(0);
  });

  it('rolls everything back when the node port range runs out midway', () => {
    const alloc = allocators({ range: '30000-30001' });
    const before = snapshot(alloc);
    const failure = expectFailure(
      allocateServiceAddresses(
        undefined,
        service('web', { type: 'NodePort', ports: [tcp(80), tcp(81), tcp(82)] }),
        alloc,
        stream(6),
      ),
    );
    expect(failure.reason).toBe('InternalError');
    expect(failure.message).toBe('Internal error occurred: failed to allocate a nodePort: range is full');
    expect(snapshot(alloc)).toEqual(before);
  });

  it('allocates nodePorts and a healthCheckNodePort for a LoadBalancer with externalTrafficPolicy Local', () => {
    const alloc = allocators();
    const result = expectOk(
      allocateServiceAddresses(
        undefined,
        service('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [tcp(80)] }),
        alloc,
        stream(7),
      ),
    );
    const hc = result.service.spec.healthCheckNodePort ?? 0;
    const np = result.service.spec.ports?.[0]?.nodePort ?? 0;
    expect(hc).toBeGreaterThanOrEqual(30000);
    expect(hc).not.toBe(np);
    expect(result.allocated.nodePorts).toEqual([hc, np].sort((a, b) => a - b));
  });

  it('gives a LoadBalancer with externalTrafficPolicy Cluster no healthCheckNodePort', () => {
    const alloc = allocators();
    const result = expectOk(
      allocateServiceAddresses(
        undefined,
        service('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', ports: [tcp(80)] }),
        alloc,
        stream(7),
      ),
    );
    expect(result.service.spec.healthCheckNodePort).toBeUndefined();
    expect(alloc.nodePorts.used()).toBe(1);
  });

  it('skips nodePorts when allocateLoadBalancerNodePorts is false, but honours explicit ones and the health check', () => {
    const alloc = allocators();
    const result = expectOk(
      allocateServiceAddresses(
        undefined,
        service('lb', {
          type: 'LoadBalancer',
          allocateLoadBalancerNodePorts: false,
          externalTrafficPolicy: 'Local',
          ports: [tcp(80), tcp(443, { nodePort: 30443 })],
        }),
        alloc,
        stream(8),
      ),
    );
    expect((result.service.spec.ports ?? []).map((p) => p.nodePort)).toEqual([undefined, 30443]);
    expect(result.service.spec.healthCheckNodePort).toBeDefined();
    expect(alloc.nodePorts.used()).toBe(2);
  });

  it('reports a taken healthCheckNodePort as an internal error and rolls back', () => {
    const alloc = allocators();
    alloc.nodePorts.allocate(31000);
    const before = snapshot(alloc);
    const failure = expectFailure(
      allocateServiceAddresses(
        undefined,
        service('lb', {
          type: 'LoadBalancer',
          externalTrafficPolicy: 'Local',
          healthCheckNodePort: 31000,
          ports: [tcp(80)],
        }),
        alloc,
        stream(9),
      ),
    );
    expect(failure.reason).toBe('InternalError');
    expect(failure.message).toBe(
      'Internal error occurred: failed to allocate requested HealthCheck NodePort 31000: provided port is already allocated',
    );
    expect(snapshot(alloc)).toEqual(before);
  });

  it('does not change the Service it was given', () => {
    const alloc = allocators();
    const input = service('web', { type: 'NodePort', ports: [tcp(80)] });
    const frozen = structuredClone(input);
    allocateServiceAddresses(undefined, input, alloc, stream(1));
    expect(input).toEqual(frozen);
  });
});

describe('allocateServiceAddresses on update', () => {
  function create(alloc: ServiceAddressAllocators, spec: ServiceSpec, seed = 10): Service {
    return commit(allocateServiceAddresses(undefined, service('web', spec), alloc, stream(seed)), alloc);
  }

  it('keeps the ClusterIP, nodePorts and healthCheckNodePort when the original YAML is resubmitted', () => {
    const alloc = allocators();
    const spec: ServiceSpec = {
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      ports: [tcp(80), udp(53)],
    };
    const stored = create(alloc, spec);
    const before = snapshot(alloc);
    const result = expectOk(allocateServiceAddresses(stored, service('web', spec), alloc, stream(99)));
    expect(result.service.spec).toEqual(stored.spec);
    expect(result.allocated).toEqual({ clusterIPs: [], nodePorts: [] });
    expect(result.release).toEqual({ clusterIPs: [], nodePorts: [] });
    expect(snapshot(alloc)).toEqual(before);
  });

  it('allocates a nodePort for an added port and defers the release of a removed one', () => {
    const alloc = allocators();
    const stored = create(alloc, { type: 'NodePort', ports: [tcp(80), tcp(443)] });
    const [, https] = stored.spec.ports ?? [];
    const result = expectOk(
      allocateServiceAddresses(
        stored,
        service('web', { ...stored.spec, ports: [stored.spec.ports?.[0] ?? tcp(80), tcp(8080)] }),
        alloc,
        stream(11),
      ),
    );
    const added = result.service.spec.ports?.[1]?.nodePort ?? 0;
    expect(result.allocated.nodePorts).toEqual([added]);
    expect(result.release.nodePorts).toEqual([https?.nodePort]);
    // Deferred: still held until the caller stores the update and releases.
    expect(alloc.nodePorts.has(https?.nodePort ?? 0)).toBe(true);
    releaseAddresses(result.release, alloc);
    expect(alloc.nodePorts.has(https?.nodePort ?? 0)).toBe(false);
  });

  it('gives each port its own nodePort when the Service becomes a NodePort (as upstream updates do)', () => {
    const alloc = allocators();
    const stored = create(alloc, { ports: [tcp(53), udp(53)] });
    const result = expectOk(
      allocateServiceAddresses(
        stored,
        service('web', { ...stored.spec, type: 'NodePort' }),
        alloc,
        stream(12),
      ),
    );
    const [a, b] = (result.service.spec.ports ?? []).map((p) => p.nodePort);
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
    expect(result.service.spec.clusterIP).toBe(stored.spec.clusterIP);
  });

  it('releases nodePorts and the healthCheckNodePort when a LoadBalancer becomes a ClusterIP Service', () => {
    const alloc = allocators();
    const stored = create(alloc, { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [tcp(80)] });
    const held = deriveServiceAddresses(stored);
    expect(held.nodePorts).toHaveLength(2);
    const { externalTrafficPolicy: _etp, ...rest } = stored.spec;
    const result = expectOk(
      allocateServiceAddresses(stored, service('web', { ...rest, type: 'ClusterIP' }), alloc, stream(13)),
    );
    expect(result.release).toEqual({ clusterIPs: [], nodePorts: held.nodePorts });
    expect(result.service.spec.ports?.[0]?.nodePort).toBeUndefined();
    expect(result.service.spec.healthCheckNodePort).toBeUndefined();
    expect(result.service.spec.clusterIP).toBe(stored.spec.clusterIP);
    releaseAddresses(result.release, alloc);
    expect(alloc.nodePorts.used()).toBe(0);
    expect(alloc.clusterIPs.used()).toBe(1);
  });

  it('releases the ClusterIP and nodePorts when a NodePort Service becomes ExternalName', () => {
    const alloc = allocators();
    const stored = create(alloc, { type: 'NodePort', ports: [tcp(80)] });
    const result = expectOk(
      allocateServiceAddresses(
        stored,
        service('web', { ...stored.spec, type: 'ExternalName', externalName: 'example.com' }),
        alloc,
        stream(14),
      ),
    );
    expect(result.release).toEqual(deriveServiceAddresses(stored));
    expect(result.service.spec.clusterIP).toBeUndefined();
    expect(result.service.spec.clusterIPs).toBeUndefined();
    releaseAddresses(result.release, alloc);
    expect(snapshot(alloc)).toEqual(snapshot(allocators()));
  });

  it('allocates a ClusterIP when an ExternalName Service becomes a ClusterIP Service', () => {
    const alloc = allocators();
    const stored = create(alloc, { type: 'ExternalName', externalName: 'example.com' });
    const result = expectOk(
      allocateServiceAddresses(
        stored,
        service('web', { type: 'ClusterIP', ports: [tcp(80)] }),
        alloc,
        stream(15),
      ),
    );
    expect(result.allocated.clusterIPs).toEqual([result.service.spec.clusterIP]);
  });

  it('allocates a healthCheckNodePort when a LoadBalancer switches to externalTrafficPolicy Local, and releases it back', () => {
    const alloc = allocators();
    const stored = create(alloc, {
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Cluster',
      ports: [tcp(80)],
    });
    const local = commit(
      allocateServiceAddresses(
        stored,
        service('web', { ...stored.spec, externalTrafficPolicy: 'Local' }),
        alloc,
        stream(16),
      ),
      alloc,
    );
    const hc = local.spec.healthCheckNodePort ?? 0;
    expect(alloc.nodePorts.has(hc)).toBe(true);
    const result = expectOk(
      allocateServiceAddresses(
        local,
        service('web', { ...local.spec, externalTrafficPolicy: 'Cluster' }),
        alloc,
        stream(17),
      ),
    );
    expect(result.release.nodePorts).toEqual([hc]);
    expect(result.service.spec.healthCheckNodePort).toBeUndefined();
  });

  it('leaves the allocators as they were when an update fails, deferred releases included', () => {
    const alloc = allocators();
    const stored = create(alloc, { type: 'NodePort', ports: [tcp(80), tcp(443)] });
    alloc.nodePorts.allocate(31999);
    const before = snapshot(alloc);
    const failure = expectFailure(
      allocateServiceAddresses(
        stored,
        service('web', { ...stored.spec, ports: [tcp(81), tcp(8080, { nodePort: 31999 })] }),
        alloc,
        stream(18),
      ),
    );
    expect(failure.errors.map(formatFieldError)).toEqual([
      'spec.ports[1].nodePort: Invalid value: 31999: provided port is already allocated',
    ]);
    expect(snapshot(alloc)).toEqual(before);
  });
});

describe('releaseServiceAddresses', () => {
  it('frees everything a deleted Service held', () => {
    const alloc = allocators();
    const stored = commit(
      allocateServiceAddresses(
        undefined,
        service('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [tcp(80), udp(53)] }),
        alloc,
        stream(20),
      ),
      alloc,
    );
    expect(alloc.clusterIPs.used()).toBe(1);
    expect(alloc.nodePorts.used()).toBe(3);
    releaseServiceAddresses(stored, alloc);
    expect(alloc.clusterIPs.used()).toBe(0);
    expect(alloc.nodePorts.used()).toBe(0);
  });
});

describe('determinism', () => {
  const specs: ServiceSpec[] = [
    { ports: [tcp(80)] },
    { type: 'NodePort', ports: [tcp(80), udp(53)] },
    { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [tcp(443)] },
    { clusterIP: 'None' },
  ];

  function run(seed: number): Service[] {
    const alloc = allocators();
    const random = stream(seed);
    return specs.map((spec, i) =>
      commit(allocateServiceAddresses(undefined, service(`s${i}`, spec), alloc, random), alloc),
    );
  }

  it('assigns the same addresses for the same seed', () => {
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('continues identically from rebuilt allocators and a restored stream state', () => {
    const alloc = allocators();
    const random = stream(7);
    for (const [i, spec] of specs.entries()) {
      commit(allocateServiceAddresses(undefined, service(`a${i}`, spec), alloc, random), alloc);
    }
    const rebuilt: ServiceAddressAllocators = {
      clusterIPs: createClusterIPAllocator(alloc.clusterIPs.toState()),
      nodePorts: createNodePortAllocator(alloc.nodePorts.toState()),
    };
    const replayRandom = stream(0);
    replayRandom.setState(random.getState());
    const next = service('next', { type: 'NodePort', ports: [tcp(80)] });
    expect(allocateServiceAddresses(undefined, next, rebuilt, replayRandom)).toEqual(
      allocateServiceAddresses(undefined, next, alloc, random),
    );
  });
});

describe('allocator state follows the stored Services (property)', () => {
  /** `apply` creates the Service, or updates it when it exists. */
  type Step = { kind: 'apply'; name: number; spec: ServiceSpec } | { kind: 'delete'; name: number };

  const portArb = fc.record({
    port: fc.constantFrom(53, 80, 443),
    protocol: fc.constantFrom('TCP' as const, 'UDP' as const),
    nodePort: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.integer({ min: 29999, max: 30006 }) },
    ),
  });
  const specArb: fc.Arbitrary<ServiceSpec> = fc
    .record({
      type: fc.constantFrom(
        'ClusterIP' as const,
        'NodePort' as const,
        'LoadBalancer' as const,
        'ExternalName' as const,
      ),
      local: fc.boolean(),
      allocateNodePorts: fc.boolean(),
      headless: fc.boolean(),
      ports: fc.uniqueArray(portArb, {
        maxLength: 3,
        size: 'max',
        selector: (p) => `${p.port}/${p.protocol}`,
      }),
    })
    .map(({ type, local, allocateNodePorts, headless, ports }) => {
      const spec: ServiceSpec = {
        type,
        ports: ports.map((p, i) => ({
          name: `p${i}`,
          protocol: p.protocol,
          port: p.port,
          ...(type === 'NodePort' || type === 'LoadBalancer'
            ? p.nodePort === undefined
              ? {}
              : { nodePort: p.nodePort }
            : {}),
        })),
        ...(type === 'ExternalName' ? { externalName: 'example.com' } : {}),
        ...(type === 'ClusterIP' && headless ? { clusterIP: 'None', clusterIPs: ['None'] } : {}),
        ...(type === 'LoadBalancer'
          ? {
              externalTrafficPolicy: local ? 'Local' : 'Cluster',
              allocateLoadBalancerNodePorts: allocateNodePorts,
            }
          : {}),
      };
      return spec;
    });
  const stepArb: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ kind: fc.constant('apply' as const), name: fc.nat({ max: 4 }), spec: specArb }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), name: fc.nat({ max: 4 }) }) },
  );

  it('holds exactly the addresses of the stored Services after any create/update/delete sequence', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(stepArb, { maxLength: 40, size: 'max' }), (seed, steps) => {
        // A small port range so collisions, requested ports out of range and exhaustion all happen.
        const alloc = allocators({ cidr: '10.0.0.0/28', range: '30000-30004' });
        const random = stream(seed);
        const stored = new Map<number, Service>();
        for (const step of steps) {
          const previous = stored.get(step.name);
          const before = snapshot(alloc);
          if (step.kind === 'delete') {
            if (previous === undefined) continue;
            releaseServiceAddresses(previous, alloc);
            stored.delete(step.name);
          } else {
            // Switching between headless and not is invalid upstream (clusterIP is immutable); skip it.
            const wasHeadless = previous?.spec.clusterIP === 'None';
            const becomesHeadless = step.spec.clusterIP === 'None';
            if (previous !== undefined && wasHeadless !== becomesHeadless) continue;
            const result = allocateServiceAddresses(
              previous,
              service(`s${step.name}`, step.spec),
              alloc,
              random,
            );
            if (result.ok) {
              releaseAddresses(result.release, alloc);
              stored.set(step.name, result.service);
            } else {
              expect(snapshot(alloc)).toEqual(before);
            }
          }
          const held = toServiceAddresses(
            [...stored.values()].flatMap((s) => deriveServiceAddresses(s).clusterIPs),
            [...stored.values()].flatMap((s) => deriveServiceAddresses(s).nodePorts),
          );
          expect(alloc.clusterIPs.allocated()).toEqual(held.clusterIPs);
          expect(alloc.nodePorts.allocated()).toEqual(held.nodePorts);
        }
      }),
    );
  });
});
