import type { Container, ContainerStatus, Pod, PodSpec } from '../../../src/api/Pod.js';
import type { Node } from '../../../src/api/Node.js';
import type { Service } from '../../../src/api/Service.js';
import type { InputEntry } from '../../../src/engine/InputEntry.js';
import { run, type SimRun } from '../../../src/engine/run.js';
import { resolveSimulationConfig } from '../../../src/engine/SimulationConfig.js';
import type { ProbeResultChanged } from '../../../src/events/AppEvents.js';
import type { InputEvent, SimEvent } from '../../../src/events/SimEvent.js';
import type { LogEntry } from '../../../src/LogEntry.js';
import type { SimTime } from '../../../src/SimTime.js';

/** The watch delay of every run here: the kubelet sees a pod 50 ms after the apiserver stored it. */
export const WATCH_DELAY_MS = 50;

export const s = (seconds: number): SimTime => seconds * 1000;

export function node(name = 'node-1', ready = true): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    spec: { podCIDR: '10.244.1.0/24' },
    status: {
      addresses: [{ type: 'InternalIP', address: '192.168.0.11' }],
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

export interface PodOptions {
  /** `svcsim.dev/*` annotations, written without the prefix. */
  readonly app?: Readonly<Record<string, string>>;
  readonly container?: Partial<Container>;
  readonly spec?: Partial<PodSpec>;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A pod already bound to node-1 (so the kubelet starts it one watch delay after it is applied). */
export function pod(name: string, options: PodOptions = {}): Pod {
  const annotations = Object.fromEntries(
    Object.entries(options.app ?? {}).map(([k, v]) => [`svcsim.dev/${k}`, v]),
  );
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels: options.labels ?? { app: 'web' },
      ...(options.app !== undefined && { annotations }),
    },
    spec: {
      nodeName: 'node-1',
      containers: [
        {
          name: 'app',
          image: 'web:1',
          ports: [{ name: 'http', containerPort: 8080 }],
          ...options.container,
        },
      ],
      ...options.spec,
    },
  };
}

export const webService: Service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
};

export const apply = (at: SimTime, object: Node | Pod | Service): InputEntry => ({
  at,
  event: { type: 'api/applied', object },
});

export const input = (at: SimTime, event: InputEvent): InputEntry => ({ at, event });

/** Runs the inputs for `durationMs` with the watch delay above, folding state frozen (tests catch mutation). */
export function runFor(inputs: readonly InputEntry[], durationMs: SimTime, seed = 1): SimRun {
  return run(inputs, seed, resolveSimulationConfig({ durationMs, watchDelayMs: WATCH_DELAY_MS }), {
    freezeState: true,
  });
}

/** Every version of a pod the apiserver stored, in order, with its instant. */
export function podVersions(
  entries: readonly LogEntry<SimEvent>[],
  name: string,
): { readonly at: SimTime; readonly pod: Pod }[] {
  const versions: { at: SimTime; pod: Pod }[] = [];
  for (const { at, event } of entries) {
    if (event.type !== 'object/created' && event.type !== 'object/updated') continue;
    const object = event.object;
    if (object.kind === 'Pod' && object.metadata.name === name) versions.push({ at, pod: object });
  }
  return versions;
}

/** The instants the pod's Ready condition changed, and to what (the first entry is its first value). */
export function readyChanges(
  entries: readonly LogEntry<SimEvent>[],
  name: string,
): { readonly at: SimTime; readonly ready: boolean }[] {
  const changes: { at: SimTime; ready: boolean }[] = [];
  for (const { at, pod: version } of podVersions(entries, name)) {
    const condition = version.status?.conditions?.find((c) => c.type === 'Ready');
    if (condition === undefined) continue;
    const ready = condition.status === 'True';
    if (changes[changes.length - 1]?.ready !== ready) changes.push({ at, ready });
  }
  return changes;
}

/** The container's status in every pod version that reports one. */
export function containerStatuses(
  entries: readonly LogEntry<SimEvent>[],
  name: string,
  container = 'app',
): { readonly at: SimTime; readonly status: ContainerStatus }[] {
  const statuses: { at: SimTime; status: ContainerStatus }[] = [];
  for (const { at, pod: version } of podVersions(entries, name)) {
    const status = version.status?.containerStatuses?.find((c) => c.name === container);
    if (status !== undefined) statuses.push({ at, status });
  }
  return statuses;
}

/** The probe results the kubelet committed for a pod, in order. */
export function probeResults(
  entries: readonly LogEntry<SimEvent>[],
  name: string,
): (Pick<ProbeResultChanged, 'probe' | 'result' | 'reason'> & { readonly at: SimTime })[] {
  return entries.flatMap(({ at, event }) =>
    event.type === 'probe/resultChanged' && event.name === name
      ? [{ at, probe: event.probe, result: event.result, reason: event.reason }]
      : [],
  );
}

/** When the pod was removed from the apiserver, if it was. */
export function deletedAt(entries: readonly LogEntry<SimEvent>[], name: string): SimTime | undefined {
  return entries.find(
    ({ event }) => event.type === 'object/deleted' && event.kind === 'Pod' && event.name === name,
  )?.at;
}

/** The pod's IP as the kubelet reported it first. */
export function podIPOf(entries: readonly LogEntry<SimEvent>[], name: string): string {
  for (const { pod: version } of podVersions(entries, name)) {
    const ip = version.status?.podIP;
    if (ip !== undefined) return ip;
  }
  throw new Error(`pod ${name} never got an IP`);
}
