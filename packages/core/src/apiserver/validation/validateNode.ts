import { fieldErrors, fieldPath, type FieldError } from '../../api/FieldError.js';
import type { Node } from '../../api/Node.js';
import { isIPv6Cidr, isValidCIDR, parseCidrSloppy } from './ipAddresses.js';
import { validateObjectMeta } from './validateObjectMeta.js';

/**
 * The pod CIDRs a Node carries once v1 is converted to the internal type: `podCIDRs`, or the single
 * legacy `podCIDR` when only that one is set.
 */
function nodePodCIDRs(node: Node): readonly string[] {
  if ((node.spec.podCIDRs ?? []).length > 0) return node.spec.podCIDRs ?? [];
  return (node.spec.podCIDR ?? '') === '' ? [] : [node.spec.podCIDR ?? ''];
}

/**
 * ValidateNode: cluster-scoped DNS-subdomain name, valid pod CIDRs, at most one per IP family and no
 * duplicates. Status fields are optional and not validated on create, as upstream.
 */
export function validateNode(node: Node): FieldError[] {
  const errors = validateObjectMeta(node.metadata, 'Node');
  const cidrs = nodePodCIDRs(node);
  const path = fieldPath('spec').child('podCIDRs');
  cidrs.forEach((cidr, i) => {
    for (const message of isValidCIDR(cidr)) errors.push(fieldErrors.invalid(path.index(i), cidr, message));
  });
  if (cidrs.length > 1) {
    const invalid = cidrs.find((cidr) => parseCidrSloppy(cidr) === undefined);
    if (invalid !== undefined)
      errors.push(
        fieldErrors.internal(
          path,
          `invalid PodCIDRs. failed to check with dual stack with error:invalid CIDR address: ${invalid}`,
        ),
      );
    const v6 = cidrs.filter((cidr) => isIPv6Cidr(cidr)).length;
    const dualStack = invalid === undefined && v6 > 0 && v6 < cidrs.length;
    if (!dualStack || cidrs.length > 2)
      errors.push(fieldErrors.invalid(path, cidrs, 'may specify no more than one CIDR for each IP family'));
    const seen = new Set<string>();
    cidrs.forEach((cidr, i) => {
      if (seen.has(cidr)) errors.push(fieldErrors.duplicate(path.index(i), cidr));
      seen.add(cidr);
    });
  }
  return errors;
}
