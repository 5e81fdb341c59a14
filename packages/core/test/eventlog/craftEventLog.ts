import { crc32 } from 'node:zlib';

import { pack } from 'msgpackr';

/**
 * Builds `.svlog` bytes by hand, from the layout documented in eventLogFormat.ts rather than from the
 * encoder, to make files the encoder refuses to write: other versions, bad entries, wrong counts.
 */
const MAGIC = Uint8Array.from('SVLOG\r\n\x1a', (c) => c.charCodeAt(0));

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function u32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

/** The file header: prefix (magic, version, body length, CRC), msgpack body, body CRC. */
export function craftHeader(body: unknown, version = 1): Uint8Array {
  const packed = new Uint8Array(pack(body));
  const prefix = new Uint8Array(14);
  prefix.set(MAGIC);
  new DataView(prefix.buffer).setUint16(8, version);
  new DataView(prefix.buffer).setUint32(10, packed.length);
  return concatBytes(prefix, u32(crc32(prefix)), packed, u32(crc32(packed)));
}

export const validHeaderBody = { seed: 1, scenarioDigest: 'd', meta: {}, structures: [] };

/** A block: frame (tag, count, payload length, CRC) + payload + payload CRC. */
export function craftBlock(tag: string, count: number, payload: Uint8Array): Uint8Array {
  const frame = concatBytes(Uint8Array.of(tag.charCodeAt(0)), u32(count), u32(payload.length));
  return concatBytes(frame, u32(crc32(frame)), payload, u32(crc32(payload)));
}

/** A segment whose payload is the given values as plain msgpack (maps decode to objects). */
export function craftSegment(count: number, values: unknown): Uint8Array {
  return craftBlock('S', count, new Uint8Array(pack(values)));
}

export function craftEnd(segments: number, entries: number): Uint8Array {
  return craftBlock('E', segments, concatBytes(u32(Math.floor(entries / 2 ** 32)), u32(entries >>> 0)));
}

/** Rewrites the format version of valid log bytes, keeping the prefix CRC valid (a genuine other version). */
export function withVersion(bytes: Uint8Array, version: number): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  view.setUint16(8, version);
  view.setUint32(14, crc32(out.subarray(0, 14)));
  return out;
}
