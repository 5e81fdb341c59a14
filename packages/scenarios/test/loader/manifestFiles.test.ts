import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseAllDocuments, stringify } from 'yaml';

import { listObjects, run, type KubeObject } from '@svcsim/core';
import { proxyModeNamed } from '@svcsim/proxy-modes';

import { loadScenario } from '../../src/index.js';
import { ProblemCollector } from '../../src/loader/ProblemCollector.js';
import { MANIFEST_API_VERSIONS, type ManifestKind } from '../../src/loader/manifestSchema/manifestKinds.js';
import { readManifest } from '../../src/loader/readManifest.js';

const REPO = new URL('../../../../', import.meta.url);

/** The YAML files in a repository directory, as [path from the repository root, text]. */
function yamlFilesIn(directory: string): [string, string][] {
  const url = new URL(`${directory}/`, REPO);
  const names = readdirSync(url).filter((name) => name.endsWith('.yaml'));
  return names.sort().map((name) => [`${directory}/${name}`, readFileSync(new URL(name, url), 'utf8')]);
}

/** Reads every document of a file as a manifest on its own, as the loader reads each one. */
function readManifests(text: string, file: string): KubeObject[] {
  const lines = new LineCounter();
  const problems = new ProblemCollector(file, lines);
  const objects = parseAllDocuments(text, { lineCounter: lines }).flatMap((document) => {
    const object = readManifest({ node: document.contents, path: '' }, problems);
    return object === undefined ? [] : [object];
  });
  problems.throwIfAny();
  return objects;
}

const SCENARIO_FILES = [
  ...yamlFilesIn('packages/scenarios/examples'),
  ...yamlFilesIn('packages/scenarios/library'),
  ...yamlFilesIn('packages/scenarios/test/loader/fixtures'),
];

describe('strict manifests: the files in this repository', () => {
  it('finds the example, library and fixture scenarios', () => {
    expect(SCENARIO_FILES.map(([file]) => file)).toContain('packages/scenarios/examples/web-rollout.yaml');
  });

  it.each(SCENARIO_FILES)('%s loads', (file, text) => {
    expect(() => loadScenario(text, file)).not.toThrow();
  });

  it.each(yamlFilesIn('tools/cli/test/golden'))(
    '%s (kubectl get -o yaml output) reads back',
    (file, text) => {
      expect(readManifests(text, file).length).toBeGreaterThan(0);
    },
  );
});

describe('strict manifests: what svcsim writes, it reads', () => {
  const [file, text] = SCENARIO_FILES.find(([name]) => name.endsWith('/web-rollout.yaml')) ?? ['', ''];
  const loaded = loadScenario(text, file);
  const proxyMode = proxyModeNamed(loaded.config.proxy?.mode ?? '');
  const { finalState } = run(loaded.inputs, loaded.seed, loaded.config, { ...(proxyMode && { proxyMode }) });
  const objects = (Object.keys(MANIFEST_API_VERSIONS) as ManifestKind[]).flatMap((kind): KubeObject[] =>
    listObjects(finalState, kind),
  );

  it('the run holds objects of most kinds, status and server-set metadata included', () => {
    const kinds = new Set(objects.map((object) => object.kind));
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        'Deployment',
        'EndpointSlice',
        'Endpoints',
        'Namespace',
        'Node',
        'Pod',
        'Service',
      ]),
    );
  });

  it('every object at the end of a run, written as YAML, decodes strictly to itself', () => {
    for (const object of objects) {
      const name = `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
      expect(readManifests(stringify(object), `${name}.yaml`), name).toEqual([object]);
    }
  });
});
