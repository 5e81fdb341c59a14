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
 * against the file. The loader does NOT evaluate it: nothing is measured or judged at load time.
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
      /** Whether `traffic`'s requests at an instant reach a backend at all. */
      readonly kind: 'reachable';
      readonly traffic: string;
      readonly at: SimTime;
      readonly reachable: boolean;
    }
);
