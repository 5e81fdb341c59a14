import type {
  LabelSelector,
  LabelSelectorRequirement,
  ObjectMeta,
  ObjectReference,
  OwnerReference,
} from '@svcsim/core';

import {
  booleanField,
  integerField,
  listOf,
  objectSchema,
  required,
  stringField,
  stringMapField,
  timestampField,
} from './FieldSchema.js';

export const ownerReferenceSchema = objectSchema<OwnerReference>('OwnerReference', {
  apiVersion: required(stringField),
  kind: required(stringField),
  name: required(stringField),
  uid: required(stringField),
  controller: booleanField,
  blockOwnerDeletion: booleanField,
});

/** Every object's metadata, a pod template's included. */
export const objectMetaSchema = objectSchema<ObjectMeta>(
  'ObjectMeta',
  {
    name: stringField,
    generateName: stringField,
    namespace: stringField,
    uid: stringField,
    resourceVersion: stringField,
    generation: integerField,
    creationTimestamp: timestampField,
    deletionTimestamp: timestampField,
    deletionGracePeriodSeconds: integerField,
    labels: stringMapField,
    annotations: stringMapField,
    ownerReferences: listOf(ownerReferenceSchema),
    finalizers: listOf(stringField),
  },
  // Both are written by the apiserver and read by no controller svcsim runs.
  ['managedFields', 'selfLink'],
);

const labelSelectorRequirementSchema = objectSchema<LabelSelectorRequirement>('LabelSelectorRequirement', {
  key: required(stringField),
  operator: required(stringField),
  values: listOf(stringField),
});

export const labelSelectorSchema = objectSchema<LabelSelector>('LabelSelector', {
  matchLabels: stringMapField,
  matchExpressions: listOf(labelSelectorRequirementSchema),
});

export const objectReferenceSchema = objectSchema<ObjectReference>(
  'ObjectReference',
  { kind: stringField, namespace: stringField, name: stringField, uid: stringField },
  ['apiVersion', 'resourceVersion', 'fieldPath'],
);
