// atoi against glibc's own (through python3's ctypes).
import { describe, expect, it } from 'vitest';
import { atoi } from '../../src/format/number.js';
import { python } from './python.js';

const INPUTS = ['', '0', '42', '-7', '+9', '  12x', '\t-3', 'x1', '007', '2147483647', '2147483648', '-2147483649', '4294967297', '99999999999999999999', '-99999999999999999999', '1e3', ' + 1', '--1'];

describe('atoi', () => {
  it('reads what glibc reads', () => {
    const expected = python<number[]>("import ctypes\nlibc = ctypes.CDLL('libc.so.6')\nprint(json.dumps([libc.atoi(s.encode()) for s in data]))", INPUTS);
    expect(INPUTS.map(atoi)).toEqual(expected);
  });
});
