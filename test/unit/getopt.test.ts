import { describe, expect, it } from 'vitest';
import { getoptLong, type GetoptSpec } from '../../src/cli/getopt.js';

const spec: GetoptSpec = {
  program: 'tool',
  shortOptions: 'abc:d::',
  longOptions: [
    { name: 'alpha', argument: 'none', key: 'a' },
    { name: 'count', argument: 'required', key: 'c' },
    { name: 'committed', argument: 'none', key: 'committed' },
    { name: 'debug', argument: 'optional', key: 'd' },
    { name: 'colour', argument: 'none', key: 'colour' },
    { name: 'color', argument: 'none', key: 'colour' },
  ],
};
const parse = (...argv: string[]) => getoptLong(argv, spec);

describe('getoptLong', () => {
  it('reads clustered short options and attached or separate arguments', () => {
    expect(parse('-ab', '-c5', '-c', '6', '-ac7').options).toEqual([
      { key: 'a', value: undefined },
      { key: 'b', value: undefined },
      { key: 'c', value: '5' },
      { key: 'c', value: '6' },
      { key: 'a', value: undefined },
      { key: 'c', value: '7' },
    ]);
  });

  it('takes an optional short argument only when attached', () => {
    expect(parse('-d', '-dx').options).toEqual([
      { key: 'd', value: undefined },
      { key: 'd', value: 'x' },
    ]);
  });

  it('reads long options, = values and unambiguous prefixes', () => {
    expect(parse('--alpha', '--count=3', '--cou', '4', '--al', '--debug=1').options).toEqual([
      { key: 'a', value: undefined },
      { key: 'c', value: '3' },
      { key: 'c', value: '4' },
      { key: 'a', value: undefined },
      { key: 'd', value: '1' },
    ]);
  });

  it('permutes operands and stops at --', () => {
    const result = parse('x', '-a', 'y', '--', '-b', '-');
    expect(result.options).toEqual([{ key: 'a', value: undefined }]);
    expect(result.operands).toEqual(['x', 'y', '-b', '-']);
  });

  it('treats a lone - as an operand', () => {
    expect(parse('-').operands).toEqual(['-']);
  });

  it.each([
    [['-x'], "tool: invalid option -- 'x'"],
    [['-c'], "tool: option requires an argument -- 'c'"],
    [['--nope'], "tool: unrecognized option '--nope'"],
    [['--nope=1'], "tool: unrecognized option '--nope=1'"],
    [['--co'], "tool: option '--co' is ambiguous; possibilities: '--count' '--committed' '--colour' '--color'"],
    [['--alpha=1'], "tool: option '--alpha' doesn't allow an argument"],
    [['--count'], "tool: option '--count' requires an argument"],
  ])('reports %j as glibc does', (argv, message) => {
    expect(parse(...argv).error).toBe(message);
  });

  it('does not call prefixes of two spellings of one option ambiguous', () => {
    expect(parse('--colo').options).toEqual([{ key: 'colour', value: undefined }]);
  });

  it('keeps the options before the first error and stops there', () => {
    const result = parse('-a', '-x', '-b');
    expect(result.options).toEqual([{ key: 'a', value: undefined }]);
    expect(result.error).toBe("tool: invalid option -- 'x'");
  });
});
