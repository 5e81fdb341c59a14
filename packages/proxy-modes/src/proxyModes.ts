import type { ProxyMode } from '@svcsim/core';

import { createIptablesMode } from './iptables/createIptablesMode.js';

/** The modes scenarios and logs can name, in the order they are documented. */
export const PROXY_MODE_NAMES = ['iptables'] as const;

export type ProxyModeName = (typeof PROXY_MODE_NAMES)[number];

const FACTORIES: Readonly<Record<ProxyModeName, () => ProxyMode>> = {
  iptables: () => createIptablesMode(),
};

/** The proxy mode called `name` (a fresh instance with its default options), or undefined if none is. */
export function proxyModeNamed(name: string): ProxyMode | undefined {
  return (PROXY_MODE_NAMES as readonly string[]).includes(name)
    ? FACTORIES[name as ProxyModeName]()
    : undefined;
}
