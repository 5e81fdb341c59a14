import { describe, expect, it } from 'vitest';

import { fieldPath } from '../../../src/api/FieldError.js';
import {
  labelSelectorMatches,
  validateLabelSelector,
  validateLabels,
} from '../../../src/apiserver/validation/validateLabels.js';
import { formatted, MSG } from './fixtures.js';

const selectorPath = fieldPath('spec').child('selector');

describe('validateLabels', () => {
  it('walks keys in sorted order so output is deterministic', () => {
    expect(formatted(validateLabels({ 'z z': 'a', 'a a': 'b' }, fieldPath('x')))).toEqual([
      `x: Invalid value: "a a": ${MSG.qualifiedNamePart}`,
      `x: Invalid value: "z z": ${MSG.qualifiedNamePart}`,
    ]);
  });
});

describe('validateLabelSelector', () => {
  it('accepts matchLabels and well-formed expressions', () => {
    expect(
      validateLabelSelector(
        { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }] },
        selectorPath,
      ),
    ).toEqual([]);
  });

  it('requires values for In and NotIn', () => {
    expect(
      formatted(
        validateLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn' }] }, selectorPath),
      ),
    ).toEqual([
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]);
  });

  it('forbids values for Exists and DoesNotExist', () => {
    expect(
      formatted(
        validateLabelSelector(
          { matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['x'] }] },
          selectorPath,
        ),
      ),
    ).toEqual([
      "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ]);
  });

  it('rejects unknown operators', () => {
    const selector = JSON.parse(
      '{"matchExpressions":[{"key":"tier","operator":"Equals","values":["a"]}]}',
    ) as never;
    expect(formatted(validateLabelSelector(selector, selectorPath))).toEqual([
      'spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
    ]);
  });
});

describe('labelSelectorMatches', () => {
  it('implements matchLabels and the four operators', () => {
    const labels = { app: 'web', tier: 'fe' };
    expect(labelSelectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: 'api' } }, labels)).toBe(false);
    expect(
      labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }] }, labels),
    ).toBe(true);
    expect(
      labelSelectorMatches(
        { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['fe'] }] },
        labels,
      ),
    ).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'x', operator: 'Exists' }] }, labels)).toBe(
      false,
    );
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] }, labels)).toBe(
      true,
    );
  });
});
