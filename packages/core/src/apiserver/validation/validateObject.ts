import type { FieldError } from '../../api/FieldError.js';
import type { KubeObject } from '../../api/KubeObject.js';
import { assertNever } from '../../assertNever.js';
import { validateConfigMap } from './validateConfigMap.js';
import { validateDeployment } from './validateDeployment.js';
import { validateEndpointSlice } from './validateEndpointSlice.js';
import { validateEndpoints } from './validateEndpoints.js';
import { validateIngress } from './validateIngress.js';
import { validateNamespace } from './validateNamespace.js';
import { validateNode } from './validateNode.js';
import { validatePod } from './validatePod.js';
import { validateReplicaSet } from './validateReplicaSet.js';
import { validateSecret } from './validateSecret.js';
import { validateService, type ValidateServiceOptions } from './validateService.js';

/** Create-time validation of any stored kind, as the apiserver would run it; empty means accepted. */
export function validateObject(obj: KubeObject, options: ValidateServiceOptions = {}): FieldError[] {
  switch (obj.kind) {
    case 'Namespace':
      return validateNamespace(obj);
    case 'Node':
      return validateNode(obj);
    case 'Pod':
      return validatePod(obj);
    case 'Deployment':
      return validateDeployment(obj);
    case 'ReplicaSet':
      return validateReplicaSet(obj);
    case 'Service':
      return validateService(obj, options);
    case 'Endpoints':
      return validateEndpoints(obj);
    case 'EndpointSlice':
      return validateEndpointSlice(obj);
    case 'Ingress':
      return validateIngress(obj);
    case 'Secret':
      return validateSecret(obj);
    case 'ConfigMap':
      return validateConfigMap(obj);
    default:
      return assertNever(obj);
  }
}
