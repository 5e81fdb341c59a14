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

  it('changes the allocated pod IPs, not the cluster’s story, with another seed', async () => {
    const a = (await cli('demo', '--seed', '1')).out;
    const b = (await cli('demo', '--seed', '2')).out;
    expect(a).not.toBe(b);
    const types = (s: string) =>
      s
        .split('\n')
        .map((line) => /^\s*\d+\.\d{3}s\s+(\S+)/.exec(line)?.[1])
        // Which of the client's connections land on a stale endpoint is the seed's draw; the rest is not.
        .filter((type) => type !== undefined && !type.startsWith('connection/'))
        .join(' ');
    expect(types(a)).toBe(types(b));
  });

  it('refuses a bad seed with exit code 2 and a message naming the flag', async () => {
    const { code, err } = await cli('demo', '--seed', 'x7');
    expect(code).toBe(2);
    expect(err).toBe('svcsim: --seed: expected a non-negative integer, got "x7"\n');
  });

  it('prints a node’s iptables rules with --rules, sending traffic to exactly the final endpoints', async () => {
    const { code, out, err } = await cli('demo', '--rules', 'node-3');
    expect(err).toBe('');
    expect(code).toBe(0);
    const rules = out.slice(out.indexOf('iptables rules on node-3 at 30.000s:\n'));
    expect(rules).toMatch(/^iptables rules on node-3 at 30\.000s:\n\*filter\n/);
    expect(rules).toContain('\nCOMMIT\n*nat\n');
    // The run has settled by 30s (the last change is at 22s; node-3 lags 1.5s), so node-3's rules DNAT
    // to exactly the endpoints `kubectl get endpoints` shows for web.
    const webRow = out.split('\n').find((line) => /^default\s+web\s/.test(line)) ?? '';
    const endpoints = new Set(webRow.split(/\s+/)[2]?.split(','));
    const targets = new Set([...rules.matchAll(/--to-destination (\S+)/g)].map((match) => match[1]));
    expect(endpoints.size).toBeGreaterThan(0);
    expect(targets).toEqual(endpoints);
  });

  it('refuses --rules for a node the demo does not have, with exit code 2', async () => {
    const { code, out, err } = await cli('demo', '--rules', 'node-9');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      'svcsim: --rules: the demo has no node "node-9"; expected one of node-1, node-2, node-3\n',
    );
  });
});
