/**
 * A growable byte buffer with the primitives the compact segment format is made of: bytes, unsigned
 * LEB128 varints up to 2^53 - 1, and big-endian float64. Writes never fail; the caller checks ranges.
 */
export class ByteWriter {
  private bytes = new Uint8Array(1 << 16);
  private view = new DataView(this.bytes.buffer);
  private length = 0;

  /** Appends one byte (0-255). */
  byte(value: number): void {
    if (this.length === this.bytes.length) this.grow(1);
    this.bytes[this.length++] = value;
  }

  /** Appends a non-negative safe integer as an unsigned LEB128 varint (1 byte below 128, at most 8). */
  varint(value: number): void {
    if (this.length + 8 > this.bytes.length) this.grow(8);
    const bytes = this.bytes;
    let at = this.length;
    // 32-bit arithmetic while it is exact; division above, where `>>>` would wrap.
    while (value > 0x7fffffff) {
      bytes[at++] = (value % 128) | 0x80;
      value = Math.floor(value / 128);
    }
    while (value > 0x7f) {
      bytes[at++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    bytes[at++] = value;
    this.length = at;
  }

  /** Appends a float64, big-endian (IEEE-754 bytes do not depend on the platform). */
  float64(value: number): void {
    if (this.length + 8 > this.bytes.length) this.grow(8);
    this.view.setFloat64(this.length, value);
    this.length += 8;
  }

  /** Appends raw bytes. */
  raw(data: Uint8Array): void {
    if (this.length + data.length > this.bytes.length) this.grow(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  /** A copy of what was written (the buffer is reused). */
  toBytes(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  /** Forgets what was written, keeping the buffer for the next segment. */
  reset(): void {
    this.length = 0;
  }

  private grow(needed: number): void {
    let size = this.bytes.length * 2;
    while (size < this.length + needed) size *= 2;
    const bytes = new Uint8Array(size);
    bytes.set(this.bytes.subarray(0, this.length));
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer);
  }
}
