import fc from 'fast-check';

import type { Deployment } from '../../src/api/Deployment.js';
import type { Node } from '../../src/api/Node.js';
import type { Pod } from '../../src/api/Pod.js';
import type { Service } from '../../src/api/Service.js';
import type { InputEntry } from '../../src/engine/InputEntry.js';

/** An abstract step; compileInputs() turns a list of them into inputs for a run. */
export type Step =
  | { kind: 'addNode'; zone: number }
  | { kind: 'setNodeReady'; node: number; ready: boolean }
  | { kind: 'addPod'; node: number; app: number; portName: number; ready: boolean }
  | { kind: 'setReady'; pod: number; ready: boolean }
  | { kind: 'deletePod'; pod: number }
  | { kind: 'addService'; app: number; named: boolean; publishNotReady: boolean }
  | { kind: 'deleteService'; service: number }
  | { kind: 'addDeployment'; app: number; replicas: number }
  | { kind: 'scale'; deployment: number; replicas: number };

const APPS = ['web', 'api', 'db'];
const ZONES = ['zone-a', 'zone-b'];

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('addNode' as const), zone: fc.nat({ max: 1 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('setNodeReady' as const), node: fc.nat(), ready: fc.boolean() }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('addPod' as const),
      node: fc.nat(),
      app: fc.nat({ max: APPS.length - 1 }),
      portName: fc.nat({ max: 2 }),
      ready: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('setReady' as const), pod: fc.nat(), ready: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deletePod' as const), pod: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('addService' as const),
      app: fc.nat({ max: APPS.length - 1 }),
      named: fc.boolean(),
      publishNotReady: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteService' as const), service: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('addDeployment' as const),
      app: fc.nat({ max: APPS.length - 1 }),
      replicas: fc.nat({ max: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('scale' as const),
      deployment: fc.nat(),
      replicas: fc.nat({ max: 5 }),
    }),
  },
);

export function nodeObject(index: number, zone: string): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `node-${index}`, labels: { 'topology.kubernetes.io/zone': zone } },
    spec: { podCIDR: `10.${64 + (index >> 8)}.${index & 255}.0/24` },
    status: {
      addresses: [{ type: 'InternalIP', address: `192.168.${index >> 8}.${(index & 255) + 1}` }],
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

/** Container ports: pods of one app may name their port differently, so named targetPorts resolve per pod. */
const PORT_LAYOUTS = [
  [{ name: 'http', containerPort: 8080 }],
  [{ name: 'http', containerPort: 9090 }],
  [{ name: 'metrics', containerPort: 9100 }],
];

export function podObject(name: string, app: string, nodeName: string, portName: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app } },
    spec: {
      nodeName,
      containers: [{ name: 'main', image: 'example/app:1', ports: PORT_LAYOUTS[portName] ?? [] }],
    },
  };
}

export function serviceObject(name: string, app: string, named: boolean, publishNotReady: boolean): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { app },
      ports: [{ name: 'web', port: 80, targetPort: named ? 'http' : 8080 }],
      ...(publishNotReady && { publishNotReadyAddresses: true }),
    },
  };
}

export function deploymentObject(name: string, app: string, replicas: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app, deployment: name } },
      template: {
        metadata: { labels: { app, deployment: name } },
        spec: {
          containers: [
            { name: 'main', image: 'example/app:1', ports: [{ name: 'http', containerPort: 8080 }] },
          ],
        },
      },
    },
  };
}

/** Turns abstract steps into inputs; steps that would name nothing (no node yet) are dropped. */
export function compileInputs(steps: readonly { step: Step; gap: number }[]): InputEntry[] {
  const inputs: InputEntry[] = [];
  let nodes = 0;
  const pods: string[] = [];
  const services: string[] = [];
  const deployments: string[] = [];
  let at = 0;
  let serial = 0;
  for (const { step, gap } of steps) {
    at += gap;
    switch (step.kind) {
      case 'addNode':
        if (nodes >= 50) break;
        inputs.push({
          at,
          event: { type: 'api/applied', object: nodeObject(nodes++, ZONES[step.zone] ?? 'zone-a') },
        });
        break;
      case 'setNodeReady':
        if (nodes === 0) break;
        inputs.push({
          at,
          event: { type: 'node/readinessSet', name: `node-${step.node % nodes}`, ready: step.ready },
        });
        break;
      case 'addPod': {
        if (nodes === 0) break;
        const name = `pod-${serial++}`;
        pods.push(name);
        inputs.push({
          at,
          event: {
            type: 'api/applied',
            object: podObject(name, APPS[step.app] ?? 'web', `node-${step.node % nodes}`, step.portName),
          },
        });
        if (!step.ready)
          inputs.push({
            at: at + 1,
            event: { type: 'pod/readinessSet', namespace: 'default', name, ready: false },
          });
        break;
      }
      case 'setReady': {
        const name = pods[step.pod % Math.max(1, pods.length)];
        if (name === undefined) break;
        inputs.push({
          at,
          event: { type: 'pod/readinessSet', namespace: 'default', name, ready: step.ready },
        });
        break;
      }
      case 'deletePod': {
        if (pods.length === 0) break;
        const [name] = pods.splice(step.pod % pods.length, 1);
        if (name !== undefined)
          inputs.push({ at, event: { type: 'api/deleted', kind: 'Pod', namespace: 'default', name } });
        break;
      }
      case 'addService': {
        const name = `svc-${serial++}`;
        services.push(name);
        inputs.push({
          at,
          event: {
            type: 'api/applied',
            object: serviceObject(name, APPS[step.app] ?? 'web', step.named, step.publishNotReady),
          },
        });
        break;
      }
      case 'deleteService': {
        if (services.length === 0) break;
        const [name] = services.splice(step.service % services.length, 1);
        if (name !== undefined)
          inputs.push({ at, event: { type: 'api/deleted', kind: 'Service', namespace: 'default', name } });
        break;
      }
      case 'addDeployment': {
        const name = `deploy-${serial++}`;
        deployments.push(name);
        inputs.push({
          at,
          event: {
            type: 'api/applied',
            object: deploymentObject(name, APPS[step.app] ?? 'web', step.replicas),
          },
        });
        break;
      }
      case 'scale': {
        const name = deployments[step.deployment % Math.max(1, deployments.length)];
        if (name === undefined) break;
        inputs.push({
          at,
          event: {
            type: 'api/scaled',
            kind: 'Deployment',
            namespace: 'default',
            name,
            replicas: step.replicas,
          },
        });
        break;
      }
    }
  }
  return inputs;
}

/** Input sequences of up to `maxSteps` steps, with gaps of 0..300 ms (0 puts several inputs in one instant). */
export function inputsArb(maxSteps = 60): fc.Arbitrary<InputEntry[]> {
  return fc
    .array(fc.record({ step: stepArb, gap: fc.oneof(fc.constant(0), fc.integer({ min: 2, max: 300 })) }), {
      maxLength: maxSteps,
      size: 'max',
    })
    .map(compileInputs);
}
