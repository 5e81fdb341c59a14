import type { PodTemplateSpec } from '../../api/Pod.js';
import { canonicalString } from '../../canonicalDigest.js';
import { rememberPerObject } from '../../rememberPerObject.js';
import { safeEncodeString } from './safeEncodeString.js';

/** The label (and ReplicaSet name suffix) that ties a ReplicaSet and its pods to one pod template. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

const FNV32_OFFSET_BASIS = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

/**
 * The pod-template-hash of a template: FNV-32a, printed in decimal, then safe-encoded
 * (controller.ComputeHash).
 *
 * Deliberate difference: Kubernetes hashes a go-spew dump of the Go struct, which depends on Go field order and
 * types and cannot be reproduced from YAML; this hashes canonicalString(template) instead. The hash is
 * therefore stable and content-addressed like the real one, with the same alphabet and length (1–10
 * characters), but not the value a real cluster would print for the same manifest. The collision count is
 * mixed in exactly as the real controller does: 8 bytes, the count as little-endian uint32 then 4 zero bytes.
 */
export function computePodTemplateHash(template: PodTemplateSpec, collisionCount?: number): string {
  let hash = templateHash(template);
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32aUpdate(hash, bytes);
  }
  return safeEncodeString(String(hash >>> 0));
}

/** The hash before any collision count, remembered per template object: every Deployment sync hashes its own. */
const templateHash: (template: PodTemplateSpec) => number = rememberPerObject((template) =>
  fnv32a(new TextEncoder().encode(canonicalString(template))),
);

/** FNV-1a, 32 bits, of `bytes`, continuing from `hash` (the offset basis for a fresh hash). */
export function fnv32a(bytes: Uint8Array, hash: number = FNV32_OFFSET_BASIS): number {
  return fnv32aUpdate(hash, bytes);
}

function fnv32aUpdate(hash: number, bytes: Uint8Array): number {
  let h = hash;
  for (const byte of bytes) {
    h ^= byte;
    h = Math.imul(h, FNV32_PRIME);
  }
  return h >>> 0;
}
