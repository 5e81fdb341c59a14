/** Bad input or usage: the message names what was wrong; the CLI exits 2 and prints no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An expectation, invariant or determinism check failed: exit 1. The report has been printed already. */
export class CheckFailed extends Error {
  override readonly name = 'CheckFailed';
}
