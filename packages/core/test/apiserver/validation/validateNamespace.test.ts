import { describe, expect, it } from 'vitest';

import type { Namespace } from '../../../src/api/ConfigData.js';
import { validateNamespace } from '../../../src/apiserver/validation/validateNamespace.js';
import { formatted, MSG } from './fixtures.js';

const ns = (name: string): Namespace => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

describe('validateNamespace', () => {
  it('accepts DNS-1123 labels, including a leading digit', () => {
    expect(validateNamespace(ns('kube-system'))).toEqual([]);
    expect(validateNamespace(ns('1team'))).toEqual([]);
  });

  it('rejects dotted and upper-case names', () => {
    expect(formatted(validateNamespace(ns('team.a')))).toEqual([
      'metadata.name: Invalid value: "team.a": must not contain dots',
    ]);
    expect(formatted(validateNamespace(ns('Team')))).toEqual([
      `metadata.name: Invalid value: "Team": ${MSG.dns1123Label}`,
    ]);
  });
});
