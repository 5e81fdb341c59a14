import type { ConfigMap, Namespace, Secret } from '@svcsim/core';

import { objectSchema, required, stringField, stringMapField } from './FieldSchema.js';
import { objectMetaSchema } from './objectMetaSchemas.js';

type NamespaceStatus = NonNullable<Namespace['status']>;

export const namespaceSchema = objectSchema<Namespace>(
  'Namespace',
  {
    apiVersion: required(stringField),
    kind: required(stringField),
    metadata: required(objectMetaSchema),
    status: objectSchema<NamespaceStatus>('NamespaceStatus', { phase: stringField }, ['conditions']),
  },
  // spec holds only the finalizers of the namespace lifecycle controller, which svcsim does not run.
  ['spec'],
);

export const secretSchema = objectSchema<Secret>(
  'Secret',
  {
    apiVersion: required(stringField),
    kind: required(stringField),
    metadata: required(objectMetaSchema),
    type: stringField,
    data: stringMapField,
    stringData: stringMapField,
  },
  ['immutable'],
);

export const configMapSchema = objectSchema<ConfigMap>(
  'ConfigMap',
  {
    apiVersion: required(stringField),
    kind: required(stringField),
    metadata: required(objectMetaSchema),
    data: stringMapField,
  },
  ['binaryData', 'immutable'],
);
