import type { SegmentPacker } from '../SegmentPacker.js';
import { ByteWriter } from './ByteWriter.js';
import { encodeCompactSegment } from './encodeCompactSegment.js';

/** Format version 2: every segment self-contained, nothing in the header. */
export function createCompactSegmentPacker(): SegmentPacker {
  // One scratch buffer per log, reused by each segment (encodeCompactSegment returns a copy).
  const writer = new ByteWriter();
  return {
    pack: (entries) => encodeCompactSegment(entries, writer),
    headerFields: () => ({}),
  };
}
