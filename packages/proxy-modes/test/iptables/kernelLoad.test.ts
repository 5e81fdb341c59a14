import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

/**
 * The rendered rulesets must be what the real `iptables-restore` accepts unchanged. Each golden file is
 * loaded into a fresh network namespace of this machine's kernel. Needs root, `ip` and iptables (which
 * `.ci/run` installs); where those are missing the suite is skipped and says why, loudly.
 */
const goldenDir = fileURLToPath(new URL('./golden/', import.meta.url));

function missing(): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root (network namespaces need it)';
  for (const tool of ['ip', 'iptables-restore', 'iptables-save']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      return `${tool} is not installed (apt-get install iptables iproute2)`;
  }
  const probe = `svcsim-probe-${process.pid}`;
  if (spawnSync('ip', ['netns', 'add', probe]).status !== 0) return 'cannot create a network namespace here';
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}

const reason = missing();
if (reason !== undefined) {
  console.warn(`\n*** SKIPPING the iptables kernel tests: ${reason} ***\n`);
}

const namespaces: string[] = [];
afterAll(() => {
  for (const ns of namespaces) spawnSync('ip', ['netns', 'del', ns]);
});

function inFreshNamespace(
  args: readonly string[],
  input?: string,
): { status: number | null; output: string } {
  const ns = `svcsim-${process.pid}-${namespaces.length}`;
  namespaces.push(ns);
  const add = spawnSync('ip', ['netns', 'add', ns], { encoding: 'utf8' });
  if (add.status !== 0) throw new Error(`ip netns add ${ns}: ${add.stderr}`);
  const result = spawnSync('ip', ['netns', 'exec', ns, ...args], {
    encoding: 'utf8',
    ...(input !== undefined && { input }),
  });
  const save = spawnSync('ip', ['netns', 'exec', ns, 'iptables-save'], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stderr}${save.stdout}` };
}

// nfacct counters need kernel support this machine does not have; kube-proxy writes them only where it does.
const goldens = readdirSync(goldenDir).filter((f) => f.endsWith('.txt') && !f.includes('nfacct'));

describe.skipIf(reason !== undefined)('rendered iptables rules in the real kernel', () => {
  it.each(goldens)('iptables-restore loads %s unchanged', (file) => {
    const { status, output } = inFreshNamespace(
      ['iptables-restore'],
      readFileSync(`${goldenDir}${file}`, 'utf8'),
    );
    expect(output).not.toMatch(/failed|error/i);
    expect(status).toBe(0);
  });

  it('stores the 10-decimal probabilities as xt_statistic does (iptables-save prints 11 decimals)', () => {
    const file = goldens.find((f) => f === 'large-cluster.txt') ?? '';
    const text = readFileSync(`${goldenDir}${file}`, 'utf8');
    const written = [...text.matchAll(/--probability (\d\.\d{10})/g)].map((m) => m[1]);
    expect(written.length).toBeGreaterThan(0);
    const { output } = inFreshNamespace(['iptables-restore'], text);
    const saved = [...output.matchAll(/--probability (\d\.\d{11})/g)].map((m) => m[1]);
    // lround(p * 2^31) / 2^31 printed with %.11f (libxt_statistic), e.g. 0.3333333333 -> 0.33333333349.
    expect(saved).toEqual(written.map((p) => (Math.round(Number(p) * 2 ** 31) / 2 ** 31).toFixed(11)));
  });
});
