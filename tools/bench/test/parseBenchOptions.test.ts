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
