import type { LogEntry } from '../../LogEntry.js';
import { FieldKind, Tag } from './compactSegmentFormat.js';

/** Why a compact segment payload cannot be decoded; the reader adds which segment and where. */
export class CompactSegmentError extends Error {
  override readonly name = 'CompactSegmentError';
  constructor(
    message: string,
    /** Where in the payload the problem was found. */
    readonly payloadByte: number,
    /** The entry being decoded, when the problem is in one. */
    readonly entryIndex?: number,
  ) {
    super(message);
  }
}

/** A segment's entries (the selected ones), and its last entry's seq and at, which the next segment continues from. */
export interface DecodedSegment<E> {
  readonly entries: LogEntry<E>[];
  readonly lastSeq: number;
  readonly lastAt: number;
}

/** Builds one object of a shape, reading its field values from the current segment. */
type ShapeReader = (depth: number) => Record<string, unknown>;

interface DecodedShape {
  readonly read: ShapeReader;
  readonly kinds: readonly FieldKind[];
  /** The constant `type`, for an event's shape as the encoder writes it. */
  readonly constantType: string | undefined;
  /** Whether an object of this shape has a string `type`, as an entry's event must. */
  readonly hasStringType: boolean;
}

/** Strings and values reach 2^53 - 1 at most; anything longer is damage. */
const MAX_VARINT_BYTES = 8;
const MAX_DEPTH = 256;

// ignoreBOM: a string that starts with U+FEFF must keep it; fatal: invalid UTF-8 is damage, not U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// The segment being decoded. Decoding is synchronous and never nested, so one set of cursor variables
// serves every call; it lets the shape readers below be compiled once per shape for every segment and
// log, and call these readers directly.
/** Where the decoder is: one object, whose fields are cheaper to reach in hot loops than module variables. */
const cursor = {
  bytes: new Uint8Array(0) as Uint8Array,
  pos: 0,
  end: 0,
};
/** The segment's strings, concatenated; a string is sliced out of it the first time it is used. */
let joined = '';
/** Where each string starts in `joined`, and (last) where the last one ends. */
let stringStarts = new Uint32Array(1);
let stringCount = 0;
/** Strings sliced so far, by index; entries that are stepped over never slice theirs. */
let strings: (string | undefined)[] = [];
let shapes: DecodedShape[] = [];
let entryIndex: number | undefined;

function fail(message: string): never {
  throw new CompactSegmentError(message, cursor.pos, entryIndex);
}

function readVarint(): number {
  let byte =
    cursor.pos < cursor.end
      ? (cursor.bytes[cursor.pos++] as number)
      : fail('the payload ends inside a number');
  if (byte < 0x80) return byte;
  let value = byte & 0x7f;
  let scale = 0x80;
  for (let i = 1; i < MAX_VARINT_BYTES; i++) {
    byte =
      cursor.pos < cursor.end
        ? (cursor.bytes[cursor.pos++] as number)
        : fail('the payload ends inside a number');
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value <= Number.MAX_SAFE_INTEGER ? value : fail('a number exceeds 2^53 - 1');
    scale *= 0x80;
  }
  return fail(`a number runs over ${MAX_VARINT_BYTES} bytes`);
}

function stringAt(index: number): string {
  if (index >= stringCount) fail(`string index ${index} is out of range (${stringCount} strings)`);
  let value = strings[index];
  if (value === undefined) {
    value = joined.slice(stringStarts[index], stringStarts[index + 1]);
    strings[index] = value;
  }
  return value;
}

/** Checks a string index without slicing the string, for entries that are stepped over. */
function checkStringIndex(index: number): void {
  if (index >= stringCount) fail(`string index ${index} is out of range (${stringCount} strings)`);
}

function readString(): string {
  return stringAt(readVarint());
}

function shapeAt(index: number): DecodedShape {
  return index < shapes.length
    ? (shapes[index] as DecodedShape)
    : fail(`shape index ${index} is out of range (${shapes.length} shapes)`);
}

/** A tagged value's first byte, once its nesting depth is known to be within bounds. */
function readTag(depth: number): number {
  if (depth > MAX_DEPTH) fail(`values are nested deeper than ${MAX_DEPTH} levels`);
  return cursor.pos < cursor.end
    ? (cursor.bytes[cursor.pos++] as number)
    : fail('the payload ends inside a value');
}

/** A float64 value's 8 bytes; a non-finite one is refused at its first byte, whether built or skipped. */
function readFloat64(): number {
  if (cursor.end - cursor.pos < 8) fail('the payload ends inside a number');
  const value = new DataView(cursor.bytes.buffer, cursor.bytes.byteOffset + cursor.pos, 8).getFloat64(0);
  if (!Number.isFinite(value)) fail(`a number is ${value}`);
  cursor.pos += 8;
  return value;
}

function readTagged(depth: number): unknown {
  const tag = readTag(depth);
  if (tag < Tag.smallUint) return stringAt(tag - Tag.smallString);
  if (tag < Tag.smallRecord) return tag - Tag.smallUint;
  if (tag < Tag.smallArray) return shapeAt(tag - Tag.smallRecord).read(depth + 1);
  if (tag < Tag.null) return readArray(tag - Tag.smallArray, depth);
  switch (tag) {
    case Tag.null:
      return null;
    case Tag.false:
      return false;
    case Tag.true:
      return true;
    case Tag.string:
      return readString();
    case Tag.uint:
      return readVarint();
    case Tag.negativeInt:
      return -readVarint() - 1;
    case Tag.float64:
      return readFloat64();
    case Tag.record:
      return shapeAt(readVarint()).read(depth + 1);
    case Tag.array: {
      const length = readVarint();
      return length <= cursor.end - cursor.pos
        ? readArray(length, depth)
        : fail(`an array claims ${length} items`);
    }
    default:
      return fail(`unknown value tag 0x${tag.toString(16)}`);
  }
}

/** Steps over an object's field values without building anything, checking indexes as reading would. */
function skipFields(kinds: readonly FieldKind[], depth: number): void {
  // The replay's hot loop (most entries are stepped over): one-byte varints, by far the most common,
  // are handled here on local copies of the cursor; everything else goes through the checked readers.
  const bytes = cursor.bytes;
  const end = cursor.end;
  let pos = cursor.pos;
  for (let f = 0; f < kinds.length; f++) {
    const kind = kinds[f];
    if (kind === FieldKind.constant) continue;
    if (kind !== FieldKind.tagged && pos < end) {
      const byte = bytes[pos] as number;
      if (byte < 0x80) {
        pos++;
        if (kind === FieldKind.string && byte >= stringCount) {
          cursor.pos = pos;
          checkStringIndex(byte);
        }
        continue;
      }
    }
    cursor.pos = pos;
    if (kind === FieldKind.string) checkStringIndex(readVarint());
    else if (kind === FieldKind.uint) readVarint();
    else skipTagged(depth);
    pos = cursor.pos;
  }
  cursor.pos = pos;
}

function skipTagged(depth: number): void {
  const tag = readTag(depth);
  if (tag < Tag.smallUint) checkStringIndex(tag - Tag.smallString);
  else if (tag < Tag.smallRecord) return;
  else if (tag < Tag.smallArray) skipFields(shapeAt(tag - Tag.smallRecord).kinds, depth + 1);
  else if (tag < Tag.null) skipArray(tag - Tag.smallArray, depth);
  else if (tag <= Tag.true) return;
  else if (tag === Tag.string) checkStringIndex(readVarint());
  else if (tag === Tag.uint || tag === Tag.negativeInt) readVarint();
  else if (tag === Tag.float64) readFloat64();
  else if (tag === Tag.record) skipFields(shapeAt(readVarint()).kinds, depth + 1);
  else if (tag === Tag.array) {
    const length = readVarint();
    if (length > cursor.end - cursor.pos) fail(`an array claims ${length} items`);
    skipArray(length, depth);
  } else fail(`unknown value tag 0x${tag.toString(16)}`);
}

function skipArray(length: number, depth: number): void {
  for (let i = 0; i < length; i++) skipTagged(depth + 1);
}

function readArray(length: number, depth: number): unknown[] {
  const array = new Array<unknown>(length);
  for (let i = 0; i < length; i++) array[i] = readTagged(depth + 1);
  return array;
}

/**
 * Shape readers by signature (keys, kinds, constants), shared across segments and logs. A generated
 * function that returns an object literal builds every object of a shape with one hidden class and no
 * per-field dynamic stores: measured, 3-4× faster than filling `{}` key by key, which is the difference
 * between missing and meeting the replay target. Keys and constants go into the source only through
 * JSON.stringify (a valid string literal for any string), and `__proto__` is refused before this, so a
 * damaged or hostile file cannot change what the code does. Bounded: cleared when full.
 */
const compiledShapes = new Map<string, ShapeReader>();
const MAX_COMPILED_SHAPES = 10_000;

function compileShape(
  keys: readonly string[],
  kinds: readonly FieldKind[],
  constants: readonly (string | undefined)[],
): ShapeReader {
  const fields = keys.map((key, f) => {
    const kind = kinds[f];
    const value =
      kind === FieldKind.string
        ? 'readString()'
        : kind === FieldKind.uint
          ? 'readVarint()'
          : kind === FieldKind.tagged
            ? 'readTagged(depth)'
            : JSON.stringify(constants[f]);
    return `${JSON.stringify(key)}: ${value}`;
  });
  const signature = fields.join(',');
  let reader = compiledShapes.get(signature);
  if (reader === undefined) {
    if (compiledShapes.size >= MAX_COMPILED_SHAPES) compiledShapes.clear();
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- see compiledShapes: generated from JSON-quoted keys only
    const factory = new Function(
      'readString',
      'readVarint',
      'readTagged',
      `return function readShape(depth) { return { ${signature} }; };`,
    ) as (s: typeof readString, u: typeof readVarint, t: typeof readTagged) => ShapeReader;
    reader = factory(readString, readVarint, readTagged);
    compiledShapes.set(signature, reader);
  }
  return reader;
}

function readStrings(): void {
  const count = readVarint();
  if (count > cursor.end - cursor.pos) fail(`the segment claims ${count} strings`);
  const starts = new Uint32Array(count + 1);
  let totalLength = 0;
  for (let i = 0; i < count; i++) {
    starts[i] = totalLength;
    totalLength += readVarint();
    if (totalLength > 0xffffffff) fail('the strings are longer than 2^32 - 1 units in all');
  }
  starts[count] = totalLength;
  const byteLength = readVarint();
  if (byteLength > cursor.end - cursor.pos)
    fail(`the string data (${byteLength} bytes) runs past the payload`);
  let decoded = '';
  try {
    decoded = utf8.decode(cursor.bytes.subarray(cursor.pos, cursor.pos + byteLength));
  } catch {
    fail('the string data is not valid UTF-8');
  }
  cursor.pos += byteLength;
  if (decoded.length !== totalLength) {
    fail(
      `the string data holds ${decoded.length} UTF-16 units, but the string lengths add up to ${totalLength}`,
    );
  }
  // The data is valid UTF-8, so it holds no lone surrogate; a boundary between a surrogate pair's halves
  // would make two (which no writer can produce, and which would not survive being written again).
  for (let i = 1; i < count; i++) {
    const start = starts[i] as number;
    if (start > 0 && start < totalLength && (decoded.charCodeAt(start - 1) & 0xfc00) === 0xd800) {
      fail(`string ${i} starts inside a surrogate pair`);
    }
  }
  joined = decoded;
  stringStarts = starts;
  stringCount = count;
  strings = new Array<string | undefined>(count);
}

function readShapes(): void {
  const count = readVarint();
  if (count > cursor.end - cursor.pos) fail(`the segment claims ${count} shapes`);
  shapes = new Array<DecodedShape>(count);
  for (let s = 0; s < count; s++) {
    const fieldCount = readVarint();
    if (fieldCount > cursor.end - cursor.pos) fail(`shape ${s} claims ${fieldCount} fields`);
    const keys: string[] = [];
    const kinds: FieldKind[] = [];
    const constants: (string | undefined)[] = [];
    let hasStringType = false;
    for (let f = 0; f < fieldCount; f++) {
      const key = readString();
      if (key === '__proto__') fail(`shape ${s} has the key "__proto__"`);
      if (keys.includes(key)) fail(`shape ${s} has the key ${JSON.stringify(key)} twice`);
      const kind =
        cursor.pos < cursor.end
          ? (cursor.bytes[cursor.pos++] as number)
          : fail('the payload ends inside a shape');
      if (kind > FieldKind.constant) fail(`shape ${s} has an unknown field kind ${kind}`);
      keys.push(key);
      kinds.push(kind as FieldKind);
      constants.push(kind === FieldKind.constant ? readString() : undefined);
      if (key === 'type' && (kind === FieldKind.constant || kind === FieldKind.string)) hasStringType = true;
    }
    const typeField = keys.indexOf('type');
    const constantType = kinds[typeField] === FieldKind.constant ? constants[typeField] : undefined;
    shapes[s] = { read: compileShape(keys, kinds, constants), kinds, constantType, hasStringType };
  }
}

/**
 * Calls the caller's `select` with the decoder's state saved and restored around it: the callback may
 * itself read a log, which would reuse (and on leaving, clear) the module's cursor.
 */
function callOut(select: (type: string) => boolean, type: string): boolean {
  const saved = { ...cursor, joined, stringStarts, stringCount, strings, shapes, entryIndex };
  try {
    return select(type);
  } finally {
    cursor.bytes = saved.bytes;
    cursor.pos = saved.pos;
    cursor.end = saved.end;
    joined = saved.joined;
    stringStarts = saved.stringStarts;
    stringCount = saved.stringCount;
    strings = saved.strings;
    shapes = saved.shapes;
    entryIndex = saved.entryIndex;
  }
}

/**
 * Decodes a compact segment payload (compactSegmentFormat.ts) of `count` entries, checking as it goes
 * everything a reader must not trust: indexes in range, known kinds and tags, varints that cursor.end and fit
 * 2^53, seq strictly increasing and at non-decreasing (continuing from the previous segment's last
 * entry: `previousSeq` is -1 before the first), every event an object with a string type, no bytes
 * left over. Throws CompactSegmentError at the first problem.
 *
 * With `select`, only the entries whose event type it accepts are built and returned; the others are
 * stepped over (still checked) without building their events. It is asked once per event shape.
 */
export function decodeCompactSegment<E>(
  payload: Uint8Array,
  count: number,
  previousSeq: number,
  previousAt: number,
  select?: (type: string) => boolean,
): DecodedSegment<E> {
  cursor.bytes = payload;
  cursor.pos = 0;
  cursor.end = payload.length;
  entryIndex = undefined;
  try {
    readStrings();
    readShapes();
    const entries: LogEntry<E>[] = select === undefined ? new Array<LogEntry<E>>(count) : [];
    // Per shape: 0 not asked yet, 1 selected, 2 skipped, 3 decided per entry (a type that is not constant).
    const selection = select === undefined ? undefined : new Uint8Array(shapes.length);
    let seq = previousSeq;
    let at = previousAt;
    for (let i = 0; i < count; i++) {
      entryIndex = i;
      const seqValue = readVarint();
      const atValue = readVarint();
      const nextSeq = i === 0 ? seqValue : seq + seqValue;
      const nextAt = i === 0 ? atValue : at + atValue;
      if (nextSeq <= seq) fail(`seq ${nextSeq} does not follow ${seq}`);
      if (!Number.isSafeInteger(nextSeq)) fail('seq is not a safe integer');
      if (nextAt < at) fail(`at ${nextAt} is before the previous entry's at ${at}`);
      if (!Number.isSafeInteger(nextAt)) fail('at is not a safe integer');
      const shapeIndex = readVarint();
      const shape = shapeAt(shapeIndex);
      if (!shape.hasStringType) fail('the event has no string type');
      seq = nextSeq;
      at = nextAt;
      if (selection === undefined || select === undefined) {
        entries[i] = { seq, at, event: shape.read(0) as E };
        continue;
      }
      let selected = selection[shapeIndex] as number;
      if (selected === 0) {
        const type = shape.constantType;
        selected = type === undefined ? 3 : callOut(select, type) ? 1 : 2;
        selection[shapeIndex] = selected;
      }
      if (selected === 2) {
        skipFields(shape.kinds, 0);
        continue;
      }
      const event = shape.read(0);
      if (selected === 1 || callOut(select, event['type'] as string)) {
        entries.push({ seq, at, event: event as E });
      }
    }
    entryIndex = undefined;
    if (cursor.pos !== cursor.end) fail(`${cursor.end - cursor.pos} bytes follow the last entry`);
    return { entries, lastSeq: seq, lastAt: at };
  } finally {
    // Let the payload and the segment's strings go.
    cursor.bytes = new Uint8Array(0);
    joined = '';
    strings = [];
    stringCount = 0;
    shapes = [];
  }
}
