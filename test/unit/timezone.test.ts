// The zone abbreviation behind strftime("%Z"): a TZif file built here byte by byte (RFC 8536
// layout, version 2 with its 64-bit block and footer), and POSIX TZ rules.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localTimeType, parseTzif, posixTzType, tzifLeap, tzifType } from '../../src/util/timezone.js';

/** A TZif v2 file with the given transitions and types (abbreviations joined with NULs). */
function tzif(transitions: number[], indices: number[], types: Array<[number, number, string]>, footer: string): Buffer {
  const chars = Buffer.from(types.map(([, , name]) => `${name}\0`).join(''), 'latin1');
  let offset = 0;
  const ttinfo = Buffer.concat(
    types.map(([utoff, isdst, name]) => {
      const entry = Buffer.alloc(6);
      entry.writeInt32BE(utoff);
      entry[4] = isdst;
      entry[5] = offset;
      offset += name.length + 1;
      return entry;
    }),
  );
  const header = Buffer.alloc(44);
  header.write('TZif2', 0, 'latin1');
  [0, 0, 0, transitions.length, types.length, chars.length].forEach((n, i) => header.writeUInt32BE(n, 20 + i * 4));
  const times = (size: number) =>
    Buffer.concat(
      transitions.map((t) => {
        const b = Buffer.alloc(size);
        if (size === 8) b.writeBigInt64BE(BigInt(t));
        else b.writeInt32BE(t);
        return b;
      }),
    );
  const block = (size: number) => Buffer.concat([header, times(size), Buffer.from(indices), ttinfo, chars]);
  return Buffer.concat([block(4), block(8), Buffer.from(`\n${footer}\n`, 'latin1')]);
}

describe('TZif', () => {
  const file = tzif([1000, 2000, 3000], [1, 0, 1], [[3600, 0, 'CET'], [7200, 1, 'CEST']], 'CET-1CEST,M3.5.0,M10.5.0/3');
  const parsed = parseTzif(file);

  it('reads the 64-bit block, the types and the footer', () => {
    expect(parsed?.transitions).toEqual([1000, 2000, 3000]);
    expect(parsed?.types.map((t) => t.abbreviation)).toEqual(['CET', 'CEST']);
    expect(parsed?.footer).toBe('CET-1CEST,M3.5.0,M10.5.0/3');
  });
  it('takes the type of the last transition at or before the time, the first standard type before them all', () => {
    if (!parsed) throw new Error('not parsed');
    expect(tzifType(parsed, 999).abbreviation).toBe('CET');
    expect(tzifType(parsed, 1000).abbreviation).toBe('CEST');
    expect(tzifType(parsed, 2500).abbreviation).toBe('CET');
  });
  it('reads the leap second records of a right/ zone, and corrects by them as glibc does', () => {
    const right = parseTzif(readFileSync('/usr/share/zoneinfo/right/UTC'));
    if (!right) throw new Error('not parsed');
    expect(right.leaps.length).toBe(27);
    expect(right.leaps.at(-1)).toEqual({ transition: 1483228826, change: 27 });
    expect([78796799, 78796800, 78796801].map((t) => tzifLeap(right, t))).toEqual([
      { correction: 0, hit: 0 },
      { correction: 1, hit: 1 },
      { correction: 1, hit: 0 },
    ]);
    expect(tzifLeap(right, 1483228826)).toEqual({ correction: 27, hit: 1 });
    // Two leap seconds one after the other: the second of them is the second added there.
    const double = { ...right, leaps: [{ transition: 100, change: 1 }, { transition: 101, change: 2 }] };
    expect([tzifLeap(double, 100), tzifLeap(double, 101), tzifLeap(double, 102)]).toEqual([
      { correction: 1, hit: 1 },
      { correction: 2, hit: 2 },
      { correction: 2, hit: 0 },
    ]);
    expect(parsed?.leaps).toEqual([]);
  });
  it('refuses what is not a TZif file', () => {
    expect(parseTzif(Buffer.from('not a zone file at all, but long enough to have a header'))).toBeNull();
  });
});

describe('POSIX TZ rules', () => {
  // 2026-07-01 and 2026-12-01 at 12:00 UTC.
  const july = Date.UTC(2026, 6, 1, 12) / 1000;
  const december = Date.UTC(2026, 11, 1, 12) / 1000;
  it('names standard and daylight time by the Mm.w.d rules', () => {
    expect(posixTzType('CET-1CEST,M3.5.0,M10.5.0/3', july)?.abbreviation ?? null).toBe('CEST');
    expect(posixTzType('CET-1CEST,M3.5.0,M10.5.0/3', december)?.abbreviation ?? null).toBe('CET');
    expect(posixTzType('AEST-10AEDT,M10.1.0,M4.1.0/3', july)?.abbreviation ?? null).toBe('AEST');
    expect(posixTzType('AEST-10AEDT,M10.1.0,M4.1.0/3', december)?.abbreviation ?? null).toBe('AEDT');
  });
  it('takes quoted names and rules without daylight time', () => {
    expect(posixTzType('<-03>3', july)?.abbreviation ?? null).toBe('-03');
    expect(posixTzType('ABC-3', july)?.abbreviation ?? null).toBe('ABC');
    expect(posixTzType('3', july)?.abbreviation ?? null).toBeNull();
  });
});

describe('local time as glibc computes it', () => {
  const july = Date.UTC(2026, 6, 1, 12) / 1000;
  const december = Date.UTC(2026, 11, 1, 12) / 1000;
  it('offsets east of UTC from POSIX rules, minutes and seconds included', () => {
    expect(posixTzType('ABC-3:30', july)).toEqual({ offset: 12600, isDst: false, abbreviation: 'ABC' });
    expect(posixTzType('<+0545>-5:45', july)?.offset).toBe(20700);
    expect(posixTzType('ABC+3:30:15', july)?.offset).toBe(-12615);
    // Daylight time one hour ahead unless given, and the United States' rules without any.
    expect(posixTzType('EST5EDT', july)).toEqual({ offset: -14400, isDst: true, abbreviation: 'EDT' });
    expect(posixTzType('NZST-12NZDT,M9.5.0,M4.1.0/3', december)).toEqual({ offset: 46800, isDst: true, abbreviation: 'NZDT' });
    expect(posixTzType('NZST-12NZDT,M9.5.0,M4.1.0/3', july)?.abbreviation).toBe('NZST');
  });
  it('reads Jn and n rule dates', () => {
    // J1/0 to J365/25: daylight time from January 1, 03:00 UTC, to the same time a year on; the
    // rules are those of the year by UTC (__tz_compute), so 02:30 on January 1 is standard time.
    expect(posixTzType('AAA3BBB,J1/0,J365/25', july)?.abbreviation).toBe('BBB');
    expect(posixTzType('AAA3BBB,J1/0,J365/25', Date.UTC(2026, 0, 1, 2, 30) / 1000)?.abbreviation).toBe('AAA');
    expect(posixTzType('AAA3BBB,J1/0,J365/25', Date.UTC(2026, 0, 1, 3, 30) / 1000)?.abbreviation).toBe('BBB');
    // Day 181 counted from 0 is July 1 in 2026 (not a leap year), day 182 of Jn.
    expect(posixTzType('AAA3BBB,181/12,J365', Date.UTC(2026, 6, 1, 14) / 1000)?.abbreviation).toBe('AAA');
    expect(posixTzType('AAA3BBB,181/12,J365', Date.UTC(2026, 6, 1, 16) / 1000)?.abbreviation).toBe('BBB');
  });
  it('takes TZ as tzset does: a zone file, else a rule, else UTC', () => {
    expect(localTimeType(july, { TZ: '' })).toEqual({ offset: 0, isDst: false, abbreviation: 'UTC' });
    expect(localTimeType(july, { TZ: 'ABC-3:30' }).offset).toBe(12600);
    expect(localTimeType(july, { TZ: 'no rule at all 3' })).toEqual({ offset: 0, isDst: false, abbreviation: '' });
    const zoneinfo = mkdtempSync(join(tmpdir(), 'ptools-zones-'));
    try {
      mkdirSync(join(zoneinfo, 'Europe'));
      writeFileSync(join(zoneinfo, 'Europe', 'Paris'), tzif([1000], [0], [[3600, 0, 'CET'], [7200, 1, 'CEST']], 'CET-1CEST,M3.5.0,M10.5.0/3'));
      expect(localTimeType(july, { TZ: 'Europe/Paris' }, zoneinfo)).toEqual({ offset: 7200, isDst: true, abbreviation: 'CEST' });
      expect(localTimeType(december, { TZ: ':Europe/Paris' }, zoneinfo)).toEqual({ offset: 3600, isDst: false, abbreviation: 'CET' });
    } finally {
      rmSync(zoneinfo, { recursive: true, force: true });
    }
  });
});
