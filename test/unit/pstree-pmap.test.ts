// pstree's and pmap's small parsers: pstree's split of a command line, its COLUMNS, the
// terminfo reads behind -h, and pmap's strtoul and ranges. Expectations follow the C code's
// behaviour (checked against the real tools in test/conformance).
import { describe, expect, it } from 'vitest';
import { splitArguments } from '../../src/tools/pstree/collect.js';
import { outputWidth } from '../../src/tools/pstree/index.js';
import { parsePmapCommand } from '../../src/tools/pmap/command.js';
import { strtoul } from '../../src/util/number.js';
import { attributesOff, withoutPadding } from '../../src/core/terminfo.js';

describe('pstree splitArguments', () => {
  it('gives the words after argv[0], then the empty string after the final NUL', () => {
    expect(splitArguments('sleep\x00100\x00')).toEqual(['100', '']);
    expect(splitArguments('sshd: listener\x00')).toEqual(['']);
  });
  it('gives no words without a NUL and null for an empty command line', () => {
    expect(splitArguments('setproctitle style')).toEqual([]);
    expect(splitArguments('')).toBeNull();
  });
  it('counts a run of NULs once', () => {
    expect(splitArguments('a\x00\x00b\x00')).toEqual(['', 'b']);
  });
});

describe('pstree outputWidth', () => {
  it('takes COLUMNS as C strtol with base 0', () => {
    expect(outputWidth({ COLUMNS: '40' }, undefined)).toBe(40);
    expect(outputWidth({ COLUMNS: '0x30' }, undefined)).toBe(48);
    expect(outputWidth({ COLUMNS: '017' }, undefined)).toBe(15);
  });
  it('falls back to the terminal, then 132, for junk, zero or negative', () => {
    expect(outputWidth({ COLUMNS: '80x' }, 100)).toBe(100);
    expect(outputWidth({ COLUMNS: '0' }, undefined)).toBe(132);
    expect(outputWidth({ COLUMNS: '-5' }, undefined)).toBe(132);
    expect(outputWidth({}, undefined)).toBe(132);
  });
});

describe('terminfo', () => {
  it('evaluates sgr with every parameter 0', () => {
    // xterm's and linux's sgr from their terminfo entries.
    expect(attributesOff('%?%p9%t\x1b(0%e\x1b(B%;\x1b[0%?%p6%t;1%;%?%p5%t;2%;%?%p2%t;4%;%?%p1%p3%|%t;7%;%?%p4%t;5%;%?%p7%t;8%;m')).toBe('\x1b(B\x1b[0m');
    expect(attributesOff('\x1b[0;10%?%p1%t;7%;%?%p2%t;4%;%?%p3%t;7%;%?%p4%t;5%;%?%p5%t;2%;%?%p6%t;1%;m%?%p9%t\x0e%e\x0f%;')).toBe('\x1b[0;10m\x0f');
  });
  it('drops padding', () => {
    expect(withoutPadding('\x1b[m\x0f$<2>')).toBe('\x1b[m\x0f');
  });
});

describe('pmap strtoul and options', () => {
  it('reads base 0 and base 16 as C does', () => {
    expect(strtoul('0x1f', 0)).toEqual([31n, 4]);
    expect(strtoul('017', 0)).toEqual([15n, 3]);
    expect(strtoul('12x', 0)).toEqual([12n, 2]);
    expect(strtoul('7f0000000000', 16)).toEqual([0x7f0000000000n, 12]);
    expect(strtoul('zz', 16)).toEqual([0n, 0]);
  });
  it('takes /proc/PID and skips /proc/NAME', () => {
    const command = parsePmapCommand(['/proc/12', '/proc/self', '0x10']);
    expect(command.kind === 'run' && command.options.pids).toEqual([12, 16]);
  });
  it('keeps -A bounds, one-sided or both', () => {
    const command = parsePmapCommand(['-A', ',ff', '1']);
    expect(command.kind === 'run' && [command.options.rangeLow, command.options.rangeHigh]).toEqual([0n, 0xffn]);
  });
});
