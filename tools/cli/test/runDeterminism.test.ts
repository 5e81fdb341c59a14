import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { cli } from './helpers.js';

const bin = fileURLToPath(new URL('../bin/svcsim.mjs', import.meta.url));
const execFileAsync = promisify(execFile);
// The scenario `pnpm demo` runs: traffic by DNS name from three nodes through a rolling update.
const scenario = 'packages/scenarios/library/rolling-update-no-prestop.yaml';

describe('svcsim run is deterministic across processes', () => {
  it('writes byte-identical logs from two processes, with the digest an in-process run prints', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'svcsim-run-'));
    const paths = [join(dir, 'a.svlog'), join(dir, 'b.svlog')];
    await Promise.all(
      paths.map((path) =>
        execFileAsync(process.execPath, [bin, 'run', scenario, '--seed', '3', '--record', path]),
      ),
    );
    const [a, b] = await Promise.all(paths.map((path) => readFile(path)));
    expect(a?.length).toBeGreaterThan(0);
    expect(Buffer.compare(a as Buffer, b as Buffer)).toBe(0);
    const { code, out } = await cli('run', scenario, '--seed', '3');
    expect(code).toBe(0);
    const digest = /sha256 ([0-9a-f]{64})/.exec(out)?.[1];
    expect(digest).toBe(
      createHash('sha256')
        .update(a as Buffer)
        .digest('hex'),
    );
  });

  it('gives a different run for a different seed', async () => {
    const [three, four] = await Promise.all([
      cli('run', scenario, '--seed', '3'),
      cli('run', scenario, '--seed', '4'),
    ]);
    const digestOf = (out: string) => /sha256 ([0-9a-f]{64})/.exec(out)?.[1];
    expect(digestOf(three.out)).not.toBe(digestOf(four.out));
  });
});
