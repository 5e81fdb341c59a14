import fc from 'fast-check';

import type { InputEntry } from '../../src/engine/InputEntry.js';

/** An abstract step; compileInputs() turns a list of them into inputs that are valid in sequence. */
type Step =
  | { kind: 'addNode' }
  | { kind: 'addPod'; node: number; app: number; ready: boolean }
  | { kind: 'setReady'; pod: number; ready: boolean }
  | { kind: 'removePod'; pod: number }
  | { kind: 'addService'; app: number; namespace: number }
  | { kind: 'removeService'; service: number };

const APPS = ['web', 'api', 'db'];
const NAMESPACES = ['default', 'shop'];

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'addNode' as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('addPod' as const),
      node: fc.nat(),
      app: fc.nat({ max: APPS.length - 1 }),
      ready: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('setReady' as const), pod: fc.nat(), ready: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('removePod' as const), pod: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('addService' as const),
      app: fc.nat({ max: APPS.length - 1 }),
      namespace: fc.nat({ max: NAMESPACES.length - 1 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('removeService' as const), service: fc.nat() }) },
);

/** Turns abstract steps into inputs that never contradict the state they arrive in. */
export function compileInputs(steps: readonly { step: Step; gap: number }[]): InputEntry[] {
  const inputs: InputEntry[] = [];
  const nodes: string[] = [];
  const pods: { namespace: string; name: string }[] = [];
  const services: { namespace: string; name: string }[] = [];
  let at = 0;
  let serial = 0;
  for (const { step, gap } of steps) {
    at += gap;
    switch (step.kind) {
      case 'addNode': {
        const n = nodes.length;
        if (n >= 200) break;
        nodes.push(`node-${n}`);
        inputs.push({
          at,
          event: {
            type: 'node/added',
            name: `node-${n}`,
            internalIP: `192.168.${n >> 8}.${(n & 255) + 1}`,
            podCIDR: `10.${n >> 8}.${n & 255}.0/24`,
          },
        });
        break;
      }
      case 'addPod': {
        if (nodes.length === 0) break;
        const namespace = NAMESPACES[serial % NAMESPACES.length] as string;
        const pod = { namespace, name: `pod-${serial++}` };
        pods.push(pod);
        inputs.push({
          at,
          event: {
            type: 'pod/added',
            ...pod,
            nodeName: nodes[step.node % nodes.length] as string,
            labels: { app: APPS[step.app] as string },
            ready: step.ready,
          },
        });
        break;
      }
      case 'setReady': {
        const pod = pods[step.pod % Math.max(1, pods.length)];
        if (pod === undefined) break;
        inputs.push({ at, event: { type: 'pod/readinessSet', ...pod, ready: step.ready } });
        break;
      }
      case 'removePod': {
        if (pods.length === 0) break;
        const [pod] = pods.splice(step.pod % pods.length, 1);
        if (pod !== undefined) inputs.push({ at, event: { type: 'pod/removed', ...pod } });
        break;
      }
      case 'addService': {
        const app = APPS[step.app] as string;
        const service = { namespace: NAMESPACES[step.namespace] as string, name: `${app}-${serial++}` };
        services.push(service);
        inputs.push({
          at,
          event: {
            type: 'service/added',
            ...service,
            selector: { app },
            port: 80,
            targetPort: 8080 + step.app,
          },
        });
        break;
      }
      case 'removeService': {
        if (services.length === 0) break;
        const [service] = services.splice(step.service % services.length, 1);
        if (service !== undefined) inputs.push({ at, event: { type: 'service/removed', ...service } });
        break;
      }
    }
  }
  return inputs;
}

/** Valid input sequences of up to `maxSteps` steps, with gaps of 0..300 ms (0 puts several inputs in one instant). */
export function inputsArb(maxSteps = 60): fc.Arbitrary<InputEntry[]> {
  return fc
    .array(fc.record({ step: stepArb, gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 })) }), {
      maxLength: maxSteps,
      size: 'max',
    })
    .map(compileInputs);
}
