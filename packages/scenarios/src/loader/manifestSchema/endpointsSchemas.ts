import type { EndpointAddress, EndpointSubset, Endpoints } from '@svcsim/core';

import { integerField, listOf, objectSchema, required, stringField } from './FieldSchema.js';
import { objectMetaSchema, objectReferenceSchema } from './objectMetaSchemas.js';

/** core/v1 EndpointPort (distinct from discovery/v1's, which EndpointSlice uses). */
type EndpointsPort = NonNullable<EndpointSubset['ports']>[number];

const endpointAddressSchema = objectSchema<EndpointAddress>('EndpointAddress', {
  ip: required(stringField),
  hostname: stringField,
  nodeName: stringField,
  targetRef: objectReferenceSchema,
});

const endpointSubsetSchema = objectSchema<EndpointSubset>('EndpointSubset', {
  addresses: listOf(endpointAddressSchema),
  notReadyAddresses: listOf(endpointAddressSchema),
  ports: listOf(
    objectSchema<EndpointsPort>('EndpointPort (v1)', {
      name: stringField,
      port: required(integerField),
      protocol: stringField,
      appProtocol: stringField,
    }),
  ),
});

export const endpointsSchema = objectSchema<Endpoints>('Endpoints', {
  apiVersion: required(stringField),
  kind: required(stringField),
  metadata: required(objectMetaSchema),
  subsets: listOf(endpointSubsetSchema),
});
