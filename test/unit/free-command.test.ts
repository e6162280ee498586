import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { parseCount, parseFreeCommand, parseSeconds, USAGE } from '../../src/tools/free/command.js';

const options = (...argv: string[]) => {
  const command = parseFreeCommand(argv);
  if (command.kind !== 'run') throw new Error(`expected run, got ${command.kind}`);
  return command.options;
};

const failure = (...argv: string[]) => {
  try {
    parseFreeCommand(argv);
  } catch (error) {
    if (error instanceof UsageError) return { text: error.text, exitCode: error.exitCode };
    throw error;
  }
  throw new Error('expected a usage error');
};

describe('parseFreeCommand', () => {
  it('defaults to KiB, one report', () => {
    expect(options()).toEqual({
      scale: { exponent: 0, si: false, human: false },
      lohi: false,
      total: false,
      committed: false,
      wide: false,
      repeat: null,
      json: false,
    });
  });

  it('maps unit options to an exponent and base', () => {
    expect(options('-b').scale).toEqual({ exponent: 1, si: false, human: false });
    expect(options('--giga').scale).toEqual({ exponent: 4, si: true, human: false });
    expect(options('--si').scale).toEqual({ exponent: 0, si: true, human: false });
    expect(options('-h', '--tebi').scale).toEqual({ exponent: 5, si: false, human: true });
  });

  it('repeats every second when only -c is given, forever when only -s is', () => {
    expect(options('-c', '3').repeat).toEqual({ intervalMicros: 1000000, count: 3 });
    expect(options('-s', '0.5').repeat).toEqual({ intervalMicros: 500000, count: null });
  });

  it('answers --help and -V before later mistakes', () => {
    expect(parseFreeCommand(['--help', '-x'])).toEqual({ kind: 'help' });
    expect(parseFreeCommand(['-V', '--nope'])).toEqual({ kind: 'version' });
  });

  it('reports the first problem in command-line order', () => {
    expect(failure('-b', '-k', '-x')).toEqual({ text: "free: Multiple unit options don't make sense.\n", exitCode: 1 });
    expect(failure('-x', '-b', '-k')).toEqual({ text: `free: invalid option -- 'x'\n${USAGE}`, exitCode: 1 });
  });

  it('prints only the usage for operands', () => {
    expect(failure('extra')).toEqual({ text: USAGE, exitCode: 1 });
  });

  it('rejects an interval that rounds below one microsecond', () => {
    expect(failure('-s', '0.0000001').text).toBe("free: seconds argument `0.0000001' is not positive number\n");
    expect(options('-s', '0.000001').repeat?.intervalMicros).toBeGreaterThanOrEqual(1);
  });
});

describe('parseSeconds', () => {
  it('accepts . or , as the radix and a sign', () => {
    expect(parseSeconds('1.5')).toBe(1.5);
    expect(parseSeconds(',5')).toBe(0.5);
    expect(parseSeconds(' +2')).toBe(2);
    expect(Object.is(parseSeconds('-'), -0)).toBe(true);
  });

  it.each([
    ['abc', "free: seconds argument failed: 'abc': Invalid argument\n"],
    ['1e-3', "free: seconds argument failed: '1e-3': Invalid argument\n"],
    ['1.5x', "free: seconds argument failed: '1.5x'\n"],
    ['', "free: seconds argument failed: ''\n"],
  ])('rejects %j with procps wording', (text, message) => {
    expect(() => parseSeconds(text)).toThrow(expect.objectContaining({ text: message }));
  });
});

describe('parseCount', () => {
  it('accepts strtol syntax and truncates to a C int', () => {
    expect(parseCount(' +7')).toBe(7);
    expect(parseCount('4294967297')).toBe(1);
  });

  it.each([
    ['x', "free: failed to parse count argument: 'x'\n"],
    ['1.5', "free: failed to parse count argument: '1.5'\n"],
    ['0', "free: failed to parse count argument: '0': Numerical result out of range\n"],
    ['2147483648', "free: failed to parse count argument: '2147483648': Numerical result out of range\n"],
    ['9223372036854775808', "free: failed to parse count argument: '9223372036854775808': Numerical result out of range\n"],
  ])('rejects %j with procps wording', (text, message) => {
    expect(() => parseCount(text)).toThrow(expect.objectContaining({ text: message }));
  });
});
