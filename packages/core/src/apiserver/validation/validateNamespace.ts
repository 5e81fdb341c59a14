import type { FieldError } from '../../api/FieldError.js';
import type { Namespace } from '../../api/ConfigData.js';
import { validateObjectMeta } from './validateObjectMeta.js';

/**
 * ValidateNamespace: a cluster-scoped object whose name must be a DNS-1123 label, because it becomes
 * one label of every Service FQDN (`<service>.<namespace>.svc.cluster.local`).
 */
export function validateNamespace(namespace: Namespace): FieldError[] {
  return validateObjectMeta(namespace.metadata, 'Namespace');
}
