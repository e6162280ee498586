// How procps makes process names and command lines safe to print (library/escape.c and the
// escape_str of ps/output.c): control characters and bytes that are not valid text in the
// current locale become '?' or '.', and text is cut to a number of terminal cells.

/** True when the locale's character set is UTF-8 (LC_ALL, then LC_CTYPE, then LANG). */
export function isUtf8Locale(env: NodeJS.ProcessEnv): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale);
}

// library/escape.c's ESC_tab, used whenever the text is not valid UTF-8 or the locale is not:
// NUL '@', other controls and DEL '.', every byte above 0x7f '?'.
function escapeAllByte(byte: number): number {
  if (byte === 0) return 0x40;
  if (byte < 0x20 || byte === 0x7f) return 0x2e;
  if (byte > 0x7f) return 0x3f;
  return byte;
}

/** library/escape.c's UTF_tab (top's UTF8_tab): the length of the sequence a lead byte starts, or -1. */
export function sequenceLength(byte: number): number {
  if (byte < 0x80) return 1;
  if (byte < 0xc2) return -1;
  if (byte < 0xe0) return 2;
  if (byte < 0xf0) return 3;
  if (byte < 0xf5) return 4;
  return -1;
}

/**
 * The library's escape_str, applied when /proc text is read. In other locales every byte goes
 * through ESC_tab. Under UTF-8 (esc_ctl of procps 4.0.2's library/escape.c) the text is walked by
 * the length its lead bytes announce, without looking at the bytes a sequence skips: a control
 * character or DEL at a step becomes '?', and at the first byte that cannot lead a sequence, or a
 * sequence running past the end, the rest of the text goes through ESC_tab. So "x\xe9y" stays as
 * it is ('\xe9' announces three bytes), while "a\xffb\x01c" becomes "a?b.c". C1 controls are
 * kept (ps turns those into '?' when it prints, see escapeForDisplay).
 */
export function escapeProcText(bytes: Buffer, utf8: boolean): Buffer {
  if (isPrintableAscii(bytes)) return bytes;
  const out = Buffer.from(bytes);
  let i = 0;
  while (utf8 && i < out.length) {
    const lead = out[i] as number;
    const n = sequenceLength(lead);
    if (n < 0 || i + n > out.length) break;
    if (lead < 0x20 || lead === 0x7f) out[i] = 0x3f;
    i += n;
  }
  for (; i < out.length; i++) out[i] = escapeAllByte(out[i] as number);
  return out;
}

/** Display cells of a code point: 0 for combining marks, 2 for East Asian wide forms, else 1. */
export function cellWidth(codePoint: number): number {
  if (/\p{Mn}|\p{Me}|\p{Cf}/u.test(String.fromCodePoint(codePoint))) return 0;
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf && codePoint !== 0x303f) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

export interface Cut {
  /** The text to print. */
  text: string;
  /** Terminal cells it takes. */
  cells: number;
}

/**
 * ps's escape_str at print time, cut to `maxCells`: in a UTF-8 locale bytes that do not decode,
 * or decode to something unprintable, become '?', and wide characters count two cells; in other
 * locales controls become '.' and bytes above 0x7f '?'.
 */
export function escapeForDisplay(bytes: Buffer, maxCells: number, utf8: boolean, knownAscii = false): Cut {
  // Plain printable ASCII, by far the common case, needs no escaping in any locale; the process
  // scan tells which texts are, so most never reach the test here.
  if (bytes.length <= maxCells && (knownAscii || isPrintableAscii(bytes))) return { text: bytes.toString('latin1'), cells: bytes.length };
  if (knownAscii) {
    const text = bytes.toString('latin1', 0, Math.max(0, maxCells));
    return { text, cells: text.length };
  }
  let text = '';
  let cells = 0;
  if (!utf8) {
    const end = Math.min(bytes.length, Math.max(0, maxCells));
    for (let i = 0; i < end; i++) {
      const byte = bytes[i] as number;
      if (byte === 0) break;
      text += String.fromCharCode(byte < 0x20 || byte === 0x7f ? 0x2e : byte > 0x7f ? 0x3f : byte);
    }
    return { text, cells: text.length };
  }
  let i = 0;
  while (i < bytes.length && cells < maxCells) {
    const lead = bytes[i] as number;
    if (lead === 0) break;
    const n = sequenceLength(lead);
    const decoded = n > 1 && i + n <= bytes.length ? decodeSequence(bytes, i, n) : null;
    if (n === 1) {
      text += lead < 0x20 || lead === 0x7f ? '?' : String.fromCharCode(lead);
      cells++;
      i++;
    } else if (decoded === null || decoded > 0x10ffff || /\p{Cc}|\p{Cs}|\p{Cn}/u.test(String.fromCodePoint(decoded))) {
      text += '?';
      cells++;
      i += decoded === null ? 1 : n;
    } else {
      const width = cellWidth(decoded);
      if (width > maxCells - cells) break;
      text += String.fromCodePoint(decoded);
      cells += width;
      i += n;
    }
  }
  return { text, cells };
}

// A regular expression rather than a byte loop: the loop would run hot in one ps run and its
// optimisation would cost more than it saves.
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;

function isPrintableAscii(bytes: Buffer): boolean {
  return !NOT_PRINTABLE_ASCII.test(bytes.toString('latin1'));
}

/**
 * The code point of a UTF-8 sequence of length n at i, or null where glibc's mbrtowc fails
 * (a bad continuation byte, an overlong form, a surrogate). Like glibc it decodes F4 90..BF
 * sequences to code points above U+10FFFF, which iswprint then rejects as one character.
 */
function decodeSequence(bytes: Buffer, i: number, n: number): number | null {
  let codePoint = (bytes[i] as number) & (0xff >> (n + 1));
  for (let k = 1; k < n; k++) {
    const byte = bytes[i + k] as number;
    if ((byte & 0xc0) !== 0x80) return null;
    codePoint = (codePoint << 6) | (byte & 0x3f);
  }
  const minimum = [0, 0, 0x80, 0x800, 0x10000][n] as number;
  if (codePoint < minimum || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return null;
  return codePoint;
}

/**
 * procps' escape_command (fill_cmdline_cvt): the command line, its arguments joined by spaces,
 * escaped for the terminal; a process without one (a kernel thread, a zombie) shows its name in
 * brackets instead, and a zombie " <defunct>" after it. `ready` marks a part already escaped, or
 * known to be printable ASCII, which is then taken as it is.
 */
export function procpsCommand(joined: Buffer, comm: Buffer, zombie: boolean, utf8: boolean, ready: { joined?: boolean; comm?: boolean } = {}): Buffer {
  if (joined.length > 0) return ready.joined ? joined : escapeProcText(joined, utf8);
  const name = ready.comm ? comm : escapeProcText(comm, utf8);
  return Buffer.concat([Buffer.from('['), name, Buffer.from(zombie ? '] <defunct>' : ']')]);
}
