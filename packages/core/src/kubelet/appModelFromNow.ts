import type { SimTime } from '../SimTime.js';
import type { AppModel, HealthChange, HealthState } from './AppModel.js';

/**
 * The model of a run that started at `startedAt`, changed at `at` so that its health endpoint answers
 * `state` from then on: the schedule is kept before `at` and replaced after it (an `app/healthSet`
 * input). Instants stay relative to the container's start, so the probe workers, which read the model,
 * see nothing change before `at`. A run that starts after `at` simply has `state` throughout.
 */
export function healthFromNow(
  model: AppModel,
  startedAt: SimTime,
  at: SimTime,
  state: HealthState,
): AppModel {
  const since = Math.max(0, at - startedAt);
  const kept: HealthChange[] = model.health.filter((change) => change.at < since);
  const last = kept[kept.length - 1];
  // Repeating the state in force would be a change that changes nothing; the schedule keeps none.
  const health = last?.state === state ? kept : [...kept, { at: since, state }];
  return { ...model, health: health.length === 0 ? [{ at: 0, state }] : health };
}

/**
 * The model of a run that started at `startedAt`, changed so that the application exits at `at` with
 * `exitCode` (an `app/crashed` input), unless it was going to crash earlier anyway.
 */
export function crashNow(model: AppModel, startedAt: SimTime, at: SimTime, exitCode: number): AppModel {
  const afterMs = Math.max(0, at - startedAt);
  if (model.crash !== undefined && model.crash.afterMs <= afterMs) return model;
  return { ...model, crash: { afterMs, exitCode } };
}
