/**
 * Every event of a run, as one discriminated union. Input events are what a scenario (or a fast-check
 * command sequence) does to the cluster; derived events are what the controllers conclude from them.
 * The log holds both, in (at, seq) order; re-simulation feeds back only the inputs.
 *
 * Events are plain data that survive msgpack: no classes, Dates, functions or undefined values.
 */
export type SimEvent = InputEvent | DerivedEvent;

/** Label key/value pairs, as in Kubernetes metadata.labels and spec.selector. */
export type Labels = Readonly<Record<string, string>>;

// ---- inputs -------------------------------------------------------------------------------------

/** A node joined the cluster with its InternalIP and the pod CIDR its pods get addresses from. */
export interface NodeAdded {
  readonly type: 'node/added';
  readonly name: string;
  readonly internalIP: string;
  readonly podCIDR: string;
}

/** A pod was created, already bound to a node. */
export interface PodAdded {
  readonly type: 'pod/added';
  readonly namespace: string;
  readonly name: string;
  readonly nodeName: string;
  readonly labels: Labels;
  readonly ready: boolean;
}

/** The pod's Ready condition was set (until the kubelet issue lands, readiness is an input). */
export interface PodReadinessSet {
  readonly type: 'pod/readinessSet';
  readonly namespace: string;
  readonly name: string;
  readonly ready: boolean;
}

/** The pod was deleted. */
export interface PodRemoved {
  readonly type: 'pod/removed';
  readonly namespace: string;
  readonly name: string;
}

/** A selector Service with one TCP port was created. */
export interface ServiceAdded {
  readonly type: 'service/added';
  readonly namespace: string;
  readonly name: string;
  readonly selector: Labels;
  readonly port: number;
  readonly targetPort: number;
}

/** The Service was deleted. */
export interface ServiceRemoved {
  readonly type: 'service/removed';
  readonly namespace: string;
  readonly name: string;
}

export type InputEvent = NodeAdded | PodAdded | PodReadinessSet | PodRemoved | ServiceAdded | ServiceRemoved;

// ---- derived ------------------------------------------------------------------------------------

/** The pod got its IP from its node's pod CIDR (drawn from the run's "allocation" random stream). */
export interface PodIPAssigned {
  readonly type: 'pod/ipAssigned';
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
}

/**
 * The endpoints controller wrote the Service's Endpoints: ready and not-ready addresses as
 * "ip:port", sorted. Written after the controller's watch delay, so the log shows the lag.
 */
export interface EndpointsUpdated {
  readonly type: 'endpoints/updated';
  readonly namespace: string;
  readonly name: string;
  readonly addresses: readonly string[];
  readonly notReadyAddresses: readonly string[];
}

/** The endpoints controller deleted the Endpoints of a deleted Service. */
export interface EndpointsRemoved {
  readonly type: 'endpoints/removed';
  readonly namespace: string;
  readonly name: string;
}

export type DerivedEvent = PodIPAssigned | EndpointsUpdated | EndpointsRemoved;

export type SimEventType = SimEvent['type'];

/**
 * Whether each event type is an input or derived. A mapped type over the union, so adding an event
 * without classifying it is a compile error, and re-simulation can never forget to feed one back.
 */
export const EVENT_ORIGIN: { readonly [T in SimEventType]: 'input' | 'derived' } = {
  'node/added': 'input',
  'pod/added': 'input',
  'pod/readinessSet': 'input',
  'pod/removed': 'input',
  'service/added': 'input',
  'service/removed': 'input',
  'pod/ipAssigned': 'derived',
  'endpoints/updated': 'derived',
  'endpoints/removed': 'derived',
};

/** Whether a string names a known event type. */
export function isSimEventType(type: unknown): type is SimEventType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(EVENT_ORIGIN, type);
}

/** Whether an event is an input (fed back by re-simulation) rather than derived by a controller. */
export function isInputEvent(event: SimEvent): event is InputEvent {
  return EVENT_ORIGIN[event.type] === 'input';
}
