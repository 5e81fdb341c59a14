import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, parseAllDocuments, type Node as YamlNode } from 'yaml';

import { run, type ApiStatus, type KubeObject } from '@svcsim/core';

import { ScenarioError, loadScenario, type ScenarioProblem } from '../../src/index.js';
import type { FieldSchema } from '../../src/loader/manifestSchema/FieldSchema.js';
import { MANIFEST_SCHEMAS } from '../../src/loader/manifestSchema/manifestSchemas.js';
import type { ManifestKind } from '../../src/loader/manifestSchema/manifestKinds.js';

const FILE = 'strict.yaml';

const SCENARIO = `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
metadata: {name: strict}
spec:
  seed: 1
  duration: 10s
`;

/** A scenario file holding the Scenario document and then the manifests. */
function scenarioWith(...manifests: string[]): string {
  return SCENARIO + manifests.map((manifest) => `---\n${manifest}`).join('');
}

function problemsOf(text: string): readonly ScenarioProblem[] {
  try {
    loadScenario(text, FILE);
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
  return [];
}

/** The manifests a file loads to, as applied at t=0 (the Scenario's one node comes first). */
function manifestsOf(text: string): KubeObject[] {
  return loadScenario(text, FILE).inputs.flatMap((input) =>
    input.at === 0 && input.event.type === 'api/applied' && input.event.object.kind !== 'Node'
      ? [input.event.object]
      : [],
  );
}

/** Line and column (1-based) of the one occurrence of `token` in `text`. */
function positionOf(text: string, token: string): { line: number; column: number } {
  const offset = text.indexOf(token);
  expect(offset, `"${token}" occurs in the text`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(token, offset + 1), `"${token}" occurs once`).toBe(-1);
  return positionAt(text, offset);
}

function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1) ?? '').length + 1 };
}

function problemAt(text: string, token: string, path: string, message: string): ScenarioProblem {
  return { file: FILE, ...positionOf(text, token), path, message };
}

/** A valid manifest of every kind, each using most of the fields its schema knows. */
const VALID: Readonly<Record<ManifestKind, string>> = {
  Namespace: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {team: payments}
`,
  Node: `apiVersion: v1
kind: Node
metadata:
  name: edge-1
  labels: {topology.kubernetes.io/zone: zone-b}
spec:
  podCIDR: 10.244.9.0/24
  unschedulable: false
status:
  addresses:
    - type: InternalIP
      address: 192.168.0.90
  conditions:
    - type: Ready
      status: "True"
      reason: KubeletReady
`,
  Pod: `apiVersion: v1
kind: Pod
metadata:
  name: client
  annotations: {svcsim.dev/startup-delay: 1s}
spec:
  nodeName: node-1
  dnsPolicy: ClusterFirst
  dnsConfig:
    searches: [corp.example]
    options:
      - name: ndots
        value: "2"
  terminationGracePeriodSeconds: 10
  containers:
    - name: curl
      image: example/curl:1
      env:
        - name: TARGET
          value: http://web
      ports:
        - name: admin
          containerPort: 9000
          protocol: TCP
      livenessProbe:
        tcpSocket:
          port: admin
        periodSeconds: 5
      lifecycle:
        preStop:
          exec:
            command: [sleep, "2"]
`,
  Service: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector: {app: web}
  sessionAffinity: ClientIP
  sessionAffinityConfig:
    clientIP:
      timeoutSeconds: 60
  externalTrafficPolicy: Local
  ports:
    - name: http
      port: 80
      targetPort: http
      nodePort: 30080
`,
  Endpoints: `apiVersion: v1
kind: Endpoints
metadata:
  name: external-db
subsets:
  - addresses:
      - ip: 192.168.50.10
        hostname: db-0
    notReadyAddresses:
      - ip: 192.168.50.11
    ports:
      - name: postgres
        port: 5432
        protocol: TCP
`,
  Secret: `apiVersion: v1
kind: Secret
metadata:
  name: db-password
type: Opaque
data:
  password: c2VjcmV0
stringData:
  user: shop
`,
  ConfigMap: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
`,
  Deployment: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  minReadySeconds: 3
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 25%
  selector:
    matchLabels: {app: web}
    matchExpressions:
      - key: tier
        operator: In
        values: [frontend]
  template:
    metadata:
      labels: {app: web, tier: frontend}
    spec:
      containers:
        - name: web
          image: example/web:1
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 5
            failureThreshold: 2
`,
  EndpointSlice: `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: external-db-1
  labels: {kubernetes.io/service-name: external-db}
addressType: IPv4
endpoints:
  - addresses: [192.168.50.10]
    conditions:
      ready: true
      serving: true
    zone: zone-a
ports:
  - name: postgres
    port: 5432
    protocol: TCP
`,
  Ingress: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  ingressClassName: nginx
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
`,
};

const KINDS = Object.keys(VALID) as ManifestKind[];

describe('strict manifests: unknown fields', () => {
  it.each(KINDS)('a valid %s loads', (kind) => {
    expect(problemsOf(scenarioWith(VALID[kind]))).toEqual([]);
  });

  // One misspelling per kind: [kind, field as written in VALID, as misspelt, its path, suggestion].
  const MISSPELT: readonly (readonly [ManifestKind, string, string, string, string])[] = [
    ['Namespace', '  labels:', '  lables:', 'metadata.lables', 'labels'],
    ['Node', '  podCIDR:', '  podCIRD:', 'spec.podCIRD', 'podCIDR'],
    [
      'Pod',
      '      livenessProbe:',
      '      livenesProbe:',
      'spec.containers[0].livenesProbe',
      'livenessProbe',
    ],
    ['Service', '      targetPort:', '      targetport:', 'spec.ports[0].targetport', 'targetPort'],
    [
      'Endpoints',
      '    notReadyAddresses:',
      '    notReadyAdresses:',
      'subsets[0].notReadyAdresses',
      'notReadyAddresses',
    ],
    ['Secret', 'stringData:', 'stringdata:', 'stringdata', 'stringData'],
    ['ConfigMap', '\ndata:', '\ndate:', 'date', 'data'],
    [
      'Deployment',
      '          readinessProbe:',
      '          readinesProbe:',
      'spec.template.spec.containers[0].readinesProbe',
      'readinessProbe',
    ],
    ['EndpointSlice', '    conditions:', '    condtions:', 'endpoints[0].condtions', 'conditions'],
    [
      'Ingress',
      '            pathType:',
      '            pathtype:',
      'spec.rules[0].http.paths[0].pathtype',
      'pathType',
    ],
  ];

  it.each(MISSPELT)(
    '%s: a misspelt field is an error at its line and column, with the closest name',
    (kind, written, misspelt, path, suggestion) => {
      const text = scenarioWith(VALID[kind].replace(written, misspelt));
      const key = misspelt.trim().slice(0, -1);
      expect(problemsOf(text)).toEqual([
        problemAt(text, misspelt.trim(), path, `unknown field "${key}" (did you mean "${suggestion}"?)`),
      ]);
    },
  );

  it('names no field when none is close', () => {
    const text = scenarioWith(VALID.Service.replace('  type: NodePort', '  colour: blue'));
    expect(problemsOf(text)).toEqual([problemAt(text, 'colour', 'spec.colour', 'unknown field "colour"')]);
  });

  it('reports every unknown field of a file at once, in file order', () => {
    const text = scenarioWith(
      VALID.Service.replace('  selector:', '  selecter:').replace('      nodePort:', '      nodeport:'),
      VALID.ConfigMap.replace('\ndata:', '\ndatas:'),
    );
    expect(problemsOf(text).map((problem) => problem.path)).toEqual([
      'spec.selecter',
      'spec.ports[0].nodeport',
      'datas',
    ]);
  });

  it('checks a manifest a timeline step applies, under the step', () => {
    const object = VALID.Service.replace('      targetPort:', '      targetport:')
      .trimEnd()
      .split('\n')
      .map((line) => `        ${line}`)
      .join('\n');
    const text = `${SCENARIO}  timeline:\n    - at: 5s\n      action: apply\n      object:\n${object}\n`;
    expect(problemsOf(text)).toEqual([
      problemAt(
        text,
        'targetport',
        'spec.timeline[0].object.spec.ports[0].targetport',
        'unknown field "targetport" (did you mean "targetPort"?)',
      ),
    ]);
  });

  it('suggests the right kind for a misspelt kind', () => {
    const text = scenarioWith(VALID.Deployment.replace('kind: Deployment', 'kind: Deploymnet'));
    expect(problemsOf(text)).toEqual([
      problemAt(
        text,
        'Deploymnet',
        'kind',
        'expected one of Namespace, Node, Pod, Service, Endpoints, Secret, ConfigMap, Deployment, EndpointSlice, Ingress, got "Deploymnet" (did you mean "Deployment"?)',
      ),
    ]);
  });
});

/** A field name in a manifest that its schema checks, where it is written, and its path. */
interface FieldSite {
  readonly kind: ManifestKind;
  readonly name: string;
  readonly path: string;
  readonly offset: number;
}

/** Every field name the schema checks in a manifest (not label keys, not unmodelled subtrees). */
function fieldSites(kind: ManifestKind, node: YamlNode | null, schema: FieldSchema, path = ''): FieldSite[] {
  if (schema.type === 'list' && isSeq(node)) {
    return node.items.flatMap((item, i) =>
      fieldSites(kind, item as YamlNode, schema.items, `${path}[${String(i)}]`),
    );
  }
  if (schema.type !== 'object' || !isMap(node)) return [];
  return node.items.flatMap((pair) => {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') return [];
    const name = pair.key.value;
    const fieldPath = path === '' ? name : `${path}.${name}`;
    const fieldSchema = schema.fields[name];
    if (fieldSchema === undefined) return [];
    const site = { kind, name, path: fieldPath, offset: pair.key.range?.[0] ?? -1 };
    return [site, ...fieldSites(kind, pair.value as YamlNode, fieldSchema, fieldPath)];
  });
}

/** What the loader itself needs (kind, apiVersion, a name); misspelling them is a different error. */
const LOADER_FIELDS = new Set(['kind', 'apiVersion', 'metadata', 'metadata.name']);

const SITES: readonly FieldSite[] = KINDS.flatMap((kind) => {
  const [document] = parseAllDocuments(VALID[kind]);
  return fieldSites(kind, document?.contents ?? null, MANIFEST_SCHEMAS[kind]).filter(
    (site) => !LOADER_FIELDS.has(site.path),
  );
});

describe('strict manifests: any known field, misspelt, is caught where it is written', () => {
  it('finds field names of every kind to misspell', () => {
    expect(new Set(SITES.map((site) => site.kind))).toEqual(new Set(KINDS));
  });

  it('a change of case in one letter is reported at the field, suggesting the real name', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SITES), fc.nat(), (site, at) => {
        const letters = Array.from(site.name.matchAll(/[a-zA-Z]/g), (match) => match.index);
        const i = letters[at % letters.length] ?? 0;
        const char = site.name.charAt(i);
        const flipped = char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase();
        const misspelt = site.name.slice(0, i) + flipped + site.name.slice(i + 1);
        const manifest = VALID[site.kind];
        const edited =
          manifest.slice(0, site.offset) + misspelt + manifest.slice(site.offset + site.name.length);
        const text = scenarioWith(edited);
        const path = site.path.slice(0, site.path.length - site.name.length) + misspelt;
        expect(problemsOf(text)).toEqual([
          {
            file: FILE,
            ...positionAt(text, SCENARIO.length + '---\n'.length + site.offset),
            path,
            message: `unknown field "${misspelt}" (did you mean "${site.name}"?)`,
          },
        ]);
      }),
    );
  });

  it('two neighbouring letters swapped are reported at the field, with a suggestion', () => {
    const swappable = SITES.filter((site) => site.name.length >= 2);
    fc.assert(
      fc.property(fc.constantFrom(...swappable), fc.nat(), (site, at) => {
        const i = at % (site.name.length - 1);
        const misspelt =
          site.name.slice(0, i) + site.name.charAt(i + 1) + site.name.charAt(i) + site.name.slice(i + 2);
        fc.pre(misspelt !== site.name);
        const manifest = VALID[site.kind];
        const text = scenarioWith(
          manifest.slice(0, site.offset) + misspelt + manifest.slice(site.offset + site.name.length),
        );
        const problems = problemsOf(text);
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatchObject({
          ...positionAt(text, SCENARIO.length + '---\n'.length + site.offset),
          path: site.path.slice(0, site.path.length - site.name.length) + misspelt,
        });
        expect(problems[0]?.message).toMatch(
          new RegExp(`^unknown field "${misspelt}" \\(did you mean ".+"\\?\\)$`),
        );
      }),
    );
  });
});

describe('strict manifests: values of the wrong shape', () => {
  // [kind, as written in VALID, replacement, token to point at, path, message]
  const WRONG: readonly (readonly [ManifestKind, string, string, string, string, string])[] = [
    ['Service', 'port: 80', 'port: "80"', '"80"', 'spec.ports[0].port', 'expected an integer, got "80"'],
    [
      'Deployment',
      'replicas: 2',
      'replicas: three',
      'three',
      'spec.replicas',
      'expected an integer, got "three"',
    ],
    [
      'Service',
      'selector: {app: web}',
      'selector: app=web',
      'app=web',
      'spec.selector',
      'expected a mapping of strings, got "app=web"',
    ],
    [
      'Deployment',
      'labels: {app: web, tier: frontend}',
      'labels: {app: web, tier: frontend, version: 1.10}',
      '1.10',
      'spec.template.metadata.labels[version]',
      'expected a string, got 1.1 (quote it: "1.10")',
    ],
    [
      'Service',
      '  ports:\n    - name: http\n      port: 80\n      targetPort: http\n      nodePort: 30080\n',
      '  ports: {name: http, port: 80}\n',
      '{name: http, port: 80}',
      'spec.ports',
      'expected a list, got a mapping',
    ],
    [
      'Service',
      'targetPort: http',
      'targetPort: {name: http}',
      '{name: http}',
      'spec.ports[0].targetPort',
      'expected an integer or a string, got a mapping',
    ],
    [
      'Node',
      'unschedulable: false',
      'unschedulable: "no"',
      '"no"',
      'spec.unschedulable',
      'expected true or false, got "no"',
    ],
    [
      'Pod',
      'value: http://web',
      'value: 8080',
      '8080',
      'spec.containers[0].env[0].value',
      'expected a string, got 8080 (quote it: "8080")',
    ],
    [
      'Ingress',
      '  rules:\n    - host',
      '  rules: every-host\n  rulez:\n    - host',
      'every-host',
      'spec.rules',
      'expected a list, got "every-host"',
    ],
  ];

  it.each(WRONG)(
    '%s: %s written as %s is reported where it is written',
    (kind, written, replacement, token, path, message) => {
      const text = scenarioWith(VALID[kind].replace(written, replacement));
      const problems = problemsOf(text).filter((problem) => problem.path === path);
      expect(problems).toEqual([problemAt(text, token, path, message)]);
    },
  );
});

describe('strict manifests: what real manifests hold', () => {
  it('accepts real Kubernetes fields svcsim does not model, and keeps them as written', () => {
    const deployment = VALID.Deployment.replace(
      '          image: example/web:1\n',
      '          image: example/web:1\n          imagePullPolicy: Always\n          resources: {limits: {cpu: 500m}}\n',
    ).replace('    spec:\n', '    spec:\n      tolerations: [{key: spot, operator: Exists}]\n');
    const [object] = manifestsOf(scenarioWith(deployment));
    expect(object?.kind).toBe('Deployment');
    if (object?.kind !== 'Deployment') return;
    expect(object.spec.template.spec).toMatchObject({
      tolerations: [{ key: 'spot', operator: 'Exists' }],
      containers: [{ name: 'web', imagePullPolicy: 'Always', resources: { limits: { cpu: '500m' } } }],
    });
  });

  it('leaves null fields out, as the apiserver leaves them unset, and reads an empty label value as ""', () => {
    const text = scenarioWith(`apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  creationTimestamp: null
  labels:
    app:
  annotations:
data:
`);
    expect(manifestsOf(text)).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: 'default', labels: { app: '' } },
      },
    ]);
  });

  it('keeps virtual times and drops RFC 3339 ones, which mean nothing in a virtual run', () => {
    const text = scenarioWith(
      VALID.Pod.replace('  name: client\n', '  name: client\n  creationTimestamp: "2025-03-02T10:41:19Z"\n'),
      VALID.ConfigMap.replace('  name: settings\n', '  name: settings\n  creationTimestamp: 1500\n'),
    );
    const [pod, configMap] = manifestsOf(text);
    expect(pod?.metadata).not.toHaveProperty('creationTimestamp');
    expect(configMap?.metadata.creationTimestamp).toBe(1500);
  });

  it('decodes a required field left out to its zero value, or leaves it unset where Kubernetes has a pointer', () => {
    const text = scenarioWith(
      VALID.Service.replace('      port: 80\n', ''),
      VALID.Deployment.replace(/ {2}selector:\n(.*\n){5}/, ''),
    );
    const [service, deployment] = manifestsOf(text);
    expect(service?.kind === 'Service' && service.spec.ports?.[0]?.port).toBe(0);
    expect(deployment?.kind === 'Deployment' && 'selector' in deployment.spec).toBe(false);
  });

  it('lets the apiserver refuse what validation refuses, as a real one answers kubectl', () => {
    const loaded = loadScenario(scenarioWith(VALID.Service.replace('      port: 80\n', '')), FILE);
    const result = run(loaded.inputs, loaded.seed, loaded.config);
    const rejections = result.log.entries.flatMap((entry) =>
      entry.event.type === 'api/rejected' ? [entry.event.status] : [],
    );
    expect(rejections.map((status: ApiStatus) => status.message)).toEqual([
      expect.stringContaining('spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'),
    ]);
  });

  it('expands aliases to anchors in the same manifest', () => {
    const text = scenarioWith(`apiVersion: v1
kind: Service
metadata:
  name: web
  labels: &labels {app: web}
spec:
  selector: *labels
  ports: [{port: 80}]
`);
    const [service] = manifestsOf(text);
    expect(service?.kind === 'Service' && service.spec.selector).toEqual({ app: 'web' });
  });

  it('reports an alias it cannot expand instead of loading something else', () => {
    const text = scenarioWith(`apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
binaryData: &blob
  nested: *blob
`);
    expect(problemsOf(text)).toEqual([
      problemAt(text, '*blob', 'binaryData.nested', 'the alias *blob contains itself'),
    ]);
  });

  it('reports an alias to an anchor outside the manifest', () => {
    const text = `${SCENARIO}  timeline:
    - at: 1s
      action: apply
      object:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a, labels: &team {team: shop}}
    - at: 2s
      action: apply
      object:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: b, labels: *team}
`;
    expect(problemsOf(text)).toEqual([
      problemAt(
        text,
        '*team',
        'spec.timeline[1].object.metadata.labels',
        'the alias *team has no anchor in this manifest (aliases are expanded within one manifest)',
      ),
    ]);
  });

  it('keeps a label key that names a prototype property as data', () => {
    const text = scenarioWith(
      VALID.ConfigMap.replace('  name: settings\n', '  name: settings\n  labels: {__proto__: x}\n'),
    );
    const [configMap] = manifestsOf(text);
    expect(Object.keys(configMap?.metadata.labels ?? {})).toEqual(['__proto__']);
  });
});
