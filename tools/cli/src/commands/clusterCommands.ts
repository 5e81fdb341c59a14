import { formatSimTime, type SimTime } from '@svcsim/core';

import type { Io } from '../Io.js';
import type { GetOutput } from '../kubectl/renderGet.js';
import { renderDescribe } from '../kubectl/renderDescribe.js';
import { renderGet } from '../kubectl/renderGet.js';
import { openClusterSource, type ClusterSourceOptions, type ModeChoice } from './ClusterSource.js';
import { BUILTIN_PROXY_MODES, type ProxyModeResolver } from './ProxyModeResolver.js';

export interface ViewOptions extends ClusterSourceOptions {
  readonly at?: SimTime;
}

/** `svcsim get KIND [NAME]`: kubectl's table (or yaml/json) of the cluster at --at (default: the end). */
export async function getCommand(
  kind: string,
  name: string | undefined,
  options: ViewOptions & {
    readonly namespace?: string;
    readonly allNamespaces: boolean;
    readonly output: GetOutput;
  },
  io: Io,
): Promise<void> {
  const source = await openClusterSource(options);
  const at = options.at ?? source.durationMs;
  io.out(
    renderGet(source.stateAt(at), kind, {
      ...(name !== undefined && { name }),
      ...(options.namespace !== undefined && { namespace: options.namespace }),
      allNamespaces: options.allNamespaces,
      output: options.output,
      now: at,
    }),
  );
}

/** `svcsim describe KIND NAME`: kubectl's describe layout at --at (default: the end). */
export async function describeCommand(
  kind: string,
  name: string,
  options: ViewOptions & { readonly namespace?: string },
  io: Io,
): Promise<void> {
  const source = await openClusterSource(options);
  const at = options.at ?? source.durationMs;
  io.out(renderDescribe(source, kind, options.namespace ?? 'default', name, at));
}

/**
 * `svcsim rules --node N [--mode M]`: that node's kube-proxy rules at --at in the mode's format; with
 * --mode, as mode M would have programmed them by then (the run re-simulated in M).
 */
export async function rulesCommand(
  node: string,
  options: ViewOptions & ModeChoice,
  io: Io,
  modes: ProxyModeResolver = BUILTIN_PROXY_MODES,
): Promise<void> {
  const source = await openClusterSource(options, modes);
  const at = options.at ?? source.durationMs;
  const rules = source.rulesAt(node, at, options.mode === undefined ? {} : { mode: options.mode });
  const otherMode =
    options.mode !== undefined && options.mode !== source.proxyModeName
      ? `, kube-proxy mode ${options.mode} (re-simulated; the run used ${source.proxyModeName ?? 'none'})`
      : '';
  io.out(`# ${node} at ${formatSimTime(at)}${otherMode}\n${rules}`);
}
