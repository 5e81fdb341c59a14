import type { KubeKind, KubeObject } from '../api/KubeObject.js';
import type { ApiStatus } from '../apiserver/store/ApiStatusError.js';
import type { AppCrashed, AppHealthSet, ProbeResultChanged } from './AppEvents.js';
import type {
  ConnectionBroken,
  ConnectionClosed,
  ConnectionEstablished,
  ConnectionFailed,
  ConnectionOpened,
  ConnectionServed,
  ConnectionUsed,
} from './ConnectionEvents.js';
import type { NodeFailed, NodeRecovered } from './NodeEvents.js';
import type { ProxyStarted, ProxyStopped, ProxySynced } from './ProxyEvents.js';

/**
 * Every event of a run, as one discriminated union. Input events are what a scenario (or a fast-check
 * command sequence) asks of the cluster: API requests, and outside facts such as a node failing or an
 * application's health changing. Derived events are what the apiserver and the controllers conclude: objects
 * created, updated and deleted, requests refused. The log holds both, in (at, seq) order; re-simulation
 * feeds back only the inputs.
 *
 * Events are plain data that survive msgpack: no classes, Dates, functions or undefined values.
 */
export type SimEvent = InputEvent | DerivedEvent;

/** Label key/value pairs, as in Kubernetes metadata.labels and spec.selector. */
export type Labels = Readonly<Record<string, string>>;

// ---- inputs -------------------------------------------------------------------------------------

/** `kubectl apply`: create the object, or update it if it exists. */
export interface ApiApplied {
  readonly type: 'api/applied';
  readonly object: KubeObject;
}

/** `kubectl delete`: pods are deleted gracefully (gracePeriodSeconds defaults to the pod's own setting). */
export interface ApiDeleted {
  readonly type: 'api/deleted';
  readonly kind: KubeKind;
  /** "" for cluster-scoped kinds. */
  readonly namespace: string;
  readonly name: string;
  readonly gracePeriodSeconds?: number;
}

/** `kubectl scale`. */
export interface ApiScaled {
  readonly type: 'api/scaled';
  readonly kind: 'Deployment' | 'ReplicaSet';
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
}

/**
 * The pod's readiness, set from outside: the kubelet takes it as the readiness probe result of every
 * container of the pod (ready or not, whether or not they have a readiness probe) until one of their
 * readiness probes commits a new result. A container that is not running or not started is still not
 * ready, and a pod on a node that is not Ready is still not Ready. Set before the kubelet has started
 * the pod, it applies from the pod's start. Benchmarks and tests use it to flip readiness without
 * modelling an application.
 */
export interface PodReadinessSet {
  readonly type: 'pod/readinessSet';
  readonly namespace: string;
  readonly name: string;
  readonly ready: boolean;
}

/**
 * The node's Ready condition, set directly (as if its kubelet reported it): pods on a node that is not
 * Ready are marked not Ready and the data plane treats the node as down, at once. A host that fails
 * without a word is `node/failed` instead.
 */
export interface NodeReadinessSet {
  readonly type: 'node/readinessSet';
  readonly name: string;
  readonly ready: boolean;
}

export type InputEvent =
  | ApiApplied
  | ApiDeleted
  | ApiScaled
  | PodReadinessSet
  | NodeReadinessSet
  | NodeFailed
  | NodeRecovered
  | AppHealthSet
  | AppCrashed
  | ProxyStopped
  | ProxyStarted
  | ConnectionOpened
  | ConnectionUsed
  | ConnectionClosed;

// ---- derived ------------------------------------------------------------------------------------

/** The apiserver stored a new object (as stored: uid, resourceVersion, defaults, allocations). */
export interface ObjectCreated {
  readonly type: 'object/created';
  readonly object: KubeObject;
}

/** The apiserver stored a new version of an object. */
export interface ObjectUpdated {
  readonly type: 'object/updated';
  readonly object: KubeObject;
}

/** The object is gone from the apiserver. */
export interface ObjectDeleted {
  readonly type: 'object/deleted';
  readonly kind: KubeKind;
  readonly namespace: string;
  readonly name: string;
}

/** The apiserver refused a request; the status says why, as kubectl would print it. */
export interface ApiRejected {
  readonly type: 'api/rejected';
  /** seq of the input that asked. */
  readonly requestSeq: number;
  readonly namespace: string;
  readonly status: ApiStatus;
}

export type DerivedEvent =
  | ObjectCreated
  | ObjectUpdated
  | ObjectDeleted
  | ApiRejected
  | ProbeResultChanged
  | ProxySynced
  | ConnectionEstablished
  | ConnectionFailed
  | ConnectionServed
  | ConnectionBroken;

export type SimEventType = SimEvent['type'];

/**
 * Whether each event type is an input or derived. A mapped type over the union, so adding an event
 * without classifying it is a compile error, and re-simulation can never forget to feed one back.
 */
export const EVENT_ORIGIN: { readonly [T in SimEventType]: 'input' | 'derived' } = {
  'api/applied': 'input',
  'api/deleted': 'input',
  'api/scaled': 'input',
  'pod/readinessSet': 'input',
  'node/readinessSet': 'input',
  'node/failed': 'input',
  'node/recovered': 'input',
  'app/healthSet': 'input',
  'app/crashed': 'input',
  'proxy/stopped': 'input',
  'proxy/started': 'input',
  'connection/opened': 'input',
  'connection/used': 'input',
  'connection/closed': 'input',
  'object/created': 'derived',
  'object/updated': 'derived',
  'object/deleted': 'derived',
  'api/rejected': 'derived',
  'probe/resultChanged': 'derived',
  'proxy/synced': 'derived',
  'connection/established': 'derived',
  'connection/failed': 'derived',
  'connection/served': 'derived',
  'connection/broken': 'derived',
};

/** Whether a string names a known event type. */
export function isSimEventType(type: unknown): type is SimEventType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(EVENT_ORIGIN, type);
}

/** Whether an event is an input (fed back by re-simulation) rather than derived by a controller. */
export function isInputEvent(event: SimEvent): event is InputEvent {
  return EVENT_ORIGIN[event.type] === 'input';
}
