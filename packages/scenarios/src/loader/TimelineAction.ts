import type { HealthState, KubeKind, KubeObject, SimTime } from '@svcsim/core';

import type { Field } from './yamlFields.js';

/** A namespaced object named in a timeline (`default/web`, or `web` for the default namespace). */
export interface NamespacedName {
  readonly namespace: string;
  readonly name: string;
}

/** One step of `spec.timeline`, typed, with the field that named its target for reference problems. */
export type TimelineAction = { readonly at: SimTime; readonly site: Field } & (
  | { readonly action: 'apply'; readonly object: KubeObject }
  | {
      readonly action: 'delete';
      readonly kind: KubeKind;
      readonly target: NamespacedName;
      readonly gracePeriodSeconds?: number;
    }
  | { readonly action: 'scale'; readonly deployment: NamespacedName; readonly replicas: number }
  | { readonly action: 'rollout'; readonly deployment: NamespacedName }
  | { readonly action: 'failNode' | 'recoverNode'; readonly node: string }
  | { readonly action: 'restartProxy'; readonly node: string; readonly downtimeMs: SimTime }
  | {
      readonly action: 'setAppHealth';
      readonly pod: NamespacedName;
      readonly container?: string;
      readonly health: HealthState;
    }
  | {
      readonly action: 'crash';
      readonly pod: NamespacedName;
      readonly container?: string;
      readonly exitCode?: number;
    }
  | { readonly action: 'setPodReadiness'; readonly pod: NamespacedName; readonly ready: boolean }
);

export const TIMELINE_ACTIONS = [
  'apply',
  'delete',
  'scale',
  'rollout',
  'failNode',
  'recoverNode',
  'restartProxy',
  'setAppHealth',
  'crash',
  'setPodReadiness',
] as const;

export type TimelineActionName = (typeof TIMELINE_ACTIONS)[number];
