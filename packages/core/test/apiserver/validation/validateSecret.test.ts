import { describe, expect, it } from 'vitest';

import type { Secret } from '../../../src/api/ConfigData.js';
import { validateSecret } from '../../../src/apiserver/validation/validateSecret.js';
import { formatted, meta, MSG } from './fixtures.js';

const secret = (fields: Partial<Secret>, metadata = meta('creds')): Secret => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata,
  ...fields,
});
const errorsOf = (fields: Partial<Secret>): string[] => formatted(validateSecret(secret(fields)));

describe('validateSecret', () => {
  it('accepts an Opaque secret with valid keys', () => {
    expect(errorsOf({ data: { 'password.txt': 'aHVudGVyMg==' }, stringData: { USER: 'admin' } })).toEqual([]);
  });

  it('requires data and stringData keys to be config keys, reported under data', () => {
    expect(errorsOf({ data: { 'a/b': '' }, stringData: { 'c d': 'x' } })).toEqual([
      `data[a/b]: Invalid value: "a/b": ${MSG.configKey}`,
      `data[c d]: Invalid value: "c d": ${MSG.configKey}`,
    ]);
  });

  it('limits decoded data to 1 MiB', () => {
    expect(errorsOf({ stringData: { big: 'x'.repeat(1024 * 1024 + 1) } })).toEqual([
      'data: Too long: must have at most 1048576 bytes',
    ]);
    // base64 is sized decoded: 1398100 characters are 1048575 bytes, 1398104 are 1048578.
    expect(errorsOf({ data: { big: 'A'.repeat(1398100) } })).toEqual([]);
    expect(errorsOf({ data: { big: 'A'.repeat(1398104) } })).toEqual([
      'data: Too long: must have at most 1048576 bytes',
    ]);
  });

  it('requires the keys of typed secrets', () => {
    expect(errorsOf({ type: 'kubernetes.io/tls' })).toEqual([
      'data[tls.crt]: Required value',
      'data[tls.key]: Required value',
    ]);
    expect(errorsOf({ type: 'kubernetes.io/dockerconfigjson' })).toEqual([
      'data[.dockerconfigjson]: Required value',
    ]);
    expect(errorsOf({ type: 'kubernetes.io/basic-auth' })).toEqual([
      'data[username]: Required value',
      'data[password]: Required value',
    ]);
    expect(errorsOf({ type: 'kubernetes.io/basic-auth', stringData: { username: '' } })).toEqual([]);
    expect(errorsOf({ type: 'kubernetes.io/ssh-auth', data: { 'ssh-privatekey': '' } })).toEqual([
      'data[ssh-privatekey]: Required value',
    ]);
  });

  it('requires the service-account annotation on token secrets', () => {
    expect(errorsOf({ type: 'kubernetes.io/service-account-token' })).toEqual([
      'metadata.annotations[kubernetes.io/service-account.name]: Required value',
    ]);
  });
});
