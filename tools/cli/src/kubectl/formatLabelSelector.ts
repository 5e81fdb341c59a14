import type { LabelSelector } from '@svcsim/core';

/**
 * A label selector as kubectl prints it (apimachinery's Selector.String()): requirements sorted by key,
 * `key=value`, `key in (a,b)`, `key notin (a,b)`, `key` and `!key`, joined by commas; `<none>` when the
 * selector is empty.
 */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    requirements.push({ key, text: `${key}=${value}` });
  }
  for (const expression of selector?.matchExpressions ?? []) {
    const values = [...(expression.values ?? [])].sort().join(',');
    const text =
      expression.operator === 'In'
        ? `${expression.key} in (${values})`
        : expression.operator === 'NotIn'
          ? `${expression.key} notin (${values})`
          : expression.operator === 'Exists'
            ? expression.key
            : `!${expression.key}`;
    requirements.push({ key: expression.key, text });
  }
  if (requirements.length === 0) return '<none>';
  return requirements
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((requirement) => requirement.text)
    .join(',');
}
