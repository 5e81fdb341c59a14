import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  regexError,
  utf8Length,
} from '../../../src/apiserver/validation/names.js';
import { MSG } from './fixtures.js';

describe('isDNS1035Label', () => {
  it('accepts names that start with a letter', () => {
    expect(isDNS1035Label('my-svc')).toEqual([]);
    expect(isDNS1035Label('a')).toEqual([]);
    expect(isDNS1035Label('a'.repeat(63))).toEqual([]);
  });

  it('rejects a leading digit with the apimachinery text', () => {
    expect(isDNS1035Label('1web')).toEqual([MSG.dns1035]);
  });

  it('rejects upper case, dots and a trailing hyphen', () => {
    for (const bad of ['Web', 'web.app', 'web-', '-web', ''])
      expect(isDNS1035Label(bad)).toEqual([MSG.dns1035]);
  });

  it('reports length and format separately', () => {
    expect(isDNS1035Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(isDNS1035Label(`${'a'.repeat(63)}-`)).toEqual(['must be no more than 63 characters', MSG.dns1035]);
  });
});

describe('isDNS1123Label', () => {
  it('accepts a leading digit', () => {
    expect(isDNS1123Label('123-abc')).toEqual([]);
  });

  it('says "must not contain dots" for a valid subdomain', () => {
    expect(isDNS1123Label('web.app')).toEqual(['must not contain dots']);
  });

  it('gives the regex text for other bad labels', () => {
    expect(isDNS1123Label('Web_1')).toEqual([MSG.dns1123Label]);
  });

  it('limits labels to 63 characters', () => {
    expect(isDNS1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
});

describe('isDNS1123Subdomain', () => {
  it('accepts dotted names up to 253 characters', () => {
    expect(isDNS1123Subdomain('example.com')).toEqual([]);
    expect(
      isDNS1123Subdomain(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`),
    ).toEqual([]);
  });

  it('rejects underscores and empty labels', () => {
    expect(isDNS1123Subdomain('my_app')).toEqual([MSG.dns1123Subdomain]);
    expect(isDNS1123Subdomain('a..b')).toEqual([MSG.dns1123Subdomain]);
  });

  it('limits subdomains to 253 characters', () => {
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });
});

describe('isWildcardDNS1123Subdomain', () => {
  it('accepts *.domain and rejects other wildcards', () => {
    expect(isWildcardDNS1123Subdomain('*.example.com')).toEqual([]);
    expect(isWildcardDNS1123Subdomain('*.*.example.com')).toEqual([
      "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
  });
});

describe('isValidPortName (IANA_SVC_NAME)', () => {
  it('accepts 1-15 lowercase characters with a letter', () => {
    expect(isValidPortName('http')).toEqual([]);
    expect(isValidPortName('h2c-web-8080abc')).toEqual([]);
  });

  it('reports every broken rule, in apimachinery order', () => {
    expect(isValidPortName('-Http--1234567890-')).toEqual([
      'must be no more than 15 characters',
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must not contain consecutive hyphens',
      'must not begin or end with a hyphen',
    ]);
  });

  it('requires a letter, so a number in a string is not a port name', () => {
    expect(isValidPortName('8080')).toEqual(['must contain at least one letter (a-z)']);
  });

  it('rejects the empty name', () => {
    expect(isValidPortName('')).toEqual([
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must contain at least one letter (a-z)',
    ]);
  });
});

describe('isValidPortNum', () => {
  it('accepts 1 and 65535 and rejects 0 and 65536', () => {
    expect(isValidPortNum(1)).toEqual([]);
    expect(isValidPortNum(65535)).toEqual([]);
    expect(isValidPortNum(0)).toEqual([MSG.portRange]);
    expect(isValidPortNum(65536)).toEqual([MSG.portRange]);
  });
});

describe('isQualifiedName', () => {
  it('accepts a name with an optional DNS prefix', () => {
    expect(isQualifiedName('app')).toEqual([]);
    expect(isQualifiedName('app.kubernetes.io/name')).toEqual([]);
    expect(isQualifiedName('My_Name.1')).toEqual([]);
  });

  it('checks the prefix as a DNS subdomain', () => {
    expect(isQualifiedName('/name')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('Example.com/name')).toEqual([`prefix part ${MSG.dns1123Subdomain}`]);
  });

  it('reports an empty name part twice, as upstream does', () => {
    expect(isQualifiedName('example.com/')).toEqual(['name part must be non-empty', MSG.qualifiedNamePart]);
  });

  it('limits the name part to 63 characters', () => {
    expect(isQualifiedName('a'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
  });

  it('rejects two slashes as a whole', () => {
    expect(isQualifiedName('a/b/c')).toEqual([
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
  });
});

describe('isValidLabelValue', () => {
  it('accepts the empty value and mixed case', () => {
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('My_Value-1.0')).toEqual([]);
  });

  it('rejects spaces and a trailing dash', () => {
    expect(isValidLabelValue('a b')).toEqual([MSG.labelValue]);
    expect(isValidLabelValue('v1-')).toEqual([MSG.labelValue]);
  });

  it('limits values to 63 characters', () => {
    expect(isValidLabelValue('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
});

describe('isConfigMapKey', () => {
  it('accepts file-like keys', () => {
    expect(isConfigMapKey('app.properties')).toEqual([]);
    expect(isConfigMapKey('.hidden')).toEqual([]);
  });

  it('rejects slashes and path escapes', () => {
    expect(isConfigMapKey('a/b')).toEqual([MSG.configKey]);
    expect(isConfigMapKey('.')).toEqual(["must not be '.'"]);
    expect(isConfigMapKey('..')).toEqual(["must not be '..'"]);
    expect(isConfigMapKey('..data')).toEqual(["must not start with '..'"]);
  });
});

describe('isValidPercent', () => {
  it('accepts digits and % only', () => {
    expect(isValidPercent('25%')).toEqual([]);
    expect(isValidPercent('25')).toEqual([
      "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
  });
});

describe('regexError and utf8Length', () => {
  it('formats without examples', () => {
    expect(regexError('bad', 'x+')).toBe("bad (regex used for validation is 'x+')");
  });

  it('counts bytes as Go len() does', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('€')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
  });

  it('counts as UTF-8 encodes any string, lone surrogates included (as the replacement character)', () => {
    const unit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit, maxLength: 40 }), fc.string({ unit: 'binary' })), (value) => {
        expect(utf8Length(value)).toBe(Buffer.byteLength(value, 'utf8'));
      }),
      { numRuns: 2_000 },
    );
    expect(utf8Length('\ud800')).toBe(3);
    expect(utf8Length('a\udc00b')).toBe(5);
    expect(utf8Length('\ud83d\ude00\ud83d')).toBe(7);
  });
});
