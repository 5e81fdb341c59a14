// The public API of @svcsim/core. Everything not named here is internal to the package.

// Time and randomness
export type { SimTime } from './SimTime.js';
export { createSimClock, type SimClock, type SimClockOptions, type TimerId } from './SimClock.js';
export { createSimScheduler } from './SimScheduler.js';
export { createRandomStreams, assertValidSeed, type RandomStreams } from './random/createRandomStreams.js';
export type { RandomStream } from './random/RandomStream.js';
export { parseDuration } from './parseDuration.js';
export { cidrContains, formatIpv4, parseIpv4, parseIpv4Cidr, type Ipv4Cidr } from './net/ipv4.js';

// Events, log entries, digests
export type { LogEntry } from './LogEntry.js';
export {
  EVENT_ORIGIN,
  isInputEvent,
  isSimEventType,
  type DerivedEvent,
  type InputEvent,
  type Labels,
  type SimEvent,
  type SimEventType,
} from './events/SimEvent.js';
export type { ProxyStarted, ProxyStopped, ProxySynced, ProxySyncReason } from './events/ProxyEvents.js';
export type { AppCrashed, AppHealthSet, ProbeResultChanged } from './events/AppEvents.js';
export type { NodeFailed, NodeRecovered } from './events/NodeEvents.js';
export type {
  ConnectionBreak,
  ConnectionBroken,
  ConnectionClosed,
  ConnectionEstablished,
  ConnectionFailed,
  ConnectionFailure,
  ConnectionOpened,
  ConnectionPeer,
  ConnectionServed,
  ConnectionSource,
  ConnectionToAddress,
  ConnectionToName,
  ConnectionUsed,
} from './events/ConnectionEvents.js';
export { canonicalDigest, compareCodeUnits } from './canonicalDigest.js';

// Kubernetes objects
export type { KubeKind, KubeObject, KubeObjectOfKind } from './api/KubeObject.js';
export { KIND_NAMESPACED } from './api/KubeObject.js';
export type {
  IntOrString,
  LabelSelector,
  LabelSelectorRequirement,
  ObjectMeta,
  ObjectReference,
  OwnerReference,
  Protocol,
} from './api/ObjectMeta.js';
export type { Service, ServicePort, ServiceSpec, ServiceType, TrafficPolicy } from './api/Service.js';
export type {
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
} from './api/Pod.js';
export { ZONE_LABEL, type Node, type NodeAddress, type NodeCondition, type Taint } from './api/Node.js';
export type { Deployment, DeploymentSpec, DeploymentStrategy, ReplicaSet } from './api/Deployment.js';
export {
  ENDPOINTSLICE_CONTROLLER,
  ENDPOINTSLICE_MIRRORING_CONTROLLER,
  HEADLESS_LABEL,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  SKIP_MIRROR_LABEL,
  type Endpoint,
  type EndpointConditions,
  type EndpointPort,
  type EndpointSlice,
} from './api/EndpointSlice.js';
export {
  MAX_ENDPOINTS_ADDRESSES,
  OVER_CAPACITY_ANNOTATION,
  type EndpointAddress,
  type EndpointSubset,
  type Endpoints,
} from './api/Endpoints.js';
export type { Ingress, IngressBackend, IngressRule } from './api/Ingress.js';
export type { ConfigMap, Namespace, Secret } from './api/ConfigData.js';
export {
  fieldErrors,
  fieldPath,
  formatFieldError,
  type FieldError,
  type FieldErrorType,
} from './api/FieldError.js';

// apiserver
export type { ApiStatus, ApiStatusReason } from './apiserver/store/ApiStatusError.js';
export { defaultObject } from './apiserver/defaulting/defaultObject.js';
export { defaultService } from './apiserver/validation/defaultService.js';
export { generateName } from './apiserver/generateName.js';
export { validateService, validateServiceUpdate } from './apiserver/validation/validateService.js';
export { validateObject } from './apiserver/validation/validateObject.js';
export { equalIgnoreHash } from './apiserver/deployment/equalIgnoreHash.js';
export { reconcileEndpointSlices } from './apiserver/endpoints/reconcileEndpointSlices.js';
export { applyEndpointSliceChanges } from './apiserver/endpoints/applyEndpointSliceChanges.js';
export { matchesLabelSelector } from './apiserver/deployment/labelSelector.js';

// Cluster state (the log's fold)
export {
  createEmptyClusterState,
  getObject,
  listObjects,
  type ClusterState,
  type ObjectTable,
} from './cluster/ClusterState.js';
export { deriveEndpointsObject } from './apiserver/endpoints/deriveEndpointsObject.js';
export { endpointSetOf } from './apiserver/endpoints/endpointSetOf.js';

// Engine
export { run, type RunOptions, type SimRun } from './engine/run.js';
export { createReplay, type Replay, type ReplayOptions } from './engine/Replay.js';
export { changesClusterState } from './cluster/changesClusterState.js';
export type { InputEntry } from './engine/InputEntry.js';
export {
  DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS,
  DEFAULT_SIMULATION_CONFIG,
  DEFAULT_TOLERATION_SECONDS,
  assertSimulationConfig,
  resolveSimulationConfig,
  type PartialSimulationConfig,
  type SimulationConfig,
} from './engine/SimulationConfig.js';
export { SimulationError } from './engine/SimulationError.js';
export { createKeyedRouter, type KeyedRouter } from './engine/KeyedRouter.js';

// Views
export { describeEvent, formatLabels } from './views/describeEvent.js';
export { describeObject } from './views/describeObject.js';
export { formatSimTime } from './views/formatSimTime.js';
export { formatAge } from './views/formatAge.js';
export { traceConnection, type TracedRun } from './views/traceConnection.js';
export type {
  ConnectionTrace,
  ConnectionTraceRequest,
  ServiceAddressKind,
  TraceAddressHolder,
  TraceChange,
  TraceConntrack,
  TraceDelivery,
  TraceEndpointChoice,
  TraceKubeProxy,
  TraceOutcome,
  TraceRoute,
  TraceServicePort,
  TraceServicePortEndpoints,
  TraceSource,
  TraceSync,
  TraceTupleEnd,
} from './views/ConnectionTrace.js';

// Event log (.svlog)
export { resimulate, extractInputs, type Resimulation, type ResimulateOptions } from './engine/resimulate.js';
export type { SimLog, SimLogHeader } from './engine/SimLog.js';
export {
  decodeSimLog,
  encodeSimLog,
  readSimLogFile,
  replaySimLog,
  replaySimLogFile,
  salvageSimLogFile,
  writeSimLogFile,
  type SimLogEncodeOptions,
  type SimLogReplay,
} from './engine/simLogCodec.js';
export { EventLogError, type EventLogDamage, type EventLogErrorCode } from './eventlog/EventLogError.js';
export {
  DEFAULT_EVENT_LOG_SEGMENT_SIZE,
  EVENT_LOG_FORMAT_VERSION,
  EVENT_LOG_MAGIC,
  SUPPORTED_EVENT_LOG_FORMAT_VERSIONS,
  type EventLogFormatVersion,
  type EventLogHeader,
  type EventLogSegment,
} from './eventlog/eventLogFormat.js';
export {
  createEventLogEncoder,
  encodeEventLog,
  type EventLogEncoder,
  type EventLogEncoderOptions,
} from './eventlog/EventLogEncoder.js';
export {
  readEventLog,
  readEventLogHeader,
  readEventLogSegments,
  salvageEventLog,
  type EventLog,
  type SalvagedEventLog,
} from './eventlog/readEventLog.js';
export type { EventLogReadOptions } from './eventlog/parseEventLog.js';
export {
  readEventLogFile,
  readEventLogFileHeader,
  readEventLogFileSegments,
  salvageEventLogFile,
  type ReadEventLogFileOptions,
} from './eventlog/readEventLogFile.js';
export { writeEventLogFile } from './eventlog/writeEventLogFile.js';

// kube-proxy model of Services and endpoints, shared by every proxy mode (reference section 0)
export {
  DEFAULT_CLIENT_IP_TIMEOUT_SECONDS,
  SERVICE_PROXY_NAME_LABEL,
  buildServicePorts,
  ipv4CidrContains,
  isExternallyAccessible,
  normalizeIpv4Cidr,
  servicePortKey,
  servicePortNameString,
  shouldSkipService,
  usesClusterEndpoints,
  usesLocalEndpoints,
  type ServicePortInfo,
} from './proxy/ServicePortInfo.js';
export {
  buildEndpointsMap,
  joinHostPort,
  type EndpointInfo,
  type EndpointsMap,
} from './proxy/EndpointInfo.js';
export { categorizeEndpoints, type CategorizedEndpoints } from './proxy/categorizeEndpoints.js';
export {
  DEFAULT_NODE_PROXY_CONFIG,
  resolveNodeProxyConfig,
  type NodeProxyConfig,
} from './proxy/NodeProxyConfig.js';
export type {
  NodeProxyView,
  ProxyMode,
  ProxyPacket,
  ProxyRouteContext,
  ProxyRouteResult,
  ProxySyncInput,
  ProxySyncOutcome,
  ProxyTraceStep,
  ServiceProxyState,
} from './proxy/ProxyMode.js';
export type { ProgrammedNodes } from './proxy/ProgrammedNodes.js';
export {
  DEFAULT_KUBE_PROXY_CONFIG,
  type KubeProxyConfig,
  type KubeProxyNodeOverrides,
} from './proxy/KubeProxyConfig.js';
export {
  KUBE_PROXY_VERSION_EXPECTED,
  compareKubeProxyVersions,
  isKubeProxyVersionIn,
  parseKubeProxyVersion,
  type KubeProxyVersion,
} from './proxy/KubeProxyVersion.js';

// kube-proxy sync loop (every node's kube-proxy; run() starts it when config.proxy is set)
export { assertKubeProxyConfig } from './controllers/kubeProxy/assertKubeProxyConfig.js';
export {
  resolveKubeProxyNodeSettings,
  type KubeProxyNodeSettings,
} from './controllers/kubeProxy/resolveKubeProxyNodeSettings.js';
export { FULL_SYNC_PERIOD_MS } from './controllers/kubeProxy/createNodeKubeProxy.js';
export { nodeProxyConfigOf } from './controllers/kubeProxy/nodeProxyConfigOf.js';

// The data plane: new connections through each node's programmed rules, conntrack, who answers
export {
  createDataPlane,
  type ConnectionInput,
  type DataPlane,
  type DataPlaneDeps,
  type DataPlaneEvent,
} from './dataplane/createDataPlane.js';
export type { ConntrackEntry, OpenConnection } from './dataplane/OpenConnection.js';
export {
  kubeDnsAddresses,
  resolveDestination,
  resolveDestinationIn,
  type DestinationContext,
  type DestinationResolution,
  type PodLookup,
  type ResolveDestinationOptions,
} from './dataplane/resolveDestination.js';
export { hostNameProblem } from './dataplane/hostNameProblem.js';
export { EPHEMERAL_PORT_FIRST, EPHEMERAL_PORT_LAST } from './dataplane/EphemeralPorts.js';

// Kubelet building blocks: the application model, change-driven probes, restarts, pod readiness
export {
  APP_ANNOTATION_PREFIX,
  APP_SETTINGS,
  DEFAULT_APP_MODEL,
  DEFAULT_CRASH_EXIT_CODE,
  type AppModel,
  type AppSetting,
  type BindAddress,
  type HealthChange,
  type HealthState,
} from './kubelet/AppModel.js';
export { parseAppModels, type AppModelsResult } from './kubelet/parseAppModels.js';
export { appModelOf, appModelsOfPod, modelledContainersOf } from './kubelet/appModelsOfPod.js';
export { crashNow, healthFromNow } from './kubelet/appModelFromNow.js';
export {
  acceptsConnection,
  appStateAt,
  containerExit,
  nextAppChangeAfter,
  SIGKILL_EXIT_CODE,
  type AppAddress,
  type AppState,
  type ContainerExit,
  type ContainerRun,
} from './kubelet/appStateAt.js';
export {
  resolveProbe,
  type ProbeHandler,
  type ProbedPod,
  type ResolvedProbe,
} from './kubelet/resolveProbe.js';
export { initialProbeResult, type ProbeKind, type ProbeResult } from './kubelet/ProbeResult.js';
export { probeAttemptAt, type ProbeAttempt, type ProbeSubject } from './kubelet/probeAttemptAt.js';
export {
  initialProbeWorkerState,
  nextProbeResultChange,
  probeWorkerStateAt,
  type ProbeResultChange,
  type ProbeWorkerState,
} from './kubelet/nextProbeResultChange.js';
export {
  CRASH_LOOP_INITIAL_BACKOFF_MS,
  CRASH_LOOP_MAX_BACKOFF_MS,
  CRASH_LOOP_RESET_AFTER_MS,
  nextContainerRestart,
  shouldRestartContainer,
  type ContainerRestart,
  type RestartBackOff,
} from './kubelet/crashLoopBackOff.js';
export {
  MINIMUM_GRACE_PERIOD_SECONDS,
  planContainerKill,
  type ContainerKill,
} from './kubelet/planContainerKill.js';
export { preStopDuration } from './kubelet/preStopDuration.js';
export { describeProbeChange } from './kubelet/describeProbeChange.js';
export {
  derivePodReadiness,
  isContainerReady,
  isContainerStarted,
  type ContainerProbeView,
  type DerivedCondition,
  type PodReadiness,
  type PodReadinessInput,
} from './kubelet/derivePodReadiness.js';

// Service discovery (reference section 7)
export { containerEnvVars } from './discovery/containerEnvVars.js';
export { expandEnvReferences } from './discovery/expandEnvReferences.js';
export {
  envVarsForService,
  serviceEnvVarPrefix,
  serviceEnvVars,
  type ContainerEnvVar,
} from './discovery/serviceEnvVars.js';
export {
  canonicalDnsName,
  dnsOutcome,
  dnsResponse,
  fqdn,
  renderDnsRecord,
  type DnsOutcome,
  type DnsRcode,
  type DnsRecord,
  type DnsRecordType,
  type DnsResponse,
  type DnsServer,
} from './discovery/DnsRecord.js';
export {
  DEFAULT_CLUSTER_DOMAIN,
  DEFAULT_DNS_TTL,
  DNS_SCHEMA_VERSION,
  deriveClusterDns,
  type ClusterDns,
  type ClusterDnsOptions,
  type PodRecordMode,
} from './discovery/deriveClusterDns.js';
export { staticDnsServer } from './discovery/staticDnsServer.js';
export { addressFromReverseName, reverseNameOf } from './discovery/reverseDnsName.js';
export { renderResolvConf, type ResolvConf } from './discovery/ResolvConf.js';
export { parseHostResolvConf } from './discovery/parseHostResolvConf.js';
export {
  DEFAULT_CLUSTER_DNS,
  podResolvConf,
  type KubeletDnsOptions,
  type PodDNSConfig,
  type PodDNSConfigOption,
  type PodDnsWarning,
  type PodResolvConf,
  type PodWithDnsConfig,
} from './discovery/podResolvConf.js';
export {
  resolveFromPod,
  type ResolveOptions,
  type ResolverAttempt,
  type ResolverResult,
} from './discovery/resolveFromPod.js';
