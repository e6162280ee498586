// Local time as glibc computes it for the C tools: the type (offset from UTC, daylight time or
// not, abbreviation) in force at a time, from the TZif file that TZ names (or /etc/localtime),
// else from TZ as a POSIX rule. JavaScript's Date and Intl go by ICU's own database instead:
// "GMT+1" where the zone file says "CET", and UTC for a rule such as "<+0545>-5:45" or
// "NZST-12NZDT,M9.5.0,M4.1.0/3" that ICU does not read. The core and the formatters both use it,
// as the C library is beneath both.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalTimeType {
  /** Seconds east of UTC. */
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
  /** Leap second records (the "right/" zones): from `transition` on, `change` seconds in all. */
  readonly leaps: ReadonlyArray<{ readonly transition: number; readonly change: number }>;
}

/** glibc's leap second correction of a time: seconds to take off, and 1 or more on a leap second itself (tm_sec 60). */
export interface LeapCorrection {
  readonly correction: number;
  readonly hit: number;
}

const NO_LEAP: LeapCorrection = { correction: 0, hit: 0 };

/** Parses a TZif file; null when it is not one. Version 2+ files are read from their 64-bit block. */
export function parseTzif(bytes: Buffer): Tzif | null {
  if (bytes.length < 44 || bytes.toString('latin1', 0, 4) !== 'TZif') return null;
  // Big-endian fields through a DataView (V8's own accessors; Buffer's readInt32BE and friends are
  // JavaScript that each command would compile on its first local time).
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const time = (at: number, size: number) => (size === 8 ? Number(view.getBigInt64(at)) : view.getInt32(at));
  const counts = (at: number) => [0, 1, 2, 3, 4, 5].map((i) => view.getUint32(at + 20 + i * 4)) as [number, number, number, number, number, number];
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
  for (let i = 0; i < timecnt; i++) transitions.push(time(at + i * timeSize, timeSize));
  at += timecnt * timeSize;
  const typeIndices = [...bytes.subarray(at, at + timecnt)];
  at += timecnt;
  const abbreviations = at + typecnt * 6;
  const types: LocalTimeType[] = [];
  for (let i = 0; i < typecnt; i++) {
    const from = abbreviations + (bytes[at + i * 6 + 5] ?? 0);
    const nul = bytes.indexOf(0, from);
    types.push({ offset: view.getInt32(at + i * 6), isDst: bytes[at + i * 6 + 4] === 1, abbreviation: bytes.toString('latin1', from, nul < 0 ? from : nul) });
  }
  const leaps: Array<{ transition: number; change: number }> = [];
  for (let i = 0, record = abbreviations + charcnt; i < leap; i++, record += timeSize + 4) {
    leaps.push({ transition: time(record, timeSize), change: view.getInt32(record + timeSize) });
  }
  let footer: string | null = null;
  if (timeSize === 8 && bytes[end] === 0x0a) {
    const close = bytes.indexOf(0x0a, end + 1);
    if (close > end) footer = bytes.toString('latin1', end + 1, close);
  }
  return { transitions, typeIndices, types, footer, leaps };
}

/**
 * The leap second part of glibc's __tzfile_compute: the change of the last leap record at or
 * before `seconds`, and, exactly at a record that adds a second, how many added seconds end
 * there (a run of records one second apart each adding one).
 */
export function tzifLeap(tz: Tzif, seconds: number): LeapCorrection {
  const { leaps } = tz;
  let i = leaps.length - 1;
  while (i >= 0 && seconds < (leaps[i]?.transition ?? 0)) i--;
  const found = leaps[i];
  if (found === undefined) return NO_LEAP;
  let hit = 0;
  if (seconds === found.transition && found.change > (i === 0 ? 0 : (leaps[i - 1]?.change ?? 0))) {
    hit = 1;
    for (let k = i; k > 0; k--) {
      const before = leaps[k - 1] as { transition: number; change: number };
      const at = leaps[k] as { transition: number; change: number };
      if (at.transition !== before.transition + 1 || at.change !== before.change + 1) break;
      hit++;
    }
  }
  return { correction: found.change, hit };
}

/** The type in force at `seconds`, as glibc's __tzfile_compute chooses it. */
export function tzifType(tz: Tzif, seconds: number): LocalTimeType {
  const { transitions } = tz;
  const fallback = { offset: 0, isDst: false, abbreviation: '' };
  if (transitions.length === 0 || seconds < (transitions[0] ?? 0)) {
    // Before any transition: the first standard-time type (or the first type).
    return tz.types.find((type) => !type.isDst) ?? tz.types[0] ?? fallback;
  }
  if (tz.footer && seconds >= (transitions[transitions.length - 1] ?? 0)) {
    const ruled = posixTzType(tz.footer, seconds);
    if (ruled !== null) return ruled;
  }
  let low = 0;
  let high = transitions.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((transitions[mid] ?? 0) <= seconds) low = mid;
    else high = mid - 1;
  }
  return tz.types[tz.typeIndices[low] ?? 0] ?? fallback;
}

const NAME = /^(?:<([^>]*)>|([A-Za-z]{3,}))/;
const OFFSET = /^[+-]?\d{1,3}(?::\d{1,2}(?::\d{1,2})?)?/;

const seconds = (text: string) => {
  const sign = text.startsWith('-') ? -1 : 1;
  const [h = 0, m = 0, s = 0] = text.replace(/^[+-]/, '').split(':').map(Number);
  return sign * (h * 3600 + m * 60 + s);
};

/**
 * The instant (as seconds since the epoch, counted in the zone's own local time) at which a
 * POSIX rule date falls in `year`: Mm.w.d (day d of week w of month m, 5 the last), Jn (day n
 * of 1-365, February 29 never counted) or n (day n of 0-365), each at /time (2:00 by default).
 */
function ruleInstant(year: number, rule: string): number | null {
  const match = new RegExp(`^(?:M(\\d{1,2})\\.(\\d)\\.(\\d)|J(\\d{1,3})|(\\d{1,3}))(?:/(${OFFSET.source.slice(1)}))?$`).exec(rule);
  if (!match) return null;
  const [, m, w, d, julian, zeroBased, time] = match;
  const at = time === undefined ? 7200 : seconds(time);
  if (julian !== undefined) {
    const n = Number(julian);
    if (n < 1 || n > 365) return null;
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    // Day 60 and later are a day further on in a leap year (February 29 is not counted).
    return Date.UTC(year, 0, 1) / 1000 + (n - 1 + (leap && n >= 60 ? 1 : 0)) * 86400 + at;
  }
  if (zeroBased !== undefined) {
    const n = Number(zeroBased);
    return n > 365 ? null : Date.UTC(year, 0, 1) / 1000 + n * 86400 + at;
  }
  const month = Number(m) - 1;
  if (month < 0 || month > 11 || Number(w) < 1 || Number(w) > 5 || Number(d) > 6) return null;
  const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
  let day = 1 + ((Number(d) - first + 7) % 7) + (Number(w) - 1) * 7;
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  while (day > days) day -= 7;
  return Date.UTC(year, month, day) / 1000 + at;
}

/** The type a POSIX TZ string gives at `seconds`; null when the string is not one glibc reads. */
export function posixTzType(rule: string, at: number): LocalTimeType | null {
  const std = NAME.exec(rule);
  if (!std) return null;
  let rest = rule.slice(std[0].length);
  const stdOffset = OFFSET.exec(rest);
  if (!stdOffset) return null;
  rest = rest.slice(stdOffset[0].length);
  const stdName = std[1] ?? std[2] ?? '';
  // POSIX offsets are west of Greenwich: local = UTC - offset.
  const stdWest = seconds(stdOffset[0]);
  const standard = { offset: -stdWest, isDst: false, abbreviation: stdName };
  const dst = NAME.exec(rest);
  if (!dst) return standard;
  const dstName = dst[1] ?? dst[2] ?? '';
  rest = rest.slice(dst[0].length);
  const dstOffsetText = OFFSET.exec(rest);
  const dstWest = dstOffsetText ? seconds(dstOffsetText[0]) : stdWest - 3600;
  if (dstOffsetText) rest = rest.slice(dstOffsetText[0].length);
  // Without rules, glibc takes the United States' (tzset's default "M3.2.0,M11.1.0").
  const [, start = 'M3.2.0', end = 'M11.1.0'] = rest.split(',');
  // __tz_compute takes the rules of the year the time falls in by UTC.
  const year = new Date(at * 1000).getUTCFullYear();
  const startAt = ruleInstant(year, start);
  const endAt = ruleInstant(year, end);
  if (startAt === null || endAt === null) return null;
  // Start is given in standard time, end in daylight time.
  const startUtc = startAt + stdWest;
  const endUtc = endAt + dstWest;
  const inDst = startUtc < endUtc ? at >= startUtc && at < endUtc : !(at >= endUtc && at < startUtc);
  return inDst ? { offset: -dstWest, isDst: true, abbreviation: dstName } : standard;
}

/** What TZ says, read once per value: a zone file, a POSIX rule, or UTC. */
type Zone = { readonly kind: 'file'; readonly tz: Tzif } | { readonly kind: 'rule'; readonly rule: string } | { readonly kind: 'utc'; readonly type: LocalTimeType };

const zones = new Map<string, Zone>();

const UTC: LocalTimeType = { offset: 0, isDst: false, abbreviation: 'UTC' };
/** A TZ that is neither a zone file nor a rule: __tzset_parse_tz leaves UTC without a name. */
const UNNAMED_UTC: LocalTimeType = { offset: 0, isDst: false, abbreviation: '' };

/**
 * tzset's reading of TZ: unset reads /etc/localtime, empty is UTC, ":NAME" or "NAME" is a file
 * under zoneinfo (or an absolute path), and a TZ no file answers to is a POSIX rule; what is
 * neither is UTC without a name, and no /etc/localtime is UTC.
 */
function zoneOf(tz: string | undefined, zoneinfo: string): Zone {
  const key = `${tz ?? '\0unset'}\0${zoneinfo}`;
  let zone = zones.get(key);
  if (zone) return zone;
  zone = { kind: 'utc', type: UTC };
  if (tz !== '') {
    const name = tz?.startsWith(':') ? tz.slice(1) : tz;
    const file = name === undefined ? '/etc/localtime' : name.startsWith('/') ? name : join(zoneinfo, name);
    let parsed: Tzif | null = null;
    try {
      parsed = parseTzif(readFileSync(file));
    } catch {
      // Not a file: TZ may be a POSIX rule.
    }
    if (parsed) zone = { kind: 'file', tz: parsed };
    else if (name !== undefined) zone = posixTzType(name, 0) !== null ? { kind: 'rule', rule: name } : { kind: 'utc', type: UNNAMED_UTC };
  }
  zones.set(key, zone);
  return zone;
}

/** The leap second correction at `seconds` for the environment's TZ: only zone files have leap records. */
export function leapCorrection(seconds: number, env: NodeJS.ProcessEnv = process.env, zoneinfo = '/usr/share/zoneinfo'): LeapCorrection {
  const zone = zoneOf(env.TZ, zoneinfo);
  return zone.kind === 'file' ? tzifLeap(zone.tz, seconds) : NO_LEAP;
}

/** The local time type in force at `seconds` (since the epoch) for the environment's TZ. */
export function localTimeType(seconds: number, env: NodeJS.ProcessEnv = process.env, zoneinfo = '/usr/share/zoneinfo'): LocalTimeType {
  const zone = zoneOf(env.TZ, zoneinfo);
  if (zone.kind === 'file') return tzifType(zone.tz, seconds);
  if (zone.kind === 'rule') return posixTzType(zone.rule, seconds) ?? UNNAMED_UTC;
  return zone.type;
}
