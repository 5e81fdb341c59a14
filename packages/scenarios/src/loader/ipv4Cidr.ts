/** An IPv4 block as numbers, for carving node pod ranges and checking addresses. */
export interface Ipv4Block {
  readonly base: number;
  readonly prefix: number;
}

/** Dotted-quad to a 32-bit number; undefined for anything else. */
export function parseIpv4Address(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

export function formatIpv4Address(value: number): string {
  return [24, 16, 8, 0].map((shift) => String(Math.floor(value / 2 ** shift) % 256)).join('.');
}

/** `a.b.c.d/n` with no host bits set, as Kubernetes' flags require; undefined otherwise. */
export function parseIpv4Block(text: string): Ipv4Block | undefined {
  const [address, prefixText, extra] = text.split('/');
  if (address === undefined || prefixText === undefined || extra !== undefined) return undefined;
  const base = parseIpv4Address(address);
  if (base === undefined || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32 || base % 2 ** (32 - prefix) !== 0) return undefined;
  return { base, prefix };
}

/** The index-th block of `/prefix` inside `block`, or undefined when the block has fewer. */
export function carveIpv4Block(block: Ipv4Block, prefix: number, index: number): string | undefined {
  if (prefix < block.prefix || index >= 2 ** (prefix - block.prefix)) return undefined;
  return `${formatIpv4Address(block.base + index * 2 ** (32 - prefix))}/${String(prefix)}`;
}
