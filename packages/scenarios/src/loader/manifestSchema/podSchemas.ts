import type {
  Container,
  ContainerPort,
  ContainerState,
  ContainerStatus,
  Pod,
  PodCondition,
  PodSpec,
  PodStatus,
  PodTemplateSpec,
  Probe,
  Toleration,
} from '@svcsim/core';

import {
  booleanField,
  integerField,
  intOrStringField,
  listOf,
  objectSchema,
  required,
  stringField,
  stringMapField,
  timestampField,
} from './FieldSchema.js';
import { objectMetaSchema } from './objectMetaSchemas.js';

// Types core declares inline, named here after their Kubernetes types.
type HTTPGetAction = NonNullable<Probe['httpGet']>;
type HTTPHeader = NonNullable<HTTPGetAction['httpHeaders']>[number];
type ExecAction = NonNullable<Probe['exec']>;
type TCPSocketAction = NonNullable<Probe['tcpSocket']>;
type GRPCAction = NonNullable<Probe['grpc']>;
type Lifecycle = NonNullable<Container['lifecycle']>;
type LifecycleHandler = NonNullable<Lifecycle['preStop']>;
type SleepAction = NonNullable<LifecycleHandler['sleep']>;
type EnvVar = NonNullable<Container['env']>[number];
type PodDNSConfig = NonNullable<PodSpec['dnsConfig']>;
type PodDNSConfigOption = NonNullable<PodDNSConfig['options']>[number];
type PodReadinessGate = NonNullable<PodSpec['readinessGates']>[number];
type PodIP = NonNullable<PodStatus['podIPs']>[number];
type ContainerStateWaiting = NonNullable<ContainerState['waiting']>;
type ContainerStateRunning = NonNullable<ContainerState['running']>;
type ContainerStateTerminated = NonNullable<ContainerState['terminated']>;

const httpHeaderSchema = objectSchema<HTTPHeader>('HTTPHeader', {
  name: required(stringField),
  value: required(stringField),
});

const httpGetActionSchema = objectSchema<HTTPGetAction>('HTTPGetAction', {
  path: stringField,
  port: required(intOrStringField),
  host: stringField,
  scheme: stringField,
  httpHeaders: listOf(httpHeaderSchema),
});

const execActionSchema = objectSchema<ExecAction>('ExecAction', { command: listOf(stringField) });

const tcpSocketActionSchema = objectSchema<TCPSocketAction>('TCPSocketAction', {
  port: required(intOrStringField),
  host: stringField,
});

const grpcActionSchema = objectSchema<GRPCAction>('GRPCAction', {
  port: required(integerField),
  service: stringField,
});

const probeSchema = objectSchema<Probe>('Probe', {
  exec: execActionSchema,
  httpGet: httpGetActionSchema,
  tcpSocket: tcpSocketActionSchema,
  grpc: grpcActionSchema,
  initialDelaySeconds: integerField,
  periodSeconds: integerField,
  timeoutSeconds: integerField,
  successThreshold: integerField,
  failureThreshold: integerField,
  terminationGracePeriodSeconds: integerField,
});

const sleepActionSchema = objectSchema<SleepAction>('SleepAction', { seconds: required(integerField) });

const lifecycleHandlerSchema = objectSchema<LifecycleHandler>(
  'LifecycleHandler',
  { exec: execActionSchema, httpGet: httpGetActionSchema, sleep: sleepActionSchema },
  ['tcpSocket'],
);

const lifecycleSchema = objectSchema<Lifecycle>(
  'Lifecycle',
  { preStop: lifecycleHandlerSchema, postStart: lifecycleHandlerSchema },
  ['stopSignal'],
);

const containerPortSchema = objectSchema<ContainerPort>(
  'ContainerPort',
  { name: stringField, containerPort: required(integerField), protocol: stringField, hostPort: integerField },
  ['hostIP'],
);

const envVarSchema = objectSchema<EnvVar>('EnvVar', { name: required(stringField), value: stringField }, [
  'valueFrom',
]);

const containerSchema = objectSchema<Container>(
  'Container',
  {
    name: required(stringField),
    image: stringField,
    ports: listOf(containerPortSchema),
    env: listOf(envVarSchema),
    readinessProbe: probeSchema,
    livenessProbe: probeSchema,
    startupProbe: probeSchema,
    lifecycle: lifecycleSchema,
    restartPolicy: stringField,
  },
  [
    'command',
    'args',
    'workingDir',
    'envFrom',
    'resources',
    'resizePolicy',
    'restartPolicyRules',
    'volumeMounts',
    'volumeDevices',
    'terminationMessagePath',
    'terminationMessagePolicy',
    'imagePullPolicy',
    'securityContext',
    'stdin',
    'stdinOnce',
    'tty',
  ],
);

const podDNSConfigOptionSchema = objectSchema<PodDNSConfigOption>('PodDNSConfigOption', {
  name: required(stringField),
  value: stringField,
});

const podDNSConfigSchema = objectSchema<PodDNSConfig>('PodDNSConfig', {
  nameservers: listOf(stringField),
  searches: listOf(stringField),
  options: listOf(podDNSConfigOptionSchema),
});

const podReadinessGateSchema = objectSchema<PodReadinessGate>('PodReadinessGate', {
  conditionType: required(stringField),
});

export const podSpecSchema = objectSchema<PodSpec>(
  'PodSpec',
  {
    nodeName: stringField,
    nodeSelector: stringMapField,
    containers: required(listOf(containerSchema)),
    initContainers: listOf(containerSchema),
    hostname: stringField,
    subdomain: stringField,
    enableServiceLinks: booleanField,
    dnsPolicy: stringField,
    dnsConfig: podDNSConfigSchema,
    hostNetwork: booleanField,
    restartPolicy: stringField,
    terminationGracePeriodSeconds: integerField,
    readinessGates: listOf(podReadinessGateSchema),
    tolerations: listOf(
      objectSchema<Toleration>('Toleration', {
        key: stringField,
        operator: stringField,
        value: stringField,
        effect: stringField,
        tolerationSeconds: integerField,
      }),
    ),
  },
  [
    'volumes',
    'ephemeralContainers',
    'activeDeadlineSeconds',
    'serviceAccountName',
    'serviceAccount',
    'automountServiceAccountToken',
    'hostPID',
    'hostIPC',
    'hostUsers',
    'shareProcessNamespace',
    'securityContext',
    'imagePullSecrets',
    'affinity',
    'schedulerName',
    'schedulingGates',
    'hostAliases',
    'hostnameOverride',
    'setHostnameAsFQDN',
    'priorityClassName',
    'priority',
    'preemptionPolicy',
    'runtimeClassName',
    'overhead',
    'topologySpreadConstraints',
    'os',
    'resourceClaims',
    'resources',
  ],
);

export const podTemplateSpecSchema = objectSchema<PodTemplateSpec>('PodTemplateSpec', {
  metadata: objectMetaSchema,
  spec: required(podSpecSchema),
});

const podConditionSchema = objectSchema<PodCondition>(
  'PodCondition',
  {
    type: required(stringField),
    status: required(stringField),
    lastTransitionTime: timestampField,
    reason: stringField,
    message: stringField,
  },
  ['lastProbeTime', 'observedGeneration'],
);

const containerStateSchema = objectSchema<ContainerState>('ContainerState', {
  waiting: objectSchema<ContainerStateWaiting>('ContainerStateWaiting', {
    reason: stringField,
    message: stringField,
  }),
  running: objectSchema<ContainerStateRunning>('ContainerStateRunning', { startedAt: timestampField }),
  terminated: objectSchema<ContainerStateTerminated>(
    'ContainerStateTerminated',
    {
      exitCode: required(integerField),
      reason: stringField,
      startedAt: timestampField,
      finishedAt: timestampField,
    },
    ['signal', 'message', 'containerID'],
  ),
});

const containerStatusSchema = objectSchema<ContainerStatus>(
  'ContainerStatus',
  {
    name: required(stringField),
    ready: required(booleanField),
    started: booleanField,
    restartCount: required(integerField),
    state: containerStateSchema,
    lastState: containerStateSchema,
  },
  [
    'image',
    'imageID',
    'containerID',
    'allocatedResources',
    'allocatedResourcesStatus',
    'resources',
    'volumeMounts',
    'user',
    'stopSignal',
  ],
);

const podStatusSchema = objectSchema<PodStatus>(
  'PodStatus',
  {
    phase: stringField,
    podIP: stringField,
    podIPs: listOf(objectSchema<PodIP>('PodIP', { ip: required(stringField) })),
    hostIP: stringField,
    startTime: timestampField,
    conditions: listOf(podConditionSchema),
    containerStatuses: listOf(containerStatusSchema),
    initContainerStatuses: listOf(containerStatusSchema),
  },
  [
    'message',
    'reason',
    'nominatedNodeName',
    'hostIPs',
    'qosClass',
    'ephemeralContainerStatuses',
    'resize',
    'resourceClaimStatuses',
    'extendedResourceClaimStatus',
    'observedGeneration',
  ],
);

export const podSchema = objectSchema<Pod>('Pod', {
  apiVersion: required(stringField),
  kind: required(stringField),
  metadata: required(objectMetaSchema),
  spec: required(podSpecSchema),
  status: podStatusSchema,
});
