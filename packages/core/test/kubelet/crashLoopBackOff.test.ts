import { describe, expect, it } from 'vitest';

import {
  nextContainerRestart,
  shouldRestartContainer,
  type RestartBackOff,
} from '../../src/kubelet/crashLoopBackOff.js';

/** Restart instants of a container that runs `runMs` each time, then exits. */
function restarts(runMs: number, count: number): number[] {
  const instants: number[] = [];
  let backOff: RestartBackOff | undefined;
  let startedAt = 0;
  for (let i = 0; i < count; i++) {
    const restart = nextContainerRestart(backOff, startedAt + runMs);
    instants.push(restart.restartAt);
    backOff = restart.backOff;
    startedAt = restart.restartAt;
  }
  return instants;
}

describe('nextContainerRestart', () => {
  it('restarts a crash-looping container after 0, 10, 20, 40, 80, 160, 300, 300 s', () => {
    // Exits 1s after each start. Exit 1 at 1s → restart at once (1s). Exit 2 at 2s → +10 = 12s.
    // Exit 3 at 13 → +20 = 33. 34 → +40 = 74. 75 → +80 = 155. 156 → +160 = 316. 317 → +300 = 617.
    // 618 → +300 (capped) = 918.
    expect(restarts(1_000, 8)).toEqual([1, 12, 33, 74, 155, 316, 617, 918].map((t) => t * 1000));
  });

  it('starts over after a run of more than 10 minutes', () => {
    // Exit 1 at 1s → 1s (entry 10s). Runs 10 min + 1ms: exit at 601.001s, more than 600s after the
    // restart at 1s → at once again, and the entry back to 10s. Exactly 10 minutes is not enough.
    const first = nextContainerRestart(undefined, 1_000);
    const grown = nextContainerRestart(first.backOff, 2_000).backOff; // 10s waited, now 20s
    expect(grown.delayMs).toBe(20_000);
    const longRun = nextContainerRestart(grown, grown.lastRestartAt + 600_001);
    expect(longRun).toEqual({
      restartAt: grown.lastRestartAt + 600_001,
      backOff: { delayMs: 10_000, lastRestartAt: grown.lastRestartAt + 600_001 },
    });
    expect(nextContainerRestart(grown, grown.lastRestartAt + 600_000).restartAt).toBe(
      grown.lastRestartAt + 600_000 + 20_000,
    );
  });
});

describe('shouldRestartContainer', () => {
  it('follows the pod restartPolicy', () => {
    expect(shouldRestartContainer(undefined, 0)).toBe(true);
    expect(shouldRestartContainer('Always', 0)).toBe(true);
    expect(shouldRestartContainer('OnFailure', 0)).toBe(false);
    expect(shouldRestartContainer('OnFailure', 137)).toBe(true);
    expect(shouldRestartContainer('Never', 1)).toBe(false);
  });
});
