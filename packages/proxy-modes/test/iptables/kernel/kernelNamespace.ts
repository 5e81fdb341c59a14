import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IptablesJumpRule } from '../../../src/index.js';

/**
 * Why the kernel tests cannot run here, or undefined when they can: they need root, `ip`, iptables and
 * network namespaces (the same check as kernelLoad.test.ts).
 */
export function kernelUnavailableReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root (network namespaces need it)';
  for (const tool of ['ip', 'iptables', 'iptables-restore', 'iptables-save', 'node']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      return `${tool} is not installed (apt-get install iptables iproute2)`;
  }
  const probe = `svcsim-probe-${process.pid}`;
  if (spawnSync('ip', ['netns', 'add', probe]).status !== 0) return 'cannot create a network namespace here';
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}

/** What one connection attempt saw: the endpoint's answer ("ip:port"), a refusal, or silence. */
export type KernelOutcome = string;
export const REFUSED = 'ECONNREFUSED';
export const TIMEOUT = 'TIMEOUT';

/**
 * One script, two modes. `server ip:port...` listens on every address and answers each connection with
 * the address it was accepted on, then closes; it prints "ready" once all are bound. `client <json>`
 * connects to each target in order from a fixed local address and prints one JSON array of outcomes.
 */
const HELPER_SCRIPT = String.raw`
import net from 'node:net';

const [mode, ...args] = process.argv.slice(2);
if (mode === 'server') {
  let pending = args.length;
  for (const addr of args) {
    const i = addr.lastIndexOf(':');
    const server = net.createServer((sock) => sock.end(addr));
    server.on('error', (err) => { console.error(addr + ': ' + err.message); process.exit(2); });
    server.listen({ host: addr.slice(0, i), port: Number(addr.slice(i + 1)) }, () => {
      if (--pending === 0) process.stdout.write('ready\n');
    });
  }
  if (pending === 0) process.stdout.write('ready\n');
} else {
  const { localAddress, connectTimeoutMs, targets } = JSON.parse(args[0]);
  const results = [];
  for (const { ip, port } of targets) {
    results.push(await new Promise((resolve) => {
      let data = '';
      let settled = false;
      const done = (v) => { if (!settled) { settled = true; clearTimeout(timer); sock.destroy(); resolve(v); } };
      const sock = net.connect({ host: ip, port, localAddress });
      // A dropped SYN never completes the handshake; once connected the answer comes from the server.
      // Timers run before I/O in an event-loop turn, so after a stall of this process (a slow host) the
      // timer could fire ahead of a handshake the kernel has long completed. It therefore only decides
      // after one more poll of I/O (setImmediate), where a completed handshake is seen first.
      let connected = false;
      let timer = setTimeout(() => setImmediate(() => { if (!connected) done('${TIMEOUT}'); }), connectTimeoutMs);
      sock.on('connect', () => { connected = true; clearTimeout(timer); timer = setTimeout(() => done('NO-ANSWER'), 60000); });
      sock.on('data', (d) => { data += d; });
      sock.on('end', () => done(data));
      sock.on('error', (err) => done(err.code ?? err.message));
    }));
  }
  process.stdout.write(JSON.stringify(results) + '\n');
}
`;

export interface NamespaceLayout {
  readonly nodeIP: string;
  /** Addresses the node holds on dummy0 besides its own (pod IPs), each as a /32. */
  readonly localIPs: readonly string[];
  /** Destinations routed out via dummy0 so nat OUTPUT sees them (service CIDR, externalIPs). */
  readonly routes: readonly string[];
}

/** A fresh network namespace with svcsim's rules loaded and (optionally) the endpoint server running. */
export interface KernelNode {
  /** Starts the endpoint server listening on every `ip:port` and waits until it is bound. */
  serve(addresses: readonly string[]): Promise<void>;
  /**
   * Applies a later sync's restore input as kube-proxy does (`iptables-restore --noflush`): chains it
   * names are rewritten, others kept, and the kernel's xt_recent lists survive as on a real node.
   */
  restore(restoreInput: string): void;
  /** Connects to each target in order from `localAddress`; one outcome per target. */
  connect(
    localAddress: string,
    targets: readonly { readonly ip: string; readonly port: number }[],
    connectTimeoutMs: number,
  ): KernelOutcome[];
  close(): Promise<void>;
}

let helperDir: string | undefined;
let counter = 0;

function helperScript(): string {
  helperDir ??= mkdtempSync(join(tmpdir(), 'svcsim-kernel-'));
  const file = join(helperDir, 'helper.mjs');
  writeFileSync(file, HELPER_SCRIPT);
  return file;
}

/** Removes the helper script's temporary directory. */
export function removeHelperScript(): void {
  if (helperDir !== undefined) rmSync(helperDir, { recursive: true, force: true });
  helperDir = undefined;
}

/**
 * Creates dummy0. Kernels built without the dummy driver (no modules to load) get a veth pair instead:
 * its far end is up so dummy0 has carrier, and with forwarding off what leaves dummy0 is never answered.
 */
function dummyInterface(ns: string): string[] {
  if (spawnSync('ip', ['-n', ns, 'link', 'add', 'dummy0', 'type', 'dummy']).status === 0) return [];
  return ['link add dummy0 type veth peer name dummy0-peer', 'link set dummy0-peer up'];
}

function run(argv: readonly string[], input?: string): string {
  const [cmd = '', ...rest] = argv;
  const result = spawnSync(cmd, rest, { encoding: 'utf8', ...(input !== undefined && { input }) });
  if (result.status !== 0) {
    throw new Error(`${argv.join(' ')} exited ${String(result.status)}: ${result.stderr}`);
  }
  return result.stdout;
}

/**
 * Creates a namespace laid out as the brief of the test describes, loads `restoreInput` with
 * iptables-restore and inserts the jump rules as kube-proxy does (`iptables -I`, each prepended).
 */
export function createKernelNode(
  layout: NamespaceLayout,
  restoreInput: string,
  jumpRules: readonly IptablesJumpRule[],
): KernelNode {
  const ns = `svcsim-route-${process.pid}-${counter++}`;
  run(['ip', 'netns', 'add', ns]);
  let server: ChildProcess | undefined;
  const node: KernelNode = {
    async serve(addresses) {
      if (addresses.length === 0) return;
      const child = spawn('ip', ['netns', 'exec', ns, 'node', helperScript(), 'server', ...addresses], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      server = child;
      await new Promise<void>((resolve, reject) => {
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('ready')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`endpoint server exited ${String(code)}: ${stderr}`)));
      });
    },
    restore(restoreInput) {
      run(['ip', 'netns', 'exec', ns, 'iptables-restore', '--noflush'], restoreInput);
    },
    connect(localAddress, targets, connectTimeoutMs) {
      const out = run([
        'ip',
        'netns',
        'exec',
        ns,
        'node',
        helperScript(),
        'client',
        JSON.stringify({ localAddress, connectTimeoutMs, targets }),
      ]);
      return JSON.parse(out) as KernelOutcome[];
    },
    async close() {
      const child = server;
      server = undefined;
      if (child !== undefined && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      spawnSync('ip', ['netns', 'del', ns]);
    },
  };
  try {
    const batch = [
      'link set lo up',
      ...dummyInterface(ns),
      'link set dummy0 up',
      `addr add ${layout.nodeIP}/32 dev dummy0`,
      ...layout.localIPs.map((ip) => `addr add ${ip}/32 dev dummy0`),
      ...layout.routes.map((dst) => `route add ${dst} dev dummy0`),
    ];
    run(['ip', '-n', ns, '-batch', '-'], batch.join('\n') + '\n');
    run(['ip', 'netns', 'exec', ns, 'iptables-restore'], restoreInput);
    for (const rule of jumpRules) {
      run(['ip', 'netns', 'exec', ns, 'iptables', '-t', rule.table, '-I', rule.chain, ...rule.args]);
    }
  } catch (err) {
    spawnSync('ip', ['netns', 'del', ns]);
    throw err;
  }
  return node;
}
