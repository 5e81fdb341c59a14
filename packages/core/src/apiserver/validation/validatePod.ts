import { fieldErrors, fieldPath, type FieldError, type FieldPath } from '../../api/FieldError.js';
import type {
  Container,
  HTTPGetAction,
  LifecycleHandler,
  Pod,
  PodSpec,
  PodTemplateSpec,
  Probe,
} from '../../api/Pod.js';
import {
  isDNS1123Label,
  isHTTPHeaderName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidPortName,
  isValidPortNum,
} from './names.js';
import { validateAppAnnotations } from './validateAppAnnotations.js';
import { validateLabels } from './validateLabels.js';
import { validatePodDNSConfig } from './validatePodDNSConfig.js';
import {
  nameIsDNSSubdomain,
  validateAnnotations,
  validateNonnegative,
  validateObjectMeta,
} from './validateObjectMeta.js';
import { validatePortNumOrName } from './validateService.js';

/**
 * Pod validation from pkg/apis/core/validation (ValidatePodSpec, validateContainers,
 * validateInitContainers, validateContainerPorts, validateProbe, validateHandler), limited to the
 * fields svcsim models. Values the API defaults (SetDefaults_Pod/PodSpec/Probe/HTTPGetAction and the
 * declarative TCP port protocol) are read with their defaults, so a bare Pod validates like a
 * defaulted one; enum fields are still checked because YAML can carry any string.
 */

/** v1.DefaultTerminationGracePeriodSeconds. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
const SUPPORTED_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const HTTP_SCHEMES = ['HTTP', 'HTTPS'];

/** Options for validatePodSpec. */
export interface PodSpecOptions {
  /** True when the spec belongs to a Pod rather than a template inside a Deployment or ReplicaSet. */
  readonly isPod: boolean;
}

function validateContainerPorts(container: Container, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  (container.ports ?? []).forEach((port, i) => {
    const portPath = path.index(i);
    const name = port.name ?? '';
    if (name !== '') {
      const messages = isValidPortName(name);
      if (messages.length > 0)
        for (const m of messages) errors.push(fieldErrors.invalid(portPath.child('name'), name, m));
      else if (names.has(name)) errors.push(fieldErrors.duplicate(portPath.child('name'), name));
      else names.add(name);
    }
    if (port.containerPort === 0) errors.push(fieldErrors.required(portPath.child('containerPort')));
    else
      for (const m of isValidPortNum(port.containerPort))
        errors.push(fieldErrors.invalid(portPath.child('containerPort'), port.containerPort, m));
    const hostPort = port.hostPort ?? 0;
    if (hostPort !== 0)
      for (const m of isValidPortNum(hostPort))
        errors.push(fieldErrors.invalid(portPath.child('hostPort'), hostPort, m));
    const protocol: string = port.protocol ?? 'TCP';
    if (protocol === '') errors.push(fieldErrors.required(portPath.child('protocol')));
    else if (!SUPPORTED_PROTOCOLS.includes(protocol))
      errors.push(fieldErrors.notSupported(portPath.child('protocol'), protocol, SUPPORTED_PROTOCOLS));
  });
  return errors;
}

function validateHTTPGet(action: HTTPGetAction, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  // SetDefaults_HTTPGetAction turns an empty path into "/", so "Required" can never fire after defaulting.
  errors.push(...validatePortNumOrName(action.port, path.child('port')));
  const scheme: string = action.scheme ?? 'HTTP';
  if (!HTTP_SCHEMES.includes(scheme))
    errors.push(fieldErrors.notSupported(path.child('scheme'), scheme, HTTP_SCHEMES));
  for (const header of action.httpHeaders ?? [])
    for (const m of isHTTPHeaderName(header.name))
      errors.push(fieldErrors.invalid(path.child('httpHeaders'), header.name, m));
  return errors;
}

type Handler = Probe & LifecycleHandler;

/** validateHandler: exactly one handler type, each checked on its own. */
function validateHandler(handler: Handler, gracePeriod: number, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  let handlers = 0;
  const take = (kind: string, check: () => FieldError[]): void => {
    if (handlers > 0) {
      errors.push(fieldErrors.forbidden(path.child(kind), 'may not specify more than 1 handler type'));
      return;
    }
    handlers++;
    errors.push(...check());
  };
  const { exec, httpGet, tcpSocket, grpc, sleep } = handler;
  if (exec !== undefined)
    take('exec', () =>
      (exec.command ?? []).length === 0 ? [fieldErrors.required(path.child('exec').child('command'))] : [],
    );
  if (httpGet !== undefined) take('httpGet', () => validateHTTPGet(httpGet, path.child('httpGet')));
  if (tcpSocket !== undefined)
    take('tcpSocket', () => validatePortNumOrName(tcpSocket.port, path.child('tcpSocket').child('port')));
  if (grpc !== undefined)
    take('grpc', () => validatePortNumOrName(grpc.port, path.child('grpc').child('port')));
  if (sleep !== undefined)
    take('sleep', () =>
      // PodLifecycleSleepActionAllowZero is on by default since 1.33, so zero is allowed.
      sleep.seconds < 0 || sleep.seconds > gracePeriod
        ? [
            fieldErrors.invalid(
              path.child('sleep'),
              sleep.seconds,
              `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`,
            ),
          ]
        : [],
    );
  if (handlers === 0) errors.push(fieldErrors.required(path, 'must specify a handler type'));
  return errors;
}

/** SetDefaults_Probe's values for the probe fields; the kubelet's prober reads probes through them too. */
export const PROBE_DEFAULTS = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
} as const;

/** SetDefaults_Probe treats 0 as unset. */
export const probeDefault = (value: number | undefined, fallback: number): number =>
  value === undefined || value === 0 ? fallback : value;

type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

function validateProbe(
  probe: Probe | undefined,
  kind: ProbeKind,
  gracePeriod: number,
  path: FieldPath,
): FieldError[] {
  if (probe === undefined) return [];
  const errors = validateHandler(probe, gracePeriod, path);
  const successThreshold = probeDefault(probe.successThreshold, 1);
  errors.push(...validateNonnegative(probe.initialDelaySeconds ?? 0, path.child('initialDelaySeconds')));
  errors.push(...validateNonnegative(probeDefault(probe.timeoutSeconds, 1), path.child('timeoutSeconds')));
  errors.push(...validateNonnegative(probeDefault(probe.periodSeconds, 10), path.child('periodSeconds')));
  errors.push(...validateNonnegative(successThreshold, path.child('successThreshold')));
  errors.push(
    ...validateNonnegative(probeDefault(probe.failureThreshold, 3), path.child('failureThreshold')),
  );
  const probeGrace = probe.terminationGracePeriodSeconds;
  if (probeGrace !== undefined && probeGrace <= 0)
    errors.push(
      fieldErrors.invalid(path.child('terminationGracePeriodSeconds'), probeGrace, 'must be greater than 0'),
    );
  // A liveness or startup probe that needed several successes would hold a failing container open.
  if (kind !== 'readinessProbe' && successThreshold !== 1)
    errors.push(fieldErrors.invalid(path.child('successThreshold'), successThreshold, 'must be 1'));
  if (kind === 'readinessProbe' && probeGrace !== undefined)
    errors.push(
      fieldErrors.invalid(
        path.child('terminationGracePeriodSeconds'),
        probeGrace,
        'must not be set for readinessProbes',
      ),
    );
  return errors;
}

function validateLifecycleAndProbes(
  container: Container,
  gracePeriod: number,
  path: FieldPath,
): FieldError[] {
  const errors: FieldError[] = [];
  const { postStart, preStop } = container.lifecycle ?? {};
  if (postStart !== undefined)
    errors.push(...validateHandler(postStart, gracePeriod, path.child('lifecycle').child('postStart')));
  if (preStop !== undefined)
    errors.push(...validateHandler(preStop, gracePeriod, path.child('lifecycle').child('preStop')));
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const)
    errors.push(...validateProbe(container[kind], kind, gracePeriod, path.child(kind)));
  return errors;
}

/** validateContainerCommon: name, image, ports and env, for regular and init containers alike. */
function validateContainerCommon(container: Container, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  const name = container.name;
  if (name === '') errors.push(fieldErrors.required(path.child('name')));
  else for (const m of isDNS1123Label(name)) errors.push(fieldErrors.invalid(path.child('name'), name, m));
  if ((container.image ?? '') === '') errors.push(fieldErrors.required(path.child('image')));
  errors.push(...validateContainerPorts(container, path.child('ports')));
  (container.env ?? []).forEach((env, i) => {
    const envPath = path.child('env').index(i).child('name');
    if (env.name === '') errors.push(fieldErrors.required(envPath));
    else
      for (const m of isRelaxedEnvVarName(env.name)) errors.push(fieldErrors.invalid(envPath, env.name, m));
  });
  return errors;
}

/** checkHostPortConflicts: one protocol/hostIP/hostPort triple per pod (or per init container). */
function hostPortConflicts(containers: readonly Container[], path: FieldPath, indexOffset = 0): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((container, ci) => {
    (container.ports ?? []).forEach((port, pi) => {
      const hostPort = port.hostPort ?? 0;
      if (hostPort === 0) return;
      // svcsim has no hostIP field; upstream's key has an empty middle part then.
      const key = `${port.protocol ?? 'TCP'}//${hostPort}`;
      const portPath = path
        .index(ci + indexOffset)
        .child('ports')
        .index(pi)
        .child('hostPort');
      if (seen.has(key)) errors.push(fieldErrors.duplicate(portPath, key));
      else seen.add(key);
    });
  });
  return errors;
}

/** ValidatePodSpec for the modelled fields; `path` is `spec` for a Pod, `spec.template.spec` in templates. */
export function validatePodSpec(spec: PodSpec, path: FieldPath, options: PodSpecOptions): FieldError[] {
  const errors: FieldError[] = [];
  const gracePeriod = spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  const containersPath = path.child('containers');
  const containers = spec.containers;
  if (containers.length === 0) {
    errors.push(fieldErrors.required(containersPath));
  } else {
    const names = new Set<string>();
    containers.forEach((container, i) => {
      const cPath = containersPath.index(i);
      errors.push(...validateContainerCommon(container, cPath));
      if (names.has(container.name)) errors.push(fieldErrors.duplicate(cPath.child('name'), container.name));
      else names.add(container.name);
      errors.push(...validateLifecycleAndProbes(container, gracePeriod, cPath));
      if (container.restartPolicy !== undefined)
        errors.push(
          fieldErrors.forbidden(cPath.child('restartPolicy'), 'may not be set for non-init containers'),
        );
    });
    errors.push(...hostPortConflicts(containers, containersPath));
  }

  const initPath = path.child('initContainers');
  const allNames = new Set(containers.map((c) => c.name));
  (spec.initContainers ?? []).forEach((container, i) => {
    const cPath = initPath.index(i);
    errors.push(...validateContainerCommon(container, cPath));
    const restartPolicy: string | undefined = container.restartPolicy;
    if (restartPolicy !== undefined && restartPolicy !== 'Always')
      errors.push(fieldErrors.notSupported(cPath.child('restartPolicy'), restartPolicy, ['Always']));
    if (allNames.has(container.name)) errors.push(fieldErrors.duplicate(cPath.child('name'), container.name));
    else if (container.name !== '') allNames.add(container.name);
    // Init containers run one at a time, so their host ports are checked one container at a time.
    errors.push(...hostPortConflicts([container], initPath, i));
    if (restartPolicy === 'Always') {
      errors.push(...validateLifecycleAndProbes(container, gracePeriod, cPath));
    } else {
      const detail = 'may not be set for init containers without restartPolicy=Always';
      if (container.lifecycle !== undefined)
        errors.push(fieldErrors.forbidden(cPath.child('lifecycle'), detail));
      for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const)
        if (container[kind] !== undefined) errors.push(fieldErrors.forbidden(cPath.child(kind), detail));
    }
  });

  if (spec.hostNetwork === true)
    containers.forEach((container, i) => {
      (container.ports ?? []).forEach((port, j) => {
        // Pods get hostPort defaulted to containerPort; templates may leave it 0 until then.
        const hostPort = port.hostPort ?? (options.isPod ? port.containerPort : 0);
        if ((options.isPod || hostPort !== 0) && hostPort !== port.containerPort)
          errors.push(
            fieldErrors.invalid(
              containersPath.index(i).child('ports').index(j).child('hostPort'),
              hostPort,
              'must match `containerPort` when `hostNetwork` is true',
            ),
          );
      });
    });

  const restartPolicy: string = spec.restartPolicy ?? 'Always';
  if (!RESTART_POLICIES.includes(restartPolicy))
    errors.push(fieldErrors.notSupported(path.child('restartPolicy'), restartPolicy, RESTART_POLICIES));
  const dnsPolicy: string = spec.dnsPolicy ?? 'ClusterFirst';
  if (!DNS_POLICIES.includes(dnsPolicy))
    errors.push(fieldErrors.notSupported(path.child('dnsPolicy'), dnsPolicy, DNS_POLICIES));
  errors.push(...validateLabels(spec.nodeSelector, path.child('nodeSelector')));
  errors.push(...validatePodDNSConfig(spec.dnsConfig, dnsPolicy, path.child('dnsConfig')));
  (spec.readinessGates ?? []).forEach((gate, i) => {
    for (const m of isQualifiedName(gate.conditionType))
      errors.push(
        fieldErrors.invalid(
          path.child('readinessGates').index(i).child('conditionType'),
          gate.conditionType,
          m,
        ),
      );
  });
  const nodeName = spec.nodeName ?? '';
  if (nodeName !== '')
    for (const m of nameIsDNSSubdomain(nodeName, false))
      errors.push(fieldErrors.invalid(path.child('nodeName'), nodeName, m));
  for (const field of ['hostname', 'subdomain'] as const) {
    const value = spec[field] ?? '';
    if (value !== '')
      for (const m of isDNS1123Label(value)) errors.push(fieldErrors.invalid(path.child(field), value, m));
  }
  return errors;
}

/** ValidatePodTemplateSpec: labels and annotations (at `<path>.labels`, not `.metadata.labels`), then the spec. */
export function validatePodTemplateSpec(template: PodTemplateSpec, path: FieldPath): FieldError[] {
  const errors = validateLabels(template.metadata?.labels, path.child('labels'));
  errors.push(...validateAnnotations(template.metadata?.annotations, path.child('annotations')));
  errors.push(...validatePodSpec(template.spec, path.child('spec'), { isPod: false }));
  errors.push(
    ...validateAppAnnotations(
      template.metadata?.annotations,
      template.spec,
      path.child('metadata').child('annotations'),
    ),
  );
  return errors;
}

/** ValidatePodCreate for the modelled fields: metadata, spec, and the Pod-only image whitespace check. */
export function validatePod(pod: Pod): FieldError[] {
  const errors = validateObjectMeta(pod.metadata, 'Pod');
  const specPath = fieldPath('spec');
  errors.push(...validatePodSpec(pod.spec, specPath, { isPod: true }));
  errors.push(
    ...validateAppAnnotations(pod.metadata.annotations, pod.spec, fieldPath('metadata').child('annotations')),
  );
  for (const field of ['containers', 'initContainers'] as const)
    (pod.spec[field] ?? []).forEach((container, i) => {
      const image = container.image ?? '';
      if (image !== image.trim())
        errors.push(
          fieldErrors.invalid(
            specPath.child(field).index(i).child('image'),
            image,
            'must not have leading or trailing whitespace',
          ),
        );
    });
  return errors;
}
