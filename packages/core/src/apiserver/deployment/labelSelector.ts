import type { LabelSelector } from '../../api/ObjectMeta.js';

/**
 * Whether a label set satisfies a Deployment's or ReplicaSet's selector (matchLabels AND every matchExpression).
 *
 * This is metav1.LabelSelectorAsSelector: a selector with no terms selects everything, unlike a Service's
 * plain-map selector, where an empty map selects nothing. NotIn and DoesNotExist match objects that lack the
 * key, as in the real label package.
 */
export function matchesLabelSelector(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const set = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!Object.hasOwn(set, key) || set[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(set, requirement.key);
    const value = set[requirement.key];
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
        if (!present || value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (present && value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
    }
  }
  return true;
}

/** Whether a selector has no terms at all (and so, for workloads, selects every object). */
export function isEmptyLabelSelector(selector: LabelSelector): boolean {
  return (
    Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0
  );
}
