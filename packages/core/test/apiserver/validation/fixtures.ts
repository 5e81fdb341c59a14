import { formatFieldError, type FieldError } from '../../../src/api/FieldError.js';
import type { ObjectMeta } from '../../../src/api/ObjectMeta.js';
import type { Pod, PodSpec } from '../../../src/api/Pod.js';
import type { Service, ServiceSpec } from '../../../src/api/Service.js';

/** Each error as kubectl prints it, in order. */
export function formatted(errors: readonly FieldError[]): string[] {
  return errors.map(formatFieldError);
}

/** Message texts copied from apimachinery's util/validation, written out so tests check the wording. */
export const MSG = {
  dns1035:
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  dns1123Label:
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  dns1123Subdomain:
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  qualifiedNamePart:
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  labelValue:
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  configKey:
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
  portRange: 'must be between 1 and 65535, inclusive',
  ip: 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
  cidr: 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
} as const;

/** Metadata that passes for a namespaced kind. */
export function meta(name: string, extra: Partial<ObjectMeta> = {}): ObjectMeta {
  return { name, namespace: 'default', ...extra };
}

/** A ClusterIP Service as SetDefaults_Service leaves it: valid as is. */
export function defaultedService(
  spec: Partial<ServiceSpec> = {},
  metadata: ObjectMeta = meta('web'),
): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: {
      type: 'ClusterIP',
      selector: { app: 'web' },
      ports: [{ protocol: 'TCP', port: 80, targetPort: 8080 }],
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ...spec,
    },
  };
}

/** A one-container Pod that passes validation. */
export function pod(spec: Partial<PodSpec> = {}, metadata: ObjectMeta = meta('web-0')): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
  };
}
