import { LineCounter, parseAllDocuments, isMap, isScalar, type Document } from 'yaml';

import {
  assertSimulationConfig,
  resolveSimulationConfig,
  type InputEntry,
  type KubeObject,
  type SimulationConfig,
} from '@svcsim/core';
import { PROXY_MODE_NAMES } from '@svcsim/proxy-modes';

import { mergeTrafficInputs } from '../traffic/mergeTrafficInputs.js';
import { trafficInputs } from '../traffic/trafficInputs.js';
import { ProblemCollector } from './ProblemCollector.js';
import { readClusterSpec } from './readClusterSpec.js';
import { keyOfObject, readManifest } from './readManifest.js';
import { readExpect } from './readExpect.js';
import { readProxySpec } from './readProxySpec.js';
import { readTimeline } from './readTimeline.js';
import { readTraffic } from './readTraffic.js';
import type { SectionWorld } from './SectionWorld.js';
import { timelineInputs } from './timelineInputs.js';
import type { ExpectSpec } from './ExpectSpec.js';
import type { TrafficSpec } from './TrafficSpec.js';
import { readDuration, readInteger, readMap, readString, required } from './yamlFields.js';

export const SCENARIO_API_VERSION = 'svcsim.dev/v1alpha1';
export const SCENARIO_KIND = 'Scenario';

/** A scenario file, ready for `run(inputs, seed, config, { proxyMode })`. */
export interface LoadedScenario {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly config: SimulationConfig;
  /**
   * Everything the run is given, in time order: nodes, then manifests in file order, at t=0; the
   * timeline's inputs; and the traffic's connection inputs (trafficInputs), merged in so that within
   * one instant the timeline's come first, then each traffic entry's in file order. So every command
   * that runs a scenario (`run`, `get`, `rules`, `trace`) sees the same run.
   */
  readonly inputs: readonly InputEntry[];
  /**
   * `spec.traffic`, validated and typed (sources, targets, rates and windows checked, references to
   * pods and nodes resolved against the file); already turned into `inputs`.
   */
  readonly traffic: readonly TrafficSpec[];
  /**
   * `spec.expect`, validated and typed (traffic names and Services checked against the file). The
   * loader measures and judges nothing: runScenario evaluates them against a finished run.
   */
  readonly expect: readonly ExpectSpec[];
}

const SCENARIO_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec'] as const;
const METADATA_FIELDS = ['name', 'description'] as const;
const SPEC_FIELDS = ['seed', 'duration', 'cluster', 'proxy', 'timeline', 'traffic', 'expect'] as const;

/**
 * Loads one multi-document scenario YAML. Throws a ScenarioError listing every problem (YAML syntax,
 * unknown or invalid fields, a missing or second Scenario document, timeline references to objects or
 * nodes the file does not define), each with `fileName`, line, column and field path.
 */
export function loadScenario(text: string, fileName: string): LoadedScenario {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const problems = new ProblemCollector(fileName, lines);

  for (const document of documents) {
    for (const error of document.errors) problems.add(error.pos[0], '', error.message);
  }
  // Syntax errors make the tree unreliable, so they are reported alone.
  problems.throwIfAny();

  let scenario: { document: Document.Parsed; index: number } | undefined;
  const manifests: KubeObject[] = [];
  documents.forEach((document, index) => {
    const contents = document.contents;
    if (contents === null) return; // an empty document (a stray `---`) holds nothing
    if (isScenarioDocument(document)) {
      if (scenario === undefined) scenario = { document, index };
      else problems.add(contents, 'kind', `a second Scenario document (the file may hold only one)`);
      return;
    }
    const manifest = readManifest({ node: contents, path: '' }, problems);
    if (manifest !== undefined) manifests.push(manifest);
  });
  if (scenario === undefined) {
    problems.add(
      0,
      '',
      `no Scenario document (expected one with apiVersion: ${SCENARIO_API_VERSION} and kind: ${SCENARIO_KIND})`,
    );
    problems.throwIfAny();
  }
  const loaded = readScenarioDocument(scenario?.document, manifests, problems);
  problems.throwIfAny();
  if (loaded === undefined) throw new Error('unreachable: a scenario with no problems was not read');
  return loaded;
}

function isScenarioDocument(document: Document.Parsed): boolean {
  const contents = document.contents;
  if (!isMap(contents)) return false;
  const kind: unknown = contents.get('kind', true);
  return isScalar(kind) && kind.value === SCENARIO_KIND;
}

function readScenarioDocument(
  document: Document.Parsed | undefined,
  manifests: readonly KubeObject[],
  problems: ProblemCollector,
): LoadedScenario | undefined {
  if (document === undefined) return undefined;
  const top = readMap({ node: document.contents, path: '' }, problems, SCENARIO_FIELDS);
  if (top === undefined) return undefined;
  const versionField = required(top, 'apiVersion', problems);
  const version = versionField && readString(versionField, problems);
  if (versionField !== undefined && version !== undefined && version !== SCENARIO_API_VERSION) {
    problems.add(versionField.node, versionField.path, `expected ${SCENARIO_API_VERSION}, got "${version}"`);
  }

  const metadataField = required(top, 'metadata', problems);
  const metadata = metadataField && readMap(metadataField, problems, METADATA_FIELDS);
  const nameField = metadata && required(metadata, 'name', problems);
  const name = nameField && readString(nameField, problems, 'a scenario name');
  const descriptionField = metadata?.byKey.get('description');
  const description = descriptionField === undefined ? '' : readString(descriptionField, problems);

  const specField = required(top, 'spec', problems);
  const spec = specField && readMap(specField, problems, SPEC_FIELDS);
  if (spec === undefined) return undefined;
  const seedField = required(spec, 'seed', problems);
  const seed = seedField && readInteger(seedField, problems, 0);
  const durationField = required(spec, 'duration', problems);
  const durationMs = durationField && readDuration(durationField, problems);

  const cluster = readClusterSpec(spec.byKey.get('cluster'), problems);
  const proxyField = spec.byKey.get('proxy');
  const proxy = proxyField && readProxySpec(proxyField, problems);
  const nodeNames = new Set(cluster.nodes.map((node) => node.metadata.name ?? ''));
  for (const manifest of manifests) if (manifest.kind === 'Node') nodeNames.add(manifest.metadata.name ?? '');
  if (proxyField !== undefined && proxy !== undefined) {
    const modeField =
      proxyField.node !== null && isMap(proxyField.node) ? proxyField.node.get('mode', true) : null;
    if (!(PROXY_MODE_NAMES as readonly string[]).includes(proxy.config.mode)) {
      problems.add(
        modeField,
        `${proxyField.path}.mode`,
        `expected one of ${PROXY_MODE_NAMES.join(', ')}, got "${proxy.config.mode}"`,
      );
    }
    for (const [node, site] of proxy.nodeSites) {
      if (!nodeNames.has(node)) {
        problems.add(
          site.node,
          `${proxyField.path}.nodes.${node}`,
          `node "${node}" is not in this cluster (nodes: ${[...nodeNames].join(', ')})`,
        );
      }
    }
  }

  const timelineField = spec.byKey.get('timeline');
  const actions = timelineField === undefined ? [] : readTimeline(timelineField, problems);
  const timeline = timelineInputs(
    actions,
    {
      manifests,
      nodeNames,
      hasProxy: proxy !== undefined,
      durationMs: durationMs ?? Number.MAX_SAFE_INTEGER,
    },
    problems,
  );

  const objectKeys = new Set(manifests.map(keyOfObject));
  for (const action of actions) if (action.action === 'apply') objectKeys.add(keyOfObject(action.object));
  const world: SectionWorld = { durationMs: durationMs ?? Number.MAX_SAFE_INTEGER, nodeNames, objectKeys };
  const traffic = readTraffic(spec.byKey.get('traffic'), world, problems);
  const expectations = readExpect(spec.byKey.get('expect'), traffic.names, world, problems);

  if (name === undefined || description === undefined || seed === undefined || durationMs === undefined)
    return undefined;
  const config = resolveSimulationConfig({
    durationMs,
    serviceCIDR: cluster.serviceCIDR,
    ...(cluster.loadBalancerCIDR !== undefined && { loadBalancerCIDR: cluster.loadBalancerCIDR }),
    ...(cluster.nodeMonitorGracePeriodMs !== undefined && {
      nodeMonitorGracePeriodMs: cluster.nodeMonitorGracePeriodMs,
    }),
    ...(cluster.defaultTolerationSeconds !== undefined && {
      defaultTolerationSeconds: cluster.defaultTolerationSeconds,
    }),
    ...(proxy !== undefined && { proxy: { ...proxy.config, clusterCIDR: cluster.podCIDR } }),
  });
  // The loader's own checks should leave nothing for core's; if one slips through, it is still
  // reported as a problem of the spec rather than a crash at run time.
  try {
    assertSimulationConfig(config, 'spec');
  } catch (error) {
    problems.add(specField?.node, 'spec', (error as Error).message);
  }
  const atStart = [...cluster.nodes, ...manifests].map((object): InputEntry => ({
    at: 0,
    event: { type: 'api/applied', object },
  }));
  return {
    name,
    description,
    seed,
    config,
    inputs: mergeTrafficInputs([...atStart, ...timeline], traffic.specs.map(trafficInputs)),
    traffic: traffic.specs,
    expect: expectations,
  };
}
