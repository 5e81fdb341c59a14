import type { Service, ServicePort, ServiceSpec } from '@svcsim/core';

import {
  booleanField,
  integerField,
  intOrStringField,
  listOf,
  objectSchema,
  required,
  stringField,
  stringMapField,
} from './FieldSchema.js';
import { objectMetaSchema } from './objectMetaSchemas.js';

type SessionAffinityConfig = NonNullable<ServiceSpec['sessionAffinityConfig']>;
type ClientIPConfig = NonNullable<SessionAffinityConfig['clientIP']>;
type ServiceStatus = NonNullable<Service['status']>;
type LoadBalancerStatus = NonNullable<ServiceStatus['loadBalancer']>;
type LoadBalancerIngress = NonNullable<LoadBalancerStatus['ingress']>[number];

const servicePortSchema = objectSchema<ServicePort>('ServicePort', {
  name: stringField,
  protocol: stringField,
  appProtocol: stringField,
  port: required(integerField),
  targetPort: intOrStringField,
  nodePort: integerField,
});

const serviceSpecSchema = objectSchema<ServiceSpec>(
  'ServiceSpec',
  {
    type: stringField,
    selector: stringMapField,
    ports: listOf(servicePortSchema),
    clusterIP: stringField,
    clusterIPs: listOf(stringField),
    externalIPs: listOf(stringField),
    externalName: stringField,
    sessionAffinity: stringField,
    sessionAffinityConfig: objectSchema<SessionAffinityConfig>('SessionAffinityConfig', {
      clientIP: objectSchema<ClientIPConfig>('ClientIPConfig', { timeoutSeconds: integerField }),
    }),
    externalTrafficPolicy: stringField,
    internalTrafficPolicy: stringField,
    publishNotReadyAddresses: booleanField,
    loadBalancerIP: stringField,
    loadBalancerClass: stringField,
    loadBalancerSourceRanges: listOf(stringField),
    healthCheckNodePort: integerField,
    allocateLoadBalancerNodePorts: booleanField,
    ipFamilies: listOf(stringField),
    ipFamilyPolicy: stringField,
  },
  // PreferClose routing (KEP-4444) is not modelled: such a Service routes as if the field were unset.
  ['trafficDistribution'],
);

const loadBalancerIngressSchema = objectSchema<LoadBalancerIngress>(
  'LoadBalancerIngress',
  { ip: stringField, hostname: stringField, ipMode: stringField },
  ['ports'],
);

const serviceStatusSchema = objectSchema<ServiceStatus>(
  'ServiceStatus',
  {
    loadBalancer: objectSchema<LoadBalancerStatus>('LoadBalancerStatus', {
      ingress: listOf(loadBalancerIngressSchema),
    }),
  },
  ['conditions'],
);

export const serviceSchema = objectSchema<Service>('Service', {
  apiVersion: required(stringField),
  kind: required(stringField),
  metadata: required(objectMetaSchema),
  spec: required(serviceSpecSchema),
  status: serviceStatusSchema,
});
