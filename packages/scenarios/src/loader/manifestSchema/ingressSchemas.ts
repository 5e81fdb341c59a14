import type { Ingress, IngressBackend, IngressRule } from '@svcsim/core';

import { integerField, listOf, objectSchema, required, requiredPointer, stringField } from './FieldSchema.js';
import { objectMetaSchema } from './objectMetaSchemas.js';

type IngressSpec = Ingress['spec'];
type IngressServiceBackend = NonNullable<IngressBackend['service']>;
type ServiceBackendPort = IngressServiceBackend['port'];
type TypedLocalObjectReference = NonNullable<IngressBackend['resource']>;
type HTTPIngressRuleValue = NonNullable<IngressRule['http']>;
type HTTPIngressPath = HTTPIngressRuleValue['paths'][number];
type IngressTLS = NonNullable<IngressSpec['tls']>[number];
type IngressStatus = NonNullable<Ingress['status']>;
type IngressLoadBalancerStatus = NonNullable<IngressStatus['loadBalancer']>;
type IngressLoadBalancerIngress = NonNullable<IngressLoadBalancerStatus['ingress']>[number];

const ingressBackendSchema = objectSchema<IngressBackend>('IngressBackend', {
  service: objectSchema<IngressServiceBackend>('IngressServiceBackend', {
    name: required(stringField),
    port: required(
      objectSchema<ServiceBackendPort>('ServiceBackendPort', { number: integerField, name: stringField }),
    ),
  }),
  resource: objectSchema<TypedLocalObjectReference>('TypedLocalObjectReference', {
    apiGroup: stringField,
    kind: required(stringField),
    name: required(stringField),
  }),
});

const httpIngressPathSchema = objectSchema<HTTPIngressPath>('HTTPIngressPath', {
  path: stringField,
  pathType: requiredPointer(stringField),
  backend: required(ingressBackendSchema),
});

const ingressRuleSchema = objectSchema<IngressRule>('IngressRule', {
  host: stringField,
  http: objectSchema<HTTPIngressRuleValue>('HTTPIngressRuleValue', {
    paths: required(listOf(httpIngressPathSchema)),
  }),
});

const ingressSpecSchema = objectSchema<IngressSpec>('IngressSpec', {
  ingressClassName: stringField,
  defaultBackend: ingressBackendSchema,
  rules: listOf(ingressRuleSchema),
  tls: listOf(
    objectSchema<IngressTLS>('IngressTLS', { hosts: listOf(stringField), secretName: stringField }),
  ),
});

const ingressStatusSchema = objectSchema<IngressStatus>('IngressStatus', {
  loadBalancer: objectSchema<IngressLoadBalancerStatus>('IngressLoadBalancerStatus', {
    ingress: listOf(
      objectSchema<IngressLoadBalancerIngress>(
        'IngressLoadBalancerIngress',
        { ip: stringField, hostname: stringField },
        ['ports'],
      ),
    ),
  }),
});

export const ingressSchema = objectSchema<Ingress>('Ingress', {
  apiVersion: required(stringField),
  kind: required(stringField),
  metadata: required(objectMetaSchema),
  spec: required(ingressSpecSchema),
  status: ingressStatusSchema,
});
