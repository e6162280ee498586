import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useColor } from '../../src/format/color.js';
import { formatRow } from '../../src/format/columns.js';
import { jsonLine } from '../../src/format/json.js';
import { printfFixed } from '../../src/format/number.js';
import { procpsScaleSize } from '../../src/format/units.js';

describe('printfFixed', () => {
  it('rounds exact ties to even as glibc does, unlike toFixed', () => {
    expect(printfFixed(2.25, 1)).toBe('2.2');
    expect((2.25).toFixed(1)).toBe('2.3');
    expect(printfFixed(2.75, 1)).toBe('2.8');
    expect(printfFixed(0.125, 2)).toBe('0.12');
    expect(printfFixed(-2.25, 1)).toBe('-2.2');
    expect(printfFixed(-0, 1)).toBe('-0.0');
  });

  it('rounds non-ties by the exact binary value (2.675 is stored below 2.675)', () => {
    expect(printfFixed(2.675, 2)).toBe('2.67');
    expect(printfFixed(8.65, 1)).toBe('8.7');
    expect(printfFixed(1.005, 2)).toBe('1.00');
    expect(printfFixed(123456789.987, 0)).toBe('123456790');
    expect(printfFixed(5e-324, 3)).toBe('0.000');
  });

  it('agrees with the C library on many values', () => {
    const values = Array.from({ length: 400 }, (_, i) => (i * 0.0625) + i / 997);
    const script = `for v in ${JSON.stringify(values.map((v) => v.toPrecision(17)))}: print('%.1f %.2f %.0f' % (float(v), float(v), float(v)))`;
    const python = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
    expect(python.status).toBe(0);
    const ours = values.map((v) => `${printfFixed(v, 1)} ${printfFixed(v, 2)} ${printfFixed(v, 0)}`);
    expect(ours).toEqual(python.stdout.trimEnd().split('\n'));
  });
});

describe('procpsScaleSize', () => {
  const plain = { exponent: 0, si: false, human: false } as const;
  it('prints KiB by default and kB with --si, truncating', () => {
    expect(procpsScaleSize(24684092n, plain)).toBe('24684092');
    expect(procpsScaleSize(24684092n, { ...plain, si: true })).toBe('25276510');
  });

  it('divides by powers of the base for -b -m -g --tera', () => {
    expect(procpsScaleSize(1536n, { ...plain, exponent: 1 })).toBe('1572864');
    expect(procpsScaleSize(1536n, { ...plain, exponent: 3 })).toBe('1');
    expect(procpsScaleSize(24684092n, { ...plain, exponent: 3, si: true })).toBe('25276');
    expect(procpsScaleSize(24684092n, { ...plain, exponent: 5 })).toBe('0');
  });

  it('picks the first human form that fits in 5 characters (4 with --si)', () => {
    const human = { exponent: 0, si: false, human: true } as const;
    expect(procpsScaleSize(0n, human)).toBe('0B');
    expect(procpsScaleSize(1n, human)).toBe('1.0Ki');
    expect(procpsScaleSize(8872n, human)).toBe('8.7Mi');
    expect(procpsScaleSize(24684092n, human)).toBe('23Gi');
    expect(procpsScaleSize(2304n, human)).toBe('2.2Mi');
    expect(procpsScaleSize(BigInt.asUintN(64, -2n), human)).toBe('-2Ki');
    expect(procpsScaleSize(24684092n, { ...human, si: true })).toBe('25G');
    expect(procpsScaleSize(8872n, { ...human, si: true })).toBe('9.1M');
  });

  it("takes the KiB as C's unsigned long and the bytes as a long long, wraps included", () => {
    const human = { exponent: 0, si: false, human: true } as const;
    const max = 2n ** 64n - 1n;
    expect(procpsScaleSize(max, plain)).toBe('-1');
    expect(procpsScaleSize(max, human)).toBe('-1Ki');
    expect(procpsScaleSize(max, { ...plain, exponent: 1 })).toBe('-1024');
    expect(procpsScaleSize(2n ** 53n, plain)).toBe('-9007199254740992');
    expect(procpsScaleSize(2n ** 52n + 3n, { ...plain, exponent: 1 })).toBe('4611686018427390976');
    expect(procpsScaleSize(2n ** 52n + 3n, { ...plain, exponent: 2 })).toBe('4503599627370499');
  });
});

describe('formatRow', () => {
  it('pads each cell to its width and lets a long cell push the line', () => {
    const columns = [
      { width: 4, align: 'left' },
      { width: 5, align: 'right' },
    ] as const;
    expect(formatRow(['ab', '12'], columns)).toBe('ab      12');
    expect(formatRow(['abcdef', '123456'], columns)).toBe('abcdef 123456');
  });
});

describe('jsonLine', () => {
  it('writes one line with null in place of non-finite numbers', () => {
    expect(jsonLine({ a: 1, b: Number.NaN, c: [Infinity] })).toBe('{"a":1,"b":null,"c":[null]}\n');
  });
});

describe('useColor', () => {
  it('follows --color, then NO_COLOR, then FORCE_COLOR, then the terminal', () => {
    expect(useColor('always', { NO_COLOR: '1' }, false)).toBe(true);
    expect(useColor('never', { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(useColor('auto', { NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
    expect(useColor('auto', { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(useColor('auto', { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(useColor('auto', {}, true)).toBe(true);
    expect(useColor('auto', { TERM: 'dumb' }, true)).toBe(false);
    expect(useColor('auto', {}, false)).toBe(false);
  });
});
