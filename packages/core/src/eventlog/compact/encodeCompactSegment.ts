import type { LogEntry } from '../../LogEntry.js';
import type { ByteWriter } from './ByteWriter.js';
import {
  FieldKind,
  SMALL_ARRAY_LIMIT,
  SMALL_RECORD_LIMIT,
  SMALL_STRING_LIMIT,
  SMALL_UINT_LIMIT,
  Tag,
} from './compactSegmentFormat.js';

/** An object shape as the encoder learns it: keys, how each value is written, and how often it is used. */
interface Shape {
  readonly keys: readonly string[];
  readonly kinds: readonly FieldKind[];
  /** The event type, for an entry's event (the one constant field); undefined for nested objects. */
  readonly type: string | undefined;
  readonly firstUse: number;
  uses: number;
  /** Index in the segment's shape table, assigned once every use is counted. */
  index: number;
}

/** A string's use count and, once assigned, its index in the segment's string table. */
interface StringUse {
  readonly value: string;
  readonly firstUse: number;
  uses: number;
  index: number;
}

const byUseThenFirstUse = (a: { uses: number; firstUse: number }, b: { uses: number; firstUse: number }) =>
  b.uses - a.uses || a.firstUse - b.firstUse;

const isUint = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function kindOf(value: unknown): FieldKind {
  if (typeof value === 'string') return FieldKind.string;
  return isUint(value) ? FieldKind.uint : FieldKind.tagged;
}

/**
 * Encodes entries (already checked: ordered, plain data, events with a string type) as one compact
 * segment payload (compactSegmentFormat.ts). Two passes: the first learns every shape and counts every
 * string, so that indexes can be given most-used-first; the second writes. The bytes depend only on the
 * entries, never on anything encoded before.
 */
export function encodeCompactSegment(entries: readonly LogEntry[], writer: ByteWriter): Uint8Array {
  const strings = new Map<string, StringUse>();
  // Shapes met so far, by event type for events and by first key for nested objects (two maps: an
  // object's first key may equal some event's type): short lists to scan, so that matching an object
  // to its shape compares interned keys instead of building a lookup key per object.
  const eventShapesByType = new Map<string, Shape[]>();
  const objectShapesByFirstKey = new Map<string, Shape[]>();
  const overflowShapes = new Map<string, Shape>();
  let shapeCount = 0;
  // The first pass's findings in the order its walk meets them, so the second pass, walking the same
  // way, takes each object's shape and each string's entry from here instead of looking them up again.
  const shapeSequence: Shape[] = [];
  const stringSequence: StringUse[] = [];

  const useString = (value: string): StringUse => {
    let use = strings.get(value);
    if (use === undefined) {
      use = { value, firstUse: strings.size, uses: 0, index: -1 };
      strings.set(value, use);
    }
    use.uses++;
    return use;
  };

  const learnShape = (object: Record<string, unknown>, type: string | undefined): Shape => {
    let hint = type;
    if (hint === undefined) {
      hint = '';
      for (const field in object) {
        hint = field;
        break;
      }
    }
    const shapesByHint = type === undefined ? objectShapesByFirstKey : eventShapesByType;
    let candidates = shapesByHint.get(hint);
    if (candidates === undefined) {
      candidates = [];
      shapesByHint.set(hint, candidates);
    }
    let shape: Shape | undefined;
    for (const candidate of candidates) {
      if (matches(candidate, object)) {
        shape = candidate;
        break;
      }
    }
    // Past a few shapes per hint (label maps with varied keys, one event type with many key sets), a
    // lookup by the whole signature keeps learning linear in the number of objects.
    let signature: string | undefined;
    if (shape === undefined && candidates.length >= MAX_SCANNED_SHAPES) {
      signature = signatureOf(object, type);
      shape = overflowShapes.get(signature);
    }
    if (shape === undefined) {
      const keys: string[] = [];
      const kinds: FieldKind[] = [];
      for (const field in object) {
        keys.push(field);
        kinds.push(field === 'type' && type !== undefined ? FieldKind.constant : kindOf(object[field]));
        useString(field);
      }
      if (type !== undefined) useString(type);
      shape = { keys, kinds, type, firstUse: shapeCount++, uses: 0, index: -1 };
      if (signature === undefined) candidates.push(shape);
      else overflowShapes.set(signature, shape);
    }
    shape.uses++;
    shapeSequence.push(shape);
    return shape;
  };

  const learnTagged = (value: unknown): void => {
    if (typeof value === 'string') stringSequence.push(useString(value));
    else if (Array.isArray(value)) for (const item of value) learnTagged(item);
    else if (typeof value === 'object' && value !== null)
      learnFields(value as Record<string, unknown>, undefined);
  };

  const learnFields = (object: Record<string, unknown>, type: string | undefined): void => {
    const { keys, kinds } = learnShape(object, type);
    for (let i = 0; i < keys.length; i++) {
      const kind = kinds[i];
      if (kind === FieldKind.string) stringSequence.push(useString(object[keys[i] as string] as string));
      else if (kind === FieldKind.tagged) learnTagged(object[keys[i] as string]);
    }
  };

  for (const entry of entries) {
    const event = entry.event as Record<string, unknown>;
    learnFields(event, event['type'] as string);
  }

  // Indexes, most used first.
  const stringTable = [...strings.values()].sort(byUseThenFirstUse);
  stringTable.forEach((use, index) => (use.index = index));
  const shapeTable: Shape[] = [];
  for (const candidates of eventShapesByType.values()) shapeTable.push(...candidates);
  for (const candidates of objectShapesByFirstKey.values()) shapeTable.push(...candidates);
  shapeTable.push(...overflowShapes.values());
  shapeTable.sort(byUseThenFirstUse);
  shapeTable.forEach((shape, index) => (shape.index = index));
  const indexOf = (value: string): number => (strings.get(value) as StringUse).index;

  writer.reset();
  writer.varint(stringTable.length);
  let joined = '';
  for (const { value } of stringTable) {
    writer.varint(value.length);
    joined += value;
  }
  const utf8 = new TextEncoder().encode(joined);
  writer.varint(utf8.length);
  writer.raw(utf8);

  writer.varint(shapeTable.length);
  for (const shape of shapeTable) {
    writer.varint(shape.keys.length);
    for (let i = 0; i < shape.keys.length; i++) {
      const kind = shape.kinds[i] as FieldKind;
      writer.varint(indexOf(shape.keys[i] as string));
      writer.byte(kind);
      if (kind === FieldKind.constant) writer.varint(indexOf(shape.type as string));
    }
  }

  let shapeCursor = 0;
  let stringCursor = 0;
  const writeFields = (object: Record<string, unknown>): void => {
    const { keys, kinds } = shapeSequence[shapeCursor++] as Shape;
    for (let i = 0; i < keys.length; i++) {
      switch (kinds[i]) {
        case FieldKind.string:
          writer.varint((stringSequence[stringCursor++] as StringUse).index);
          break;
        case FieldKind.uint:
          writer.varint(object[keys[i] as string] as number);
          break;
        case FieldKind.tagged:
          writeTagged(object[keys[i] as string]);
          break;
        default: // constant: nothing to write
      }
    }
  };

  const writeTagged = (value: unknown): void => {
    switch (typeof value) {
      case 'string': {
        const { index } = stringSequence[stringCursor++] as StringUse;
        if (index < SMALL_STRING_LIMIT) writer.byte(Tag.smallString + index);
        else {
          writer.byte(Tag.string);
          writer.varint(index);
        }
        return;
      }
      case 'number':
        if (Number.isSafeInteger(value)) {
          if (value >= 0) {
            if (value < SMALL_UINT_LIMIT) writer.byte(Tag.smallUint + value);
            else {
              writer.byte(Tag.uint);
              writer.varint(value);
            }
          } else {
            writer.byte(Tag.negativeInt);
            writer.varint(-value - 1);
          }
        } else {
          writer.byte(Tag.float64);
          writer.float64(value);
        }
        return;
      case 'boolean':
        writer.byte(value ? Tag.true : Tag.false);
        return;
      default:
    }
    if (value === null) {
      writer.byte(Tag.null);
    } else if (Array.isArray(value)) {
      if (value.length < SMALL_ARRAY_LIMIT) writer.byte(Tag.smallArray + value.length);
      else {
        writer.byte(Tag.array);
        writer.varint(value.length);
      }
      for (const item of value) writeTagged(item);
    } else {
      const { index } = shapeSequence[shapeCursor] as Shape;
      if (index < SMALL_RECORD_LIMIT) writer.byte(Tag.smallRecord + index);
      else {
        writer.byte(Tag.record);
        writer.varint(index);
      }
      writeFields(value as Record<string, unknown>);
    }
  };

  let previousSeq = 0;
  let previousAt = 0;
  for (const { seq, at, event } of entries) {
    writer.varint(seq - previousSeq);
    writer.varint(at - previousAt);
    previousSeq = seq;
    previousAt = at;
    writer.varint((shapeSequence[shapeCursor] as Shape).index);
    writeFields(event as Record<string, unknown>);
  }
  return writer.toBytes();
}

/** Shapes per event type (or first key) matched by scanning; later ones are found by signature. */
const MAX_SCANNED_SHAPES = 8;

/**
 * An object's event type (null for a nested object), keys and value kinds as one string. JSON, so that
 * no type or key (which may hold any character) can make two different shapes read the same.
 */
function signatureOf(object: Record<string, unknown>, type: string | undefined): string {
  const parts: (string | number | null)[] = [type ?? null];
  for (const field in object) parts.push(field, kindOf(object[field]));
  return JSON.stringify(parts);
}

/** Whether an object has exactly a shape's keys, in its order, with values of its kinds. */
function matches(shape: Shape, object: Record<string, unknown>): boolean {
  const { keys, kinds } = shape;
  let i = 0;
  for (const field in object) {
    if (i === keys.length || keys[i] !== field) return false;
    const kind = kinds[i];
    if (kind !== FieldKind.constant && kind !== kindOf(object[field])) return false;
    i++;
  }
  return i === keys.length;
}
