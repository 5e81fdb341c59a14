import type { SimTime } from '@svcsim/core';

import type { NamespacedName } from './TimelineAction.js';

export const COMPARISON_OPERATORS = ['>=', '<=', '==', '!=', '>', '<'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** A threshold such as `>= 0.999`: the measured value passes when `measured <operator> value`. */
export interface Comparison {
  readonly operator: ComparisonOperator;
  readonly value: number;
}

/**
 * One entry of `spec.expect`, validated and typed, its traffic and Service references checked
 * against the file. Nothing is measured or judged at load time: runScenario evaluates it
 * (expect/evaluateExpectation.ts) once the run is over.
 */
export type ExpectSpec = { readonly name: string } & (
  | {
      /** The share of `traffic`'s requests made in [from, to) that succeeded. */
      readonly kind: 'successRate';
      readonly traffic: string;
      readonly between: readonly [SimTime, SimTime];
      readonly successRate: Comparison;
    }
  | {
      /** The number of ready endpoints of a Service at an instant. */
      readonly kind: 'endpoints';
      readonly service: NamespacedName;
      readonly at: SimTime;
      readonly count: Comparison;
    }
  | {
      /**
       * Whether `traffic`'s requests made in [at, at + 1s) all succeeded (`true`) or
       * all failed (`false`).
       */
      readonly kind: 'reachable';
      readonly traffic: string;
      readonly at: SimTime;
      readonly reachable: boolean;
    }
  | {
      /**
       * Whether every successful request of `traffic` made in [from, to) reached the same pod (`held`,
       * what ClientIP session affinity gives `connections: new` traffic) or not (`broken`).
       */
      readonly kind: 'affinity';
      readonly traffic: string;
      readonly between: readonly [SimTime, SimTime];
      readonly affinity: AffinityVerdict;
    }
  | {
      /**
       * The share of `traffic`'s successful requests made in [from, to) whose peer was a pod that
       * `target` names (for a selector, by the pod's labels at the instant of the request).
       */
      readonly kind: 'reaches';
      readonly traffic: string;
      readonly between: readonly [SimTime, SimTime];
      readonly target: PodTarget;
      readonly share: Comparison;
    }
  | {
      /**
       * Whether each of the two traffics' successful requests made in [from, to) all reached one pod,
       * the same one for both (`samePod: true`) or a different one (`false`).
       */
      readonly kind: 'samePod';
      readonly traffics: readonly [string, string];
      readonly between: readonly [SimTime, SimTime];
      readonly samePod: boolean;
    }
);

/** What an `affinity` expectation expects. */
export type AffinityVerdict = 'held' | 'broken';
export const AFFINITY_VERDICTS = ['held', 'broken'] as const satisfies readonly AffinityVerdict[];

/**
 * The pods a `reaches` expectation counts: those whose labels satisfy `matchLabels` (every pair present
 * and equal, as a Deployment's `selector.matchLabels`), or the one pod named.
 */
export type PodTarget =
  | { readonly kind: 'selector'; readonly matchLabels: Readonly<Record<string, string>> }
  | { readonly kind: 'pod'; readonly pod: NamespacedName };
