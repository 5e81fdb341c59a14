// The public API of @svcsim/cli, for tests and embedding.
export { runCli, EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_OK } from './runCli.js';
export type { Io } from './Io.js';
