import type { Node, NodeAddress, NodeCondition, Taint } from '@svcsim/core';

import { booleanField, listOf, objectSchema, required, stringField, timestampField } from './FieldSchema.js';
import { objectMetaSchema } from './objectMetaSchemas.js';

type NodeSpec = Node['spec'];
type NodeStatus = NonNullable<Node['status']>;

const nodeSpecSchema = objectSchema<NodeSpec>(
  'NodeSpec',
  {
    podCIDR: stringField,
    podCIDRs: listOf(stringField),
    unschedulable: booleanField,
    // svcsim's scheduler (schedulePod) looks at readiness, unschedulable and nodeSelector; NoExecute
    // taints evict (the node lifecycle controller's taint manager).
    taints: listOf(
      objectSchema<Taint>('Taint', {
        key: required(stringField),
        value: stringField,
        effect: required(stringField),
        timeAdded: timestampField,
      }),
    ),
  },
  ['providerID', 'configSource', 'externalID'],
);

const nodeConditionSchema = objectSchema<NodeCondition>(
  'NodeCondition',
  { type: required(stringField), status: required(stringField), reason: stringField, message: stringField },
  ['lastHeartbeatTime', 'lastTransitionTime'],
);

const nodeStatusSchema = objectSchema<NodeStatus>(
  'NodeStatus',
  {
    addresses: listOf(
      objectSchema<NodeAddress>('NodeAddress', {
        type: required(stringField),
        address: required(stringField),
      }),
    ),
    conditions: listOf(nodeConditionSchema),
  },
  [
    'capacity',
    'allocatable',
    'phase',
    'daemonEndpoints',
    'nodeInfo',
    'images',
    'volumesInUse',
    'volumesAttached',
    'config',
    'runtimeHandlers',
    'features',
  ],
);

export const nodeSchema = objectSchema<Node>('Node', {
  apiVersion: required(stringField),
  kind: required(stringField),
  metadata: required(objectMetaSchema),
  spec: required(nodeSpecSchema),
  status: nodeStatusSchema,
});
