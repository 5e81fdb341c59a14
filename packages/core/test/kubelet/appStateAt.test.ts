import { describe, expect, it } from 'vitest';

import { DEFAULT_APP_MODEL, type AppModel } from '../../src/kubelet/AppModel.js';
import {
  acceptsConnection,
  appStateAt,
  containerExit,
  nextAppChangeAfter,
  type ContainerRun,
} from '../../src/kubelet/appStateAt.js';

const app: AppModel = {
  ...DEFAULT_APP_MODEL,
  startupDelayMs: 5_000,
  ports: [8080],
  health: [
    { at: 0, state: 'healthy' },
    { at: 20_000, state: 'failing' },
    { at: 40_000, state: 'hanging' },
  ],
};
// Container started at 100s.
const run: ContainerRun = { startedAt: 100_000 };

describe('appStateAt', () => {
  it('is not running before its start, starting until its start-up delay, then up', () => {
    expect(appStateAt(app, run, 99_999)).toMatchObject({ running: false, up: false });
    expect(appStateAt(app, run, 100_000)).toMatchObject({ running: true, up: false });
    expect(appStateAt(app, run, 104_999)).toMatchObject({ running: true, up: false });
    expect(appStateAt(app, run, 105_000)).toMatchObject({ running: true, up: true });
  });

  it('follows the health schedule from the container start', () => {
    expect(appStateAt(app, run, 119_999).health).toBe('healthy');
    expect(appStateAt(app, run, 120_000).health).toBe('failing');
    expect(appStateAt(app, run, 140_000).health).toBe('hanging');
  });

  it('accepts connections on its ports at the pod IP only when bound to all addresses', () => {
    const up = appStateAt(app, run, 110_000);
    expect(acceptsConnection(app, up, 'podIP', 8080)).toBe(true);
    expect(acceptsConnection(app, up, 'podIP', 9090)).toBe(false);
    const local = { ...app, bindAddress: '127.0.0.1' as const };
    expect(acceptsConnection(local, up, 'podIP', 8080)).toBe(false);
    expect(acceptsConnection(local, up, 'loopback', 8080)).toBe(true);
    expect(acceptsConnection(app, appStateAt(app, run, 101_000), 'podIP', 8080)).toBe(false); // still starting
  });

  it('overrides health from SIGTERM on when told to, and exits when its drain ends', () => {
    const draining = { ...app, serveAfterSigtermMs: 15_000, healthOnSigterm: 'failing' as const };
    const terminated = { ...run, sigtermAt: 110_000 };
    expect(appStateAt(draining, terminated, 109_999).health).toBe('healthy');
    expect(appStateAt(draining, terminated, 110_000)).toEqual({ running: true, up: true, health: 'failing' });
    expect(appStateAt(draining, terminated, 125_000)).toMatchObject({ running: false, up: false });
    expect(containerExit(draining, terminated)).toEqual({ at: 125_000, exitCode: 0, reason: 'Completed' });
  });
});

describe('containerExit', () => {
  it('is the earliest of crash, end of drain and SIGKILL', () => {
    const crashing = { ...app, crash: { afterMs: 30_000, exitCode: 2 }, serveAfterSigtermMs: 60_000 };
    expect(containerExit(crashing, run)).toEqual({ at: 130_000, exitCode: 2, reason: 'Error' });
    // SIGTERM at 105s, drain 60s → 165s, but the crash at 130s comes first.
    expect(containerExit(crashing, { ...run, sigtermAt: 105_000 })?.at).toBe(130_000);
    // SIGKILL at 120s comes before the crash: killed, 137.
    expect(containerExit(crashing, { ...run, killedAt: 120_000 })).toEqual({
      at: 120_000,
      exitCode: 137,
      reason: 'Error',
    });
    expect(containerExit(app, run)).toBeUndefined();
  });

  it('lets the application exit on its own when SIGKILL comes at the same instant', () => {
    const crashing = { ...app, crash: { afterMs: 30_000, exitCode: 0 } };
    expect(containerExit(crashing, { ...run, killedAt: 130_000 })?.exitCode).toBe(0);
  });
});

describe('nextAppChangeAfter', () => {
  it('walks through start, up, each health change and the exit', () => {
    const crashing = { ...app, crash: { afterMs: 50_000, exitCode: 1 } };
    const instants: number[] = [];
    for (let t: number | undefined = 0; t !== undefined; t = nextAppChangeAfter(crashing, run, t))
      instants.push(t);
    expect(instants).toEqual([0, 100_000, 105_000, 120_000, 140_000, 150_000]);
  });

  it('includes SIGTERM only when it changes the health', () => {
    expect(nextAppChangeAfter(app, { ...run, sigtermAt: 130_000 }, 125_000)).toBe(130_000); // the drain of 0s ends
    const unchanged = { ...app, serveAfterSigtermMs: 60_000 };
    expect(nextAppChangeAfter(unchanged, { ...run, sigtermAt: 130_000 }, 125_000)).toBe(140_000);
    const failing = { ...unchanged, healthOnSigterm: 'failing' as const };
    expect(nextAppChangeAfter(failing, { ...run, sigtermAt: 130_000 }, 125_000)).toBe(130_000);
  });
});
