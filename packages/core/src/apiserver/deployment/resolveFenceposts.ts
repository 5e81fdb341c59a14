import type { Deployment } from '../../api/Deployment.js';
import type { IntOrString } from '../../api/ObjectMeta.js';

/** apps/v1 defaulting for a RollingUpdate Deployment's maxSurge and maxUnavailable. */
export const DEFAULT_MAX_SURGE: IntOrString = '25%';
export const DEFAULT_MAX_UNAVAILABLE: IntOrString = '25%';

/**
 * intstr.GetScaledValueFromIntOrPercent: an integer as is, or "N%" of total rounded up or down. Any other
 * string is an error, as in Go (validation rejects it before a controller could see it).
 */
export function scaledValueFromIntOrPercent(value: IntOrString, total: number, roundUp: boolean): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value))
      throw new RangeError(`invalid value for IntOrString: ${value} is not an integer`);
    return value;
  }
  const match = /^([+-]?\d+)%$/.exec(value);
  if (match?.[1] === undefined) {
    throw new RangeError(`invalid value for IntOrString: ${JSON.stringify(value)} is not a percentage`);
  }
  // value*total is an exact integer, so the one division rounds exactly as Go's float64 arithmetic does.
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** maxSurge and maxUnavailable resolved against a replica count. */
export interface Fenceposts {
  readonly maxSurge: number;
  readonly maxUnavailable: number;
}

/**
 * deploymentutil.ResolveFenceposts: maxSurge rounds up and maxUnavailable rounds down (so a percentage errs
 * towards progress and availability); a missing value counts as 0. If both come out 0 (say 10% of 3 for
 * both), maxUnavailable becomes 1 so the rollout can still move, even where surge pods cannot be scheduled.
 */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): Fenceposts {
  const surge = scaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  const unavailable = scaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  return { maxSurge: surge, maxUnavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

/** The Deployment's strategy with apps/v1 defaults applied (RollingUpdate, 25%/25%). */
export function deploymentStrategy(
  deployment: Deployment,
):
  | { readonly type: 'Recreate' }
  | { readonly type: 'RollingUpdate'; readonly maxSurge: IntOrString; readonly maxUnavailable: IntOrString } {
  const strategy = deployment.spec.strategy;
  if (strategy?.type === 'Recreate') return { type: 'Recreate' };
  return {
    type: 'RollingUpdate',
    maxSurge: strategy?.rollingUpdate?.maxSurge ?? DEFAULT_MAX_SURGE,
    maxUnavailable: strategy?.rollingUpdate?.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE,
  };
}

/** deploymentutil.MaxSurge: how many pods above spec.replicas a rollout may run (0 for Recreate). */
export function deploymentMaxSurge(deployment: Deployment): number {
  const strategy = deploymentStrategy(deployment);
  if (strategy.type !== 'RollingUpdate') return 0;
  return resolveFenceposts(strategy.maxSurge, strategy.maxUnavailable, deployment.spec.replicas ?? 1)
    .maxSurge;
}

/**
 * deploymentutil.MaxUnavailable: how many of spec.replicas may be unavailable during a rollout; 0 for
 * Recreate or zero replicas, and never more than spec.replicas.
 */
export function deploymentMaxUnavailable(deployment: Deployment): number {
  const strategy = deploymentStrategy(deployment);
  const replicas = deployment.spec.replicas ?? 1;
  if (strategy.type !== 'RollingUpdate' || replicas === 0) return 0;
  const { maxUnavailable } = resolveFenceposts(strategy.maxSurge, strategy.maxUnavailable, replicas);
  return Math.min(maxUnavailable, replicas);
}
