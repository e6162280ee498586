// Names, command lines, user names and paths come from the kernel (and NSS) as bytes, and the C
// tools print them with "%s" and "%-N.Ms": cut and padded by bytes, never decoded. Where such text
// has to live in a JavaScript string (a Map key, a line being built), it is a byte string: one
// char per byte (latin1), so that length, slice and padEnd count bytes and `bytesOf` gives the
// exact bytes back. Text is decoded as UTF-8 only at the JSON edge (`jsonText`).
import { encodeText } from './python.js';

/** The byte string of some bytes. */
export function byteString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** The bytes of a byte string, ready to be written. */
export function bytesOf(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

/** C's "%.Ns": at most `max` bytes of a byte string, even when that splits a UTF-8 sequence. */
export function cutBytes(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}

/** C's "%-N.Ms": a byte string cut to `max` bytes, then padded with spaces to `width` bytes. */
export function padBytes(text: string, width: number, max = Infinity): string {
  return cutBytes(text, max).padEnd(width);
}

/**
 * A command-line argument as the bytes the C tool compares: encoded back as UTF-8, with the bytes
 * of an argument that was not valid UTF-8 (read by src/cli/argv.ts as surrogate escapes) restored.
 */
export function argumentBytes(argument: string): string {
  return encodeText(argument).toString('latin1');
}

/**
 * The first `max` bytes of a text that is written as UTF-8 (a message holding an argument): C
 * copies arguments into fixed buffers by bytes. A cut inside a multi-byte sequence keeps the
 * whole characters before it (the C tools would write the sequence's first bytes).
 */
export function cutUtf8(text: string, max: number): string {
  if (text.length * 3 <= max) return text;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return text;
  let end = max;
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return bytes.toString('utf8', 0, end);
}

/**
 * A byte string for JSON, which can only hold text: decoded as UTF-8, each invalid sequence
 * replaced by U+FFFD (the WHATWG decoder's rule, Buffer's toString).
 */
export function jsonText(text: string): string {
  return bytesOf(text).toString('utf8');
}

/** Bytes start..end of a buffer: text to copy without making a Buffer of its own. */
export interface ByteRange {
  data: Buffer;
  start: number;
  end: number;
}

/**
 * Output assembled in one large buffer: thousands of short cells are copied in place rather
 * than joined into a string per line and encoded again on write.
 */
export class ByteBuilder {
  private buffer: Buffer;
  private used = 0;

  constructor(capacity = 1 << 16) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.used;
  }

  private room(count: number): void {
    if (this.used + count <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + count));
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }

  spaces(count: number): void {
    if (count <= 0) return;
    this.room(count);
    // A few at a time, mostly: a loop costs less than a call into fill().
    const buffer = this.buffer;
    for (let i = 0; i < count; i++) buffer[this.used + i] = 0x20;
    this.used += count;
  }

  byte(value: number): void {
    this.room(1);
    this.buffer[this.used++] = value;
  }

  range({ data, start, end }: ByteRange): void {
    this.room(end - start);
    this.used += data.copy(this.buffer, this.used, start, end);
  }

  /** Text as UTF-8: ASCII copied a char at a time, anything else by the encoder. */
  text(value: string): void {
    this.room(value.length * 3);
    const buffer = this.buffer;
    let at = this.used;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code >= 0x80) {
        this.used = at + buffer.write(value.slice(i), at, 'utf8');
        return;
      }
      buffer[at++] = code;
    }
    this.used = at;
  }

  /** The bytes written, copied out, and the builder emptied for reuse. */
  take(): Buffer {
    const out = Buffer.from(this.buffer.subarray(0, this.used));
    this.used = 0;
    return out;
  }
}
