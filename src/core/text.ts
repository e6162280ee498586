// Names, command lines, paths and environment strings come from the kernel as bytes in no
// promised encoding. The library decodes them as psutil does, UTF-8 with Python's
// surrogateescape: each byte that is not part of a valid UTF-8 sequence becomes the lone
// surrogate U+DC00 + byte (U+DC80-U+DCFF), so no byte is lost. `encodeText` in
// src/format/python.ts gives the bytes back, and JSON.stringify writes such a character as
// "\udcff", which Python's json module reads back as the same surrogate.
import { isUtf8 } from 'node:buffer';

/** The length of the valid UTF-8 sequence at i (RFC 3629: shortest form, no surrogates, at most U+10FFFF), or 0. */
function sequenceAt(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] as number;
  if (lead < 0x80) return 1;
  const inRange = (k: number, low = 0x80, high = 0xbf) => {
    const byte = bytes[i + k];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return inRange(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const second = lead === 0xe0 ? inRange(1, 0xa0) : lead === 0xed ? inRange(1, 0x80, 0x9f) : inRange(1);
    return second && inRange(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const second = lead === 0xf0 ? inRange(1, 0x90) : lead === 0xf4 ? inRange(1, 0x80, 0x8f) : inRange(1);
    return second && inRange(2) && inRange(3) ? 4 : 0;
  }
  return 0;
}

/** bytes.decode('utf-8', 'surrogateescape'). */
export function decodeText(bytes: Uint8Array): string {
  const buffer = bytes instanceof Buffer ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buffer)) return buffer.toString('utf8');
  let text = '';
  let start = 0;
  for (let i = 0; i < buffer.length; ) {
    const n = sequenceAt(buffer, i);
    if (n > 0) {
      i += n;
      continue;
    }
    text += buffer.toString('utf8', start, i) + String.fromCharCode(0xdc00 + (buffer[i] as number));
    start = ++i;
  }
  return text + buffer.toString('utf8', start);
}

const LARGEST_UNSIGNED = 18446744073709551615; // 2^64 - 1 as a double
const LEADING_DECIMAL = /^[ \t\n\v\f\r]*([-+]?)(\d+)/;

/**
 * A decimal field as C's strtoll/strtoull read it (procps, sysstat and net-tools scan kernel
 * fields with sscanf and strtoul): leading blanks, an optional sign, the digits
 * that follow. Text without digits reads 0 and a magnitude beyond 2^64-1 saturates there, as
 * strtoull saturates at ULLONG_MAX, so a hostile or cut-short file never yields NaN or Infinity.
 */
export function cDecimal(text: string | undefined): number {
  const match = LEADING_DECIMAL.exec(text ?? '');
  if (!match) return 0;
  const magnitude = Math.min(Number(match[2]), LARGEST_UNSIGNED);
  return match[1] === '-' ? -magnitude : magnitude;
}

/** Where the piece that fgets(buf, size) reads from `at` ends: after a newline, or after size-1 bytes. */
export function fgetsEnd(text: string, at: number, size: number): number {
  const newline = text.indexOf('\n', at);
  return Math.min(newline < 0 ? text.length : newline + 1, at + size - 1);
}

/** The pieces fgets(buf, size) returns one call at a time. */
export function fgetsLines(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; ) {
    const end = fgetsEnd(text, at, size);
    pieces.push(text.slice(at, end));
    at = end;
  }
  return pieces;
}
