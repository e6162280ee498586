// /proc/uptime as procps_uptime() scans it (fscanf "%lf %lf"), against glibc's own sscanf
// through python3's ctypes: the figures it takes, 0 for the others, and whether both were read.
import { describe, expect, it } from 'vitest';
import { parseUptime } from '../../src/core/system.js';
import { python } from './python.js';

const INPUTS = [
  '12345.67 23456.78\n',
  // Plain figures, read without the full expression: digits, a point, digits, then a blank or the end.
  '7. 8.',
  '007.500 0008\n',
  '3.25\t4.5\v',
  '12.5abc 1',
  '1.5.5 2',
  '99999999999999999999999.9 1',
  '0.000000000000000000000000000001 5',
  '1 2',
  ' \t1.5\n\n2.5e2 trailing',
  '',
  '\n',
  '1',
  '1 ',
  'x',
  '1 x',
  '12.5 abc',
  '-5 -6',
  '+.5 7.',
  '1e5 2E-3',
  'inf 1',
  '-Infinity nan',
  '1e 2',
  '0x10 1',
  '2147483648.00 1',
  '0x 1',
  '0x.8p1 1',
  '0x1p 1',
  '0X1A 3',
  '0x1.8 2',
  '0x1P-1 2',
  '1e+ 2',
  '.e1 1',
  '. 1',
  '+ 1',
  '-.5 1',
  'nan(abc) 1',
  'infinit 1',
  'infx 1',
  'infinity 1',
  'in 1',
  '1.e5 2',
  '1e5x',
  '0x1p+ 2',
  '-nan 1',
];

const SCAN = `import ctypes
libc = ctypes.CDLL('libc.so.6')
out = []
for s in data:
    a, b = ctypes.c_double(0), ctypes.c_double(0)
    rc = libc.sscanf(s.encode(), b'%lf %lf', ctypes.byref(a), ctypes.byref(b))
    out.append([repr(a.value), repr(b.value), rc == 2])
print(json.dumps(out))`;

describe('parseUptime', () => {
  it('takes the figures glibc scanf takes, and only two of them complete the scan', () => {
    const expected = python<Array<[string, string, boolean]>>(SCAN, INPUTS);
    const pyRepr = (v: number) => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : Number.isInteger(v) && Math.abs(v) < 1e16 ? `${v}.0` : String(v));
    const actual = INPUTS.map((text) => {
      const up = parseUptime(text);
      return [pyRepr(up.uptime), pyRepr(up.idle), up.scan === 'complete'];
    });
    expect(actual).toEqual(expected);
  });

  it('tells a file that ran out between figures from one that broke inside or at one', () => {
    expect(['', '\n', '1 ', '7 \n'].map((text) => parseUptime(text).scan)).toEqual(['ran out', 'ran out', 'ran out', 'ran out']);
    expect(['1', 'x', '1 x', '-', 'inf'].map((text) => parseUptime(text).scan)).toEqual(['broken', 'broken', 'broken', 'broken', 'broken']);
  });
});
