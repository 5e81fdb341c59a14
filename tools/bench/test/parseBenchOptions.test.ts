import { describe, expect, it } from 'vitest';

import { BENCH_GROUPS, parseBenchOptions } from '../src/parseBenchOptions.js';

describe('pnpm bench options', () => {
  it('runs every group as a table by default', () => {
    const options = parseBenchOptions([]);
    expect(options).toMatchObject({ json: false, quick: false, full: false, help: false });
    expect([...options.groups]).toEqual([...BENCH_GROUPS]);
  });

  it('selects groups, JSON, scale and profiles', () => {
    const options = parseBenchOptions([
      '--',
      '--json',
      '--full',
      '--only',
      'log,cluster',
      '--profile-churn',
      'c.cpuprofile',
      '--profile-build',
      'b.cpuprofile',
    ]);
    expect(options).toMatchObject({
      json: true,
      full: true,
      profileChurn: 'c.cpuprofile',
      profileBuild: 'b.cpuprofile',
    });
    expect([...options.groups]).toEqual(['log', 'cluster']);
    expect(parseBenchOptions(['--only=clock']).groups).toEqual(new Set(['clock']));
  });

  it('refuses unknown options and groups and contradictory scales, with the usage line', () => {
    expect(() => parseBenchOptions(['--bogus'])).toThrow(/Unknown option '--bogus'[\s\S]*usage: pnpm bench/);
    expect(() => parseBenchOptions(['--only', 'log,nope'])).toThrow('unknown group "nope"');
    expect(() => parseBenchOptions(['--quick', '--full'])).toThrow('--quick and --full exclude each other');
  });
});

describe('pnpm bench --repeat and --baseline options', () => {
  it('runs once in this process by default, three pairs with a baseline, or as many as asked', () => {
    expect(parseBenchOptions([]).repeat).toBe(1);
    expect(parseBenchOptions(['--baseline', '/tmp/base'])).toMatchObject({
      repeat: 3,
      baseline: '/tmp/base',
    });
    expect(parseBenchOptions(['--repeat', '5', '--baseline=../old'])).toMatchObject({
      repeat: 5,
      baseline: '../old',
    });
    expect(parseBenchOptions(['--repeat', '4']).repeat).toBe(4);
  });

  it('refuses a count that is not a whole number from 1 to 100, an empty baseline, and profiles of many runs', () => {
    for (const bad of ['0', '-1', '2.5', 'three', '101', ''])
      expect(() => parseBenchOptions([`--repeat=${bad}`])).toThrow(
        `--repeat must be a whole number of runs from 1 to 100, not "${bad}"`,
      );
    expect(() => parseBenchOptions(['--baseline='])).toThrow(
      '--baseline needs the directory of another checkout',
    );
    expect(() => parseBenchOptions(['--repeat', '2', '--profile-churn', 'c.cpuprofile'])).toThrow(
      "--profile-* writes one process's profile; it cannot go with --repeat or --baseline",
    );
    expect(() => parseBenchOptions(['--baseline', 'b', '--profile-build', 'b.cpuprofile'])).toThrow(
      /usage: pnpm bench/,
    );
  });
});
