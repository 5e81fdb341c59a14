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

/**
 * Validation of any stored kind, as the apiserver would run it; empty means accepted. `previous` is the
 * stored version an update replaces: the endpoints, addresses and labels it carries over (the very same
 * objects, which are never changed once made) passed validation when it was stored, so they are not walked
 * again. A controller's rewrite of a slice or an Endpoints object changes one or two of its entries.
 */
export function validateObject(
  obj: KubeObject,
  options: ValidateServiceOptions = {},
  previous?: KubeObject,
): FieldError[] {
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
      return validateEndpoints(obj, previous?.kind === 'Endpoints' ? previous : undefined);
    case 'EndpointSlice':
      return validateEndpointSlice(obj, previous?.kind === 'EndpointSlice' ? previous : undefined);
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
