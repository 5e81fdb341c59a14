import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { cli } from './helpers.js';

const bin = fileURLToPath(new URL('../bin/svcsim.mjs', import.meta.url));
const run = promisify(execFile);

describe('svcsim demo', () => {
  it('prints the readiness demo timeline, final Endpoints and log digest (golden)', async () => {
    const { code, out, err } = await cli('demo');
    expect(err).toBe('');
    expect(code).toBe(0);
    await expect(out).toMatchFileSnapshot('golden/demo.txt');
  });

  it('writes byte-identical logs from two separate processes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'svcsim-demo-'));
    const paths = [join(dir, 'a.svlog'), join(dir, 'b.svlog')];
    await Promise.all(
      paths.map((path) => run(process.execPath, [bin, 'demo', '--seed', '11', '--record', path])),
    );
    const [a, b] = await Promise.all(paths.map((path) => readFile(path)));
    expect(a?.length).toBeGreaterThan(0);
    expect(Buffer.compare(a as Buffer, b as Buffer)).toBe(0);
    // And the in-process run with the same seed prints the same digest as those files have.
    const { out } = await cli('demo', '--seed', '11');
    const digest = /sha256 ([0-9a-f]{64})/.exec(out)?.[1];
    const { createHash } = await import('node:crypto');
    expect(
      createHash('sha256')
        .update(a as Buffer)
        .digest('hex'),
    ).toBe(digest);
  });

  it('changes the allocated pod IPs, not the story, with another seed', async () => {
    const a = (await cli('demo', '--seed', '1')).out;
    const b = (await cli('demo', '--seed', '2')).out;
    expect(a).not.toBe(b);
    const types = (s: string) =>
      s
        .split('\n')
        .map((line) => /^\s*\d+\.\d{3}s\s+(\S+)/.exec(line)?.[1])
        .filter((type) => type !== undefined)
        .join(' ');
    expect(types(a)).toBe(types(b));
  });

  it('refuses a bad seed with exit code 2 and a message naming the flag', async () => {
    const { code, err } = await cli('demo', '--seed', 'x7');
    expect(code).toBe(2);
    expect(err).toBe('svcsim: --seed: expected a non-negative integer, got "x7"\n');
  });
});
