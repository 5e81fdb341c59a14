/**
 * Expands `$(VAR)` references the way the kubelet expands `env[].value`, `command` and `args`
 * (third_party/forked/golang/expansion): `$(NAME)` becomes the variable's value when `lookup` knows it and
 * stays `$(NAME)` verbatim when it does not; `$$` is an escaped `$`; a `$` before anything else, a `$`
 * at the very end and an unclosed `$(` are kept as written. Expansion is single-pass: a value brought in
 * by a reference is not expanded again.
 */
export function expandEnvReferences(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    if (next === '$') {
      out += '$';
      cursor += 1;
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close < 0) {
        out += '$(';
        cursor += 1;
      } else {
        const name = input.slice(cursor + 2, close);
        out += lookup(name) ?? `$(${name})`;
        cursor = close;
      }
    } else {
      out += `$${next ?? ''}`;
      cursor += 1;
    }
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}
