import { DEFAULT_KUBE_PROXY_CONFIG, type KubeProxyConfig, type KubeProxyNodeOverrides } from '@svcsim/core';

import type { ProblemCollector } from './ProblemCollector.js';
import { readBoolean, readDuration, readMap, readString, type Field } from './yamlFields.js';

const PROXY_FIELDS = ['mode', 'minSyncPeriod', 'syncPeriod', 'watchDelay', 'masqueradeAll', 'nodes'] as const;
const NODE_FIELDS = ['minSyncPeriod', 'syncPeriod', 'watchDelay'] as const;
const MS_FIELD: Readonly<Record<(typeof NODE_FIELDS)[number], keyof KubeProxyNodeOverrides>> = {
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
  for (const key of NODE_FIELDS) {
    const value = fields.byKey.get(key);
    if (value !== undefined) config[MS_FIELD[key]] = readDuration(value, problems);
  }
  const masquerade = fields.byKey.get('masqueradeAll');
  if (masquerade !== undefined) config['masqueradeAll'] = readBoolean(masquerade, problems);

  const nodes: Record<string, KubeProxyNodeOverrides> = {};
  const nodeSites = new Map<string, Field>();
  const nodesField = fields.byKey.get('nodes');
  const perNode = nodesField === undefined ? undefined : readMap(nodesField, problems);
  for (const [name, overridesField] of perNode?.byKey ?? []) {
    const overrides = readMap(overridesField, problems, NODE_FIELDS);
    if (overrides === undefined) continue;
    const values: Record<string, number | undefined> = {};
    for (const [key, value] of overrides.byKey) {
      values[MS_FIELD[key as (typeof NODE_FIELDS)[number]]] = readDuration(value, problems);
    }
    nodes[name] = values;
    nodeSites.set(name, overridesField);
  }
  config['nodes'] = nodes;
  checkSyncPeriods(config, fields.byKey.get('syncPeriod') ?? field, problems);
  return { config: config as unknown as ProxySpec['config'], nodeSites };
}

/** kube-proxy refuses a syncPeriod below minSyncPeriod; so does core's config check. */
function checkSyncPeriods(config: Record<string, unknown>, site: Field, problems: ProblemCollector): void {
  const min = config['minSyncPeriodMs'];
  const max = config['syncPeriodMs'];
  if (typeof min === 'number' && typeof max === 'number' && max < min) {
    problems.add(site.node, site.path, `syncPeriod must be at least minSyncPeriod`);
  }
}
