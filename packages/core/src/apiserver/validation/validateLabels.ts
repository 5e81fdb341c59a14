import { compareCodeUnits } from '../../canonicalDigest.js';
import { fieldErrors, type FieldError, type FieldPath } from '../../api/FieldError.js';
import type { LabelSelector, LabelSelectorRequirement } from '../../api/ObjectMeta.js';
import { isQualifiedName, isValidLabelValue } from './names.js';

/**
 * Label validation from apimachinery's pkg/apis/meta/v1/validation. Errors point at the map itself
 * (`metadata.labels`), not at the key, exactly as the apiserver reports them; maps are walked in sorted
 * key order so the error list is deterministic where Go's map order is not.
 */

/** Sorted own keys of a string map; a missing map has none. */
export function sortedKeys(map: Readonly<Record<string, unknown>> | undefined): string[] {
  return map === undefined ? [] : Object.keys(map).sort(compareCodeUnits);
}

/** ValidateLabelName: a label key must be a qualified name. */
export function validateLabelName(key: string, path: FieldPath): FieldError[] {
  return isQualifiedName(key).map((message) => fieldErrors.invalid(path, key, message));
}

/** ValidateLabels: every key a qualified name, every value a valid label value. */
export function validateLabels(
  labels: Readonly<Record<string, string>> | undefined,
  path: FieldPath,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of sortedKeys(labels)) {
    const value = labels?.[key] ?? '';
    errors.push(...validateLabelName(key, path));
    for (const message of isValidLabelValue(value)) errors.push(fieldErrors.invalid(path, value, message));
  }
  return errors;
}

/** ValidateLabelSelectorRequirement: operator/values agreement, then the key. */
export function validateLabelSelectorRequirement(
  requirement: LabelSelectorRequirement,
  path: FieldPath,
): FieldError[] {
  const errors: FieldError[] = [];
  const values = requirement.values ?? [];
  // The operator arrives as free text from YAML; the type only describes the valid ones.
  const operator: string = requirement.operator;
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0)
        errors.push(
          fieldErrors.required(path.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"),
        );
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0)
        errors.push(
          fieldErrors.forbidden(
            path.child('values'),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      break;
    default:
      errors.push(fieldErrors.invalid(path.child('operator'), operator, 'not a valid selector operator'));
  }
  errors.push(...validateLabelName(requirement.key, path.child('key')));
  return errors;
}

/** ValidateLabelSelector: matchLabels as labels, then each matchExpressions entry. */
export function validateLabelSelector(selector: LabelSelector | undefined, path: FieldPath): FieldError[] {
  if (selector === undefined) return [];
  const errors = validateLabels(selector.matchLabels, path.child('matchLabels'));
  (selector.matchExpressions ?? []).forEach((requirement, i) => {
    errors.push(...validateLabelSelectorRequirement(requirement, path.child('matchExpressions').index(i)));
  });
  return errors;
}

/** labels.Selector.Matches for a metav1.LabelSelector: every matchLabel equal, every expression true. */
export function labelSelectorMatches(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const has = (key: string): boolean => labels !== undefined && Object.hasOwn(labels, key);
  for (const key of sortedKeys(selector.matchLabels)) {
    if (!has(key) || labels?.[key] !== selector.matchLabels?.[key]) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const value = labels?.[key];
    switch (operator) {
      case 'In':
        if (value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has(key)) return false;
        break;
      case 'DoesNotExist':
        if (has(key)) return false;
        break;
    }
  }
  return true;
}
