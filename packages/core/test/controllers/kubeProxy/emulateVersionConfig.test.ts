import { describe, expect, it } from 'vitest';

import type { Node } from '../../../src/api/Node.js';
import { assertKubeProxyConfig } from '../../../src/controllers/kubeProxy/assertKubeProxyConfig.js';
import { nodeProxyConfigOf } from '../../../src/controllers/kubeProxy/nodeProxyConfigOf.js';
import { DEFAULT_KUBE_PROXY_CONFIG, type KubeProxyConfig } from '../../../src/proxy/KubeProxyConfig.js';

function node(name: string): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    spec: {},
    status: { addresses: [{ type: 'InternalIP', address: '192.168.0.11' }] },
  };
}

describe('emulateVersion in the kube-proxy config', () => {
  it('is optional, and accepted as a release version for the cluster and per node', () => {
    expect(() => assertKubeProxyConfig(DEFAULT_KUBE_PROXY_CONFIG, 'config.proxy')).not.toThrow();
    const config = {
      ...DEFAULT_KUBE_PROXY_CONFIG,
      emulateVersion: '1.22.3',
      nodes: { 'node-2': { emulateVersion: 'v1.22.4', watchDelayMs: 500 } },
    };
    expect(() => assertKubeProxyConfig(config, 'config.proxy')).not.toThrow();
  });

  it.each([
    [{ emulateVersion: '1.22' }, 'config.proxy.emulateVersion'],
    [{ emulateVersion: 1.22 }, 'config.proxy.emulateVersion'],
    [{ emulateVersion: '1.23.0-rc.0' }, 'config.proxy.emulateVersion'],
    [{ nodes: { 'node-2': { emulateVersion: 'latest' } } }, 'config.proxy.nodes.node-2.emulateVersion'],
  ])('refuses %j, naming %s', (fields, path) => {
    expect(() => assertKubeProxyConfig({ ...DEFAULT_KUBE_PROXY_CONFIG, ...fields }, 'config.proxy')).toThrow(
      new RegExp(`^${path.replaceAll('.', '\\.')}: expected a Kubernetes release version such as 1\\.22\\.3`),
    );
  });

  it('reaches each node’s NodeProxyConfig, a node’s own override first', () => {
    const config: KubeProxyConfig = {
      ...DEFAULT_KUBE_PROXY_CONFIG,
      emulateVersion: '1.22.3',
      nodes: { 'node-2': { emulateVersion: '1.22.4' }, 'node-3': { watchDelayMs: 500 } },
    };
    expect(nodeProxyConfigOf(node('node-1'), config).emulateVersion).toBe('1.22.3');
    expect(nodeProxyConfigOf(node('node-2'), config).emulateVersion).toBe('1.22.4');
    expect(nodeProxyConfigOf(node('node-3'), config).emulateVersion).toBe('1.22.3');
  });

  it('leaves the field out where no version is set, so configs stay plain data', () => {
    const config = { ...DEFAULT_KUBE_PROXY_CONFIG, nodes: { constructor: { watchDelayMs: 5 } } };
    expect('emulateVersion' in nodeProxyConfigOf(node('node-1'), config)).toBe(false);
    expect('emulateVersion' in nodeProxyConfigOf(node('constructor'), config)).toBe(false);
  });
});
