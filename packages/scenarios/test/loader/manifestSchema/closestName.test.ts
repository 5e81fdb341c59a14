import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { closestName } from '../../../src/loader/manifestSchema/closestName.js';

const CONTAINER_FIELDS = ['name', 'image', 'ports', 'env', 'readinessProbe', 'livenessProbe', 'startupProbe'];

describe('closestName', () => {
  it.each([
    ['readinesProbe', 'readinessProbe'], // a letter left out
    ['readinessProbee', 'readinessProbe'], // one too many
    ['livenessprobe', 'livenessProbe'], // case only
    ['imgae', 'image'], // neighbours swapped
    ['nmae', 'name'],
    ['enx', 'env'], // one letter wrong in a short name
  ])('takes %s for %s', (misspelt, meant) => {
    expect(closestName(misspelt, CONTAINER_FIELDS)).toBe(meant);
  });

  it.each(['command', 'volumeMounts', 'prots2', 'x'])(
    'suggests nothing for %s, which is not close',
    (name) => {
      expect(closestName(name, CONTAINER_FIELDS)).toBeUndefined();
    },
  );

  it('prefers the nearer candidate, then the earlier one', () => {
    expect(closestName('port', ['ports', 'port1', 'Port'])).toBe('Port');
    expect(closestName('host', ['hosts', 'hostIP', 'ghost'])).toBe('hosts');
  });

  it('finds any candidate written exactly', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z][a-zA-Z]{0,15}$/), {
          minLength: 1,
          selector: (s) => s.toLowerCase(),
        }),
        fc.nat(),
        (candidates, at) => {
          const name = candidates[at % candidates.length] ?? '';
          expect(closestName(name, candidates)).toBe(name);
        },
      ),
    );
  });
});
