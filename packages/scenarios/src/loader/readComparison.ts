import { isScalar } from 'yaml';

import { COMPARISON_OPERATORS, type Comparison } from './ExpectSpec.js';
import type { ProblemCollector } from './ProblemCollector.js';
import type { Field } from './yamlFields.js';

// Two-character operators first, so ">= 1" is not read as "> = 1".
const COMPARISON = /^(>=|<=|==|!=|>|<)\s*(\d+(?:\.\d+)?)$/;

/** What a comparison's value may be, and how the problem message shows it. */
export interface ComparisonRange {
  readonly example: string;
  readonly minimum: number;
  readonly maximum: number;
  readonly integer: boolean;
  /** A plain number (`count: 3`) means `== 3`, the natural spelling of an exact count. */
  readonly bareEquals: boolean;
}

/** Reads a threshold such as `">= 0.999"` whose value lies in the range. */
export function readComparison(
  field: Field,
  problems: ProblemCollector,
  range: ComparisonRange,
): Comparison | undefined {
  const node = field.node;
  let comparison: Comparison | undefined;
  if (isScalar(node) && typeof node.value === 'string') {
    const match = COMPARISON.exec(node.value.trim());
    if (match !== null) {
      comparison = { operator: match[1] as Comparison['operator'], value: Number(match[2]) };
    }
  } else if (range.bareEquals && isScalar(node) && typeof node.value === 'number') {
    comparison = { operator: '==', value: node.value };
  }
  if (
    comparison !== undefined &&
    comparison.value >= range.minimum &&
    comparison.value <= range.maximum &&
    (!range.integer || Number.isSafeInteger(comparison.value))
  ) {
    return comparison;
  }
  const values =
    range.maximum === Number.MAX_SAFE_INTEGER
      ? `${range.integer ? 'an integer' : 'a number'} >= ${String(range.minimum)}`
      : `${range.integer ? 'an integer' : 'a number'} in ${String(range.minimum)}..${String(range.maximum)}`;
  const shown = isScalar(node) ? JSON.stringify(node.value) : 'a mapping or list';
  problems.add(
    node,
    field.path,
    `expected a comparison such as "${range.example}" (${COMPARISON_OPERATORS.join(' ')}) with ${values}, got ${shown}`,
  );
  return undefined;
}
