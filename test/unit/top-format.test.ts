// The pure pieces under pt-top: top's scaling of memory, percentages and times into a column
// (src/top/top.c scale_mem, scale_pcnt, scale_tics), the utmp user count, /proc/loadavg, and the
// command line's number syntax (mkfloat).
import { describe, expect, it } from 'vitest';
import { parseLoadavg } from '../../src/core/system.js';
import { countUsers, parseUtmp } from '../../src/core/utmp.js';
import { mkfloat, parseTopCommand } from '../../src/tools/top/command.js';
import { scaleMem, scalePercent, scaleTics } from '../../src/tools/top/render.js';

describe('scale_mem', () => {
  it('goes up a unit while the value does not fit', () => {
    expect(scaleMem(0, 1186436, 7)).toBe('1186436');
    expect(scaleMem(0, 12345678, 7)).toBe('11.8g');
    expect(scaleMem(0, 264800, 6)).toBe('264800');
    expect(scaleMem(0, 1264800, 6)).toBe('1.2g');
  });
  it('starts at the -e unit', () => {
    expect(scaleMem(1, 0, 7)).toBe('0.0m');
    expect(scaleMem(2, 1048576, 6)).toBe('1.0g');
  });
});

describe('scale_pcnt', () => {
  it('keeps one decimal while it fits, then none', () => {
    expect(scalePercent(6.66, 5)).toBe('6.7');
    expect(scalePercent(106.7, 5)).toBe('106.7');
    expect(scalePercent(999.9, 4)).toBe('1000');
  });
});

describe('scale_tics', () => {
  it('minutes:seconds.hundredths, then coarser', () => {
    expect(scaleTics(845, 100, 9)).toBe('0:08.45');
    expect(scaleTics(736000, 100, 9)).toBe('122:40.00');
    expect(scaleTics(100 * 3600 * 5, 100, 9)).toBe('300:00.00');
    expect(scaleTics(100 * 3600 * 10, 100, 9)).toBe('10,00');
    expect(scaleTics(100 * 3600 * 50, 100, 9)).toBe('50,00');
    expect(scaleTics(100 * 3600 * 24 * 10, 100, 9)).toBe('10d+0h');
    expect(scaleTics(100 * 3600 * 24 * 100, 100, 9)).toBe('14w+2d');
  });
});

describe('utmp', () => {
  const record = (type: number, user: string) => {
    const r = Buffer.alloc(384);
    r.writeInt16LE(type, 0);
    r.write(user, 44, 'latin1');
    return r;
  };
  it('counts USER_PROCESS records with a user name', () => {
    expect(countUsers(parseUtmp(Buffer.concat([record(2, 'reboot'), record(7, 'alice'), record(7, ''), record(8, 'bob'), record(7, 'bob')])))).toBe(2);
    expect(countUsers(parseUtmp(Buffer.alloc(0)))).toBe(0);
  });
});

describe('loadavg and numbers', () => {
  it('reads the three averages', () => {
    expect(parseLoadavg('0.00 0.01 0.05 1/80 400\n')).toEqual({ one: 0, five: 0.01, fifteen: 0.05 });
  });
  it('mkfloat: strtol base 0 for whole numbers, either decimal point otherwise', () => {
    expect(mkfloat('0x10', true)).toBe(16);
    expect(mkfloat('010', true)).toBe(8);
    expect(mkfloat('1.5', true)).toBeNull();
    expect(mkfloat('0,5', false)).toBe(0.5);
    expect(mkfloat('x', false)).toBeNull();
  });
  it('takes the next argument as the value of an option given none, as top does', () => {
    expect(() => parseTopCommand(['-b', '5'], () => null)).toThrow("top: unknown option '5'");
    const command = parseTopCommand(['-w', '120', '-n', '=2'], () => null);
    expect(command.kind === 'run' && [command.options.width, command.options.iterations]).toEqual([120, 2]);
  });
});
