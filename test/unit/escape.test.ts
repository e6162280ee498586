// procps' escaping of names and command lines. Expected bytes are what procps-ng 4.0.2's ps
// printed for the same input (the crafted process table's pids 302 and 334).
import { describe, expect, it } from 'vitest';
import { escapeForDisplay, escapeProcText } from '../../src/format/escape.js';

const bytes = (...list: number[]) => Buffer.from(list);

describe('escapeProcText (escape_str when /proc is read)', () => {
  it('keeps valid UTF-8 and replaces a stray byte alone under UTF-8', () => {
    expect(escapeProcText(bytes(0x2f, 0x62, 0xc3, 0xa9, 0xff), true)).toEqual(bytes(0x2f, 0x62, 0xc3, 0xa9, 0x3f));
  });
  it('replaces a lead byte without its continuation and each byte of a sequence cut by the end, keeping C1 controls', () => {
    const name = bytes(0x78, 0xc2, 0x85, 0x79, 0xc3, 0x41, 0xe6, 0x97);
    expect(escapeProcText(name, true)).toEqual(bytes(0x78, 0xc2, 0x85, 0x79, 0x3f, 0x41, 0x3f, 0x3f));
  });
  it('turns controls into ? under UTF-8 and into . (NUL @) elsewhere; bytes above 0x7f into ?', () => {
    expect(escapeProcText(Buffer.from('a\nb\tc\x7f'), true).toString()).toBe('a?b?c?');
    expect(escapeProcText(bytes(0x61, 0x0a, 0x00, 0x7f, 0xc3, 0xa9), false).toString('latin1')).toBe('a.@.??');
  });
  it('returns printable ASCII as it is', () => {
    const ascii = Buffer.from('sshd: /usr/sbin/sshd -D');
    expect(escapeProcText(ascii, true)).toBe(ascii);
  });
});

describe('escapeForDisplay (ps printing a cell)', () => {
  it('prints a C1 control as one ? and counts wide characters as two cells', () => {
    expect(escapeForDisplay(bytes(0x78, 0xc2, 0x85, 0x79), 10, true)).toEqual({ text: 'x?y', cells: 3 });
    expect(escapeForDisplay(Buffer.from('日本語'), 5, true)).toEqual({ text: '日本', cells: 4 });
  });
  it('cuts to the cells it is given in the C locale', () => {
    expect(escapeForDisplay(Buffer.from('café'), 4, false)).toEqual({ text: 'caf?', cells: 4 });
  });
});
