import { describe, expect, it } from 'vitest';

import type { Taint } from '../../../src/api/Node.js';
import {
  evictionDelaySeconds,
  toleratesTaint,
} from '../../../src/controllers/nodeLifecycle/evictionDelay.js';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: 0 };

describe('toleratesTaint', () => {
  it('matches by key and effect, Exists ignoring the value, Equal comparing it', () => {
    expect(
      toleratesTaint({ key: unreachable.key, operator: 'Exists', effect: 'NoExecute' }, unreachable),
    ).toBe(true);
    expect(toleratesTaint({ key: unreachable.key, operator: 'Exists' }, unreachable)).toBe(true);
    expect(
      toleratesTaint({ key: unreachable.key, operator: 'Exists', effect: 'NoSchedule' }, unreachable),
    ).toBe(false);
    expect(toleratesTaint({ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }, unreachable)).toBe(
      false,
    );
    expect(toleratesTaint({ key: unreachable.key, value: '' }, unreachable)).toBe(true);
    expect(toleratesTaint({ key: unreachable.key, operator: 'Equal', value: 'x' }, unreachable)).toBe(false);
  });

  it('tolerates every taint with an empty key and Exists, and none with an empty key otherwise', () => {
    expect(toleratesTaint({ operator: 'Exists' }, unreachable)).toBe(true);
    expect(toleratesTaint({ operator: 'Equal' }, unreachable)).toBe(false);
  });
});

describe('evictionDelaySeconds', () => {
  it('gives a pod without a toleration of the taint the admission default', () => {
    expect(evictionDelaySeconds([], unreachable, 300)).toBe(300);
    expect(evictionDelaySeconds([{ key: 'other', operator: 'Exists' }], unreachable, 300)).toBe(300);
  });

  it("takes the shortest of the pod's own tolerationSeconds, and 0 for one of 0 or less", () => {
    const tolerations = [
      { key: unreachable.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 120 },
      { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
    ] as const;
    expect(evictionDelaySeconds(tolerations, unreachable, 300)).toBe(60);
    expect(evictionDelaySeconds([{ operator: 'Exists', tolerationSeconds: -5 }], unreachable, 300)).toBe(0);
  });

  it('never evicts a pod whose matching tolerations have no tolerationSeconds', () => {
    expect(evictionDelaySeconds([{ operator: 'Exists' }], unreachable, 300)).toBeUndefined();
    // One without a limit does not cancel another one's limit (getMinTolerationTime).
    expect(
      evictionDelaySeconds(
        [{ operator: 'Exists' }, { operator: 'Exists', tolerationSeconds: 30 }],
        unreachable,
        300,
      ),
    ).toBe(30);
  });
});
