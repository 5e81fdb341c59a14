/**
 * Plain data (objects, arrays, strings, numbers, booleans) as `kubectl get -o yaml` lays it out: keys
 * sorted, two-space indents, list items at their parent key's indent, `{}` and `[]` for empty ones, and
 * a string double-quoted whenever YAML would read it as something else.
 */
export function toKubectlYaml(value: unknown): string {
  return emit(value, 0).join('\n') + '\n';
}

function emit(value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((item: unknown) => {
      const lines = isNested(item) ? emit(item, indent + 2) : [`${pad}  ${scalar(item)}`];
      const first = lines[0] ?? '';
      return [`${pad}- ${first.slice(indent + 2)}`, ...lines.slice(1)];
    });
  }
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) return [`${pad}{}`];
    return keys.flatMap((key) => {
      const child = value[key];
      if (Array.isArray(child) && child.length > 0) return [`${pad}${scalar(key)}:`, ...emit(child, indent)];
      if (isRecord(child) && Object.keys(child).length > 0)
        return [`${pad}${scalar(key)}:`, ...emit(child, indent + 2)];
      return [
        `${pad}${scalar(key)}: ${isNested(child) ? (Array.isArray(child) ? '[]' : '{}') : scalar(child)}`,
      ];
    });
  }
  return [`${pad}${scalar(value)}`];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNested(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

/** Plain strings YAML 1.1 would read as booleans, nulls or numbers; go-yaml quotes them. */
const AMBIGUOUS =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|[-+]?(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return JSON.stringify(value);
  const needsQuotes =
    value === '' ||
    AMBIGUOUS.test(value) ||
    /^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(value) ||
    /\s$/.test(value) ||
    /: |:$| #|[\n\t\r\\]/.test(value) ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/.test(value);
  return needsQuotes ? JSON.stringify(value) : value;
}
