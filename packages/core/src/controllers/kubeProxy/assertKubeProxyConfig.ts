import { parseIpv4Cidr } from '../../net/ipv4.js';
import type { KubeProxyConfig } from '../../proxy/KubeProxyConfig.js';
import { KUBE_PROXY_VERSION_EXPECTED, parseKubeProxyVersion } from '../../proxy/KubeProxyVersion.js';

const FIELDS = new Set([
  'mode',
  'minSyncPeriodMs',
  'syncPeriodMs',
  'watchDelayMs',
  'clusterCIDR',
  'masqueradeAll',
  'emulateVersion',
  'nodes',
]);
const NODE_FIELDS = ['minSyncPeriodMs', 'syncPeriodMs', 'watchDelayMs'] as const;
const NODE_OVERRIDES = new Set<string>([...NODE_FIELDS, 'emulateVersion']);

/**
 * Checks a KubeProxyConfig read from outside (a log header, a command line), naming the first bad
 * field (`config.proxy.nodes.node-2.watchDelayMs: ...`). Unknown fields are refused too: a misspelt
 * override would otherwise be silently ignored.
 */
export function assertKubeProxyConfig(value: unknown, where: string): asserts value is KubeProxyConfig {
  const record = asRecord(
    value,
    where,
    'an object with mode, minSyncPeriodMs, syncPeriodMs, watchDelayMs, masqueradeAll and nodes',
  );
  rejectUnknown(record, FIELDS, where);
  const mode = record['mode'];
  if (typeof mode !== 'string' || mode === '') {
    throw new TypeError(
      `${where}.mode: expected a proxy mode name such as iptables, got ${JSON.stringify(mode)}`,
    );
  }
  assertMilliseconds(record['minSyncPeriodMs'], `${where}.minSyncPeriodMs`);
  assertMilliseconds(record['syncPeriodMs'], `${where}.syncPeriodMs`, 1);
  assertMilliseconds(record['watchDelayMs'], `${where}.watchDelayMs`);
  assertSyncPeriods(record, record, where);
  if ('clusterCIDR' in record) {
    const cidr = record['clusterCIDR'];
    if (typeof cidr !== 'string' || parseIpv4Cidr(cidr) === undefined) {
      throw new TypeError(
        `${where}.clusterCIDR: expected an IPv4 CIDR such as 10.244.0.0/16, got ${JSON.stringify(cidr)}`,
      );
    }
  }
  if (typeof record['masqueradeAll'] !== 'boolean') {
    throw new TypeError(
      `${where}.masqueradeAll: expected true or false, got ${JSON.stringify(record['masqueradeAll'])}`,
    );
  }
  assertEmulateVersion(record, where);
  const nodes = asRecord(
    record['nodes'],
    `${where}.nodes`,
    'an object of per-node overrides keyed by node name',
  );
  for (const [name, overrides] of Object.entries(nodes)) {
    const at = `${where}.nodes.${name}`;
    const fields = asRecord(overrides, at, `an object with some of ${[...NODE_OVERRIDES].join(', ')}`);
    rejectUnknown(fields, NODE_OVERRIDES, at);
    for (const field of NODE_FIELDS) {
      if (field in fields)
        assertMilliseconds(fields[field], `${at}.${field}`, field === 'syncPeriodMs' ? 1 : 0);
    }
    assertSyncPeriods({ ...record, ...fields }, fields, at);
    assertEmulateVersion(fields, at);
  }
}

function assertEmulateVersion(record: Record<string, unknown>, where: string): void {
  if (!('emulateVersion' in record)) return;
  const version = record['emulateVersion'];
  if (typeof version !== 'string' || parseKubeProxyVersion(version) === undefined) {
    throw new TypeError(
      `${where}.emulateVersion: expected ${KUBE_PROXY_VERSION_EXPECTED}, got ${JSON.stringify(version)}`,
    );
  }
}

function asRecord(value: unknown, where: string, expected: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${where}: expected ${expected}, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

function rejectUnknown(record: Record<string, unknown>, known: ReadonlySet<string>, where: string): void {
  for (const key of Object.keys(record)) {
    if (!known.has(key)) {
      throw new TypeError(`${where}.${key}: unknown field (expected one of ${[...known].join(', ')})`);
    }
  }
}

function assertMilliseconds(value: unknown, where: string, minimum = 0): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    const what = minimum === 0 ? 'a non-negative' : 'a positive';
    throw new TypeError(
      `${where}: expected ${what} integer number of milliseconds, got ${JSON.stringify(value)}`,
    );
  }
}

/**
 * kube-proxy's config validation refuses a syncPeriod below minSyncPeriod (and its runner would panic):
 * checked with the node's overrides applied, reported at the field the node set (or the cluster's).
 */
function assertSyncPeriods(
  effective: Record<string, unknown>,
  own: Record<string, unknown>,
  where: string,
): void {
  const min = effective['minSyncPeriodMs'] as number;
  const max = effective['syncPeriodMs'] as number;
  if (max >= min) return;
  const field = 'syncPeriodMs' in own ? 'syncPeriodMs' : 'minSyncPeriodMs';
  throw new TypeError(
    `${where}.${field}: syncPeriodMs (${max}) must be greater than or equal to minSyncPeriodMs (${min})`,
  );
}
