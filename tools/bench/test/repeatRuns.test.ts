import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeEach, describe, expect, it } from 'vitest';

import { parseFigures, THIS_CHECKOUT } from '../src/repeatRuns.js';

/** The running test's own time limit, which a hung bench must not outlive. */
let limitMs = 0;
beforeEach(({ task }) => {
  limitMs = task.timeout;
});

/** `pnpm bench` of this checkout as a user runs it, in a process of its own. */
function bench(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  // spawnSync holds the event loop, so Vitest's own limit could not stop a hung bench: the same limit.
  const child = spawnSync('pnpm', ['--silent', 'bench', ...args], {
    cwd: THIS_CHECKOUT,
    encoding: 'utf8',
    timeout: limitMs,
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('pnpm bench --repeat and --baseline', () => {
  it('runs each pair side by side in fresh processes and prints medians, ranges, the baseline and per-pair ratios as JSON', () => {
    // This checkout as its own baseline: two pairs of the quick clock group (a few seconds each).
    const result = bench(
      '--quick',
      '--only',
      'clock',
      '--json',
      '--repeat',
      '2',
      '--baseline',
      THIS_CHECKOUT,
    );
    expect(result.stderr).not.toMatch(/Error|at .*\.ts:/);
    expect(result.status).toBe(0);
    const figures = JSON.parse(result.stdout) as {
      name: string;
      unit: string;
      value: number;
      values: number[];
      baseline: { values: number[] };
      ratio: { value: number; values: number[] };
    }[];
    expect(figures.map((figure) => figure.name)).toEqual([
      'clock.scheduleAndRun',
      'clock.scheduleCancelHalfRun',
    ]);
    for (const figure of figures) {
      expect(figure.unit).toBe('timers/s');
      expect(figure.values).toHaveLength(2);
      expect(figure.baseline.values).toHaveLength(2);
      expect(figure.ratio.values).toEqual(
        figure.values.map((value, i) => value / (figure.baseline.values[i] as number)),
      );
      expect(Math.min(...figure.values)).toBeGreaterThan(0);
    }
    // Each pair runs side by side; every run's status lines are labelled with its pair and side.
    expect(result.stderr.match(/^bench: pair .*$/gm)).toEqual([
      `bench: pair 1 of 2: this checkout and ${THIS_CHECKOUT}, side by side`,
      `bench: pair 2 of 2: this checkout and ${THIS_CHECKOUT}, side by side`,
    ]);
  });

  it('runs --repeat alone one fresh process after another, with medians and ranges', () => {
    const result = bench('--quick', '--only', 'clock', '--repeat', '2');
    expect(result.status).toBe(0);
    expect(result.stderr.match(/^bench: run .*$/gm)).toEqual(['bench: run 1 of 2', 'bench: run 2 of 2']);
    expect(result.stdout).toMatch(/^# 2 run\(s\) in fresh processes/);
    expect(result.stdout).toMatch(/^clock\.scheduleAndRun +timers\/s +[0-9,]+ \([0-9,]+-[0-9,]+\)$/m);
  });

  it('refuses a baseline that is not a checkout with a bench, with exit code 2 and no stack trace', () => {
    const empty = mkdtempSync(join(tmpdir(), 'svcsim-baseline-'));
    const missing = bench('--only', 'clock', '--baseline', empty);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(
      `bench: --baseline ${empty}: no package.json there; give the root of another checkout`,
    );
    expect(missing.stderr).not.toMatch(/at .*\.ts:/);

    writeFileSync(join(empty, 'package.json'), '{"scripts":{"test":"vitest"}}');
    const noBench = bench('--only', 'clock', '--baseline', empty);
    expect(noBench.status).toBe(2);
    expect(noBench.stderr).toContain(`its package.json has no "bench" script`);
  });

  it('fails the whole comparison, with exit code 1 and the failing side named, when one side of a pair fails', () => {
    const broken = mkdtempSync(join(tmpdir(), 'svcsim-baseline-'));
    writeFileSync(join(broken, 'package.json'), '{"scripts":{"bench":"exit 3"}}');
    mkdirSync(join(broken, 'node_modules'));
    const result = bench('--quick', '--only', 'clock', '--baseline', broken);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`bench: pnpm bench in ${broken} failed (exit 3)`);
    expect(result.stderr).not.toMatch(/at .*\.ts:/);
    expect(result.stdout).toBe('');
  });

  it("reads a run's figures, and refuses output that is not an array of { name, value, unit }", () => {
    expect(parseFigures('[{"name":"a.b","value":1.5,"unit":"s"}]', 'run')).toEqual([
      { name: 'a.b', value: 1.5, unit: 's' },
    ]);
    expect(() => parseFigures('> bench\n[]', 'run 1')).toThrow(
      'run 1 printed something other than one JSON document',
    );
    expect(() => parseFigures('{"name":"a"}', 'run 1')).toThrow(
      'run 1 printed JSON that is not an array of figures',
    );
    expect(() => parseFigures('[{"name":"a","value":"1","unit":"s"}]', 'run 1')).toThrow(
      'run 1: figure [0] is not { name: string, value: number, unit: string }',
    );
  });
});
