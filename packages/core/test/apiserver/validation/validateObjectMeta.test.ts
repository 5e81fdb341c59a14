import { describe, expect, it } from 'vitest';

import {
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../../src/apiserver/validation/validateObjectMeta.js';
import { formatted, meta, MSG } from './fixtures.js';

describe('validateObjectMeta', () => {
  it('accepts a complete namespaced object', () => {
    expect(
      validateObjectMeta(
        meta('web', {
          labels: { app: 'web', 'app.kubernetes.io/part-of': 'shop' },
          annotations: { Note: 'x' },
        }),
        'Pod',
      ),
    ).toEqual([]);
  });

  it('requires a name or generateName', () => {
    expect(formatted(validateObjectMeta({ namespace: 'default' }, 'Pod'))).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
    expect(validateObjectMeta({ namespace: 'default', generateName: 'web-' }, 'Pod')).toEqual([]);
  });

  it('validates Service names as DNS-1035 labels', () => {
    expect(formatted(validateObjectMeta(meta('1web'), 'Service'))).toEqual([
      `metadata.name: Invalid value: "1web": ${MSG.dns1035}`,
    ]);
    expect(validateObjectMeta(meta('1web'), 'Pod')).toEqual([]);
  });

  it('validates Namespace names as DNS-1123 labels', () => {
    expect(formatted(validateObjectMeta({ name: 'team.a' }, 'Namespace'))).toEqual([
      'metadata.name: Invalid value: "team.a": must not contain dots',
    ]);
  });

  it('validates most names as DNS-1123 subdomains', () => {
    expect(validateObjectMeta({ name: 'node-1.example.com' }, 'Node')).toEqual([]);
    expect(formatted(validateObjectMeta(meta('Web'), 'ConfigMap'))).toEqual([
      `metadata.name: Invalid value: "Web": ${MSG.dns1123Subdomain}`,
    ]);
  });

  it('checks generateName with a trailing dash allowed', () => {
    expect(validateObjectMeta({ namespace: 'default', generateName: 'web-' }, 'Service')).toEqual([]);
    expect(formatted(validateObjectMeta({ namespace: 'default', generateName: '9web-' }, 'Service'))).toEqual(
      [`metadata.generateName: Invalid value: "9web-": ${MSG.dns1035}`],
    );
  });

  it('requires a namespace for namespaced kinds and checks it as a label', () => {
    expect(formatted(validateObjectMeta({ name: 'web' }, 'Service'))).toEqual([
      'metadata.namespace: Required value',
    ]);
    expect(formatted(validateObjectMeta({ name: 'web', namespace: 'Prod' }, 'Service'))).toEqual([
      `metadata.namespace: Invalid value: "Prod": ${MSG.dns1123Label}`,
    ]);
  });

  it('forbids a namespace on cluster-scoped kinds', () => {
    expect(formatted(validateObjectMeta({ name: 'n1', namespace: 'default' }, 'Node'))).toEqual([
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
  });

  it('reports bad label keys and values against metadata.labels', () => {
    expect(
      formatted(validateObjectMeta(meta('web', { labels: { 'bad key': 'ok', app: 'has space' } }), 'Pod')),
    ).toEqual([
      `metadata.labels: Invalid value: "has space": ${MSG.labelValue}`,
      `metadata.labels: Invalid value: "bad key": ${MSG.qualifiedNamePart}`,
    ]);
  });

  it('checks annotation keys case-insensitively and reports the original key', () => {
    expect(validateObjectMeta(meta('web', { annotations: { 'Example.COM/Key': 'v' } }), 'Pod')).toEqual([]);
    expect(formatted(validateObjectMeta(meta('web', { annotations: { 'a b': 'v' } }), 'Pod'))).toEqual([
      `metadata.annotations: Invalid value: "a b": ${MSG.qualifiedNamePart}`,
    ]);
  });

  it('limits annotations to 256 KiB in total', () => {
    const big = 'x'.repeat(256 * 1024);
    expect(formatted(validateObjectMeta(meta('web', { annotations: { k: big } }), 'Pod'))).toEqual([
      'metadata.annotations: Too long: must have at most 262144 bytes',
    ]);
  });

  it('rejects a negative generation', () => {
    expect(formatted(validateObjectMeta(meta('web', { generation: -1 }), 'Pod'))).toEqual([
      'metadata.generation: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('checks owner references field by field', () => {
    const errors = validateObjectMeta(
      meta('web', { ownerReferences: [{ apiVersion: '', kind: 'ReplicaSet', name: '', uid: 'u1' }] }),
      'Pod',
    );
    expect(formatted(errors)).toEqual([
      'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
      'metadata.ownerReferences.name: Invalid value: "": must not be empty',
    ]);
  });

  it('allows only one controller owner', () => {
    const refs = [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: '2', controller: true },
    ];
    expect(validateObjectMeta(meta('web', { ownerReferences: refs }), 'Pod').map((e) => e.detail)).toEqual([
      'Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b',
    ]);
  });

  it('requires finalizers to be standard or domain-qualified', () => {
    expect(
      validateObjectMeta(meta('web', { finalizers: ['kubernetes', 'example.com/cleanup'] }), 'Pod'),
    ).toEqual([]);
    expect(formatted(validateObjectMeta(meta('web', { finalizers: ['cleanup'] }), 'Pod'))).toEqual([
      'metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });

  it('forbids orphan and foregroundDeletion together', () => {
    expect(
      formatted(validateObjectMeta(meta('web', { finalizers: ['orphan', 'foregroundDeletion'] }), 'Pod')),
    ).toEqual([
      'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
  });
});

describe('validateObjectMetaUpdate', () => {
  it('accepts label changes and an omitted uid', () => {
    expect(validateObjectMetaUpdate(meta('web', { labels: { a: 'b' } }), meta('web', { uid: 'u1' }))).toEqual(
      [],
    );
  });

  it('keeps name, namespace and uid immutable', () => {
    expect(
      formatted(
        validateObjectMetaUpdate(
          { name: 'web2', namespace: 'prod', uid: 'u2' },
          { name: 'web', namespace: 'default', uid: 'u1' },
        ),
      ),
    ).toEqual([
      'metadata.name: Invalid value: "web2": field is immutable',
      'metadata.namespace: Invalid value: "prod": field is immutable',
      'metadata.uid: Invalid value: "u2": field is immutable',
    ]);
  });

  it('forbids decrementing generation', () => {
    expect(
      formatted(validateObjectMetaUpdate(meta('web', { generation: 1 }), meta('web', { generation: 2 }))),
    ).toEqual(['metadata.generation: Invalid value: 1: must not be decremented']);
  });

  describe('against the stored metadata an update replaces', () => {
    // Invalid values that only a version stored without validation could hold: they show which fields are
    // walked again (a carried-over one is trusted as stored) and which are not.
    const stored = meta('web', {
      labels: { 'bad key': 'x' },
      annotations: { 'bad key': 'x' },
      ownerReferences: [{ apiVersion: '', kind: 'ReplicaSet', name: 'web-1', uid: 'u1' }],
      finalizers: ['no-domain'],
    });

    it('does not validate again the fields carried over as the same values', () => {
      expect(validateObjectMeta({ ...stored, resourceVersion: '7' }, 'Pod', undefined, stored)).toEqual([]);
      expect(formatted(validateObjectMeta({ ...stored }, 'Pod'))).not.toEqual([]);
    });

    it('validates each field that changed, as without the stored version', () => {
      const changed = { ...stored, labels: { 'another bad': 'x' }, finalizers: ['still-no-domain'] };
      const errors = formatted(validateObjectMeta(changed, 'Pod', undefined, stored));
      expect(errors.some((error) => error.startsWith('metadata.labels:'))).toBe(true);
      expect(errors.some((error) => error.startsWith('metadata.finalizers'))).toBe(true);
      expect(errors.some((error) => error.startsWith('metadata.annotations'))).toBe(false);
      expect(errors.some((error) => error.startsWith('metadata.ownerReferences'))).toBe(false);
      expect(formatted(validateObjectMeta({ ...meta('web'), labels: changed.labels }, 'Pod'))).toEqual(
        errors.filter((error) => error.startsWith('metadata.labels')),
      );
    });
  });
});
