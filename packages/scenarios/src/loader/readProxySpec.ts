import { isScalar } from 'yaml';

import {
  DEFAULT_KUBE_PROXY_CONFIG,
  KUBE_PROXY_VERSION_EXPECTED,
  parseKubeProxyVersion,
  type KubeProxyConfig,
  type KubeProxyNodeOverrides,
} from '@svcsim/core';

import type { ProblemCollector } from './ProblemCollector.js';
import { describeNode, readBoolean, readDuration, readMap, readString, type Field } from './yamlFields.js';

const PROXY_FIELDS = [
  'mode',
  'minSyncPeriod',
  'syncPeriod',
  'watchDelay',
  'masqueradeAll',
  'emulateVersion',
  'nodes',
] as const;
const DURATION_FIELDS = ['minSyncPeriod', 'syncPeriod', 'watchDelay'] as const;
const NODE_FIELDS = [...DURATION_FIELDS, 'emulateVersion'] as const;
const MS_FIELD: Readonly<Record<(typeof DURATION_FIELDS)[number], keyof KubeProxyNodeOverrides>> = {
  minSyncPeriod: 'minSyncPeriodMs',
  syncPeriod: 'syncPeriodMs',
  watchDelay: 'watchDelayMs',
};

/** The proxy spec, with the node each per-node override names so references can be checked. */
export interface ProxySpec {
  readonly config: Omit<KubeProxyConfig, 'clusterCIDR'>;
  readonly nodeSites: ReadonlyMap<string, Field>;
}

/**
 * Reads `spec.proxy`: durations become the config's milliseconds, missing fields take kube-proxy's
 * defaults. The mode name is checked against the registry by the caller, which knows the modes.
 */
export function readProxySpec(field: Field, problems: ProblemCollector): ProxySpec | undefined {
  const fields = readMap(field, problems, PROXY_FIELDS);
  if (fields === undefined) return undefined;
  const config: Record<string, unknown> = { ...DEFAULT_KUBE_PROXY_CONFIG };
  const modeField = fields.byKey.get('mode');
  if (modeField !== undefined) config['mode'] = readString(modeField, problems, 'a proxy mode name');
  for (const key of DURATION_FIELDS) {
    const value = fields.byKey.get(key);
    if (value !== undefined) config[MS_FIELD[key]] = readDuration(value, problems);
  }
  const masquerade = fields.byKey.get('masqueradeAll');
  if (masquerade !== undefined) config['masqueradeAll'] = readBoolean(masquerade, problems);
  const versionField = fields.byKey.get('emulateVersion');
  const version = versionField && readVersion(versionField, problems);
  // Left out, not undefined, when refused: core's check would report the same problem again.
  if (version !== undefined) config['emulateVersion'] = version;

  const nodes: Record<string, KubeProxyNodeOverrides> = {};
  const nodeSites = new Map<string, Field>();
  const nodesField = fields.byKey.get('nodes');
  const perNode = nodesField === undefined ? undefined : readMap(nodesField, problems);
  for (const [name, overridesField] of perNode?.byKey ?? []) {
    const overrides = readMap(overridesField, problems, NODE_FIELDS);
    if (overrides === undefined) continue;
    const values: Record<string, number | string | undefined> = {};
    for (const [key, value] of overrides.byKey) {
      if (key !== 'emulateVersion') {
        values[MS_FIELD[key as (typeof DURATION_FIELDS)[number]]] = readDuration(value, problems);
        continue;
      }
      const version = readVersion(value, problems);
      if (version !== undefined) values['emulateVersion'] = version;
    }
    nodes[name] = values;
    nodeSites.set(name, overridesField);
  }
  config['nodes'] = nodes;
  checkSyncPeriods(config, fields.byKey.get('syncPeriod') ?? field, problems);
  return { config: config as unknown as ProxySpec['config'], nodeSites };
}

/**
 * A kube-proxy release (`1.22.3`) as core's config check accepts it. An unquoted `1.22` is a YAML number
 * and `1.22.3-rc.0` a pre-release: both are refused with the same message, at the field.
 */
function readVersion(field: Field, problems: ProblemCollector): string | undefined {
  const node = field.node;
  const text = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
  if (text !== undefined && parseKubeProxyVersion(text) !== undefined) return text;
  problems.add(node, field.path, `expected ${KUBE_PROXY_VERSION_EXPECTED}, got ${describeNode(node)}`);
  return undefined;
}

/** kube-proxy refuses a syncPeriod below minSyncPeriod; so does core's config check. */
function checkSyncPeriods(config: Record<string, unknown>, site: Field, problems: ProblemCollector): void {
  const min = config['minSyncPeriodMs'];
  const max = config['syncPeriodMs'];
  if (typeof min === 'number' && typeof max === 'number' && max < min) {
    problems.add(site.node, site.path, `syncPeriod must be at least minSyncPeriod`);
  }
}
