import { describe, expect, it } from 'vitest';

import type { Container, Probe } from '../../../src/api/Pod.js';
import { validatePod } from '../../../src/apiserver/validation/validatePod.js';
import { formatted, meta, MSG, pod } from './fixtures.js';

const errorsOf = (containers: Container[], extra: Parameters<typeof pod>[0] = {}): string[] =>
  formatted(validatePod(pod({ containers, ...extra })));
const app = (extra: Partial<Container> = {}): Container => ({ name: 'app', image: 'nginx', ...extra });
const withProbe = (kind: 'livenessProbe' | 'readinessProbe' | 'startupProbe', probe: Probe): string[] =>
  errorsOf([app({ [kind]: probe })]);

describe('validatePod: metadata and containers', () => {
  it('accepts a minimal Pod', () => {
    expect(validatePod(pod())).toEqual([]);
  });

  it('validates the name as a DNS subdomain', () => {
    expect(formatted(validatePod(pod({}, meta('Web_0'))))).toEqual([
      `metadata.name: Invalid value: "Web_0": ${MSG.dns1123Subdomain}`,
    ]);
  });

  it('requires at least one container', () => {
    expect(errorsOf([])).toEqual(['spec.containers: Required value']);
  });

  it('requires container names to be unique DNS-1123 labels', () => {
    expect(errorsOf([app({ name: '' })])).toEqual(['spec.containers[0].name: Required value']);
    expect(errorsOf([app({ name: 'App' })])).toEqual([
      `spec.containers[0].name: Invalid value: "App": ${MSG.dns1123Label}`,
    ]);
    expect(errorsOf([app(), app()])).toEqual(['spec.containers[1].name: Duplicate value: "app"']);
  });

  it('requires an image without surrounding whitespace', () => {
    expect(errorsOf([{ name: 'app' }])).toEqual(['spec.containers[0].image: Required value']);
    expect(errorsOf([app({ image: ' nginx' })])).toEqual([
      'spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace',
    ]);
  });

  it('checks environment variable names with the relaxed rule', () => {
    expect(errorsOf([app({ env: [{ name: 'MY.VAR-1', value: 'x' }] })])).toEqual([]);
    expect(errorsOf([app({ env: [{ name: '' }, { name: 'A=B' }] })])).toEqual([
      'spec.containers[0].env[0].name: Required value',
      `spec.containers[0].env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
    ]);
  });

  it('forbids restartPolicy on regular containers', () => {
    expect(errorsOf([app({ restartPolicy: 'Always' })])).toEqual([
      'spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers',
    ]);
  });
});

describe('validatePod: container ports', () => {
  it('requires containerPort 1-65535', () => {
    expect(errorsOf([app({ ports: [{ containerPort: 0 }] })])).toEqual([
      'spec.containers[0].ports[0].containerPort: Required value',
    ]);
    expect(errorsOf([app({ ports: [{ containerPort: 70000 }] })])).toEqual([
      `spec.containers[0].ports[0].containerPort: Invalid value: 70000: ${MSG.portRange}`,
    ]);
  });

  it('requires port names to be unique IANA_SVC_NAMEs', () => {
    expect(
      errorsOf([
        app({
          ports: [
            { name: 'http', containerPort: 80 },
            { name: 'metrics', containerPort: 9090 },
          ],
        }),
      ]),
    ).toEqual([]);
    expect(errorsOf([app({ ports: [{ name: 'web-server-http-1', containerPort: 80 }] })])).toEqual([
      'spec.containers[0].ports[0].name: Invalid value: "web-server-http-1": must be no more than 15 characters',
    ]);
    expect(
      errorsOf([
        app({
          ports: [
            { name: 'http', containerPort: 80 },
            { name: 'http', containerPort: 81 },
          ],
        }),
      ]),
    ).toEqual(['spec.containers[0].ports[1].name: Duplicate value: "http"']);
  });

  it('requires a supported protocol', () => {
    expect(errorsOf([app({ ports: [{ containerPort: 80, protocol: 'HTTP' as never }] })])).toEqual([
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  it('checks hostPort range and conflicts across containers', () => {
    expect(errorsOf([app({ ports: [{ containerPort: 80, hostPort: 70000 }] })])).toEqual([
      `spec.containers[0].ports[0].hostPort: Invalid value: 70000: ${MSG.portRange}`,
    ]);
    expect(
      errorsOf([
        app({ ports: [{ containerPort: 80, hostPort: 8080 }] }),
        app({ name: 'side', ports: [{ containerPort: 81, hostPort: 8080 }] }),
      ]),
    ).toEqual(['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"']);
  });

  it('requires hostPort to match containerPort on the host network', () => {
    expect(errorsOf([app({ ports: [{ containerPort: 80 }] })], { hostNetwork: true })).toEqual([]);
    expect(
      errorsOf([app({ ports: [{ containerPort: 80, hostPort: 8080 }] })], { hostNetwork: true }),
    ).toEqual([
      'spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true',
    ]);
  });
});

describe('validatePod: probes and lifecycle', () => {
  it('accepts each single handler type', () => {
    expect(withProbe('readinessProbe', { httpGet: { port: 'http', path: '/healthz' } })).toEqual([]);
    expect(withProbe('livenessProbe', { tcpSocket: { port: 8080 } })).toEqual([]);
    expect(withProbe('startupProbe', { exec: { command: ['true'] } })).toEqual([]);
    expect(withProbe('readinessProbe', { grpc: { port: 9090 } })).toEqual([]);
  });

  it('requires exactly one handler', () => {
    expect(withProbe('readinessProbe', {})).toEqual([
      'spec.containers[0].readinessProbe: Required value: must specify a handler type',
    ]);
    expect(withProbe('readinessProbe', { exec: { command: ['true'] }, tcpSocket: { port: 80 } })).toEqual([
      'spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
    ]);
  });

  it('checks each handler’s own fields', () => {
    expect(withProbe('readinessProbe', { exec: {} })).toEqual([
      'spec.containers[0].readinessProbe.exec.command: Required value',
    ]);
    expect(withProbe('readinessProbe', { httpGet: { port: 0 } })).toEqual([
      `spec.containers[0].readinessProbe.httpGet.port: Invalid value: 0: ${MSG.portRange}`,
    ]);
    expect(withProbe('readinessProbe', { httpGet: { port: 80, scheme: 'GOPHER' as never } })).toEqual([
      'spec.containers[0].readinessProbe.httpGet.scheme: Unsupported value: "GOPHER": supported values: "HTTP", "HTTPS"',
    ]);
    expect(
      withProbe('readinessProbe', { httpGet: { port: 80, httpHeaders: [{ name: 'X Bad', value: 'v' }] } }),
    ).toEqual([
      `spec.containers[0].readinessProbe.httpGet.httpHeaders: Invalid value: "X Bad": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')`,
    ]);
    expect(withProbe('readinessProbe', { tcpSocket: { port: 'Http' } })).toEqual([
      'spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  it('rejects negative timings and thresholds, treating 0 as the default', () => {
    expect(
      withProbe('readinessProbe', { exec: { command: ['x'] }, periodSeconds: 0, failureThreshold: 0 }),
    ).toEqual([]);
    expect(
      withProbe('readinessProbe', {
        exec: { command: ['x'] },
        initialDelaySeconds: -1,
        failureThreshold: -2,
      }),
    ).toEqual([
      'spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.containers[0].readinessProbe.failureThreshold: Invalid value: -2: must be greater than or equal to 0',
    ]);
  });

  it('requires successThreshold 1 for liveness and startup probes only', () => {
    const probe = { exec: { command: ['x'] }, successThreshold: 3 };
    expect(withProbe('readinessProbe', probe)).toEqual([]);
    expect(withProbe('livenessProbe', probe)).toEqual([
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 3: must be 1',
    ]);
    expect(withProbe('startupProbe', probe)).toEqual([
      'spec.containers[0].startupProbe.successThreshold: Invalid value: 3: must be 1',
    ]);
  });

  it('restricts probe terminationGracePeriodSeconds', () => {
    expect(
      withProbe('livenessProbe', { exec: { command: ['x'] }, terminationGracePeriodSeconds: 0 }),
    ).toEqual([
      'spec.containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0',
    ]);
    expect(
      withProbe('readinessProbe', { exec: { command: ['x'] }, terminationGracePeriodSeconds: 5 }),
    ).toEqual([
      'spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes',
    ]);
  });

  it('bounds a preStop sleep by the grace period', () => {
    expect(errorsOf([app({ lifecycle: { preStop: { sleep: { seconds: 5 } } } })])).toEqual([]);
    expect(errorsOf([app({ lifecycle: { preStop: { sleep: { seconds: 31 } } } })])).toEqual([
      'spec.containers[0].lifecycle.preStop.sleep: Invalid value: 31: must be non-negative and less than terminationGracePeriodSeconds (30)',
    ]);
  });
});

describe('validatePod: init containers', () => {
  it('forbids probes and lifecycle on plain init containers', () => {
    expect(
      errorsOf([app()], {
        initContainers: [app({ name: 'init', readinessProbe: { exec: { command: ['x'] } } })],
      }),
    ).toEqual([
      'spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
    ]);
  });

  it('validates probes on sidecars (restartPolicy Always)', () => {
    expect(
      errorsOf([app()], {
        initContainers: [
          app({
            name: 'proxy',
            restartPolicy: 'Always',
            livenessProbe: { exec: { command: ['x'] }, successThreshold: 2 },
          }),
        ],
      }),
    ).toEqual(['spec.initContainers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1']);
  });

  it('requires names unique across regular and init containers', () => {
    expect(errorsOf([app()], { initContainers: [app()] })).toEqual([
      'spec.initContainers[0].name: Duplicate value: "app"',
    ]);
  });
});

describe('validatePod: pod-level fields', () => {
  it('validates nodeSelector as labels', () => {
    expect(errorsOf([app()], { nodeSelector: { 'kubernetes.io/os': 'linux' } })).toEqual([]);
    expect(errorsOf([app()], { nodeSelector: { zone: 'us east' } })).toEqual([
      `spec.nodeSelector: Invalid value: "us east": ${MSG.labelValue}`,
    ]);
  });

  it('checks restartPolicy and dnsPolicy values', () => {
    expect(errorsOf([app()], { restartPolicy: 'Sometimes' as never })).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
    expect(errorsOf([app()], { dnsPolicy: 'Cluster' as never })).toEqual([
      'spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
    expect(errorsOf([app()], { dnsPolicy: 'None' })).toEqual([
      'spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None',
    ]);
  });

  it('validates dnsConfig as validatePodDNSConfig does, and accepts dnsPolicy None with a nameserver', () => {
    expect(errorsOf([app()], { dnsPolicy: 'None', dnsConfig: { nameservers: ['10.0.0.53'] } })).toEqual([]);
    expect(errorsOf([app()], { dnsPolicy: 'None', dnsConfig: { searches: ['corp.example'] } })).toEqual([
      'spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None',
    ]);
    expect(
      errorsOf([app()], {
        dnsConfig: {
          nameservers: ['1.1.1.1', '8.8.8.8', '9.9.9.9', 'dns.example'],
          searches: ['corp.example.', 'Bad_Domain'],
          options: [{ name: 'ndots', value: '2' }, { name: '' }],
        },
      }),
    ).toEqual([
      'spec.dnsConfig.nameservers: Too many: 4: must have at most 3 items',
      'spec.dnsConfig.nameservers[3]: Invalid value: "dns.example": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      `spec.dnsConfig.searches[1]: Invalid value: "Bad_Domain": ${MSG.dns1123Subdomain}`,
      'spec.dnsConfig.options[1]: Required value: Option.Name must not be empty',
    ]);
    const longSearches = Array.from({ length: 33 }, (_, i) => `${'a'.repeat(60)}-${String(i)}.example`);
    expect(errorsOf([app()], { dnsConfig: { searches: longSearches } })).toEqual([
      'spec.dnsConfig.searches: Too many: 33: must have at most 32 items',
      expect.stringMatching(
        /^spec\.dnsConfig\.searches: Invalid value: .*: must not have more than 2048 characters \(including spaces\) in the search list$/,
      ),
    ]);
  });

  it('checks hostname, subdomain, nodeName and readiness gates', () => {
    expect(
      errorsOf([app()], {
        hostname: 'web.0',
        subdomain: 'Web',
        nodeName: 'Node_1',
        readinessGates: [{ conditionType: 'a b' }],
      }),
    ).toEqual([
      `spec.readinessGates[0].conditionType: Invalid value: "a b": ${MSG.qualifiedNamePart}`,
      `spec.nodeName: Invalid value: "Node_1": ${MSG.dns1123Subdomain}`,
      'spec.hostname: Invalid value: "web.0": must not contain dots',
      `spec.subdomain: Invalid value: "Web": ${MSG.dns1123Label}`,
    ]);
  });
});
