import type { SimTime } from '../SimTime.js';
import type { IntOrString, ObjectMeta, Protocol } from './ObjectMeta.js';

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: Protocol;
  readonly hostPort?: number;
}

export interface HTTPGetAction {
  readonly path?: string;
  readonly port: IntOrString;
  readonly host?: string;
  readonly scheme?: 'HTTP' | 'HTTPS';
  readonly httpHeaders?: readonly { readonly name: string; readonly value: string }[];
}

export interface Probe {
  readonly exec?: { readonly command?: readonly string[] };
  readonly httpGet?: HTTPGetAction;
  readonly tcpSocket?: { readonly port: IntOrString; readonly host?: string };
  readonly grpc?: { readonly port: number; readonly service?: string };
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly successThreshold?: number;
  readonly failureThreshold?: number;
  readonly terminationGracePeriodSeconds?: number;
}

export interface LifecycleHandler {
  readonly exec?: { readonly command?: readonly string[] };
  readonly httpGet?: HTTPGetAction;
  readonly sleep?: { readonly seconds: number };
}

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
}

export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly ports?: readonly ContainerPort[];
  readonly env?: readonly EnvVar[];
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly startupProbe?: Probe;
  readonly lifecycle?: { readonly preStop?: LifecycleHandler; readonly postStart?: LifecycleHandler };
  /** "Always" on an init container makes it a sidecar (restartable init container). */
  readonly restartPolicy?: 'Always';
}

/** A pod toleration (v1.Toleration); without tolerationSeconds a NoExecute taint is tolerated for ever. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: 'Exists' | 'Equal';
  readonly value?: string;
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  readonly tolerationSeconds?: number;
}

export interface PodSpec {
  readonly nodeName?: string;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly hostname?: string;
  readonly subdomain?: string;
  readonly enableServiceLinks?: boolean;
  readonly dnsPolicy?: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';
  /** Resolver settings merged over what dnsPolicy produces (required with dnsPolicy None). */
  readonly dnsConfig?: PodDNSConfig;
  readonly hostNetwork?: boolean;
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  readonly terminationGracePeriodSeconds?: number;
  readonly readinessGates?: readonly { readonly conditionType: string }[];
  readonly tolerations?: readonly Toleration[];
}

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface PodCondition {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly lastTransitionTime?: SimTime;
  readonly reason?: string;
  readonly message?: string;
}

/** One of waiting, running or terminated is set (v1.ContainerState). */
export interface ContainerState {
  readonly waiting?: { readonly reason?: string; readonly message?: string };
  readonly running?: { readonly startedAt?: SimTime };
  readonly terminated?: {
    readonly exitCode: number;
    readonly reason?: string;
    readonly startedAt?: SimTime;
    readonly finishedAt?: SimTime;
  };
}

export interface ContainerStatus {
  readonly name: string;
  readonly ready: boolean;
  readonly started?: boolean;
  readonly restartCount: number;
  readonly state?: ContainerState;
  /** How the container's previous run ended (after a restart). */
  readonly lastState?: ContainerState;
}

export interface PodStatus {
  readonly phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  readonly podIP?: string;
  readonly podIPs?: readonly { readonly ip: string }[];
  readonly hostIP?: string;
  readonly startTime?: SimTime;
  readonly conditions?: readonly PodCondition[];
  readonly containerStatuses?: readonly ContainerStatus[];
  /** Restartable init containers (sidecars); svcsim does not run plain init containers. */
  readonly initContainerStatuses?: readonly ContainerStatus[];
}

export interface PodTemplateSpec {
  readonly metadata?: ObjectMeta;
  readonly spec: PodSpec;
}

export interface Pod {
  readonly apiVersion: 'v1';
  readonly kind: 'Pod';
  readonly metadata: ObjectMeta;
  readonly spec: PodSpec;
  readonly status?: PodStatus;
}

/** `pod.spec.dnsConfig.options[]`: a resolv.conf option, with a value or without (`ndots:2`, `edns0`). */
export interface PodDNSConfigOption {
  readonly name: string;
  readonly value?: string;
}

/** `pod.spec.dnsConfig`. */
export interface PodDNSConfig {
  readonly nameservers?: readonly string[];
  readonly searches?: readonly string[];
  readonly options?: readonly PodDNSConfigOption[];
}
