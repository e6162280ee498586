// atoi, strtol and strtoul against glibc's own (through python3's ctypes), and C's conversions of
// a double to unsigned integers against what cc compiles them to on this machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atoi } from '../../src/format/number.js';
import { doubleToUint, doubleToUlong, strtol, strtolWhole, strtoul } from '../../src/util/number.js';
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

// Each value read at run time (strtod), so that the compiler cannot fold the conversions.
const CONVERT = `#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    double x = strtod(argv[i], 0);
    unsigned long l = x;
    unsigned u = x;
    printf("%lu %u\\n", l, u);
  }
  return 0;
}
`;

describe('doubleToUlong and doubleToUint', () => {
  it('convert as code compiled by cc does, in range and out of it', () => {
    const values = [0, 0.9, 59.99, 4294967295.5, 4294967296, 1e10, 2 ** 53, 2 ** 63 - 1024, 2 ** 63, 2 ** 63 + 2048, 2 ** 64 - 2048, 2 ** 64, 1e23, Infinity, NaN, -0.5, -1, -1e20];
    const dir = mkdtempSync(join(tmpdir(), 'ptools-convert-'));
    try {
      const program = join(dir, 'convert');
      const built = spawnSync('cc', ['-O2', '-x', 'c', '-', '-o', program], { input: CONVERT, encoding: 'utf8' });
      expect(built.stderr).toBe('');
      const run = spawnSync(program, values.map(String), { encoding: 'utf8' });
      const expected = run.stdout.trim().split('\n');
      expect(values.map((x) => `${doubleToUlong(x)} ${doubleToUint(x)}`)).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
