import { fieldErrors, fieldPath, type FieldError } from '../../api/FieldError.js';
import type { Secret } from '../../api/ConfigData.js';
import { isConfigMapKey, utf8Length } from './names.js';
import { MAX_CONFIG_DATA_SIZE } from './validateConfigMap.js';
import { sortedKeys } from './validateLabels.js';
import { validateObjectMeta } from './validateObjectMeta.js';

/** Bytes a base64 value decodes to; `data` values are base64 in the API but sized decoded. */
function base64DecodedLength(value: string): number {
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((value.length * 3) / 4) - padding);
}

/** Keys each well-known Secret type must carry (pkg/apis/core/types.go constants). */
const REQUIRED_KEYS: Readonly<Record<string, readonly string[]>> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

/**
 * ValidateSecret: metadata, data keys that are valid config keys, at most 1 MiB of data, and the keys
 * or annotation each well-known type requires. `stringData` is merged into `data` before validation
 * upstream (conversion does it), so its keys are checked and reported under `data[...]` too.
 * The JSON content of docker config secrets is not parsed: Go's json error texts are not reproduced.
 */
export function validateSecret(secret: Secret): FieldError[] {
  const errors = validateObjectMeta(secret.metadata, 'Secret');
  const dataPath = fieldPath('data');
  const sizes = new Map<string, number>();
  for (const key of sortedKeys(secret.data)) sizes.set(key, base64DecodedLength(secret.data?.[key] ?? ''));
  for (const key of sortedKeys(secret.stringData)) sizes.set(key, utf8Length(secret.stringData?.[key] ?? ''));
  const keys = [...sizes.keys()].sort();
  let total = 0;
  for (const key of keys) {
    for (const message of isConfigMapKey(key))
      errors.push(fieldErrors.invalid(dataPath.key(key), key, message));
    total += sizes.get(key) ?? 0;
  }
  if (total > MAX_CONFIG_DATA_SIZE) errors.push(fieldErrors.tooLong(dataPath, MAX_CONFIG_DATA_SIZE));

  const type = secret.type ?? 'Opaque';
  if (type === 'kubernetes.io/service-account-token') {
    if ((secret.metadata.annotations?.['kubernetes.io/service-account.name'] ?? '') === '')
      errors.push(
        fieldErrors.required(
          fieldPath('metadata').child('annotations').key('kubernetes.io/service-account.name'),
        ),
      );
  } else if (type === 'kubernetes.io/basic-auth') {
    // Either may be empty, but at least one of the two keys must be present.
    if (!sizes.has('username') && !sizes.has('password')) {
      errors.push(fieldErrors.required(dataPath.key('username')));
      errors.push(fieldErrors.required(dataPath.key('password')));
    }
  } else if (type === 'kubernetes.io/ssh-auth') {
    if ((sizes.get('ssh-privatekey') ?? 0) === 0)
      errors.push(fieldErrors.required(dataPath.key('ssh-privatekey')));
  } else {
    for (const key of REQUIRED_KEYS[type] ?? [])
      if (!sizes.has(key)) {
        errors.push(fieldErrors.required(dataPath.key(key)));
        // The docker types stop at their one key; TLS reports both missing keys.
        if (type !== 'kubernetes.io/tls') break;
      }
  }
  return errors;
}
