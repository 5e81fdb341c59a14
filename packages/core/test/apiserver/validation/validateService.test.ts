import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Service, ServicePort, ServiceSpec } from '../../../src/api/Service.js';
import { defaultService } from '../../../src/apiserver/validation/defaultService.js';
import { validateService, validateServiceUpdate } from '../../../src/apiserver/validation/validateService.js';
import { defaultedService, formatted, meta, MSG } from './fixtures.js';

/** Formatted errors of a defaulted Service built from `spec` (on top of a valid ClusterIP Service). */
function errorsOf(spec: Partial<ServiceSpec>, service: Service = defaultedService(spec)): string[] {
  return formatted(validateService(service));
}

describe('validateService: metadata', () => {
  it('accepts a defaulted ClusterIP Service', () => {
    expect(errorsOf({})).toEqual([]);
  });

  it('requires the name to be a DNS-1035 label', () => {
    expect(formatted(validateService(defaultedService({}, meta('2fast'))))).toEqual([
      `metadata.name: Invalid value: "2fast": ${MSG.dns1035}`,
    ]);
  });

  it('requires the topology annotations to agree', () => {
    const metadata = meta('web', {
      annotations: {
        'service.kubernetes.io/topology-mode': 'Auto',
        'service.kubernetes.io/topology-aware-hints': 'Disabled',
      },
    });
    expect(formatted(validateService(defaultedService({}, metadata)))).toEqual([
      'metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: "Auto": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified',
    ]);
  });
});

describe('validateService: ports', () => {
  it('requires ports unless headless or ExternalName', () => {
    expect(errorsOf({ ports: [] })).toEqual(['spec.ports: Required value']);
    expect(errorsOf({ ports: [], clusterIP: 'None' })).toEqual([]);
    expect(
      errorsOf({
        ports: [],
        type: 'ExternalName',
        externalName: 'db.example.com',
        internalTrafficPolicy: undefined as never,
      }),
    ).toEqual([]);
  });

  it('requires port names when there is more than one port', () => {
    expect(
      errorsOf({
        ports: [
          { name: 'http', protocol: 'TCP', port: 80, targetPort: 80 },
          { protocol: 'TCP', port: 443, targetPort: 443 },
        ],
      }),
    ).toEqual(['spec.ports[1].name: Required value']);
  });

  it('allows a single unnamed port', () => {
    expect(errorsOf({ ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }] })).toEqual([]);
  });

  it('requires port names to be DNS-1123 labels', () => {
    expect(errorsOf({ ports: [{ name: 'Web_Port', protocol: 'TCP', port: 80, targetPort: 80 }] })).toEqual([
      `spec.ports[0].name: Invalid value: "Web_Port": ${MSG.dns1123Label}`,
    ]);
  });

  it('requires port names to be unique', () => {
    expect(
      errorsOf({
        ports: [
          { name: 'web', protocol: 'TCP', port: 80, targetPort: 80 },
          { name: 'web', protocol: 'TCP', port: 81, targetPort: 81 },
        ],
      }),
    ).toEqual(['spec.ports[1].name: Duplicate value: "web"']);
  });

  it('requires port numbers 1-65535', () => {
    expect(errorsOf({ ports: [{ protocol: 'TCP', port: 0, targetPort: 80 }] })).toEqual([
      `spec.ports[0].port: Invalid value: 0: ${MSG.portRange}`,
    ]);
    expect(errorsOf({ ports: [{ protocol: 'TCP', port: 65536, targetPort: 80 }] })).toEqual([
      `spec.ports[0].port: Invalid value: 65536: ${MSG.portRange}`,
    ]);
  });

  it('requires a supported protocol', () => {
    expect(errorsOf({ ports: [{ port: 80, targetPort: 80 }] })).toEqual([
      'spec.ports[0].protocol: Required value',
    ]);
    const icmp = { protocol: 'ICMP', port: 80, targetPort: 80 } as unknown as ServicePort;
    expect(errorsOf({ ports: [icmp] })).toEqual([
      'spec.ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  it('accepts the same port number on different protocols', () => {
    expect(
      errorsOf({
        ports: [
          { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 },
          { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
        ],
      }),
    ).toEqual([]);
  });

  it('requires targetPort to be a port number or an IANA_SVC_NAME', () => {
    expect(errorsOf({ ports: [{ protocol: 'TCP', port: 80, targetPort: 70000 }] })).toEqual([
      `spec.ports[0].targetPort: Invalid value: 70000: ${MSG.portRange}`,
    ]);
    expect(errorsOf({ ports: [{ protocol: 'TCP', port: 80, targetPort: 'http' }] })).toEqual([]);
    expect(errorsOf({ ports: [{ protocol: 'TCP', port: 80, targetPort: 'web--http' }] })).toEqual([
      'spec.ports[0].targetPort: Invalid value: "web--http": must not contain consecutive hyphens',
    ]);
  });

  it('reports a missing targetPort as 0 when validating undefaulted input', () => {
    expect(errorsOf({ ports: [{ protocol: 'TCP', port: 80 }] })).toEqual([
      `spec.ports[0].targetPort: Invalid value: 0: ${MSG.portRange}`,
    ]);
  });

  it('requires appProtocol to be a qualified name', () => {
    expect(
      errorsOf({ ports: [{ protocol: 'TCP', port: 80, targetPort: 80, appProtocol: 'kubernetes.io/h2c' }] }),
    ).toEqual([]);
    expect(errorsOf({ ports: [{ protocol: 'TCP', port: 80, targetPort: 80, appProtocol: 'h2 c' }] })).toEqual(
      [`spec.ports[0].appProtocol: Invalid value: "h2 c": ${MSG.qualifiedNamePart}`],
    );
  });

  it('rejects duplicate (protocol, port) pairs', () => {
    expect(
      errorsOf({
        ports: [
          { name: 'a', protocol: 'TCP', port: 80, targetPort: 80 },
          { name: 'b', protocol: 'TCP', port: 80, targetPort: 8080 },
        ],
      }),
    ).toEqual(['spec.ports[1]: Duplicate value: {"protocol":"TCP","port":80}']);
  });

  it('forbids nodePort on ClusterIP Services', () => {
    expect(errorsOf({ ports: [{ protocol: 'TCP', port: 80, targetPort: 80, nodePort: 30080 }] })).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
  });

  it('rejects duplicate (protocol, nodePort) pairs but allows sharing across protocols', () => {
    const nodePort: Partial<ServiceSpec> = { type: 'NodePort', externalTrafficPolicy: 'Cluster' };
    expect(
      errorsOf({
        ...nodePort,
        ports: [
          { name: 'a', protocol: 'TCP', port: 80, targetPort: 80, nodePort: 30080 },
          { name: 'b', protocol: 'TCP', port: 81, targetPort: 81, nodePort: 30080 },
        ],
      }),
    ).toEqual(['spec.ports[1].nodePort: Duplicate value: 30080']);
    expect(
      errorsOf({
        ...nodePort,
        ports: [
          { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53, nodePort: 30053 },
          { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53, nodePort: 30053 },
        ],
      }),
    ).toEqual([]);
  });

  it('leaves nodePort ranges to the allocator', () => {
    expect(
      errorsOf({
        type: 'NodePort',
        externalTrafficPolicy: 'Cluster',
        ports: [{ protocol: 'TCP', port: 80, targetPort: 80, nodePort: 80 }],
      }),
    ).toEqual([]);
  });
});

describe('validateService: type and clusterIP', () => {
  it('requires a supported type', () => {
    expect(errorsOf({ type: undefined as never })).toEqual(['spec.type: Required value']);
    expect(errorsOf({ type: 'Internal' as never })).toEqual([
      'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
  });

  it('accepts an empty clusterIP, None, or an IP (range is the allocator’s)', () => {
    expect(errorsOf({ clusterIP: '' })).toEqual([]);
    expect(errorsOf({ clusterIP: 'None' })).toEqual([]);
    expect(errorsOf({ clusterIP: '192.0.2.10' })).toEqual([]);
  });

  it('reports an invalid clusterIP against spec.clusterIPs', () => {
    expect(errorsOf({ clusterIP: '10.0.0.300' })).toEqual([
      `spec.clusterIPs[0]: Invalid value: "10.0.0.300": ${MSG.ip}`,
    ]);
  });

  it('forbids None for NodePort and LoadBalancer', () => {
    expect(errorsOf({ type: 'NodePort', externalTrafficPolicy: 'Cluster', clusterIP: 'None' })).toEqual([
      'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services',
    ]);
    expect(
      errorsOf({
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Cluster',
        allocateLoadBalancerNodePorts: true,
        clusterIP: 'None',
      }),
    ).toEqual([
      'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for LoadBalancer services',
    ]);
  });

  it('requires clusterIPs[0] to match clusterIP', () => {
    expect(errorsOf({ clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.11'] })).toEqual([
      'spec.clusterIPs: Invalid value: []string{"10.0.0.11"}: first value must match `clusterIP`',
    ]);
    expect(errorsOf({ clusterIPs: ['10.0.0.11'] })).toEqual([
      'spec.clusterIPs: Invalid value: []string{"10.0.0.11"}: must be empty when `clusterIP` is not specified',
    ]);
  });

  it('allows None only as the sole clusterIP', () => {
    expect(errorsOf({ clusterIP: 'None', clusterIPs: ['None', '10.0.0.1'] })).toEqual([
      'spec.clusterIPs: Invalid value: []string{"None", "10.0.0.1"}: \'None\' must be the first and only value',
    ]);
  });

  it('allows at most one clusterIP per family and two in all', () => {
    expect(errorsOf({ clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1', 'fd00::1'] })).toEqual([]);
    expect(errorsOf({ clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1', '10.0.0.2'] })).toEqual([
      'spec.clusterIPs: Invalid value: []string{"10.0.0.1", "10.0.0.2"}: may specify no more than one IP for each IP family',
    ]);
    expect(errorsOf({ clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1', 'fd00::1', '10.0.0.2'] })).toEqual([
      'spec.clusterIPs: Invalid value: []string{"10.0.0.1", "fd00::1", "10.0.0.2"}: may only hold up to 2 values',
    ]);
  });

  it('checks clusterIPs against ipFamilies', () => {
    expect(errorsOf({ clusterIP: 'fd00::1', ipFamilies: ['IPv4'] })).toEqual([
      'spec.clusterIPs[0]: Invalid value: "fd00::1": expected an IPv4 value as indicated by `ipFamilies[0]`',
    ]);
    expect(errorsOf({ clusterIP: '10.0.0.1', ipFamilies: ['IPv6'] })).toEqual([
      'spec.clusterIPs[0]: Invalid value: "10.0.0.1": expected an IPv6 value as indicated by `ipFamilies[0]`',
    ]);
  });

  it('validates ipFamilies and ipFamilyPolicy values', () => {
    expect(errorsOf({ ipFamilies: ['IPv4', 'IPv4'] })).toEqual([
      'spec.ipFamilies[1]: Duplicate value: "IPv4"',
    ]);
    expect(errorsOf({ ipFamilies: ['IPv5' as never] })).toEqual([
      'spec.ipFamilies[0]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6"',
    ]);
    expect(errorsOf({ ipFamilyPolicy: 'DualStack' as never })).toEqual([
      'spec.ipFamilyPolicy: Unsupported value: "DualStack": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"',
    ]);
  });
});

describe('validateService: ExternalName', () => {
  const externalName = (spec: Partial<ServiceSpec>): Service => {
    const { internalTrafficPolicy: _itp, ...rest } = defaultedService().spec;
    return { ...defaultedService(), spec: { ...rest, type: 'ExternalName', ...spec } };
  };

  it('accepts a lowercase DNS name, with or without a trailing dot', () => {
    expect(formatted(validateService(externalName({ externalName: 'db.example.com' })))).toEqual([]);
    expect(formatted(validateService(externalName({ externalName: 'db.example.com.' })))).toEqual([]);
  });

  it('requires externalName', () => {
    expect(formatted(validateService(externalName({})))).toEqual(['spec.externalName: Required value']);
  });

  it('requires externalName to be a lowercase RFC 1123 subdomain', () => {
    expect(formatted(validateService(externalName({ externalName: 'DB.example.com' })))).toEqual([
      `spec.externalName: Invalid value: "DB.example.com": ${MSG.dns1123Subdomain}`,
    ]);
  });

  it('forbids clusterIP, ipFamilies and ipFamilyPolicy', () => {
    expect(
      formatted(
        validateService(
          externalName({
            externalName: 'db.example.com',
            clusterIP: '10.0.0.1',
            ipFamilies: ['IPv4'],
            ipFamilyPolicy: 'SingleStack',
          }),
        ),
      ),
    ).toEqual([
      'spec.clusterIPs: Forbidden: may not be set for ExternalName services',
      'spec.ipFamilies: Forbidden: may not be set for ExternalName services',
      'spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services',
    ]);
  });
});

describe('validateService: selector and session affinity', () => {
  it('validates selector keys and values as labels', () => {
    expect(errorsOf({ selector: { 'app name': 'web', tier: 'front end' } })).toEqual([
      `spec.selector: Invalid value: "app name": ${MSG.qualifiedNamePart}`,
      `spec.selector: Invalid value: "front end": ${MSG.labelValue}`,
    ]);
  });

  it('requires a supported sessionAffinity', () => {
    expect(errorsOf({ sessionAffinity: undefined as never })).toEqual([
      'spec.sessionAffinity: Required value',
    ]);
    expect(errorsOf({ sessionAffinity: 'Cookie' as never })).toEqual([
      'spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"',
    ]);
  });

  it('forbids sessionAffinityConfig with affinity None', () => {
    expect(errorsOf({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } })).toEqual([
      'spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None',
    ]);
  });

  it('requires the ClientIP config down to timeoutSeconds', () => {
    expect(errorsOf({ sessionAffinity: 'ClientIP' })).toEqual([
      'spec.sessionAffinityConfig: Required value: when session affinity type is ClientIP',
    ]);
    expect(errorsOf({ sessionAffinity: 'ClientIP', sessionAffinityConfig: {} })).toEqual([
      'spec.sessionAffinityConfig.clientIP: Required value: when session affinity type is ClientIP',
    ]);
    expect(errorsOf({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: {} } })).toEqual([
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Required value: when session affinity type is ClientIP',
    ]);
  });

  it('bounds timeoutSeconds to (0, 86400]', () => {
    const timeout = (timeoutSeconds: number): string[] =>
      errorsOf({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds } } });
    expect(timeout(1)).toEqual([]);
    expect(timeout(86400)).toEqual([]);
    expect(timeout(0)).toEqual([
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
    ]);
    expect(timeout(86401)).toEqual([
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400',
    ]);
  });
});

describe('validateService: externalIPs and load balancer fields', () => {
  it('requires externalIPs to be valid, non-special IPs', () => {
    expect(errorsOf({ externalIPs: ['203.0.113.7'], externalTrafficPolicy: 'Cluster' })).toEqual([]);
    expect(
      errorsOf({ externalIPs: ['203.0.113.700', '127.0.0.1'], externalTrafficPolicy: 'Cluster' }),
    ).toEqual([
      `spec.externalIPs[0]: Invalid value: "203.0.113.700": ${MSG.ip}`,
      'spec.externalIPs[1]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ]);
  });

  it('allows loadBalancerSourceRanges only on LoadBalancer, as CIDRs', () => {
    expect(errorsOf({ loadBalancerSourceRanges: ['10.0.0.0/8'] })).toEqual([
      "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ]);
    expect(
      errorsOf({
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Cluster',
        allocateLoadBalancerNodePorts: true,
        loadBalancerSourceRanges: [' 10.0.0.0/8 ', '10.0.0.0'],
      }),
    ).toEqual([`spec.LoadBalancerSourceRanges[1]: Invalid value: "10.0.0.0": ${MSG.cidr}`]);
  });

  it('checks the legacy source-ranges annotation when the field is empty', () => {
    const metadata = meta('web', {
      annotations: { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8, bad' },
    });
    expect(formatted(validateService(defaultedService({}, metadata)))).toEqual([
      "metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Forbidden: may only be used when `type` is 'LoadBalancer'",
      `metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "bad": ${MSG.cidr}`,
    ]);
  });

  it('allows allocateLoadBalancerNodePorts only on LoadBalancer, where it is required', () => {
    expect(errorsOf({ allocateLoadBalancerNodePorts: true })).toEqual([
      "spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ]);
    expect(errorsOf({ type: 'LoadBalancer', externalTrafficPolicy: 'Cluster' })).toEqual([
      'allocateLoadBalancerNodePorts: Required value',
    ]);
  });
});

describe('validateService: traffic policies', () => {
  it('requires externalTrafficPolicy on externally accessible Services', () => {
    expect(errorsOf({ type: 'NodePort' })).toEqual(['spec.externalTrafficPolicy: Required value']);
    expect(errorsOf({ type: 'NodePort', externalTrafficPolicy: 'Nearest' as never })).toEqual([
      'spec.externalTrafficPolicy: Unsupported value: "Nearest": supported values: "Cluster", "Local"',
    ]);
  });

  it('forbids externalTrafficPolicy on internal-only Services', () => {
    expect(errorsOf({ externalTrafficPolicy: 'Local' })).toEqual([
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    ]);
    expect(errorsOf({ externalTrafficPolicy: 'Local', externalIPs: ['203.0.113.7'] })).toEqual([]);
  });

  it('allows healthCheckNodePort only for LoadBalancer with Local policy', () => {
    expect(
      errorsOf({ type: 'NodePort', externalTrafficPolicy: 'Local', healthCheckNodePort: 30999 }),
    ).toEqual([
      "spec.healthCheckNodePort: Invalid value: 30999: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
    ]);
    const lbLocal: Partial<ServiceSpec> = {
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      allocateLoadBalancerNodePorts: true,
    };
    expect(errorsOf({ ...lbLocal, healthCheckNodePort: 30999 })).toEqual([]);
    expect(errorsOf({ ...lbLocal, healthCheckNodePort: 70000 })).toEqual([
      `spec.healthCheckNodePort: Invalid value: 70000: ${MSG.portRange}`,
    ]);
  });

  it('requires an allocated healthCheckNodePort only once allocation has run', () => {
    const lbLocal = defaultedService({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      allocateLoadBalancerNodePorts: true,
    });
    expect(validateService(lbLocal)).toEqual([]);
    expect(formatted(validateService(lbLocal, { allocated: true }))).toEqual([
      'spec.healthCheckNodePort: Required value',
    ]);
  });

  it('requires internalTrafficPolicy except on ExternalName, from the supported set', () => {
    expect(errorsOf({ internalTrafficPolicy: undefined as never })).toEqual([
      'spec.internalTrafficPolicy: Required value',
    ]);
    expect(errorsOf({ internalTrafficPolicy: 'Node' as never })).toEqual([
      'spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"',
    ]);
  });

  it('accepts publishNotReadyAddresses either way', () => {
    expect(errorsOf({ publishNotReadyAddresses: true })).toEqual([]);
    expect(errorsOf({ publishNotReadyAddresses: false })).toEqual([]);
  });
});

describe('validateService after defaultService', () => {
  it('turns a minimal manifest of every type into a valid Service', () => {
    const bare = (spec: ServiceSpec): Service => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('web'),
      spec,
    });
    for (const spec of [
      { ports: [{ port: 80 }] },
      { type: 'NodePort' as const, ports: [{ port: 80 }] },
      { type: 'LoadBalancer' as const, ports: [{ port: 80 }] },
      { type: 'ExternalName' as const, externalName: 'db.example.com' },
      { clusterIP: 'None' },
      { ports: [{ port: 80 }], sessionAffinity: 'ClientIP' as const },
    ])
      expect(validateService(defaultService(bare(spec)))).toEqual([]);
  });

  it('validates every generated well-formed Service clean', () => {
    const portsArb = fc
      .uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 4 })
      .chain((numbers) =>
        fc.tuple(
          ...numbers.map((port, i) =>
            fc.record({
              name: fc.constant(`p${i}`),
              port: fc.constant(port),
              protocol: fc.constantFrom('TCP' as const, 'UDP' as const, 'SCTP' as const),
              targetPort: fc.oneof(
                fc.integer({ min: 1, max: 65535 }),
                fc.constantFrom('http', 'metrics', 'h2c-1'),
              ),
            }),
          ),
        ),
      );
    const specArb = fc.record(
      {
        type: fc.constantFrom('ClusterIP' as const, 'NodePort' as const, 'LoadBalancer' as const),
        ports: portsArb,
        clusterIP: fc.constantFrom('10.96.0.10', '10.96.3.4', 'fd00::10'),
        sessionAffinity: fc.constantFrom('None' as const, 'ClientIP' as const),
        selector: fc.dictionary(
          fc.stringMatching(/^[a-z]([a-z0-9.-]{0,10}[a-z0-9])?$/),
          fc.stringMatching(/^[A-Za-z0-9]{0,8}$/),
          {
            maxKeys: 3,
          },
        ),
        externalIPs: fc.array(fc.constantFrom('203.0.113.7', '198.51.100.20'), { maxLength: 2 }),
        externalTrafficPolicy: fc.constantFrom('Cluster' as const, 'Local' as const),
        internalTrafficPolicy: fc.constantFrom('Cluster' as const, 'Local' as const),
        publishNotReadyAddresses: fc.boolean(),
      },
      { requiredKeys: ['ports'] },
    );
    fc.assert(
      fc.property(specArb, fc.stringMatching(/^[a-z]([a-z0-9-]{0,20}[a-z0-9])?$/), (spec, name) => {
        const { externalTrafficPolicy, ...rest } = spec;
        const accessible =
          spec.type !== 'ClusterIP' && spec.type !== undefined ? true : (spec.externalIPs ?? []).length > 0;
        const input: Service = {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: meta(name),
          spec: accessible && externalTrafficPolicy !== undefined ? { ...rest, externalTrafficPolicy } : rest,
        };
        const defaulted = defaultService(input);
        expect(formatted(validateService(defaulted))).toEqual([]);
      }),
    );
  });
});

describe('validateServiceUpdate', () => {
  const stored = defaultedService({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] });

  it('accepts resubmitting the original manifest without the allocated clusterIP', () => {
    const { clusterIP: _ip, clusterIPs: _ips, ...spec } = stored.spec;
    expect(validateServiceUpdate({ ...stored, spec }, stored)).toEqual([]);
  });

  it('keeps clusterIP immutable once set', () => {
    expect(formatted(validateServiceUpdate(defaultedService({ clusterIP: '10.96.0.11' }), stored))).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set',
    ]);
  });

  it('accepts changing clusterIP when moving to or from ExternalName', () => {
    const { internalTrafficPolicy: _itp, ...spec } = stored.spec;
    const toExternal: Service = {
      ...stored,
      spec: { ...spec, type: 'ExternalName', externalName: 'db.example.com' },
    };
    expect(validateServiceUpdate(toExternal, stored)).toEqual([]);
    const external: Service = {
      ...stored,
      spec: { type: 'ExternalName', externalName: 'db.example.com', sessionAffinity: 'None' },
    };
    expect(validateServiceUpdate(defaultedService({ clusterIP: '10.96.0.99' }), external)).toEqual([]);
  });

  it('keeps healthCheckNodePort immutable while it is needed', () => {
    const lb = defaultedService({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      allocateLoadBalancerNodePorts: true,
      healthCheckNodePort: 30999,
      clusterIP: '10.96.0.10',
    });
    expect(
      formatted(validateServiceUpdate({ ...lb, spec: { ...lb.spec, healthCheckNodePort: 31000 } }, lb)),
    ).toEqual(['spec.healthCheckNodePort: Forbidden: field is immutable']);
  });

  it('requires SingleStack when releasing the secondary clusterIP', () => {
    const dual = defaultedService({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', 'fd00::10'] });
    expect(
      formatted(
        validateServiceUpdate(
          defaultedService({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] }),
          dual,
        ),
      ),
    ).toEqual([
      "spec.ipFamilyPolicy: Invalid value: null: must be set to 'SingleStack' when releasing the secondary clusterIP",
    ]);
  });

  it('runs the create rules too', () => {
    expect(
      formatted(validateServiceUpdate(defaultedService({ clusterIP: '10.96.0.10', ports: [] }), stored)),
    ).toEqual(['spec.ports: Required value']);
  });

  it('keeps the name immutable', () => {
    expect(formatted(validateServiceUpdate({ ...stored, metadata: meta('api') }, stored))).toEqual([
      'metadata.name: Invalid value: "api": field is immutable',
    ]);
  });
});
