import { fieldErrors, fieldPath, type FieldError, type FieldPath } from '../../api/FieldError.js';
import type { Deployment, DeploymentStrategy } from '../../api/Deployment.js';
import type { IntOrString } from '../../api/ObjectMeta.js';
import { isValidPercent } from './names.js';
import { validateNonnegative, validateObjectMeta } from './validateObjectMeta.js';
import { validateSelectorAndTemplate } from './validateReplicaSet.js';

/**
 * ValidateDeployment (pkg/apis/apps/validation) on a Deployment read with its apps/v1 defaults:
 * replicas 1, strategy RollingUpdate with 25% surge and 25% unavailable, revisionHistoryLimit 10,
 * progressDeadlineSeconds 600.
 */

const DEFAULT_ROLLING_PERCENT = '25%';

/** ValidatePositiveIntOrPercent: a non-negative integer or a percent string. */
function validateIntOrPercent(value: IntOrString, path: FieldPath): FieldError[] {
  if (typeof value === 'number') return validateNonnegative(value, path);
  return isValidPercent(value).map((message) => fieldErrors.invalid(path, value, message));
}

/** getIntOrPercentValue: the number, the percentage, or strconv.Atoi of any other string (0 on failure). */
function intOrPercentValue(value: IntOrString): number {
  if (typeof value === 'number') return value;
  if (isValidPercent(value).length === 0) return Number(value.slice(0, -1));
  return /^[+-]?[0-9]+$/.test(value) ? Number(value) : 0;
}

function validateStrategy(strategy: DeploymentStrategy | undefined, path: FieldPath): FieldError[] {
  const type: string = strategy?.type ?? 'RollingUpdate';
  switch (type) {
    case 'Recreate':
      return strategy?.rollingUpdate === undefined
        ? []
        : [
            fieldErrors.forbidden(
              path.child('rollingUpdate'),
              "may not be specified when strategy `type` is 'Recreate'",
            ),
          ];
    case 'RollingUpdate': {
      const rollingPath = path.child('rollingUpdate');
      const maxUnavailable = strategy?.rollingUpdate?.maxUnavailable ?? DEFAULT_ROLLING_PERCENT;
      const maxSurge = strategy?.rollingUpdate?.maxSurge ?? DEFAULT_ROLLING_PERCENT;
      const errors = validateIntOrPercent(maxUnavailable, rollingPath.child('maxUnavailable'));
      errors.push(...validateIntOrPercent(maxSurge, rollingPath.child('maxSurge')));
      // With neither extra pods nor missing pods allowed, a rollout could never make progress.
      if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0)
        errors.push(
          fieldErrors.invalid(
            rollingPath.child('maxUnavailable'),
            maxUnavailable,
            'may not be 0 when `maxSurge` is 0',
          ),
        );
      if (typeof maxUnavailable === 'string' && intOrPercentValue(maxUnavailable) > 100)
        errors.push(
          fieldErrors.invalid(
            rollingPath.child('maxUnavailable'),
            maxUnavailable,
            'must not be greater than 100%',
          ),
        );
      return errors;
    }
    default:
      return [fieldErrors.notSupported(path, strategy ?? null, ['Recreate', 'RollingUpdate'])];
  }
}

/** ValidateDeployment: metadata, replicas, selector vs template labels, strategy and the timing fields. */
export function validateDeployment(deployment: Deployment): FieldError[] {
  const errors = validateObjectMeta(deployment.metadata, 'Deployment');
  const specPath = fieldPath('spec');
  const spec = deployment.spec;
  errors.push(...validateNonnegative(spec.replicas ?? 1, specPath.child('replicas')));
  errors.push(...validateSelectorAndTemplate(spec.selector, spec.template, specPath));
  errors.push(...validateStrategy(spec.strategy, specPath.child('strategy')));
  const minReadySeconds = spec.minReadySeconds ?? 0;
  errors.push(...validateNonnegative(minReadySeconds, specPath.child('minReadySeconds')));
  errors.push(
    ...validateNonnegative(spec.revisionHistoryLimit ?? 10, specPath.child('revisionHistoryLimit')),
  );
  const progressDeadline = spec.progressDeadlineSeconds ?? 600;
  const progressPath = specPath.child('progressDeadlineSeconds');
  errors.push(...validateNonnegative(progressDeadline, progressPath));
  if (progressDeadline <= minReadySeconds)
    errors.push(fieldErrors.invalid(progressPath, progressDeadline, 'must be greater than minReadySeconds'));
  return errors;
}
