/**
 * The string checks of k8s.io/apimachinery/pkg/util/validation (validation.go), ported message for
 * message. Each returns the list of problems as the apiserver words them; an empty list means valid.
 * Callers wrap each message in a FieldError at the field they are checking.
 *
 * Texts follow the long-standing util/validation wording (Kubernetes ~1.31-1.34): length errors say
 * "characters" and a label key with two slashes is "a qualified name". The newest apimachinery routes
 * label keys through api/validate/content, which says "bytes" and "a valid label key" instead.
 */

/** Go's len(): the UTF-8 byte length, which is what every apimachinery length limit counts. */
export function utf8Length(value: string): number {
  // By UTF-16 code unit, not by code point: iterating a string's code points makes a string per
  // character, and this runs on every name, label and annotation the apiserver admits.
  let bytes = value.length;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) {
      bytes += 1;
      continue;
    }
    // A surrogate pair is two units and four bytes; any other unit, a lone surrogate included, is three.
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = i + 1 < value.length ? value.charCodeAt(i + 1) : 0;
      if (low >= 0xdc00 && low <= 0xdfff) {
        bytes += 2;
        i++;
        continue;
      }
    }
    bytes += 2;
  }
  return bytes;
}

/** validation.MaxLenError. */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** validation.EmptyError. */
export function emptyError(): string {
  return 'must be non-empty';
}

/** validation.InclusiveRangeError. */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/**
 * validation.RegexError. The doubled space in "',  or '" is real: each example is followed by "', "
 * and the next one is preceded by " or ".
 */
export function regexError(message: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  let text = `${message} (e.g. `;
  examples.forEach((example, i) => {
    if (i > 0) text += ' or ';
    text += `'${example}', `;
  });
  return `${text}regex used for validation is '${format}')`;
}

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_ERR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_LABEL_MAX = 63;
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);

const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MAX = 253;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_ERR =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const DNS1035_LABEL_MAX = 63;
const DNS1035_LABEL_RE = new RegExp(`^${DNS1035_LABEL_FMT}$`);

const WILDCARD_SUBDOMAIN_FMT = `\\*\\.${DNS1123_SUBDOMAIN_FMT}`;
const WILDCARD_SUBDOMAIN_ERR =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";
const WILDCARD_SUBDOMAIN_RE = new RegExp(`^${WILDCARD_SUBDOMAIN_FMT}$`);

/** IsDNS1123Label: lowercase RFC 1123 label, at most 63 characters (pod and container names, port names). */
export function isDNS1123Label(value: string): string[] {
  const errors: string[] = [];
  if (utf8Length(value) > DNS1123_LABEL_MAX) errors.push(maxLenError(DNS1123_LABEL_MAX));
  if (!DNS1123_LABEL_RE.test(value)) {
    // A valid subdomain that is not a valid label can only have failed on its dots.
    if (DNS1123_SUBDOMAIN_RE.test(value)) errors.push('must not contain dots');
    else errors.push(regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errors;
}

/** IsDNS1123Subdomain: lowercase RFC 1123 subdomain, at most 253 characters (most object names). */
export function isDNS1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX) errors.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN_RE.test(value))
    errors.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errors;
}

/** IsDNS1035Label: must start with a letter, at most 63 characters (Service names). */
export function isDNS1035Label(value: string): string[] {
  const errors: string[] = [];
  if (utf8Length(value) > DNS1035_LABEL_MAX) errors.push(maxLenError(DNS1035_LABEL_MAX));
  if (!DNS1035_LABEL_RE.test(value))
    errors.push(regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errors;
}

/** IsWildcardDNS1123Subdomain: `*.` followed by a subdomain (Ingress hosts such as `*.example.com`). */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX) errors.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!WILDCARD_SUBDOMAIN_RE.test(value))
    errors.push(regexError(WILDCARD_SUBDOMAIN_ERR, WILDCARD_SUBDOMAIN_FMT, '*.example.com'));
  return errors;
}

/** IsValidPortNum: 1-65535. */
export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/** IsInRange: an inclusive integer range. */
export function isInRange(value: number, min: number, max: number): string[] {
  return value >= min && value <= max ? [] : [inclusiveRangeError(min, max)];
}

/**
 * IsValidPortName, the IANA_SVC_NAME rule for named ports: 1-15 characters of [-a-z0-9], at least one
 * letter, no leading, trailing or doubled hyphen. Every broken rule is reported, as apimachinery does.
 */
export function isValidPortName(port: string): string[] {
  const errors: string[] = [];
  if (utf8Length(port) > 15) errors.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port))
    errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errors.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errors.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-')))
    errors.push('must not begin or end with a hyphen');
  return errors;
}

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_MAX = 63;
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);

/**
 * IsQualifiedName: the label-key format, an optional DNS-subdomain prefix and `/`, then a name of at
 * most 63 characters (label and annotation keys, appProtocol, readiness-gate condition types).
 */
export function isQualifiedName(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errors.push(`prefix part ${emptyError()}`);
    else for (const message of isDNS1123Subdomain(prefix)) errors.push(`prefix part ${message}`);
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errors.push(`name part ${emptyError()}`);
  else if (utf8Length(name) > QUALIFIED_NAME_MAX) errors.push(`name part ${maxLenError(QUALIFIED_NAME_MAX)}`);
  if (!QUALIFIED_NAME_RE.test(name))
    errors.push(
      `name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`,
    );
  return errors;
}

const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MAX = 63;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);

/** IsValidLabelValue: empty, or at most 63 alphanumerics, '-', '_' and '.' starting and ending alphanumeric. */
export function isValidLabelValue(value: string): string[] {
  const errors: string[] = [];
  if (utf8Length(value) > LABEL_VALUE_MAX) errors.push(maxLenError(LABEL_VALUE_MAX));
  if (!LABEL_VALUE_RE.test(value))
    errors.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errors;
}

const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_MAP_KEY_ERR = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const CONFIG_MAP_KEY_RE = new RegExp(`^${CONFIG_MAP_KEY_FMT}$`);

/** IsConfigMapKey: a ConfigMap or Secret data key, which becomes a file name when mounted. */
export function isConfigMapKey(value: string): string[] {
  const errors: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX) errors.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!CONFIG_MAP_KEY_RE.test(value))
    errors.push(regexError(CONFIG_MAP_KEY_ERR, CONFIG_MAP_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  // Mounted keys are file names, so they must not climb out of the volume directory.
  if (value === '.') errors.push("must not be '.'");
  else if (value === '..') errors.push("must not be '..'");
  else if (value.startsWith('..')) errors.push("must not start with '..'");
  return errors;
}

const PERCENT_FMT = '[0-9]+%';
const PERCENT_ERR = "a valid percent string must be a numeric string followed by an ending '%'";

/** IsValidPercent: digits followed by `%` (Deployment maxSurge / maxUnavailable). */
export function isValidPercent(percent: string): string[] {
  return new RegExp(`^${PERCENT_FMT}$`).test(percent)
    ? []
    : [regexError(PERCENT_ERR, PERCENT_FMT, '1%', '93%')];
}

const HTTP_HEADER_NAME_FMT = '[-A-Za-z0-9]+';
const HTTP_HEADER_NAME_ERR = "a valid HTTP header must consist of alphanumeric characters or '-'";

/** IsHTTPHeaderName: the header names an httpGet probe may send. */
export function isHTTPHeaderName(value: string): string[] {
  return new RegExp(`^${HTTP_HEADER_NAME_FMT}$`).test(value)
    ? []
    : [regexError(HTTP_HEADER_NAME_ERR, HTTP_HEADER_NAME_FMT, 'X-Header-Name')];
}

/**
 * IsRelaxedEnvVarName: the environment-variable rule under RelaxedEnvironmentVariableValidation (on by
 * default since 1.32): any printable ASCII except '='.
 */
export function isRelaxedEnvVarName(value: string): string[] {
  const errors: string[] = [];
  if (value.length === 0) errors.push(`environment variable name ${emptyError()}`);
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code > 0x7e || code < 0x20 || char === '=') {
      errors.push(
        "a valid environment variable name must consist only of printable ASCII characters other than '='",
      );
      break;
    }
  }
  return errors;
}

/** IsValidPathSegmentName (api/validation/path): names that must survive as one URL path segment. */
export function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errors: string[] = [];
  for (const illegal of ['/', '%']) if (name.includes(illegal)) errors.push(`may not contain '${illegal}'`);
  return errors;
}
