// The zone abbreviation behind strftime("%Z"): a TZif file built here byte by byte (RFC 8536
// layout, version 2 with its 64-bit block and footer), and POSIX TZ rules.
import { describe, expect, it } from 'vitest';
import { parseTzif, posixTzAbbreviation, tzifAbbreviation } from '../../src/core/timezone.js';

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
    expect(tzifAbbreviation(parsed, 999)).toBe('CET');
    expect(tzifAbbreviation(parsed, 1000)).toBe('CEST');
    expect(tzifAbbreviation(parsed, 2500)).toBe('CET');
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
    expect(posixTzAbbreviation('CET-1CEST,M3.5.0,M10.5.0/3', july)).toBe('CEST');
    expect(posixTzAbbreviation('CET-1CEST,M3.5.0,M10.5.0/3', december)).toBe('CET');
    expect(posixTzAbbreviation('AEST-10AEDT,M10.1.0,M4.1.0/3', july)).toBe('AEST');
    expect(posixTzAbbreviation('AEST-10AEDT,M10.1.0,M4.1.0/3', december)).toBe('AEDT');
  });
  it('takes quoted names and rules without daylight time', () => {
    expect(posixTzAbbreviation('<-03>3', july)).toBe('-03');
    expect(posixTzAbbreviation('ABC-3', july)).toBe('ABC');
    expect(posixTzAbbreviation('3', july)).toBeNull();
  });
});
