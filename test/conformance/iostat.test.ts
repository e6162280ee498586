// pt-iostat against sysstat's iostat on frozen /proc and /sys trees, byte for byte: stdout, stderr
// and exit status. /sys/block is replaced whole (iostat lists it), together with /proc/diskstats,
// /proc/stat and /proc/uptime (fixtures made by test/fixtures/craft-iostat.mjs). Interval reports
// run over iostat-seq-1..3, written one after the other while both commands run.
import { describe, expect, it } from 'vitest';
import { escapeBytes, expectSameRun, IN_CI, ours, runFrozen, runFrozenSequence, unavailableReason, type RunResult } from './harness.js';

const WHOLE = { wholeDirectories: ['sys/block'] };

const SINGLE_CASES: string[][] = [
  [],
  ['-x'],
  ['-p', 'ALL'],
  ['-x', '-p', 'ALL'],
  ['-h'],
  ['--human'],
  ['--pretty'],
  ['-x', '--pretty'],
  ['-x', '--pretty', '--compact'],
  ['-h', '-x', '-p', 'ALL'],
  ['-o', 'JSON'],
  ['-x', '-o', 'JSON'],
  ['-o', 'JSON', '-p', 'ALL', '-xs'],
  ['-o', 'JSON', '-c'],
  ['-o', 'JSON', '-d', '-m', 'ALL'],
  ['-k'],
  ['-m'],
  ['-m', '-x', 'ALL'],
  ['-s'],
  ['-xs'],
  ['-s', '-p', 'ALL', '-h'],
  ['-d'],
  ['-c'],
  ['-z'],
  ['-z', '-p', 'ALL'],
  ['ALL'],
  ['-x', 'ALL'],
  ['-d', 'nvme0n1', 'md0', 'sdb'],
  ['-p', 'nvme0n1,sda'],
  ['-x', '-p', 'nvme12n1'],
  ['-p', 'nvme0n1', 'dm-0'],
  ['--dec=0'],
  ['--dec=1', '-x'],
  ['--dec=0', '-h', '-p', 'ALL'],
  ['-d', '-g', 'fast', 'nvme0n1', 'nvme12n1', '-g', 'slow', 'sda', 'md0'],
  ['-d', '-x', '-g', 'all', 'ALL'],
  ['-dH', '-g', 'total', '-p', 'ALL'],
  ['-o', 'JSON', '-d', '-g', 'fast', 'nvme0n1', 'sda'],
  ['nosuchdev'],
  ['-p', 'nosuchdev'],
  ['0'],
  ['-y'],
  ['-N', '-p', 'ALL'],
  ['-c', '-d', '-x', '-k', '-z', '-p', 'ALL', '1', '1'],
];

const ERROR_CASES: string[][] = [
  ['-Q'],
  ['1', '0'],
  ['0', '5'],
  ['-o', 'XML'],
  ['-o'],
  ['-k', '-m'],
  ['-m', '-k'],
  ['--dec=3'],
  ['--dec=12'],
  ['-H'],
  ['-g'],
  ['-j', 'FOO'],
  ['-2', '1'],
  ['1', '2', '3'],
  ['--foo'],
  ['--help'],
  ['-f', '/nonexistent'],
];

const SEQUENCE_CASES: string[][] = [
  ['1', '3'],
  ['-x', '1', '3'],
  ['-p', 'ALL', '1', '3'],
  ['-x', '-p', 'ALL', '1', '3'],
  ['-o', 'JSON', '1', '3'],
  ['-o', 'JSON', '-x', '-p', 'ALL', '1', '2'],
  ['-y', '1', '2'],
  ['-z', '-p', 'ALL', '1', '3'],
  ['-h', '-x', '1', '2'],
  ['-m', '-s', '1', '2'],
  ['-d', '-x', '-g', 'grp', 'nvme0n1', 'sda', 'dm-1', '1', '3'],
  ['-d', 'ALL', '1', '3'],
];

const reason = unavailableReason('iostat');

describe(`iostat conformance${reason ? ` (cannot run: ${reason})` : ''}`, () => {
  if (reason) {
    it.runIf(IN_CI)('has iostat and unshare', () => {
      throw new Error(reason);
    });
    it.skipIf(IN_CI)(`skipped: ${reason}`, () => {});
    return;
  }

  it('reads the frozen tree, not the live one', () => {
    const classic = runFrozen('iostat-seq-1', ['iostat', '-d', 'nvme12n1'], WHOLE);
    expect(classic.stdout.toString()).toMatch(/^nvme12n1 +\d/m);
  });
  for (const args of SINGLE_CASES) {
    it(`iostat ${args.join(' ')}`, () => {
      expectSameRun(runFrozen('iostat-seq-2', ours('iostat', args), WHOLE), runFrozen('iostat-seq-2', ['iostat', ...args], WHOLE));
    });
  }
  it('iostat -t -c with S_TIME_FORMAT=ISO (same second on both sides, or one second apart)', () => {
    const options = { ...WHOLE, env: { S_TIME_FORMAT: 'ISO' } };
    const classic = runFrozen('iostat-seq-1', ['iostat', '-t', '-c'], options);
    const mine = runFrozen('iostat-seq-1', ours('iostat', ['-t', '-c']), options);
    const stamp = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000/g;
    const unstamped = (result: RunResult) => escapeBytes(result.stdout).replace(stamp, 'T');
    expect(unstamped(mine)).toBe(unstamped(classic));
    expect(mine.stdout.toString()).toMatch(stamp);
  });
  it('iostat with POSIXLY_CORRECT (512-byte blocks)', () => {
    const options = { ...WHOLE, env: { POSIXLY_CORRECT: '1' } };
    expectSameRun(runFrozen('iostat-seq-1', ours('iostat', ['-p', 'ALL']), options), runFrozen('iostat-seq-1', ['iostat', '-p', 'ALL'], options));
  });
  it('iostat -N with device-mapper registered and no /dev/mapper', () => {
    expectSameRun(runFrozen('iostat-dm', ours('iostat', ['-N']), WHOLE), runFrozen('iostat-dm', ['iostat', '-N'], WHOLE));
  });
  for (const args of ERROR_CASES) {
    it(`errors: iostat ${args.join(' ')}`, () => {
      expectSameRun(runFrozen('iostat-seq-1', ours('iostat', args), WHOLE), runFrozen('iostat-seq-1', ['iostat', ...args], WHOLE));
    });
  }
  const sequence = ['iostat-seq-1', 'iostat-seq-2', 'iostat-seq-3'];
  for (const args of SEQUENCE_CASES) {
    it(`intervals: iostat ${args.join(' ')}`, async () => {
      const [mine, classic] = await Promise.all([
        runFrozenSequence(sequence, ours('iostat', args), WHOLE),
        runFrozenSequence(sequence, ['iostat', ...args], WHOLE),
      ]);
      expectSameRun(mine, classic);
    });
  }
  it('SIGINT while waiting ends the report cleanly (-o JSON 1)', async () => {
    const options = { ...WHOLE, sigintAfterMs: 1500 };
    const [mine, classic] = await Promise.all([
      runFrozenSequence(sequence, ours('iostat', ['-o', 'JSON', '1']), options),
      runFrozenSequence(sequence, ['iostat', '-o', 'JSON', '1'], options),
    ]);
    expectSameRun(mine, classic);
    expect(mine.stdout.toString().endsWith('}}\n')).toBe(true);
  });
});
