// pt-vmstat against procps-ng 4.0.2's vmstat on frozen /proc and /sys trees, byte for byte: stdout,
// stderr and exit status. /sys/block is replaced whole (vmstat lists it to tell disks from
// partitions), together with /proc/stat, /proc/vmstat, /proc/meminfo, /proc/diskstats and
// /proc/slabinfo (fixtures made by test/fixtures/craft-vmstat.mjs). Interval reports run over
// vmstat-seq-1..3, written one after the other while both commands run; -t runs both under
// libfaketime from the same instant.
import { describe, expect, it } from 'vitest';
import { expectSameRun, fakeTimeLibrary, IN_CI, ours, run, runFrozen, runFrozenSequence, unavailableReason } from './harness.js';

const WHOLE = { wholeDirectories: ['sys/block'] };

const FIXTURES = ['vmstat-seq-1', 'vmstat-edge', 'vmstat-idle', 'vmstat-live', 'vmstat-wrapped'];

/** Every fixture runs these. */
const SINGLE_CASES: string[][] = [
  [],
  ['-a'],
  ['-w'],
  ['-a', '-w'],
  ['-n'],
  ['-S', 'k'],
  ['-S', 'K'],
  ['-S', 'm'],
  ['-S', 'M'],
  ['-S', 'b'],
  ['-S', 'B'],
  ['--unit=m', '-w'],
  ['-s'],
  ['-s', '-S', 'm'],
  ['-s', '-S', 'M'],
  ['-s', '-S', 'kibi'],
  ['-s', '-S', 'b'],
  ['--stats', '-a'],
  ['-f'],
  ['--forks'],
  ['-d'],
  ['-d', '-w'],
  ['-d', '-n'],
  ['--disk', '--wide', '--one-header'],
  ['-D'],
  ['--disk-sum'],
  ['-p', 'vda'],
  ['-p', '/dev/vda'],
  ['1', '1'],
  ['5', '0'],
  ['-d', '1', '0'],
  ['-n', '-a', '-S', 'M', '3', '1'],
  ['-m'],
  ['-m', '-n'],
  ['--slabs', '1', '0'],
];

/** Devices each fixture has, for -p. */
const PARTITIONS: Readonly<Record<string, string[]>> = {
  'vmstat-seq-1': ['vda1', 'nvme0n1p1', 'md127'],
  'vmstat-edge': ['vda1', 'averyveryverylongdevicename_abcde', 'zram0'],
  'vmstat-idle': ['loop1'],
  'vmstat-live': [],
};

// -V and --version are test/cli/version.test.ts's: the classic text with ptools' version added.
const ERROR_CASES: string[][] = [
  ['--help'],
  ['-h', '-x'],
  ['-x'],
  ['-x', '-f'],
  ['-f', '-x'],
  ['-a', '-f', '--bogus'],
  ['--foo'],
  ['--wid', '--one'],
  ['--d'],
  ['-S'],
  ['-S', 'x'],
  ['-S', ''],
  ['-p'],
  ['-p', 'nosuch'],
  ['-p', '/dev/nosuch'],
  ['0'],
  ['-5'],
  ['--', '-5'],
  ['x'],
  ['1x'],
  [''],
  [' 3', ' 0'],
  ['+2', '0'],
  ['1', 'x'],
  ['1', ''],
  ['4294967295', '0'],
  ['4294967296'],
  ['99999999999999999999'],
  ['1', '99999999999999999999'],
  ['1', '2', '3'],
  ['-d', '-s'],
  ['-D', '-p', 'vda'],
  ['-d', '-d', '-D'],
  ['-s', '-s'],
];

const SEQUENCE_CASES: string[][] = [
  ['1', '3'],
  ['-y', '1', '2'],
  ['-a', '1', '3'],
  ['-w', '-n', '1', '3'],
  ['-S', 'm', '1', '2'],
  ['-d', '1', '3'],
  ['-d', '-w', '1', '2'],
  ['-p', 'vda1', '1', '3'],
  ['-D', '1', '3'],
  ['-s', '1', '2'],
  ['-m', '1', '2'],
];

const reason = unavailableReason('vmstat');

describe(`vmstat conformance${reason ? ` (cannot run: ${reason})` : ''}`, () => {
  if (reason) {
    it.runIf(IN_CI)('has vmstat and unshare', () => {
      throw new Error(reason);
    });
    it.skipIf(IN_CI)(`skipped: ${reason}`, () => {});
    return;
  }

  it('reads the frozen tree, not the live one', () => {
    const classic = runFrozen('vmstat-edge', ['vmstat', '-d'], WHOLE);
    expect(classic.stdout.toString()).toMatch(/^averyveryverylongdevicename_abcde 18446744073709551615 /m);
  });
  for (const fixture of FIXTURES) {
    const cases = [...SINGLE_CASES, ...(PARTITIONS[fixture] ?? []).map((name) => ['-p', name])];
    for (const args of cases) {
      it(`${fixture}: vmstat ${args.join(' ')}`, () => {
        expectSameRun(runFrozen(fixture, ours('vmstat', args), WHOLE), runFrozen(fixture, ['vmstat', ...args], WHOLE));
      });
    }
  }
  for (const args of [['-d'], ['-d', '-w'], ['-d', '-n'], ['-D'], ['-m'], ['-m', '-n']]) {
    it(`more devices than a screen: vmstat ${args.join(' ')}`, () => {
      expectSameRun(runFrozen('vmstat-many', ours('vmstat', args), WHOLE), runFrozen('vmstat-many', ['vmstat', ...args], WHOLE));
    });
  }
  for (const args of [['-d'], ['-D'], ['-p', 'vda'], ['-p', 'sda2'], ['-m']]) {
    it(`a diskstats line (or slabinfo version) procps cannot scan: vmstat ${args.join(' ')}`, () => {
      expectSameRun(runFrozen('vmstat-baddisk', ours('vmstat', args), WHOLE), runFrozen('vmstat-baddisk', ['vmstat', ...args], WHOLE));
    });
  }
  for (const args of ERROR_CASES) {
    it(`errors: vmstat ${JSON.stringify(args)}`, () => {
      expectSameRun(runFrozen('vmstat-seq-1', ours('vmstat', args), WHOLE), runFrozen('vmstat-seq-1', ['vmstat', ...args], WHOLE));
    });
  }

  const sequence = ['vmstat-seq-1', 'vmstat-seq-2', 'vmstat-seq-3'];
  for (const args of SEQUENCE_CASES) {
    it(`intervals: vmstat ${args.join(' ')}`, async () => {
      const [mine, classic] = await Promise.all([
        runFrozenSequence(sequence, ours('vmstat', args), WHOLE),
        runFrozenSequence(sequence, ['vmstat', ...args], WHOLE),
      ]);
      expectSameRun(mine, classic);
    });
  }

  // stdout is no terminal: the header comes back after 21 lines (24 rows less 3).
  it('the header again after 21 lines: vmstat 1 23', async () => {
    const [mine, classic] = await Promise.all([
      runFrozenSequence(sequence, ours('vmstat', ['1', '23']), WHOLE),
      runFrozenSequence(sequence, ['vmstat', '1', '23'], WHOLE),
    ]);
    expect(classic.stdout.toString().match(/^procs /gm)).toHaveLength(2);
    expectSameRun(mine, classic);
  });

  const library = fakeTimeLibrary();
  // The clock stands still for one report; it runs from there ("@") when reports follow each other.
  const clocked = (command: readonly string[], running = false) => [
    'env',
    `LD_PRELOAD=${library}`,
    `FAKETIME=${running ? '@' : ''}2026-11-23 12:00:00`,
    'FAKETIME_DONT_FAKE_MONOTONIC=1',
    ...command,
  ];
  for (const args of [['-t'], ['-t', '-w', '-a'], ['-d', '-t'], ['-d', '-t', '-w'], ['-t', '-n']]) {
    it.skipIf(library === null && !IN_CI)(`timestamps: vmstat ${args.join(' ')}`, () => {
      expectSameRun(runFrozen('vmstat-seq-1', clocked(ours('vmstat', args)), WHOLE), runFrozen('vmstat-seq-1', clocked(['vmstat', ...args]), WHOLE));
    });
  }
  // The zone's name comes from its zone file, as glibc's %Z (JavaScript would say GMT+1 for CET).
  it('an empty /proc/meminfo: the library cannot build its structure, and vmstat says so', () => {
    for (const args of [[], ['-s'], ['-a']]) {
      const classic = runFrozen('meminfo-empty', ['vmstat', ...args]);
      expect(classic.stderr.toString()).toBe('vmstat: Unable to create meminfo structure\n');
      expectSameRun(runFrozen('meminfo-empty', ours('vmstat', args)), classic);
    }
  });
  it('an empty /proc/diskstats: no disks, where the other files fail when empty', () => {
    for (const args of [['-d'], ['-d', '-w'], ['-d', '-n'], ['-d', '1', '2'], ['-D'], ['-p', 'sda'], []]) {
      const classic = runFrozen('vmstat-nodisks', ['vmstat', ...args], WHOLE);
      expectSameRun(runFrozen('vmstat-nodisks', ours('vmstat', args), WHOLE), classic);
    }
    expect(runFrozen('vmstat-nodisks', ['vmstat', '-d'], WHOLE).stdout.length).toBe(0);
  });
  // POSIX rules the way glibc reads them, where ICU (JavaScript's Date) would fall back to UTC.
  for (const tz of ['America/New_York', 'Europe/Paris', ':Asia/Kolkata', 'EST5EDT', 'ABC-3', '', 'ABC-3:30', '<+0545>-5:45', 'NZST-12NZDT,M9.5.0,M4.1.0/3', 'AAA3BBB,J1/0,J365/25', 'EST5EDT4,M3.2.0,M11.1.0', 'no rule 3']) {
    it.skipIf(library === null && !IN_CI)(`timestamps in local time: vmstat -t -d with TZ=${tz}`, () => {
      const options = { ...WHOLE, env: { TZ: tz } };
      for (const args of [['-t'], ['-d', '-t']]) {
        expectSameRun(runFrozen('vmstat-seq-1', clocked(ours('vmstat', args)), options), runFrozen('vmstat-seq-1', clocked(['vmstat', ...args]), options));
      }
    });
  }
  for (const args of [['-t', '1', '3'], ['-t', '-y', '1', '2'], ['-d', '-t', '1', '2']]) {
    it.skipIf(library === null && !IN_CI)(`timestamps at intervals: vmstat ${args.join(' ')}`, async () => {
      const [mine, classic] = await Promise.all([
        runFrozenSequence(sequence, clocked(ours('vmstat', args), true), WHOLE),
        runFrozenSequence(sequence, clocked(['vmstat', ...args], true), WHOLE),
      ]);
      expectSameRun(mine, classic);
    });
  }

  // --json against jc's parser of the classic text (jc --vmstat), key for key and type for type.
  const jc = run(['sh', '-c', 'command -v jc']).status === 0;
  for (const args of [[], ['-a'], ['-d'], ['-t'], ['-a', '-t'], ['-d', '-t']]) {
    it.skipIf(!jc && !IN_CI)(`--json is jc's vmstat: vmstat ${args.join(' ')}`, () => {
      const classic = runFrozen('vmstat-seq-1', clocked(['sh', '-c', 'vmstat "$@" | jc --vmstat', 'sh', ...args]), WHOLE);
      const mine = runFrozen('vmstat-seq-1', clocked(ours('vmstat', [...args, '--json'])), WHOLE);
      expect(mine.status).toBe(0);
      expect(JSON.parse(mine.stdout.toString())).toEqual(JSON.parse(classic.stdout.toString()));
    });
  }
  it.skipIf(!jc && !IN_CI)("--json with a delay is jc's streaming vmstat-s, one object per line", async () => {
    const [mine, classic] = await Promise.all([
      runFrozenSequence(sequence, ours('vmstat', ['--json', '1', '3']), WHOLE),
      runFrozenSequence(sequence, ['sh', '-c', 'vmstat 1 3 | jc -u --vmstat-s'], WHOLE),
    ]);
    const lines = (text: Buffer) => text.toString().trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(lines(mine.stdout)).toEqual(lines(classic.stdout));
  });
});
