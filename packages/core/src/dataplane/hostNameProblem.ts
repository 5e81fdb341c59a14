/** RFC 1035's limits: 63 octets per label, 253 characters for a whole name written without its final dot. */
const MAX_LABEL_LENGTH = 63;
const MAX_NAME_LENGTH = 253;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

/**
 * Why `name` is not a host name a client could look up, or undefined when it is one: RFC 1123 host
 * names (letters, digits and inner hyphens; any case, as DNS ignores it), dot-separated, optionally
 * absolute with one trailing dot. Underscores (SRV owner names) and empty labels are refused.
 */
export function hostNameProblem(name: string): string | undefined {
  const relative = name.endsWith('.') ? name.slice(0, -1) : name;
  if (relative === '') return 'expected a host name such as web or web.default.svc.cluster.local';
  if (relative.length > MAX_NAME_LENGTH)
    return `a host name has at most ${MAX_NAME_LENGTH} characters, this has ${relative.length}`;
  for (const label of relative.split('.')) {
    if (label === '') return 'a host name has no empty labels (two dots in a row, or a leading dot)';
    if (label.length > MAX_LABEL_LENGTH)
      return `label "${label}" is longer than ${MAX_LABEL_LENGTH} characters`;
    if (!LABEL.test(label))
      return `label "${label}" must consist of letters, digits and '-', and start and end with a letter or digit`;
  }
  return undefined;
}
