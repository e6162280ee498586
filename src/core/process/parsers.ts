// Pure parsers of /proc/PID files: bytes in, records out. They are written for hostile input: a
// comm may hold spaces, ')', newlines or invalid UTF-8, so nothing here splits on the first ')'.
import { cDecimal, decodeText } from '../text.js';

/** The fields of /proc/PID/stat that the tools use (proc(5) numbering in comments). */
export interface ProcStat {
  pid: number; // 1
  /** The command name, up to 15 bytes, exactly as the kernel holds it (not necessarily UTF-8). */
  comm: Buffer; // 2
  /** One of R S D T t Z X I P W K (proc(5)). */
  state: string; // 3
  ppid: number; // 4
  pgrp: number; // 5
  session: number; // 6
  ttyNr: number; // 7
  tpgid: number; // 8
  flags: number; // 9
  minflt: number; // 10
  /** Minor faults of waited-for children. */
  cminflt: number; // 11
  majflt: number; // 12
  cmajflt: number; // 13
  /** Clock ticks in user mode. */
  utime: number; // 14
  /** Clock ticks in kernel mode. */
  stime: number; // 15
  cutime: number; // 16
  cstime: number; // 17
  priority: number; // 18
  nice: number; // 19
  numThreads: number; // 20
  /** Clock ticks after boot at which the process started: with the pid, its identity. */
  starttime: number; // 22
  /** Virtual size in bytes. */
  vsize: number; // 23
  /** Resident pages. */
  rss: number; // 24
  /** Address range of the program text. */
  startcode: number; // 26
  endcode: number; // 27
  /** Stack start, and the saved stack and instruction pointers (0 unless ptrace-readable). */
  startstack: number; // 28
  kstkesp: number; // 29
  kstkeip: number; // 30
  processor: number; // 39
  rtPriority: number; // 40
  policy: number; // 41
  blkioTicks: number; // 42
}

/**
 * Parses /proc/PID/stat; the comm runs from the first '(' to the *last* ')'. The split and
 * number conversions are the engine's own: a byte loop here gets hot enough in one ps run to be
 * optimised, and that compilation alone costs more than the parsing it speeds up.
 */
export function parseStat(data: Buffer): ProcStat {
  // One decoding, latin1 (a char per byte, so string offsets are byte offsets), and the string's
  // own searches: each Buffer method is one more call into Node's JavaScript.
  const text = data.toString('latin1');
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error('malformed /proc/PID/stat');
  const rest = text.slice(close + 2).trimEnd().split(' ');
  // rest[0] is field 3; older kernels end early, and a missing field reads as 0. The kernel's
  // plain digits go through Number(), several times faster than a scan; what Number() cannot read
  // is read as procps' sscanf reads it (cDecimal), so a damaged file never gives NaN.
  const f = (n: number) => {
    const field = rest[n - 3];
    const value = Number(field ?? 0);
    return Number.isFinite(value) ? value : cDecimal(field);
  };
  const state = rest[0] ?? '?';
  return {
    pid: cDecimal(text.slice(0, open)),
    comm: data.subarray(open + 1, close),
    state,
    ppid: f(4),
    pgrp: f(5),
    session: f(6),
    ttyNr: f(7),
    tpgid: f(8),
    flags: f(9),
    minflt: f(10),
    cminflt: f(11),
    majflt: f(12),
    cmajflt: f(13),
    utime: f(14),
    stime: f(15),
    cutime: f(16),
    cstime: f(17),
    priority: f(18),
    nice: f(19),
    numThreads: f(20),
    starttime: f(22),
    vsize: f(23),
    rss: f(24),
    startcode: f(26),
    endcode: f(27),
    startstack: f(28),
    kstkesp: f(29),
    kstkeip: f(30),
    processor: f(39),
    rtPriority: f(40),
    policy: f(41),
    blkioTicks: f(42),
  };
}

/** /proc/PID/status: the value of a `Key:` line, with the blanks after the colon removed. */
export interface ProcStatus {
  get(key: string): string | undefined;
}

/**
 * Parses /proc/PID/status. The Name line escapes newlines and backslashes (kernel's
 * seq_escape), so every line is one field. Lines are found when asked for: a tool wants a few of
 * the fifty-odd keys. The file is decoded at the first key asked for (latin1, a char per byte) and
 * searched as a string: 5,000 files with a key each take 7 ms so, 11 with Buffer's searches, whose
 * JavaScript also costs every command 0.1 ms more to compile.
 */
export function parseStatus(data: Buffer): ProcStatus {
  const found = new Map<string, string | undefined>();
  let text: string | undefined;
  return {
    get(key: string): string | undefined {
      if (found.has(key)) return found.get(key);
      text ??= data.toString('latin1');
      const prefix = `${key}:`;
      // The first line has no newline before it.
      const first = text.startsWith(prefix);
      const newline = first ? -1 : text.indexOf(`\n${prefix}`);
      let value: string | undefined;
      if (first || newline >= 0) {
        let at = (first ? 0 : newline + 1) + prefix.length;
        while (text[at] === '\t' || text[at] === ' ') at++;
        const end = text.indexOf('\n', at);
        value = text.slice(at, end < 0 ? text.length : end);
      }
      found.set(key, value);
      return value;
    },
  };
}

/** Real, effective, saved and filesystem ids of a `Uid:` or `Gid:` line. */
export interface Ids {
  /** The real id: the user (or group) that started the process. */
  real: number;
  /** The effective id, the one permission checks use. */
  effective: number;
  /** The saved set-id, which an unprivileged process may switch its effective id back to. */
  saved: number;
  /** The filesystem id, the one file access checks use (Linux only; normally the effective id). */
  fs: number;
}

export function parseIds(value: string | undefined): Ids {
  const fields = (value ?? '').split(/\s+/);
  const [real, effective, saved, fs] = fields.map(Number);
  // Four decimal ids, as the kernel prints them (fs/proc/array.c: %u of a 32-bit uid_t); anything
  // else is not an id line.
  const isId = (field: string) => /^\d{1,10}$/.test(field) && Number(field) <= 0xffffffff;
  if (real === undefined || effective === undefined || saved === undefined || fs === undefined || !fields.slice(0, 4).every(isId)) {
    throw new Error(`malformed id line: ${JSON.stringify(value)}`);
  }
  return { real, effective, saved, fs };
}

/** A `VmRSS:   1234 kB` style value in bytes, or null when the line is absent (kernel threads). */
export function statusBytes(status: ProcStatus, key: string): number | null {
  const value = status.get(key);
  if (value === undefined) return null;
  return cDecimal(value) * 1024;
}

/** The pieces of `data` between separators, empty ones included. */
function splitBytes(data: Buffer, separator: number): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= data.length; i++) {
    if (i === data.length || data[i] === separator) {
      pieces.push(Buffer.from(data.subarray(start, i)));
      start = i + 1;
    }
  }
  return pieces;
}

/**
 * Splits /proc/PID/cmdline into arguments as psutil does. A process that rewrote its arguments
 * (setproctitle) may leave no trailing NUL and separate words by spaces, so without a final NUL
 * the separator is a space; one trailing separator is dropped; and a single NUL-terminated
 * argument holding spaces is split on them too (psutil gh-1179).
 */
export function parseCmdline(data: Buffer): Buffer[] {
  if (data.length === 0) return [];
  const separator = data[data.length - 1] === 0 ? 0 : 0x20;
  const body = data[data.length - 1] === separator ? data.subarray(0, data.length - 1) : data;
  const args = splitBytes(body, separator);
  return separator === 0 && args.length === 1 && body.includes(0x20) ? splitBytes(body, 0x20) : args;
}

/**
 * parseCmdline of an ASCII command line, already decoded (latin1 and UTF-8 agree on it): the same
 * rules on a string, without a Buffer per argument (thousands of rows in procsmem and processes()).
 */
export function parseCmdlineAscii(text: string): string[] {
  if (text.length === 0) return [];
  const separator = text.endsWith('\0') ? '\0' : ' ';
  const body = text.endsWith(separator) ? text.slice(0, -1) : text;
  const args = body.split(separator);
  return separator === '\0' && args.length === 1 && body.includes(' ') ? body.split(' ') : args;
}

/**
 * /proc/PID/environ as psutil's parse_environ_block reads it: NUL-terminated KEY=VALUE entries,
 * ended by an empty entry (a NUL first or two in a row); text after the last NUL is ignored, and
 * so is an entry without '=' after a non-empty key. Decoded as psutil does (see decodeText).
 */
export function parseEnviron(data: Buffer): Record<string, string> {
  // Decoded whole, then split, as psutil does: NUL and '=' are ASCII, which surrogateescape
  // decodes to themselves and never makes part of another character.
  const text = decodeText(data);
  const entries: Array<[string, string]> = [];
  for (let at = 0, end = text.indexOf('\0'); end > at; at = end + 1, end = text.indexOf('\0', at)) {
    const eq = text.indexOf('=', at);
    if (eq > at && eq < end) entries.push([text.slice(at, eq), text.slice(eq + 1, end)]);
  }
  // Own properties whatever the name: an assignment would take "__proto__" for the prototype.
  return Object.fromEntries(entries);
}

/** /proc/PID/statm, in pages. */
export interface ProcStatm {
  size: number;
  resident: number;
  shared: number;
  text: number;
  data: number;
}

export function parseStatm(data: Buffer): ProcStatm {
  // procps reads statm with sscanf("%lu %lu %lu %lu %lu %lu %lu"): a field reads as strtoul would.
  const [size, resident, shared, text, , dataPages] = data.toString('latin1').trim().split(' ').map(cDecimal);
  if (size === undefined || resident === undefined || shared === undefined || text === undefined || dataPages === undefined) {
    throw new Error('malformed /proc/PID/statm');
  }
  return { size, resident, shared, text, data: dataPages };
}
