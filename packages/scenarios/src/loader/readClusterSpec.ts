import { ZONE_LABEL, formatIpv4, parseIpv4, parseIpv4Cidr, type Ipv4Cidr, type Node } from '@svcsim/core';

import type { ProblemCollector } from './ProblemCollector.js';
import {
  readDuration,
  readInteger,
  readMap,
  readSeq,
  readString,
  required,
  type Field,
} from './yamlFields.js';

/** The cluster a scenario runs on: its nodes (applied first, at t=0) and its address ranges. */
export interface ClusterSpec {
  readonly nodes: readonly Node[];
  readonly serviceCIDR: string;
  readonly podCIDR: string;
  readonly loadBalancerCIDR?: string;
  /** kube-controller-manager --node-monitor-grace-period, in milliseconds; absent, core's default. */
  readonly nodeMonitorGracePeriodMs?: number;
  /** The DefaultTolerationSeconds admission plugin's tolerationSeconds; absent, core's default. */
  readonly defaultTolerationSeconds?: number;
}

const CLUSTER_FIELDS = [
  'nodes',
  'serviceCIDR',
  'podCIDR',
  'loadBalancerCIDR',
  'nodeMonitorGracePeriod',
  'defaultTolerationSeconds',
] as const;
const NODE_FIELDS = ['name', 'ip', 'zone'] as const;

/** kubeadm's Service range and flannel's pod range, the usual defaults. */
const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';
const DEFAULT_POD_CIDR = '10.244.0.0/16';
/** kube-controller-manager's --node-cidr-mask-size default for IPv4: every node gets a /24. */
const NODE_CIDR_MASK_SIZE = 24;
/** Where generated node addresses start (node-1 is 192.168.0.11), as in the built-in demo. */
const GENERATED_NODE_IP_BASE = '192.168.0.10';
const GENERATED_ZONES = ['zone-a', 'zone-b', 'zone-c'] as const;

interface NodeSketch {
  readonly name: string;
  readonly ip: string;
  readonly zone: string;
  readonly site: Field;
}

/** Reads `spec.cluster`; absent, a one-node cluster with the default ranges. */
export function readClusterSpec(field: Field | undefined, problems: ProblemCollector): ClusterSpec {
  const fields = field === undefined ? undefined : readMap(field, problems, CLUSTER_FIELDS);
  const cidr = (key: string, fallback: string | undefined): string | undefined => {
    const value = fields?.byKey.get(key);
    if (value === undefined) return fallback;
    const text = readString(value, problems, 'an IPv4 CIDR such as 10.96.0.0/12');
    if (text !== undefined && parseIpv4Cidr(text) === undefined) {
      problems.add(value.node, value.path, `expected an IPv4 CIDR with no host bits set, got "${text}"`);
      return undefined;
    }
    return text;
  };
  const serviceCIDR = cidr('serviceCIDR', DEFAULT_SERVICE_CIDR) ?? DEFAULT_SERVICE_CIDR;
  const podCIDR = cidr('podCIDR', DEFAULT_POD_CIDR) ?? DEFAULT_POD_CIDR;
  const loadBalancerCIDR = cidr('loadBalancerCIDR', undefined);
  const graceField = fields?.byKey.get('nodeMonitorGracePeriod');
  let nodeMonitorGracePeriodMs = graceField === undefined ? undefined : readDuration(graceField, problems);
  if (graceField !== undefined && nodeMonitorGracePeriodMs === 0) {
    problems.add(graceField.node, graceField.path, 'expected a duration longer than 0s, got 0s');
    nodeMonitorGracePeriodMs = undefined;
  }
  const tolerationField = fields?.byKey.get('defaultTolerationSeconds');
  const defaultTolerationSeconds =
    tolerationField === undefined ? undefined : readInteger(tolerationField, problems, 0);

  const nodesField = fields?.byKey.get('nodes');
  const sketches = nodesField === undefined ? generatedNodes(1) : readNodes(nodesField, problems);
  const podBlock = parseIpv4Cidr(podCIDR);
  const nodes: Node[] = [];
  sketches.forEach((sketch, index) => {
    // Like the node IPAM controller, node pod ranges are carved from podCIDR in order, from its start.
    const nodeCIDR = podBlock === undefined ? undefined : carveIpv4Cidr(podBlock, NODE_CIDR_MASK_SIZE, index);
    if (nodeCIDR === undefined) {
      problems.add(
        sketch.site.node,
        sketch.site.path,
        `podCIDR ${podCIDR} has no /${String(NODE_CIDR_MASK_SIZE)} left for node ${String(index + 1)} (${sketch.name})`,
      );
      return;
    }
    nodes.push(nodeObject(sketch, nodeCIDR));
  });
  return {
    nodes,
    serviceCIDR,
    podCIDR,
    ...(loadBalancerCIDR !== undefined && { loadBalancerCIDR }),
    ...(nodeMonitorGracePeriodMs !== undefined && { nodeMonitorGracePeriodMs }),
    ...(defaultTolerationSeconds !== undefined && { defaultTolerationSeconds }),
  };

  function generatedNodes(
    count: number,
    site: Field = { node: null, path: 'spec.cluster.nodes' },
  ): NodeSketch[] {
    const base = parseIpv4(GENERATED_NODE_IP_BASE) ?? 0;
    return Array.from({ length: count }, (_, i) => ({
      name: `node-${String(i + 1)}`,
      ip: formatIpv4(base + i + 1),
      zone: GENERATED_ZONES[i % GENERATED_ZONES.length] ?? 'zone-a',
      site,
    }));
  }

  function readNodes(nodesField: Field, problems: ProblemCollector): NodeSketch[] {
    if (nodesField.node !== null && !('items' in nodesField.node)) {
      const count = readInteger(nodesField, problems, 1, 5000);
      return count === undefined ? [] : generatedNodes(count, nodesField);
    }
    const items = readSeq(nodesField, problems) ?? [];
    const sketches: NodeSketch[] = [];
    const names = new Set<string>();
    const ips = new Set<string>();
    items.forEach((item, i) => {
      const node = readMap(item, problems, NODE_FIELDS);
      if (node === undefined) return;
      const nameField = required(node, 'name', problems);
      const name = nameField && readString(nameField, problems, 'a node name');
      if (nameField !== undefined && name !== undefined) {
        if (names.has(name)) problems.add(nameField.node, nameField.path, `duplicate node name "${name}"`);
        names.add(name);
      }
      const ipField = node.byKey.get('ip');
      let ip = formatIpv4((parseIpv4(GENERATED_NODE_IP_BASE) ?? 0) + i + 1);
      if (ipField !== undefined) {
        const text = readString(ipField, problems, 'an IPv4 address');
        if (text !== undefined && parseIpv4(text) === undefined) {
          problems.add(
            ipField.node,
            ipField.path,
            `expected an IPv4 address such as 192.168.0.11, got "${text}"`,
          );
        } else if (text !== undefined) {
          if (ips.has(text)) problems.add(ipField.node, ipField.path, `duplicate node IP ${text}`);
          ip = text;
        }
      }
      ips.add(ip);
      const zoneField = node.byKey.get('zone');
      const zone = zoneField === undefined ? undefined : readString(zoneField, problems, 'a zone name');
      if (name !== undefined) {
        sketches.push({
          name,
          ip,
          zone: zone ?? GENERATED_ZONES[i % GENERATED_ZONES.length] ?? 'zone-a',
          site: item,
        });
      }
    });
    return sketches;
  }
}

function nodeObject(sketch: NodeSketch, podCIDR: string): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: sketch.name,
      labels: { 'kubernetes.io/hostname': sketch.name, [ZONE_LABEL]: sketch.zone },
    },
    spec: { podCIDR },
    status: {
      addresses: [{ type: 'InternalIP', address: sketch.ip }],
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

/** The index-th block of `/prefix` inside `block` (how the node IPAM controller carves pod CIDRs), or undefined when there are fewer. */
function carveIpv4Cidr(block: Ipv4Cidr, prefix: number, index: number): string | undefined {
  if (prefix < block.prefixLength || index >= 2 ** (prefix - block.prefixLength)) return undefined;
  return `${formatIpv4(block.base + index * 2 ** (32 - prefix))}/${String(prefix)}`;
}
