// atoi, strtol and strtoul against glibc's own (through python3's ctypes).
import { describe, expect, it } from 'vitest';
import { atoi } from '../../src/format/number.js';
import { strtol, strtolWhole, strtoul } from '../../src/util/number.js';
import { python } from './python.js';

const INPUTS = ['', '0', '42', '-7', '+9', '  12x', '\t-3', 'x1', '007', '2147483647', '2147483648', '-2147483649', '4294967297', '99999999999999999999', '-99999999999999999999', '1e3', ' + 1', '--1'];

describe('atoi', () => {
  it('reads what glibc reads', () => {
    const expected = python<number[]>("import ctypes\nlibc = ctypes.CDLL('libc.so.6')\nprint(json.dumps([libc.atoi(s.encode()) for s in data]))", INPUTS);
    expect(INPUTS.map(atoi)).toEqual(expected);
  });
});

const SCAN_INPUTS = ['0', '42', ' 7', '\t9', '\v\f 8', '+5', '-1', '-0', '- 5', '+-5', '12x', '0x10', '0X1fg', '0x', '017', '019', '08', '', 'abc', '-', '18446744073709551615', '18446744073709551616', '99999999999999999999999', '-18446744073709551615', '-18446744073709551616', '-9223372036854775808', '-9223372036854775809', '9223372036854775808', '0xffffffffffffffffff', '\xa05'];

const scanScript = (fn: 'strtol' | 'strtoul', type: 'c_long' | 'c_ulong') => `import ctypes
libc = ctypes.CDLL('libc.so.6')
libc.${fn}.restype = ctypes.${type}
libc.${fn}.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int]
out = []
for base in (0, 10, 16):
    for s in data:
        buf = ctypes.create_string_buffer(s.encode('latin1'))
        end = ctypes.c_char_p()
        value = libc.${fn}(buf, ctypes.byref(end), base)
        out.append([str(value), ctypes.cast(end, ctypes.c_void_p).value - ctypes.addressof(buf)])
print(json.dumps(out))`;

const inEachBase = (read: (text: string, base: 0 | 10 | 16) => [bigint, number]) =>
  ([0, 10, 16] as const).flatMap((base) => SCAN_INPUTS.map((text) => read(text, base)).map(([value, used]) => [value.toString(), used]));

describe('strtoul and strtol', () => {
  it('read the value and the length glibc reads, in bases 0, 10 and 16', () => {
    expect(inEachBase(strtoul)).toEqual(python<Array<[string, number]>>(scanScript('strtoul', 'c_ulong'), SCAN_INPUTS));
    expect(inEachBase(strtol)).toEqual(python<Array<[string, number]>>(scanScript('strtol', 'c_long'), SCAN_INPUTS));
  });

  it('take a whole text only (strtolWhole), as the environment numbers of ps and pstree are checked', () => {
    expect(['12', ' 0x1f', '-3', '12 ', '1e3', '', '99999999999999999999'].map(strtolWhole)).toEqual([12n, 31n, -3n, null, null, 0n, 2n ** 63n - 1n]);
  });
});
