// The local time zone's abbreviation as glibc's strftime("%Z") gives it: from the TZif file that
// TZ names (or /etc/localtime), else from TZ as a POSIX rule. JavaScript's Intl names most zones
// "GMT+1" where the zone file says "CET", so the file is read here instead.
import { join } from 'node:path';
import { readBytes } from './procfs.js';

interface LocalTimeType {
  readonly offset: number;
  readonly isDst: boolean;
  readonly abbreviation: string;
}

/** A TZif file (RFC 8536): transition times, the type in force after each, and the footer rule. */
export interface Tzif {
  readonly transitions: readonly number[];
  readonly typeIndices: readonly number[];
  readonly types: readonly LocalTimeType[];
  /** The POSIX TZ string for times after the last transition (version 2+), or null. */
  readonly footer: string | null;
}

/** Parses a TZif file; null when it is not one. Version 2+ files are read from their 64-bit block. */
export function parseTzif(bytes: Buffer): Tzif | null {
  if (bytes.length < 44 || bytes.toString('latin1', 0, 4) !== 'TZif') return null;
  const counts = (at: number) => [0, 1, 2, 3, 4, 5].map((i) => bytes.readUInt32BE(at + 20 + i * 4)) as [number, number, number, number, number, number];
  let [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(0);
  let at = 44;
  let timeSize = 4;
  if (bytes[4] !== 0) {
    // Skip the 32-bit block to the second header.
    at += timecnt * 4 + timecnt + typecnt * 6 + charcnt + leap * 8 + isstd + isut;
    if (bytes.length < at + 44) return null;
    [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(at);
    at += 44;
    timeSize = 8;
  }
  const end = at + timecnt * timeSize + timecnt + typecnt * 6 + charcnt + leap * (timeSize + 4) + isstd + isut;
  if (bytes.length < end || typecnt === 0) return null;
  const transitions: number[] = [];
  for (let i = 0; i < timecnt; i++) transitions.push(timeSize === 8 ? Number(bytes.readBigInt64BE(at + i * 8)) : bytes.readInt32BE(at + i * 4));
  at += timecnt * timeSize;
  const typeIndices = [...bytes.subarray(at, at + timecnt)];
  at += timecnt;
  const abbreviations = at + typecnt * 6;
  const types: LocalTimeType[] = [];
  for (let i = 0; i < typecnt; i++) {
    const from = abbreviations + (bytes[at + i * 6 + 5] ?? 0);
    const nul = bytes.indexOf(0, from);
    types.push({ offset: bytes.readInt32BE(at + i * 6), isDst: bytes[at + i * 6 + 4] === 1, abbreviation: bytes.toString('latin1', from, nul < 0 ? from : nul) });
  }
  let footer: string | null = null;
  if (timeSize === 8 && bytes[end] === 0x0a) {
    const close = bytes.indexOf(0x0a, end + 1);
    if (close > end) footer = bytes.toString('latin1', end + 1, close);
  }
  return { transitions, typeIndices, types, footer };
}

/** The abbreviation in force at `seconds`, as glibc's __tzfile_compute chooses it. */
export function tzifAbbreviation(tz: Tzif, seconds: number): string {
  const { transitions } = tz;
  if (transitions.length === 0 || seconds < (transitions[0] ?? 0)) {
    // Before any transition: the first standard-time type (or the first type).
    return (tz.types.find((type) => !type.isDst) ?? tz.types[0])?.abbreviation ?? '';
  }
  if (tz.footer && seconds >= (transitions[transitions.length - 1] ?? 0)) {
    const ruled = posixTzAbbreviation(tz.footer, seconds);
    if (ruled !== null) return ruled;
  }
  let low = 0;
  let high = transitions.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((transitions[mid] ?? 0) <= seconds) low = mid;
    else high = mid - 1;
  }
  return tz.types[tz.typeIndices[low] ?? 0]?.abbreviation ?? '';
}

const NAME = /^(?:<([^>]*)>|([A-Za-z]{3,}))/;
const OFFSET = /^[+-]?\d{1,3}(?::\d{1,2}(?::\d{1,2})?)?/;

const seconds = (text: string) => {
  const sign = text.startsWith('-') ? -1 : 1;
  const [h = 0, m = 0, s = 0] = text.replace(/^[+-]/, '').split(':').map(Number);
  return sign * (h * 3600 + m * 60 + s);
};

/** Seconds from the start of the year to day `d` of week `w` of month `m` (POSIX Mm.w.d), at `time` local. */
function ruleInstant(year: number, rule: string): number | null {
  const match = /^M(\d{1,2})\.(\d)\.(\d)(?:\/([+-]?\d{1,3}(?::\d{1,2}(?::\d{1,2})?)?))?$/.exec(rule);
  if (!match) return null;
  const [, m, w, d, time] = match;
  const month = Number(m) - 1;
  const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
  let day = 1 + ((Number(d) - first + 7) % 7) + (Number(w) - 1) * 7;
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  while (day > days) day -= 7;
  return Date.UTC(year, month, day) / 1000 + (time === undefined ? 7200 : seconds(time));
}

/** The abbreviation a POSIX TZ string gives at `seconds`; null when the string is not one this reads. */
export function posixTzAbbreviation(rule: string, at: number): string | null {
  const std = NAME.exec(rule);
  if (!std) return null;
  let rest = rule.slice(std[0].length);
  const stdOffset = OFFSET.exec(rest);
  if (!stdOffset) return null;
  rest = rest.slice(stdOffset[0].length);
  const stdName = std[1] ?? std[2] ?? '';
  const dst = NAME.exec(rest);
  if (!dst) return stdName;
  const dstName = dst[1] ?? dst[2] ?? '';
  rest = rest.slice(dst[0].length);
  const dstOffsetText = OFFSET.exec(rest);
  // POSIX offsets are west of Greenwich: local = UTC - offset.
  const stdWest = seconds(stdOffset[0]);
  const dstWest = dstOffsetText ? seconds(dstOffsetText[0]) : stdWest - 3600;
  if (dstOffsetText) rest = rest.slice(dstOffsetText[0].length);
  const [, start = 'M3.2.0', end = 'M11.1.0'] = rest.split(',');
  const year = new Date((at - stdWest) * 1000).getUTCFullYear();
  const startAt = ruleInstant(year, start);
  const endAt = ruleInstant(year, end);
  if (startAt === null || endAt === null) return null;
  // Start is given in standard time, end in daylight time.
  const startUtc = startAt + stdWest;
  const endUtc = endAt + dstWest;
  const inDst = startUtc < endUtc ? at >= startUtc && at < endUtc : !(at >= endUtc && at < startUtc);
  return inDst ? dstName : stdName;
}

/**
 * strftime("%Z") at `seconds` for the environment's TZ: unset reads /etc/localtime, empty is
 * UTC, ":NAME" or "NAME" is a file under zoneinfo (or an absolute path), and a TZ no file
 * answers to is read as a POSIX rule. Null when none of these gives a name.
 */
export function zoneAbbreviationOf(seconds: number, env: NodeJS.ProcessEnv, zoneinfo = '/usr/share/zoneinfo'): string | null {
  const tz = env.TZ;
  if (tz === '') return 'UTC';
  const name = tz?.startsWith(':') ? tz.slice(1) : tz;
  const file = name === undefined ? '/etc/localtime' : name.startsWith('/') ? name : join(zoneinfo, name);
  try {
    const parsed = parseTzif(readBytes(file));
    if (parsed) return tzifAbbreviation(parsed, seconds);
  } catch {
    // Not a file: TZ may be a POSIX rule.
  }
  return name === undefined ? null : posixTzAbbreviation(name, seconds);
}
