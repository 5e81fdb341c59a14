import { fieldErrors, fieldPath, type FieldError, type FieldPath } from '../../api/FieldError.js';
import type { HTTPIngressPath, Ingress, IngressBackend } from '../../api/Ingress.js';
import { parseIpSloppy } from './ipAddresses.js';
import {
  isDNS1123Subdomain,
  isValidPathSegmentName,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
} from './names.js';
import { nameIsDNS1035Label, nameIsDNSSubdomain, validateObjectMeta } from './validateObjectMeta.js';

/**
 * ValidateIngressCreate (pkg/apis/networking/validation) for networking.k8s.io/v1: rules or a default
 * backend, hosts, paths by pathType, and backends that name a Service and exactly one port form.
 */

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
/** Sequences a normalizing proxy would rewrite, so a literal path containing them could never match. */
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

function validateBackend(backend: IngressBackend, path: FieldPath): FieldError[] {
  const { resource, service } = backend;
  if (resource !== undefined && service !== undefined)
    return [fieldErrors.invalid(path, '', 'cannot set both resource and service backends')];
  if (resource !== undefined) {
    const errors: FieldError[] = [];
    const resourcePath = path.child('resource');
    if (resource.apiGroup !== undefined)
      for (const m of isDNS1123Subdomain(resource.apiGroup))
        errors.push(fieldErrors.invalid(resourcePath.child('apiGroup'), resource.apiGroup, m));
    for (const field of ['kind', 'name'] as const) {
      const value = resource[field];
      if (value === '') errors.push(fieldErrors.required(resourcePath.child(field), `${field} is required`));
      else
        for (const m of isValidPathSegmentName(value))
          errors.push(fieldErrors.invalid(resourcePath.child(field), value, m));
    }
    return errors;
  }
  if (service !== undefined) {
    const errors: FieldError[] = [];
    const servicePath = path.child('service');
    if (service.name === '') errors.push(fieldErrors.required(servicePath.child('name')));
    else
      for (const m of nameIsDNS1035Label(service.name, false))
        errors.push(fieldErrors.invalid(servicePath.child('name'), service.name, m));
    const portName = service.port.name ?? '';
    const portNumber = service.port.number ?? 0;
    if (portName !== '' && portNumber !== 0) {
      errors.push(fieldErrors.invalid(path, '', 'cannot set both port name & port number'));
    } else if (portName !== '') {
      for (const m of isValidPortName(portName))
        errors.push(fieldErrors.invalid(servicePath.child('port').child('name'), portName, m));
    } else if (portNumber !== 0) {
      for (const m of isValidPortNum(portNumber))
        errors.push(fieldErrors.invalid(servicePath.child('port').child('number'), portNumber, m));
    } else {
      errors.push(fieldErrors.required(path, 'port name or number is required'));
    }
    return errors;
  }
  return [fieldErrors.invalid(path, '', 'resource or service backend is required')];
}

function validateHTTPPath(httpPath: HTTPIngressPath, path: FieldPath): FieldError[] {
  // The type marks pathType required; YAML may still omit it, and the apiserver says so.
  const pathType = (httpPath as { readonly pathType?: string }).pathType;
  if (pathType === undefined)
    return [fieldErrors.required(path.child('pathType'), 'pathType must be specified')];
  const errors: FieldError[] = [];
  const value = httpPath.path ?? '';
  const valuePath = path.child('path');
  switch (pathType) {
    case 'Exact':
    case 'Prefix':
      if (!value.startsWith('/'))
        errors.push(fieldErrors.invalid(valuePath, value, 'must be an absolute path'));
      if (value !== '') {
        for (const sequence of INVALID_PATH_SEQUENCES)
          if (value.includes(sequence))
            errors.push(fieldErrors.invalid(valuePath, value, `must not contain '${sequence}'`));
        for (const suffix of INVALID_PATH_SUFFIXES)
          if (value.endsWith(suffix))
            errors.push(fieldErrors.invalid(valuePath, value, `cannot end with '${suffix}'`));
      }
      break;
    case 'ImplementationSpecific':
      if (value !== '' && !value.startsWith('/'))
        errors.push(fieldErrors.invalid(valuePath, value, 'must be an absolute path'));
      break;
    default:
      errors.push(fieldErrors.notSupported(path.child('pathType'), pathType, PATH_TYPES));
  }
  errors.push(...validateBackend(httpPath.backend, path.child('backend')));
  return errors;
}

function hostErrors(host: string, path: FieldPath): FieldError[] {
  const messages = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
  return messages.map((m) => fieldErrors.invalid(path, host, m));
}

/** ValidateIngressCreate: metadata, spec, and agreement between the class annotation and field. */
export function validateIngress(ingress: Ingress): FieldError[] {
  const errors = validateObjectMeta(ingress.metadata, 'Ingress');
  const spec = ingress.spec;
  const specPath = fieldPath('spec');
  const rules = spec.rules ?? [];
  if (rules.length === 0 && spec.defaultBackend === undefined)
    // Upstream's value is the nil rules slice, which Go prints as []networking.IngressRule(nil).
    errors.push(
      fieldErrors.invalid(
        specPath,
        spec.rules ?? null,
        'either `defaultBackend` or `rules` must be specified',
      ),
    );
  if (spec.defaultBackend !== undefined)
    errors.push(...validateBackend(spec.defaultBackend, specPath.child('defaultBackend')));
  rules.forEach((rule, i) => {
    const rulePath = specPath.child('rules').index(i);
    const host = rule.host ?? '';
    if (host !== '') {
      if (parseIpSloppy(host) !== undefined)
        errors.push(
          fieldErrors.invalid(rulePath.child('host'), host, 'must be a DNS name, not an IP address'),
        );
      errors.push(...hostErrors(host, rulePath.child('host')));
    }
    if (rule.http !== undefined) {
      const httpPath = rulePath.child('http');
      if (rule.http.paths.length === 0) errors.push(fieldErrors.required(httpPath.child('paths')));
      rule.http.paths.forEach((p, j) =>
        errors.push(...validateHTTPPath(p, httpPath.child('paths').index(j))),
      );
    }
  });
  (spec.tls ?? []).forEach((tls, i) => {
    const tlsPath = specPath.child('tls').index(i);
    (tls.hosts ?? []).forEach((host, j) => errors.push(...hostErrors(host, tlsPath.child('hosts').index(j))));
    const secretName = tls.secretName ?? '';
    if (secretName !== '')
      for (const m of nameIsDNSSubdomain(secretName, false))
        errors.push(fieldErrors.invalid(tlsPath.child('secretName'), secretName, m));
  });
  if (spec.ingressClassName !== undefined)
    for (const m of nameIsDNSSubdomain(spec.ingressClassName, false))
      errors.push(fieldErrors.invalid(specPath.child('ingressClassName'), spec.ingressClassName, m));
  const annotationClass = ingress.metadata.annotations?.[INGRESS_CLASS_ANNOTATION];
  if (
    annotationClass !== undefined &&
    spec.ingressClassName !== undefined &&
    annotationClass !== spec.ingressClassName
  )
    // Upstream builds this path with Child(), so it prints without brackets.
    errors.push(
      fieldErrors.invalid(
        fieldPath('annotations').child(INGRESS_CLASS_ANNOTATION),
        annotationClass,
        'must match `ingressClassName` when both are specified',
      ),
    );
  return errors;
}
