import type { Endpoint, EndpointConditions, EndpointPort, EndpointSlice } from '@svcsim/core';

import { booleanField, integerField, listOf, objectSchema, required, stringField } from './FieldSchema.js';
import { objectMetaSchema, objectReferenceSchema } from './objectMetaSchemas.js';

type EndpointHints = NonNullable<Endpoint['hints']>;
type ForZone = NonNullable<EndpointHints['forZones']>[number];

const endpointSchema = objectSchema<Endpoint>(
  'Endpoint',
  {
    addresses: required(listOf(stringField)),
    conditions: objectSchema<EndpointConditions>('EndpointConditions', {
      ready: booleanField,
      serving: booleanField,
      terminating: booleanField,
    }),
    hostname: stringField,
    nodeName: stringField,
    zone: stringField,
    targetRef: objectReferenceSchema,
    hints: objectSchema<EndpointHints>(
      'EndpointHints',
      { forZones: listOf(objectSchema<ForZone>('ForZone', { name: required(stringField) })) },
      ['forNodes'],
    ),
  },
  ['deprecatedTopology'],
);

export const endpointSliceSchema = objectSchema<EndpointSlice>('EndpointSlice', {
  apiVersion: required(stringField),
  kind: required(stringField),
  metadata: required(objectMetaSchema),
  addressType: required(stringField),
  endpoints: required(listOf(endpointSchema)),
  ports: listOf(
    objectSchema<EndpointPort>('EndpointPort (discovery/v1)', {
      name: stringField,
      port: integerField,
      protocol: stringField,
      appProtocol: stringField,
    }),
  ),
});
