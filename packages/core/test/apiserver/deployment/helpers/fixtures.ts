import type { Deployment, ReplicaSet } from '../../../../src/api/Deployment.js';
import type { Node } from '../../../../src/api/Node.js';
import type { Pod, PodTemplateSpec } from '../../../../src/api/Pod.js';
import type { SimTime } from '../../../../src/SimTime.js';

/** A pod template for app=web running `image`. */
export function webTemplate(image = 'nginx:1.25'): PodTemplateSpec {
  return {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }] }] },
  };
}

/** A Deployment "web" in "default" selecting app=web, with the given spec fields. */
export function webDeployment(spec: Partial<Deployment['spec']> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web', generation: 1 },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: webTemplate(), ...spec },
  };
}

/** A ReplicaSet owned by the web Deployment, as the controller would have created it. */
export function webReplicaSet(options: {
  readonly hash: string;
  readonly replicas: number;
  readonly image?: string;
  readonly createdAt?: SimTime;
  readonly annotations?: Readonly<Record<string, string>>;
}): ReplicaSet {
  const template = webTemplate(options.image);
  const labels = { app: 'web', 'pod-template-hash': options.hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `web-${options.hash}`,
      namespace: 'default',
      uid: `uid-rs-${options.hash}`,
      creationTimestamp: options.createdAt ?? 0,
      labels,
      annotations: options.annotations ?? {},
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true },
      ],
    },
    spec: {
      replicas: options.replicas,
      selector: { matchLabels: labels },
      template: { ...template, metadata: { labels } },
    },
  };
}

/** A pod of a ReplicaSet; `readySince` makes it Running and Ready since then. */
export function podOf(
  rs: ReplicaSet,
  name: string,
  options: {
    readonly readySince?: SimTime;
    readonly nodeName?: string;
    readonly phase?: NonNullable<Pod['status']>['phase'];
    readonly createdAt?: SimTime;
    readonly deletionTimestamp?: SimTime;
    readonly restarts?: number;
    readonly uid?: string;
    readonly annotations?: Readonly<Record<string, string>>;
  } = {},
): Pod {
  const ready = options.readySince !== undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      ...(options.uid === undefined ? {} : { uid: options.uid }),
      creationTimestamp: options.createdAt ?? 0,
      ...(options.deletionTimestamp === undefined ? {} : { deletionTimestamp: options.deletionTimestamp }),
      labels: { ...(rs.spec.template.metadata?.labels ?? {}) },
      ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs.metadata.name ?? '',
          uid: rs.metadata.uid ?? '',
          controller: true,
        },
      ],
    },
    spec: {
      ...rs.spec.template.spec,
      ...(options.nodeName === undefined ? {} : { nodeName: options.nodeName }),
    },
    status: {
      phase: options.phase ?? (ready ? 'Running' : 'Pending'),
      conditions: ready
        ? [{ type: 'Ready', status: 'True', lastTransitionTime: options.readySince }]
        : [{ type: 'Ready', status: 'False' }],
      containerStatuses: [{ name: 'web', ready, restartCount: options.restarts ?? 0 }],
    },
  };
}

/** A node; Ready unless told otherwise. */
export function node(
  name: string,
  options: {
    readonly ready?: boolean;
    readonly unschedulable?: boolean;
    readonly labels?: Record<string, string>;
  } = {},
): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(options.labels ?? {}) } },
    spec: options.unschedulable === undefined ? {} : { unschedulable: options.unschedulable },
    status: { conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }] },
  };
}
