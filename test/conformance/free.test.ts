// pt-free against procps-ng's free on frozen meminfo files, byte for byte: stdout, stderr and
// exit status. Every fixture runs every output option; the error cases do not depend on the
// fixture and run once.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectSameRun, FIXTURES, IN_CI, ours, runFrozen, unavailableReason } from './harness.js';

const FIXTURES_MEMINFO = readdirSync(FIXTURES).filter((name) => name.startsWith('meminfo-'));

const OUTPUT_CASES: string[][] = [
  [],
  ['-b'],
  ['-k'],
  ['-m'],
  ['-g'],
  ['--tebi'],
  ['--pebi'],
  ['--kilo'],
  ['--mega'],
  ['--giga'],
  ['--tera'],
  ['--peta'],
  ['--si'],
  ['-h'],
  ['--si', '-h'],
  ['-h', '--si', '-w', '-t', '-v', '-l'],
  ['-w'],
  ['-l'],
  ['-t'],
  ['-v'],
  ['-wltv'],
  ['-hltv'],
  ['-b', '-w', '-t'],
  ['--mega', '-l', '-v'],
  ['--human', '--wide', '--total', '--committed', '--lohi'],
  ['-g', '-t'],
  ['--bytes', '--si'],
  ['--si', '-m'],
  ['-c', '1'],
  ['-c', '2', '-s', '0.01'],
  ['--count=3', '--seconds', '0,01', '-h'],
  ['-s', '0.01', '-c', '2', '-w'],
];

const ERROR_CASES: string[][] = [
  ['--help'],
  ['--help', '-x'],
  ['-x'],
  ['extra'],
  ['-m', '--', '-b'],
  ['-'],
  ['-s', '0'],
  ['-s', '-1'],
  ['-s', 'abc'],
  ['-s', '1.5x'],
  ['-s', ''],
  ['-s', '0.0000001'],
  ['-s'],
  ['-c', 'x'],
  ['-c', '0'],
  ['-c', '-2'],
  ['-c', '1.5'],
  ['-c', '2147483648'],
  ['-c', '9223372036854775808'],
  ['-c'],
  ['--count'],
  ['-b', '-k'],
  ['-m', '-m'],
  ['--kilo', '--mebi'],
  ['--foo'],
  ['--foo=bar'],
  ['-L'],
  ['--co', '1'],
  ['--s', '1'],
  ['--help=3'],
  ['--si=1'],
  ['-b', '-k', '-x'],
  ['-x', '-b', '-k'],
  ['-c', '4294967297'],
  ['-s', ',5', '-c', '1'],
  ['--se', '0.01', '--cou', '2'],
];

const reason = unavailableReason('free');

describe(`free conformance${reason ? ` (cannot run: ${reason})` : ''}`, () => {
  if (reason) {
    // In CI the classic tools are installed by .ci/run: their absence is a failure there.
    it.runIf(IN_CI)('has free and unshare', () => {
      throw new Error(reason);
    });
    it.skipIf(IN_CI)(`skipped: ${reason}`, () => {});
    return;
  }
  const compare = (fixture: string, args: string[]) => {
    const classic = runFrozen(fixture, ['free', ...args]);
    const mine = runFrozen(fixture, ours('free', args));
    expectSameRun(mine, classic);
  };
  it('reads the frozen file, not the live one', () => {
    const tiny = runFrozen('meminfo-tiny', ['free', '-h']);
    expect(tiny.stdout.toString()).toMatch(/^Mem: +1\.0Mi +999Ki +1\.0Ki +3\.0Ki +2\.2Mi +1\.0Ki$/m);
    expectSameRun(runFrozen('meminfo-tiny', ours('free', ['-h'])), tiny);
  });
  for (const fixture of FIXTURES_MEMINFO) {
    for (const args of OUTPUT_CASES) {
      it(`${fixture}: free ${args.join(' ')}`, () => compare(fixture, args));
    }
  }
  for (const args of ERROR_CASES) {
    it(`errors: free ${args.join(' ')}`, () => compare('meminfo-live', args));
  }
});
