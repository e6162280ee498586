// pt-smem against smem 1.5 on the same /proc-like trees, byte for byte (stdout, stderr, exit
// status): smem reads them through its own -S DIR, ours through -S DIR and through PTOOLS_PROC.
// The trees come from test/fixtures/smem-fixtures.mjs.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ENV, expectSameRun, IN_CI, ours, REPO, run as runCommand, type RunResult } from './harness.js';
import { materialize, type Materialized } from './smem-fixture.js';

// stdin is not a terminal, so smem -a falls back to 80 columns (and stty complains on stderr).
const run = (command: readonly string[], env: Record<string, string> = {}): RunResult => runCommand(command, { env: { ...ENV, ...env } });

const smemMissing = spawnSync('sh', ['-c', 'command -v smem'], { stdio: 'ignore' }).status !== 0 ? 'smem is not installed' : null;
if (smemMissing && IN_CI) throw new Error(smemMissing);

/** Output options, each run on every fixture. */
const CASES: string[][] = [
  [],
  ['-t'],
  ['-k'],
  ['-k', '-t'],
  ['-p'],
  ['-p', '-t'],
  ['-r'],
  ['-s', 'uss'],
  ['-s', 'rss', '-r'],
  ['-s', 'name'],
  ['-s', 'command', '-r'],
  ['-s', 'user'],
  ['-s', 'pid'],
  ['-s', 'vss', '-c', 'pid name vss maps'],
  ['-c', 'pid user name command maps swap uss pss rss vss'],
  ['-t', '-c', 'pid name uss pss'],
  ['-H'],
  ['-H', '-t', '-k'],
  ['-n'],
  ['-n', '-t', '-s', 'user'],
  ['-P', 'sshd'],
  ['-P', '^py|nginx', '-t'],
  ['-U', 'root'],
  ['-U', '^(nobody|4242)$', '-t'],
  ['-M', 'libc'],
  ['-M', '\\[heap\\]|\\[stack\\]', '-t'],
  ['-u'],
  ['-u', '-t'],
  ['-u', '-k', '-t'],
  ['-u', '-p'],
  ['-u', '-n'],
  ['-u', '-s', 'count', '-r'],
  ['-u', '-c', 'user count vss rss'],
  ['-m'],
  ['-m', '-t'],
  ['-m', '-k'],
  ['-m', '-s', 'count', '-r'],
  ['-m', '-c', 'map count pids swap uss rss pss vss avgpss avgrss'],
  ['-m', '-p', '-t'],
  ['-m', '-M', 'lib', '-t'],
  ['-m', '-U', 'root'],
  ['-w'],
  ['-w', '-t'],
  ['-w', '-k'],
  ['-w', '-p', '-t'],
  ['-w', '-s', 'area'],
  ['-w', '-s', 'used', '-r'],
  ['-w', '-c', 'order area used'],
  ['-w', '-R', '32G'],
  ['-w', '-R', '24G', '-t'],
  ['-w', '-R', '100000MB', '-k', '-t'],
  ['-p', '-R', '48G'],
  ['-a'],
  ['-a', '-t', '-k'],
  ['-a', '-p'],
  ['-a', '-m'],
  ['-a', '-u', '-H'],
  ['-a', '-w'],
  ['-a', '-c', 'pid name command'],
  ['-tkr', '-sswap'],
  ['--sort=uss', '--totals', '--reverse'],
  ['--abbrev', '--tot', '--col', 'pid uss'],
  ['-c', ''],
  ['-c', 'pid pid uss'],
  ['ignored', 'operands', '-t'],
];

/** Errors and odd input: same text, same stream, same status on every fixture. */
const ERROR_CASES: string[][] = [
  ['-s', 'nosuchfield'],
  ['-u', '-s', 'pid'],
  ['-m', '-s', 'user'],
  ['-w', '-s', 'pss'],
  ['-c', 'pid nosuch'],
  ['-c', 'pid,name'],
  ['-u', '-c', 'user command'],
  ['--pie', 'nosuch'],
  ['-R', '1024'],
  ['-w', '-R', '12'],
  ['--bogus'],
  ['-x'],
  ['-s'],
  ['--sort'],
  ['--s', 'pss'],
  ['--no', '-t'],
  ['--totals=yes'],
  ['-h'],
  ['--help', '--bogus'],
  ['--bogus', '--help'],
  ['-tx'],
];

const FIXTURES = ['smem-crafted', 'smem-live', 'smem-nopss'];

describe.skipIf(smemMissing !== null && !IN_CI)(`pt-smem = smem -S ${smemMissing ?? ''}`, () => {
  const trees = new Map<string, Materialized>();
  beforeAll(() => {
    for (const fixture of FIXTURES) trees.set(fixture, materialize(fixture));
  });
  afterAll(() => {
    for (const tree of trees.values()) tree.remove();
  });
  const dir = (fixture: string) => trees.get(fixture)?.dir ?? '';

  describe.each(FIXTURES)('%s', (fixture) => {
    it.each([...CASES, ...ERROR_CASES].map((args) => [args.join(' '), args] as const))('smem %s', (_name, args) => {
      const expected = run(['smem', '-S', dir(fixture), ...args]);
      const actual = run(ours('smem', ['-S', dir(fixture), ...args]));
      // smem -a asks `stty size`, whose complaint about a non-terminal stdin we do not repeat.
      if (args.some((arg) => arg === '-a')) expected.stderr = Buffer.from(expected.stderr.toString('latin1').replace(/^stty: .*\n/m, ''), 'latin1');
      expectSameRun(actual, expected);
    });
  });

  it.each(CASES.slice(0, 12).map((args) => [args.join(' '), args] as const))('PTOOLS_PROC reads the same tree as -S: %s', (_name, args) => {
    const expected = run(['smem', '-S', dir('smem-crafted'), ...args]);
    const actual = run(ours('smem', args), { PTOOLS_PROC: `${dir('smem-crafted')}/proc` });
    expectSameRun(actual, expected);
  });

  it('a -S path that is neither a tarball nor a tree prints nothing and exits 0', () => {
    for (const source of ['/nonexistent', `${REPO}/package.json`]) {
      expectSameRun(run(ours('smem', ['-S', source])), run(['smem', '-S', source]));
    }
  });
});
