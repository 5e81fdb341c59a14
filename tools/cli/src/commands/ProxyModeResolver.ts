import type { ProxyMode } from '@svcsim/core';
import { PROXY_MODE_NAMES, proxyModeNamed } from '@svcsim/proxy-modes';

import { UsageError } from '../CliError.js';

/**
 * The kube-proxy modes commands may run, by name. The CLI uses the modes this svcsim has; tests inject
 * their own (a mode that routes differently) to exercise what commands do with a second mode.
 */
export interface ProxyModeResolver {
  /** The names it knows, in the order messages list them. */
  readonly names: readonly string[];
  /** A fresh instance of the mode called `name`, or undefined. */
  named(name: string): ProxyMode | undefined;
}

/** The modes of @svcsim/proxy-modes. */
export const BUILTIN_PROXY_MODES: ProxyModeResolver = {
  names: PROXY_MODE_NAMES,
  named: proxyModeNamed,
};

/** The mode a `--mode` option names; an unknown name is a usage error listing the known ones. */
export function proxyModeOption(resolver: ProxyModeResolver, name: string): ProxyMode {
  const mode = resolver.named(name);
  if (mode === undefined) {
    throw new UsageError(
      `--mode: unknown kube-proxy mode ${JSON.stringify(name)}; this svcsim has: ${resolver.names.join(', ')}`,
    );
  }
  return mode;
}
