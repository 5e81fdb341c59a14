import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { matchesLabelSelector } from '../../../src/apiserver/deployment/labelSelector.js';

describe('matchesLabelSelector', () => {
  it('selects everything with an empty selector, unlike a Service selector', () => {
    expect(matchesLabelSelector({}, { app: 'web' })).toBe(true);
    expect(matchesLabelSelector({ matchLabels: {}, matchExpressions: [] }, undefined)).toBe(true);
  });

  it('requires every matchLabels pair', () => {
    expect(
      matchesLabelSelector({ matchLabels: { app: 'web', tier: 'fe' } }, { app: 'web', tier: 'fe', x: 'y' }),
    ).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { app: 'web', tier: 'fe' } }, { app: 'web' })).toBe(false);
    expect(matchesLabelSelector({ matchLabels: { app: 'web' } }, { app: 'api' })).toBe(false);
  });

  it('evaluates In, NotIn, Exists and DoesNotExist as the label package does', () => {
    const labels = { app: 'web', env: 'prod' };
    const expr = (operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', key: string, values?: string[]) =>
      matchesLabelSelector({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] }, labels);
    expect(expr('In', 'env', ['prod', 'staging'])).toBe(true);
    expect(expr('In', 'env', ['staging'])).toBe(false);
    expect(expr('In', 'missing', ['prod'])).toBe(false);
    expect(expr('NotIn', 'env', ['staging'])).toBe(true);
    expect(expr('NotIn', 'env', ['prod'])).toBe(false);
    expect(expr('NotIn', 'missing', ['prod'])).toBe(true);
    expect(expr('Exists', 'app')).toBe(true);
    expect(expr('Exists', 'missing')).toBe(false);
    expect(expr('DoesNotExist', 'missing')).toBe(true);
    expect(expr('DoesNotExist', 'app')).toBe(false);
  });

  it('ANDs matchLabels with every expression', () => {
    const selector = {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'env', operator: 'In' as const, values: ['prod'] }],
    };
    expect(matchesLabelSelector(selector, { app: 'web', env: 'prod' })).toBe(true);
    expect(matchesLabelSelector(selector, { app: 'web', env: 'dev' })).toBe(false);
    expect(matchesLabelSelector(selector, { app: 'api', env: 'prod' })).toBe(false);
  });

  it('does not mistake inherited object properties for labels', () => {
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'toString', operator: 'Exists' }] }, {})).toBe(
      false,
    );
  });

  it('matches any label set that contains the matchLabels (property)', () => {
    const labels = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.constantFrom('1', '2'));
    fc.assert(
      fc.property(labels, labels, (selectorLabels, extra) => {
        expect(matchesLabelSelector({ matchLabels: selectorLabels }, { ...extra, ...selectorLabels })).toBe(
          true,
        );
      }),
    );
  });
});
