import { assertNever } from '../../assertNever.js';
import type { KubeObject } from '../../api/KubeObject.js';
import { defaultPodSpec } from './defaultPodSpec.js';

/**
 * The apiserver's defaulting for every kind but Service (which has its own, with allocation-related
 * rules): the values a stored object shows for fields the manifest left out.
 */
export function defaultObject(object: KubeObject): KubeObject {
  switch (object.kind) {
    case 'Pod':
      return { ...object, spec: defaultPodSpec(object.spec) };
    case 'Deployment': {
      const strategy = object.spec.strategy ?? {};
      const type = strategy.type ?? 'RollingUpdate';
      return {
        ...object,
        spec: {
          ...object.spec,
          replicas: object.spec.replicas ?? 1,
          minReadySeconds: object.spec.minReadySeconds ?? 0,
          revisionHistoryLimit: object.spec.revisionHistoryLimit ?? 10,
          progressDeadlineSeconds: object.spec.progressDeadlineSeconds ?? 600,
          strategy:
            type === 'RollingUpdate'
              ? {
                  type,
                  rollingUpdate: {
                    maxSurge: strategy.rollingUpdate?.maxSurge ?? '25%',
                    maxUnavailable: strategy.rollingUpdate?.maxUnavailable ?? '25%',
                  },
                }
              : { type },
          template: { ...object.spec.template, spec: defaultPodSpec(object.spec.template.spec) },
        },
      };
    }
    case 'ReplicaSet':
      return {
        ...object,
        spec: {
          ...object.spec,
          replicas: object.spec.replicas ?? 1,
          template: { ...object.spec.template, spec: defaultPodSpec(object.spec.template.spec) },
        },
      };
    case 'Endpoints':
      return {
        ...object,
        ...(object.subsets !== undefined && {
          subsets: object.subsets.map((subset) => ({
            ...subset,
            ...(subset.ports !== undefined && {
              ports: subset.ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' })),
            }),
          })),
        }),
      };
    case 'EndpointSlice':
      return {
        ...object,
        ...(object.ports !== undefined && {
          ports: object.ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' })),
        }),
      };
    case 'Secret':
      return { ...object, type: object.type ?? 'Opaque' };
    case 'Namespace':
    case 'Node':
    case 'Service':
    case 'Ingress':
    case 'ConfigMap':
      return object;
    default:
      return assertNever(object);
  }
}
