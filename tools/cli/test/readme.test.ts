import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { cli } from './helpers.js';

const readmePath = new URL('../../../README.md', import.meta.url);

/** The lines a README console block shows after `$ <command>`, up to the closing fence. */
async function readmeOutput(command: string): Promise<string> {
  const readme = await readFile(readmePath, 'utf8');
  const start = readme.indexOf(`$ ${command}\n`);
  expect(start, `README has no console block for "${command}"`).toBeGreaterThanOrEqual(0);
  const body = readme.slice(start + command.length + 3);
  return body.slice(0, body.indexOf('```'));
}

describe('README worked example', () => {
  it('shows the real output of the demo and of replay --verify', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'svcsim-readme-'));
    const path = join(dir, 'demo.svlog');
    const demo = await cli('demo', '--record', path);
    expect(demo.out.replaceAll(path, 'demo.svlog')).toBe(
      await readmeOutput('pnpm exec svcsim demo --record demo.svlog'),
    );
    const replay = await cli('replay', path, '--verify', '--at', '12.5s');
    expect(replay.out.replaceAll(path, 'demo.svlog')).toBe(
      await readmeOutput('pnpm exec svcsim replay demo.svlog --verify --at 12.5s'),
    );
  });
});
