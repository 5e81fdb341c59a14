import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  deploymentMaxSurge,
  deploymentMaxUnavailable,
  resolveFenceposts,
  scaledValueFromIntOrPercent,
} from '../../../src/apiserver/deployment/resolveFenceposts.js';
import { webDeployment } from './helpers/fixtures.js';

describe('scaledValueFromIntOrPercent', () => {
  it('returns integers unchanged and scales percentages of the total', () => {
    expect(scaledValueFromIntOrPercent(3, 10, true)).toBe(3);
    expect(scaledValueFromIntOrPercent('50%', 10, true)).toBe(5);
    expect(scaledValueFromIntOrPercent('50%', 10, false)).toBe(5);
  });

  it('rounds a fractional percentage up or down as asked', () => {
    expect(scaledValueFromIntOrPercent('25%', 10, true)).toBe(3); // 2.5
    expect(scaledValueFromIntOrPercent('25%', 10, false)).toBe(2);
    expect(scaledValueFromIntOrPercent('1%', 1, true)).toBe(1);
    expect(scaledValueFromIntOrPercent('1%', 1, false)).toBe(0);
    expect(scaledValueFromIntOrPercent('33%', 3, true)).toBe(1); // 0.99
    expect(scaledValueFromIntOrPercent('33%', 3, false)).toBe(0);
  });

  it('rejects strings that are not percentages, as intstr does', () => {
    expect(() => scaledValueFromIntOrPercent('5', 10, true)).toThrow(/not a percentage/);
    expect(() => scaledValueFromIntOrPercent('abc%', 10, true)).toThrow(/not a percentage/);
  });

  it('agrees with ceil/floor of percent*total/100 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 10_000 }), (percent, total) => {
        expect(scaledValueFromIntOrPercent(`${percent}%`, total, true)).toBe(
          Math.ceil((percent * total) / 100),
        );
        expect(scaledValueFromIntOrPercent(`${percent}%`, total, false)).toBe(
          Math.floor((percent * total) / 100),
        );
      }),
    );
  });
});

describe('resolveFenceposts', () => {
  it('rounds maxSurge up and maxUnavailable down (the defaults 25%/25% of 10 give 3 and 2)', () => {
    expect(resolveFenceposts('25%', '25%', 10)).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    expect(resolveFenceposts('25%', '25%', 1)).toEqual({ maxSurge: 1, maxUnavailable: 0 });
  });

  it('turns two zero fenceposts into maxUnavailable 1 so the rollout can move', () => {
    expect(resolveFenceposts('0%', '10%', 3)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(resolveFenceposts(0, '1%', 2)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(resolveFenceposts(undefined, undefined, 5)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });

  it('follows the examples in the controller comments (1% of 2 unavailable, surge 0%)', () => {
    expect(resolveFenceposts('0%', '1%', 2)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(resolveFenceposts('1%', '25%', 2)).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(resolveFenceposts('1%', '0%', 1)).toEqual({ maxSurge: 1, maxUnavailable: 0 });
  });
});

describe('deploymentMaxSurge and deploymentMaxUnavailable', () => {
  it('default a RollingUpdate Deployment to 25%/25%', () => {
    const d = webDeployment({ replicas: 10 });
    expect(deploymentMaxSurge(d)).toBe(3);
    expect(deploymentMaxUnavailable(d)).toBe(2);
  });

  it('are 0 for Recreate', () => {
    const d = webDeployment({ replicas: 10, strategy: { type: 'Recreate' } });
    expect(deploymentMaxSurge(d)).toBe(0);
    expect(deploymentMaxUnavailable(d)).toBe(0);
  });

  it('caps maxUnavailable at replicas and makes it 0 for zero replicas', () => {
    const strategy = { type: 'RollingUpdate' as const, rollingUpdate: { maxSurge: 0, maxUnavailable: 5 } };
    expect(deploymentMaxUnavailable(webDeployment({ replicas: 3, strategy }))).toBe(3);
    expect(deploymentMaxUnavailable(webDeployment({ replicas: 0, strategy }))).toBe(0);
  });
});
