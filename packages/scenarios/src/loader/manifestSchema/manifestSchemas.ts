import type { KubeObjectOfKind } from '@svcsim/core';

import { configMapSchema, namespaceSchema, secretSchema } from './configDataSchemas.js';
import { deploymentSchema } from './deploymentSchemas.js';
import { endpointSliceSchema } from './endpointSliceSchemas.js';
import { endpointsSchema } from './endpointsSchemas.js';
import type { TypedObjectSchema } from './FieldSchema.js';
import { ingressSchema } from './ingressSchemas.js';
import type { ManifestKind } from './manifestKinds.js';
import { nodeSchema } from './nodeSchemas.js';
import { podSchema } from './podSchemas.js';
import { serviceSchema } from './serviceSchemas.js';

/** The schema each kind a scenario file may hold is decoded with (a kind added there needs one here). */
export const MANIFEST_SCHEMAS: { readonly [K in ManifestKind]: TypedObjectSchema<KubeObjectOfKind<K>> } = {
  Namespace: namespaceSchema,
  Node: nodeSchema,
  Pod: podSchema,
  Service: serviceSchema,
  Endpoints: endpointsSchema,
  Secret: secretSchema,
  ConfigMap: configMapSchema,
  Deployment: deploymentSchema,
  EndpointSlice: endpointSliceSchema,
  Ingress: ingressSchema,
};
