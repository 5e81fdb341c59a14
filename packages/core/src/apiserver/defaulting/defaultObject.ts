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
    // Ports that already name their protocol are kept as they are, so a controller's rewrite of an object
    // shares them with the version before (later steps remember work per object).
    case 'Endpoints': {
      const subsets = object.subsets;
      if (subsets === undefined || subsets.every((subset) => allHaveProtocol(subset.ports ?? [])))
        return object;
      return {
        ...object,
        subsets: subsets.map((subset) =>
          subset.ports === undefined || allHaveProtocol(subset.ports)
            ? subset
            : { ...subset, ports: subset.ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' })) },
        ),
      };
    }
    case 'EndpointSlice': {
      const ports = object.ports;
      if (ports === undefined || allHaveProtocol(ports)) return object;
      return { ...object, ports: ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' })) };
    }
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

/** Whether every port names its protocol, so none needs the TCP default. */
function allHaveProtocol(ports: readonly { readonly protocol?: string }[]): boolean {
  return ports.every((port) => port.protocol !== undefined);
}
