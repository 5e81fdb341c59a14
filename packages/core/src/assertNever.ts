/** Exhaustiveness guard for switches over discriminated unions: reaching it is a compile error. */
export function assertNever(value: never): never {
  throw new TypeError(`unhandled case: ${JSON.stringify(value)}`);
}
