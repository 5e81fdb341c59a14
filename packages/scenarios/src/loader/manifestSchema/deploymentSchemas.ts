import type { Deployment, DeploymentSpec, DeploymentStrategy } from '@svcsim/core';

import {
  booleanField,
  integerField,
  intOrStringField,
  objectSchema,
  required,
  requiredPointer,
  stringField,
} from './FieldSchema.js';
import { labelSelectorSchema, objectMetaSchema } from './objectMetaSchemas.js';
import { podTemplateSpecSchema } from './podSchemas.js';

type RollingUpdateDeployment = NonNullable<DeploymentStrategy['rollingUpdate']>;
type DeploymentStatus = NonNullable<Deployment['status']>;

const deploymentStrategySchema = objectSchema<DeploymentStrategy>('DeploymentStrategy', {
  type: stringField,
  rollingUpdate: objectSchema<RollingUpdateDeployment>('RollingUpdateDeployment', {
    maxSurge: intOrStringField,
    maxUnavailable: intOrStringField,
  }),
});

const deploymentSpecSchema = objectSchema<DeploymentSpec>('DeploymentSpec', {
  replicas: integerField,
  selector: requiredPointer(labelSelectorSchema),
  template: required(podTemplateSpecSchema),
  strategy: deploymentStrategySchema,
  minReadySeconds: integerField,
  revisionHistoryLimit: integerField,
  progressDeadlineSeconds: integerField,
  paused: booleanField,
});

const deploymentStatusSchema = objectSchema<DeploymentStatus>(
  'DeploymentStatus',
  {
    observedGeneration: integerField,
    replicas: integerField,
    updatedReplicas: integerField,
    readyReplicas: integerField,
    availableReplicas: integerField,
    unavailableReplicas: integerField,
    collisionCount: integerField,
  },
  ['terminatingReplicas', 'conditions'],
);

export const deploymentSchema = objectSchema<Deployment>('Deployment', {
  apiVersion: required(stringField),
  kind: required(stringField),
  metadata: required(objectMetaSchema),
  spec: required(deploymentSpecSchema),
  status: deploymentStatusSchema,
});
