import { fieldErrors, fieldPath, type FieldError, type FieldPath } from '../../api/FieldError.js';
import type { ReplicaSet } from '../../api/Deployment.js';
import type { LabelSelector } from '../../api/ObjectMeta.js';
import type { PodTemplateSpec } from '../../api/Pod.js';
import { labelSelectorMatches, validateLabelSelector } from './validateLabels.js';
import { validateNonnegative, validateObjectMeta } from './validateObjectMeta.js';
import { validatePodTemplateSpec } from './validatePod.js';

/**
 * The selector and template rules shared by ReplicaSets and Deployments (pkg/apis/apps/validation):
 * a selector is required and non-empty, must parse, and must select the template's own labels, or
 * the controller would create pods it can never count as its own.
 */
export function validateSelectorAndTemplate(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec,
  specPath: FieldPath,
): FieldError[] {
  const errors: FieldError[] = [];
  const selectorPath = specPath.child('selector');
  let selectorErrors: FieldError[] = [];
  if (selector === undefined) {
    errors.push(fieldErrors.required(selectorPath));
  } else {
    selectorErrors = validateLabelSelector(selector, selectorPath);
    errors.push(...selectorErrors);
    const terms = Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length;
    // Upstream's ReplicaSet check says "deployment" too: the text was copied and never changed.
    if (terms === 0)
      errors.push(fieldErrors.invalid(selectorPath, selector, 'empty selector is invalid for deployment'));
  }
  const templatePath = specPath.child('template');
  // LabelSelectorAsSelector fails on exactly what ValidateLabelSelector rejects.
  if (selectorErrors.length > 0) {
    errors.push(fieldErrors.invalid(selectorPath, selector, 'invalid label selector'));
  } else {
    // A missing selector converts to labels.Nothing(), which matches no labels at all; an empty one to
    // labels.Everything(), which is not compared.
    const matches =
      selector !== undefined &&
      (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0 ||
        labelSelectorMatches(selector, template.metadata?.labels));
    if (!matches)
      errors.push(
        fieldErrors.invalid(
          templatePath.child('metadata').child('labels'),
          template.metadata?.labels ?? null,
          '`selector` does not match template `labels`',
        ),
      );
    errors.push(...validatePodTemplateSpec(template, templatePath));
    const restartPolicy: string = template.spec.restartPolicy ?? 'Always';
    if (restartPolicy !== 'Always')
      errors.push(
        fieldErrors.notSupported(templatePath.child('spec').child('restartPolicy'), restartPolicy, [
          'Always',
        ]),
      );
  }
  return errors;
}

/** ValidateReplicaSet: metadata, replicas and minReadySeconds non-negative, selector and template. */
export function validateReplicaSet(replicaSet: ReplicaSet): FieldError[] {
  const errors = validateObjectMeta(replicaSet.metadata, 'ReplicaSet');
  const specPath = fieldPath('spec');
  const spec = replicaSet.spec;
  // SetDefaults_ReplicaSet: replicas defaults to 1.
  errors.push(...validateNonnegative(spec.replicas ?? 1, specPath.child('replicas')));
  errors.push(...validateNonnegative(spec.minReadySeconds ?? 0, specPath.child('minReadySeconds')));
  errors.push(...validateSelectorAndTemplate(spec.selector, spec.template, specPath));
  return errors;
}
