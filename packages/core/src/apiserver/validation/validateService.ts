import { fieldErrors, fieldPath, type FieldError, type FieldPath } from '../../api/FieldError.js';
import type { Service, ServicePort, ServiceSpec } from '../../api/Service.js';
import { isExternallyAccessible } from './defaultService.js';
import { isIPv6String, isValidCIDR, isValidIP, nonSpecialIPErrors } from './ipAddresses.js';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
} from './names.js';
import { clusterIPsOf } from '../serviceTypeRules.js';
import { prepareServiceUpdate } from './prepareServiceUpdate.js';
import { validateLabels } from './validateLabels.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './validateObjectMeta.js';

/**
 * ValidateService, validateServicePort and ValidateServiceUpdate from pkg/apis/core/validation,
 * rule for rule, with the same field paths and texts. The input is what the apiserver validates:
 * a Service after SetDefaults_Service (see defaultService). Range checks on clusterIP and nodePort
 * belong to the allocators and are not made here, exactly as upstream.
 *
 * Quirks kept on purpose because kubectl prints them: loadBalancerSourceRanges errors use the path
 * `spec.LoadBalancerSourceRanges`, and a LoadBalancer without allocateLoadBalancerNodePorts reports the
 * path `allocateLoadBalancerNodePorts` with no `spec.` in front.
 */

/** Options for validateService. */
export interface ValidateServiceOptions {
  /**
   * Whether the IP/port allocators have already run. The apiserver allocates before it validates, so
   * it requires `healthCheckNodePort` on a LoadBalancer with externalTrafficPolicy Local; svcsim may
   * validate first and allocate after, so that one check only runs when this is true.
   */
  readonly allocated?: boolean;
}

/** v1.MaxClientIPServiceAffinitySeconds: one day. */
export const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;

const SUPPORTED_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const SUPPORTED_SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const SUPPORTED_AFFINITIES = ['ClientIP', 'None'];
const SUPPORTED_TRAFFIC_POLICIES = ['Cluster', 'Local'];
const SUPPORTED_IP_FAMILIES = ['IPv4', 'IPv6'];
const SUPPORTED_IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

const TOPOLOGY_MODE_ANNOTATION = 'service.kubernetes.io/topology-mode';
const TOPOLOGY_HINTS_ANNOTATION = 'service.kubernetes.io/topology-aware-hints';
const LB_SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/** isHeadlessService: exactly one clusterIP and it is "None". */
function isHeadless(clusterIPs: readonly string[]): boolean {
  return clusterIPs.length === 1 && clusterIPs[0] === 'None';
}

/** ValidatePortNumOrName: an integer port 1-65535 or an IANA_SVC_NAME. */
export function validatePortNumOrName(port: number | string | undefined, path: FieldPath): FieldError[] {
  // intstr's zero value is the integer 0, so a missing port is reported as 0.
  const value = port ?? 0;
  const messages = typeof value === 'number' ? isValidPortNum(value) : isValidPortName(value);
  return messages.map((message) => fieldErrors.invalid(path, value, message));
}

function validateServicePort(
  port: ServicePort,
  requireName: boolean,
  names: Set<string>,
  path: FieldPath,
): FieldError[] {
  const errors: FieldError[] = [];
  const name = port.name ?? '';
  if (requireName && name === '') {
    errors.push(fieldErrors.required(path.child('name')));
  } else if (name !== '') {
    for (const message of isDNS1123Label(name))
      errors.push(fieldErrors.invalid(path.child('name'), name, message));
    if (names.has(name)) errors.push(fieldErrors.duplicate(path.child('name'), name));
    else names.add(name);
  }
  for (const message of isValidPortNum(port.port))
    errors.push(fieldErrors.invalid(path.child('port'), port.port, message));
  const protocol: string = port.protocol ?? '';
  if (protocol === '') errors.push(fieldErrors.required(path.child('protocol')));
  else if (!SUPPORTED_PROTOCOLS.includes(protocol))
    errors.push(fieldErrors.notSupported(path.child('protocol'), protocol, SUPPORTED_PROTOCOLS));
  errors.push(...validatePortNumOrName(port.targetPort, path.child('targetPort')));
  if (port.appProtocol !== undefined)
    for (const message of isQualifiedName(port.appProtocol))
      errors.push(fieldErrors.invalid(path.child('appProtocol'), port.appProtocol, message));
  return errors;
}

function validateClientIPAffinityConfig(spec: ServiceSpec, path: FieldPath): FieldError[] {
  const detail = 'when session affinity type is ClientIP';
  const config = spec.sessionAffinityConfig;
  if (config === undefined) return [fieldErrors.required(path, detail)];
  if (config.clientIP === undefined) return [fieldErrors.required(path.child('clientIP'), detail)];
  const timeout = config.clientIP.timeoutSeconds;
  const timeoutPath = path.child('clientIP').child('timeoutSeconds');
  if (timeout === undefined) return [fieldErrors.required(timeoutPath, detail)];
  // The text says "less than" but 86400 itself is accepted: the check is timeout > max.
  if (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS)
    return [
      fieldErrors.invalid(
        timeoutPath,
        timeout,
        `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`,
      ),
    ];
  return [];
}

/** ValidateServiceClusterIPsRelatedFields: clusterIP/clusterIPs agreement, IP syntax, families. */
function validateClusterIPsRelatedFields(spec: ServiceSpec, clusterIPs: readonly string[]): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const errors: FieldError[] = [];
  const specPath = fieldPath('spec');
  const clusterIPsPath = specPath.child('clusterIPs');
  const clusterIP = spec.clusterIP ?? '';
  if (clusterIP !== '') {
    if (clusterIPs.length === 0) errors.push(fieldErrors.required(clusterIPsPath));
    else if (clusterIPs[0] !== clusterIP)
      errors.push(fieldErrors.invalid(clusterIPsPath, clusterIPs, 'first value must match `clusterIP`'));
  } else if (clusterIPs.length !== 0) {
    errors.push(
      fieldErrors.invalid(clusterIPsPath, clusterIPs, 'must be empty when `clusterIP` is not specified'),
    );
  }

  const seenFamilies = new Set<string>();
  (spec.ipFamilies ?? []).forEach((family: string, i) => {
    const familyPath = specPath.child('ipFamilies').index(i);
    if (!SUPPORTED_IP_FAMILIES.includes(family))
      errors.push(fieldErrors.notSupported(familyPath, family, SUPPORTED_IP_FAMILIES));
    if (seenFamilies.has(family)) errors.push(fieldErrors.duplicate(familyPath, family));
    seenFamilies.add(family);
  });
  const policy: string | undefined = spec.ipFamilyPolicy;
  if (policy !== undefined && !SUPPORTED_IP_FAMILY_POLICIES.includes(policy))
    errors.push(
      fieldErrors.notSupported(specPath.child('ipFamilyPolicy'), policy, SUPPORTED_IP_FAMILY_POLICIES),
    );

  let hasInvalidIPs = false;
  for (const [i, ip] of clusterIPs.entries()) {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) {
        hasInvalidIPs = true;
        errors.push(
          fieldErrors.invalid(clusterIPsPath, clusterIPs, "'None' must be the first and only value"),
        );
      }
      continue;
    }
    const messages = isValidIP(ip);
    if (messages.length > 0) hasInvalidIPs = true;
    for (const message of messages) errors.push(fieldErrors.invalid(clusterIPsPath.index(i), ip, message));
  }
  if (clusterIPs.length > 2)
    errors.push(fieldErrors.invalid(clusterIPsPath, clusterIPs, 'may only hold up to 2 values'));
  // Further checks would only restate a bad IP in other words, so upstream stops here.
  if (hasInvalidIPs) return errors;

  if (clusterIPs.length > 1) {
    const v6 = clusterIPs.filter((ip) => isIPv6String(ip)).length;
    if (v6 === 0 || v6 === clusterIPs.length)
      errors.push(
        fieldErrors.invalid(clusterIPsPath, clusterIPs, 'may specify no more than one IP for each IP family'),
      );
  }
  const families = spec.ipFamilies ?? [];
  if (!isHeadless(clusterIPs) && clusterIPs.length > 0 && families.length > 0) {
    clusterIPs.forEach((ip, i) => {
      const family = families[i];
      if (family === 'IPv4' && isIPv6String(ip))
        errors.push(
          fieldErrors.invalid(
            clusterIPsPath.index(i),
            ip,
            `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      if (family === 'IPv6' && !isIPv6String(ip))
        errors.push(
          fieldErrors.invalid(
            clusterIPsPath.index(i),
            ip,
            `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
    });
  }
  return errors;
}

function validateTrafficPolicies(spec: ServiceSpec, options: ValidateServiceOptions): FieldError[] {
  const errors: FieldError[] = [];
  const specPath = fieldPath('spec');
  const etp: string = spec.externalTrafficPolicy ?? '';
  if (!isExternallyAccessible(spec)) {
    if (etp !== '')
      errors.push(
        fieldErrors.invalid(
          specPath.child('externalTrafficPolicy'),
          etp,
          'may only be set for externally-accessible services',
        ),
      );
  } else if (etp === '') {
    errors.push(fieldErrors.required(specPath.child('externalTrafficPolicy')));
  } else if (!SUPPORTED_TRAFFIC_POLICIES.includes(etp)) {
    errors.push(
      fieldErrors.notSupported(specPath.child('externalTrafficPolicy'), etp, SUPPORTED_TRAFFIC_POLICIES),
    );
  }

  // NeedsHealthCheck: only a LoadBalancer that keeps traffic node-local needs the LB to probe nodes.
  const needsHealthCheck = spec.type === 'LoadBalancer' && etp === 'Local';
  const hcnp = spec.healthCheckNodePort ?? 0;
  const hcnpPath = specPath.child('healthCheckNodePort');
  if (!needsHealthCheck) {
    if (hcnp !== 0)
      errors.push(
        fieldErrors.invalid(
          hcnpPath,
          hcnp,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
  } else if (hcnp === 0) {
    if (options.allocated === true) errors.push(fieldErrors.required(hcnpPath));
  } else {
    for (const message of isValidPortNum(hcnp)) errors.push(fieldErrors.invalid(hcnpPath, hcnp, message));
  }

  const itp: string | undefined = spec.internalTrafficPolicy;
  const itpPath = specPath.child('internalTrafficPolicy');
  if (itp === undefined) {
    // Not required for ExternalName: it was never checked there and stored objects must stay valid.
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP')
      errors.push(fieldErrors.required(itpPath));
  } else if (!SUPPORTED_TRAFFIC_POLICIES.includes(itp)) {
    errors.push(fieldErrors.notSupported(itpPath, itp, SUPPORTED_TRAFFIC_POLICIES));
  }
  return errors;
}

/** ValidateService on an already-normalized list of clusterIPs. */
function validateServiceWithClusterIPs(
  service: Service,
  clusterIPs: readonly string[],
  options: ValidateServiceOptions,
): FieldError[] {
  const errors = validateObjectMeta(service.metadata, 'Service');
  const annotations = service.metadata.annotations ?? {};
  const topologyMode = annotations[TOPOLOGY_MODE_ANNOTATION];
  const topologyHints = annotations[TOPOLOGY_HINTS_ANNOTATION];
  if (topologyMode !== undefined && topologyHints !== undefined && topologyMode !== topologyHints)
    errors.push(
      fieldErrors.invalid(
        fieldPath('metadata').child('annotations').key(TOPOLOGY_MODE_ANNOTATION),
        topologyMode,
        `must match annotations[${TOPOLOGY_HINTS_ANNOTATION}] when both are specified`,
      ),
    );

  const spec = service.spec;
  const specPath = fieldPath('spec');
  const type: string = spec.type ?? '';
  const ports = spec.ports ?? [];
  const headless = isHeadless(clusterIPs);
  if (ports.length === 0 && !headless && type !== 'ExternalName')
    errors.push(fieldErrors.required(specPath.child('ports')));

  switch (type) {
    case 'LoadBalancer':
    case 'NodePort':
      if (headless)
        errors.push(
          fieldErrors.invalid(
            specPath.child('clusterIPs').index(0),
            'None',
            `may not be set to 'None' for ${type} services`,
          ),
        );
      break;
    case 'ExternalName': {
      if (clusterIPs.length > 0)
        errors.push(
          fieldErrors.forbidden(specPath.child('clusterIPs'), 'may not be set for ExternalName services'),
        );
      if ((spec.ipFamilies ?? []).length > 0)
        errors.push(
          fieldErrors.forbidden(specPath.child('ipFamilies'), 'may not be set for ExternalName services'),
        );
      if (spec.ipFamilyPolicy !== undefined)
        errors.push(
          fieldErrors.forbidden(specPath.child('ipFamilyPolicy'), 'may not be set for ExternalName services'),
        );
      // A CNAME target may end in '.' to mark it fully qualified.
      const cname = (spec.externalName ?? '').replace(/\.$/, '');
      if (cname === '') errors.push(fieldErrors.required(specPath.child('externalName')));
      else
        for (const message of isDNS1123Subdomain(cname))
          errors.push(fieldErrors.invalid(specPath.child('externalName'), cname, message));
      break;
    }
  }

  const portNames = new Set<string>();
  ports.forEach((port, i) => {
    errors.push(...validateServicePort(port, ports.length > 1, portNames, specPath.child('ports').index(i)));
  });

  if (spec.selector !== undefined) errors.push(...validateLabels(spec.selector, specPath.child('selector')));

  const affinity: string = spec.sessionAffinity ?? '';
  if (affinity === '') errors.push(fieldErrors.required(specPath.child('sessionAffinity')));
  else if (!SUPPORTED_AFFINITIES.includes(affinity))
    errors.push(fieldErrors.notSupported(specPath.child('sessionAffinity'), affinity, SUPPORTED_AFFINITIES));
  if (affinity === 'ClientIP') {
    errors.push(...validateClientIPAffinityConfig(spec, specPath.child('sessionAffinityConfig')));
  } else if (affinity === 'None' && spec.sessionAffinityConfig !== undefined) {
    errors.push(
      fieldErrors.forbidden(
        specPath.child('sessionAffinityConfig'),
        'must not be set when session affinity is None',
      ),
    );
  }

  errors.push(...validateClusterIPsRelatedFields(spec, clusterIPs));

  (spec.externalIPs ?? []).forEach((ip, i) => {
    const ipPath = specPath.child('externalIPs').index(i);
    const syntax = isValidIP(ip);
    const messages = syntax.length > 0 ? syntax : nonSpecialIPErrors(ip);
    for (const message of messages) errors.push(fieldErrors.invalid(ipPath, ip, message));
  });

  if (type === '') errors.push(fieldErrors.required(specPath.child('type')));
  else if (!SUPPORTED_SERVICE_TYPES.includes(type))
    errors.push(fieldErrors.notSupported(specPath.child('type'), type, SUPPORTED_SERVICE_TYPES));

  if (type === 'ClusterIP')
    ports.forEach((port, i) => {
      if ((port.nodePort ?? 0) !== 0)
        errors.push(
          fieldErrors.forbidden(
            specPath.child('ports').index(i).child('nodePort'),
            "may not be used when `type` is 'ClusterIP'",
          ),
        );
    });

  // A nodePort may be shared across protocols (53/TCP and 53/UDP), never within one.
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    const nodePort = port.nodePort ?? 0;
    if (nodePort === 0) return;
    const key = `${port.protocol ?? ''}/${nodePort}`;
    if (nodePorts.has(key))
      errors.push(fieldErrors.duplicate(specPath.child('ports').index(i).child('nodePort'), nodePort));
    nodePorts.add(key);
  });

  const servicePorts = new Set<string>();
  ports.forEach((port, i) => {
    const key = `${port.protocol ?? ''}/${port.port}`;
    // Upstream's value is the core.ServicePort{Protocol, Port} key; FieldError renders it as JSON.
    if (servicePorts.has(key))
      errors.push(
        fieldErrors.duplicate(specPath.child('ports').index(i), {
          protocol: port.protocol ?? '',
          port: port.port,
        }),
      );
    servicePorts.add(key);
  });

  const sourceRanges = spec.loadBalancerSourceRanges ?? [];
  if (sourceRanges.length > 0) {
    const rangesPath = specPath.child('LoadBalancerSourceRanges');
    if (type !== 'LoadBalancer')
      errors.push(fieldErrors.forbidden(rangesPath, "may only be used when `type` is 'LoadBalancer'"));
    sourceRanges.forEach((raw, i) => {
      // Historical: values converted from the old annotation may be space-padded.
      const value = raw.trim();
      for (const message of isValidCIDR(value))
        errors.push(fieldErrors.invalid(rangesPath.index(i), value, message));
    });
  } else if (annotations[LB_SOURCE_RANGES_ANNOTATION] !== undefined) {
    const annotationPath = fieldPath('metadata').child('annotations').key(LB_SOURCE_RANGES_ANNOTATION);
    if (type !== 'LoadBalancer')
      errors.push(fieldErrors.forbidden(annotationPath, "may only be used when `type` is 'LoadBalancer'"));
    const value = (annotations[LB_SOURCE_RANGES_ANNOTATION] ?? '').trim();
    if (value !== '')
      for (const cidr of value.split(',').map((s) => s.trim()))
        for (const message of isValidCIDR(cidr))
          errors.push(fieldErrors.invalid(annotationPath, cidr, message));
  }

  if (spec.allocateLoadBalancerNodePorts !== undefined && type !== 'LoadBalancer')
    errors.push(
      fieldErrors.forbidden(
        specPath.child('allocateLoadBalancerNodePorts'),
        "may only be used when `type` is 'LoadBalancer'",
      ),
    );
  if (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined)
    errors.push(fieldErrors.required(fieldPath('allocateLoadBalancerNodePorts')));

  errors.push(...validateLoadBalancerClass(undefined, spec));
  errors.push(...validateTrafficPolicies(spec, options));
  return errors;
}

/**
 * validateLoadBalancerClassField: a qualified name, only on LoadBalancers, and fixed while the Service
 * stays one. Upstream runs it with the old Service on update and again without it inside ValidateService,
 * so a bad class on update is reported twice; kept, since that is what kubectl prints.
 */
function validateLoadBalancerClass(old: ServiceSpec | undefined, spec: ServiceSpec): FieldError[] {
  const errors: FieldError[] = [];
  const path = fieldPath('spec').child('loadBalancerClass');
  const className = spec.loadBalancerClass;
  if (old?.type === 'LoadBalancer' && spec.type === 'LoadBalancer' && old.loadBalancerClass !== className)
    errors.push(fieldErrors.invalid(path, className ?? null, 'may not change once set'));
  if (className === undefined) return errors;
  if (spec.type === 'LoadBalancer') {
    for (const message of isQualifiedName(className))
      errors.push(fieldErrors.invalid(path, className, message));
  } else {
    errors.push(fieldErrors.forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
  }
  return errors;
}

/** ValidateService: every create-time rule for a defaulted Service, in upstream order. */
export function validateService(service: Service, options: ValidateServiceOptions = {}): FieldError[] {
  return validateServiceWithClusterIPs(service, clusterIPsOf(service.spec), options);
}

/** validateUpgradeDowngradeClusterIPs: clusterIPs are immutable, except to/from ExternalName and dual-stack changes. */
function validateClusterIPsUpdate(
  old: ServiceSpec,
  oldIPs: readonly string[],
  next: ServiceSpec,
  ips: readonly string[],
) {
  const errors: FieldError[] = [];
  if (next.type === 'ExternalName' || old.type === 'ExternalName') return errors;
  if (isHeadless(oldIPs) && isHeadless(ips)) return errors;
  const path = fieldPath('spec').child('clusterIPs');
  if (oldIPs.length === ips.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== ips[i]) errors.push(fieldErrors.invalid(path.index(i), ips, 'may not change once set'));
    });
  } else if (oldIPs.length > ips.length) {
    if (ips.length === 0)
      errors.push(fieldErrors.invalid(path.index(0), ips, 'primary clusterIP can not be unset'));
    if (oldIPs.length > 0 && ips.length > 0 && ips[0] !== oldIPs[0])
      errors.push(fieldErrors.invalid(path.index(0), ips, 'may not change once set'));
    if (ips.length === 1 && next.ipFamilyPolicy !== 'SingleStack')
      errors.push(
        fieldErrors.invalid(
          fieldPath('spec').child('ipFamilyPolicy'),
          next.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
  } else if (oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
    errors.push(fieldErrors.invalid(path.index(0), ips, 'may not change once set'));
  }
  return errors;
}

/** validateUpgradeDowngradeIPFamilies: the primary family may not change; releasing one needs SingleStack. */
function validateIPFamiliesUpdate(
  old: ServiceSpec,
  oldIPs: readonly string[],
  next: ServiceSpec,
  ips: readonly string[],
) {
  const errors: FieldError[] = [];
  if (next.type === 'ExternalName' || old.type === 'ExternalName') return errors;
  if (isHeadless(oldIPs) !== isHeadless(ips) || isHeadless(ips)) return errors;
  const path = fieldPath('spec').child('ipFamilies');
  const oldFamilies = old.ipFamilies ?? [];
  const families = next.ipFamilies ?? [];
  if (oldFamilies.length === families.length) {
    oldFamilies.forEach((family, i) => {
      if (family !== families[i])
        errors.push(fieldErrors.invalid(path.index(0), families, 'may not change once set'));
    });
  } else if (oldFamilies.length > families.length) {
    if (ips.length === 0)
      errors.push(fieldErrors.invalid(path.index(0), families, 'primary ipFamily can not be unset'));
    if (families.length > 0 && families[0] !== oldFamilies[0])
      errors.push(fieldErrors.invalid(path.index(0), ips, 'may not change once set'));
    if (families.length === 1 && next.ipFamilyPolicy !== 'SingleStack')
      errors.push(
        fieldErrors.invalid(
          fieldPath('spec').child('ipFamilyPolicy'),
          next.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
  } else if (oldFamilies.length > 0 && families.length > 0 && families[0] !== oldFamilies[0]) {
    errors.push(fieldErrors.invalid(path.index(0), ips, 'may not change once set'));
  }
  return errors;
}

/**
 * ValidateServiceUpdate: prepares `next` against the stored `previous` the way the apiserver does
 * (prepareServiceUpdate), then checks immutable metadata, clusterIP(s) and ipFamilies changes, a
 * healthCheckNodePort change while one is needed, and finally every create rule.
 */
export function validateServiceUpdate(
  next: Service,
  previous: Service,
  options: ValidateServiceOptions = {},
): FieldError[] {
  const prepared = prepareServiceUpdate(next, previous);
  const oldIPs = clusterIPsOf(previous.spec);
  // After preparation clusterIPs is authoritative: an empty list was left empty on purpose.
  const ips = prepared.spec.clusterIPs ?? [];
  const errors = validateObjectMetaUpdate(prepared.metadata, previous.metadata);
  errors.push(...validateClusterIPsUpdate(previous.spec, oldIPs, prepared.spec, ips));
  errors.push(...validateIPFamiliesUpdate(previous.spec, oldIPs, prepared.spec, ips));
  errors.push(...validateLoadBalancerClass(previous.spec, prepared.spec));
  const needsHealthCheck = (spec: ServiceSpec): boolean =>
    spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
  if (
    needsHealthCheck(previous.spec) &&
    needsHealthCheck(prepared.spec) &&
    (prepared.spec.healthCheckNodePort ?? 0) !== (previous.spec.healthCheckNodePort ?? 0)
  )
    errors.push(fieldErrors.forbidden(fieldPath('spec').child('healthCheckNodePort'), 'field is immutable'));
  errors.push(...validateServiceWithClusterIPs(prepared, ips, options));
  return errors;
}
