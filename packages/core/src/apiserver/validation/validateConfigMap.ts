import { fieldErrors, fieldPath, type FieldError } from '../../api/FieldError.js';
import type { ConfigMap } from '../../api/ConfigData.js';
import { isConfigMapKey, utf8Length } from './names.js';
import { sortedKeys } from './validateLabels.js';
import { validateObjectMeta } from './validateObjectMeta.js';

/** core.MaxSecretSize, which also bounds ConfigMaps: 1 MiB, what etcd stores comfortably per object. */
export const MAX_CONFIG_DATA_SIZE = 1024 * 1024;

/**
 * ValidateConfigMap: metadata, data keys that are valid config keys (they become file names when
 * mounted), and at most 1 MiB of data. The size error's path is the empty root, so kubectl prints it
 * starting with ": Too long".
 */
export function validateConfigMap(configMap: ConfigMap): FieldError[] {
  const errors = validateObjectMeta(configMap.metadata, 'ConfigMap');
  let size = 0;
  for (const key of sortedKeys(configMap.data)) {
    for (const message of isConfigMapKey(key))
      errors.push(fieldErrors.invalid(fieldPath('data').key(key), key, message));
    size += utf8Length(configMap.data?.[key] ?? '');
  }
  if (size > MAX_CONFIG_DATA_SIZE) errors.push(fieldErrors.tooLong(fieldPath(''), MAX_CONFIG_DATA_SIZE));
  return errors;
}
