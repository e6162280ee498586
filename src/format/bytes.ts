// Names, command lines, user names and paths come from the kernel (and NSS) as bytes, and the C
// tools print them with "%s" and "%-N.Ms": cut and padded by bytes, never decoded. Where such text
// has to live in a JavaScript string (a Map key, a line being built), it is a byte string: one
// char per byte (latin1), so that length, slice and padEnd count bytes and `bytesOf` gives the
// exact bytes back. Text is decoded as UTF-8 only at the JSON edge (`jsonText`).

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
 * A command-line argument as the bytes the C tool compares: Node decodes argv as UTF-8, and
 * encoding it back gives the argument's bytes (an argument that was not valid UTF-8 arrives
 * with U+FFFD in place of the bad bytes and cannot be recovered).
 */
export function argumentBytes(argument: string): string {
  return Buffer.from(argument, 'utf8').toString('latin1');
}

/**
 * A byte string for JSON, which can only hold text: decoded as UTF-8, each invalid sequence
 * replaced by U+FFFD (the WHATWG decoder's rule, Buffer's toString).
 */
export function jsonText(text: string): string {
  return bytesOf(text).toString('utf8');
}
