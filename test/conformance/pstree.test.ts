// pt-pstree against psmisc's pstree on one frozen process table (pstree-fixture.ts), byte for
// byte: stdout, stderr and exit status. Both run as pid 1 of a new pid namespace over the same
// /proc, with stdout a pipe, so pstree draws ASCII unless told otherwise and cuts lines at
// COLUMNS or 132.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSameRun, IN_CI, ours, run, runInProcTree, unavailableReason } from './harness.js';
import { makePstreeFixture } from './pstree-fixture.js';

const NOW = '2026-11-23 12:00:00';

/** Cases that print a tree (status 0, nothing on stderr). */
const TREES: string[][] = [
  [],
  ['-a'],
  ['-p'],
  ['-ap'],
  ['-c'],
  ['-g'],
  ['-pg'],
  ['-n'],
  ['-np'],
  ['-u'],
  ['-au'],
  ['-pu'],
  ['-u', '200'],
  ['200', '-c'],
  ['-t'],
  ['-at'],
  ['-tp'],
  ['-T'],
  ['-pT'],
  ['-l'],
  ['-al'],
  ['-A'],
  ['-U'],
  ['-G'],
  ['-aG'],
  ['-pU'],
  ['--arguments', '--show-pids'],
  ['-C', 'age'],
  ['200'],
  ['-p', '200'],
  ['-a', '530'],
  ['-s', '320'],
  ['-sp', '565'],
  ['9999'],
  ['0'],
  ['-p', '0'],
  ['alice'],
  ['-p', 'averyveryverylongusername'],
  ['root'],
  ['-N', 'net'],
  ['-N', 'mnt', '-p'],
  ['-S'],
  ['-Sp'],
  ['-Sa'],
  ['--ns-sort=uts', '-a'],
  ['-Z', '550'],
  ['-Zp'],
  ['-aZ', '1'],
];

/** Cases at other widths (COLUMNS). */
const WIDTHS: Array<[string, string[]]> = [
  ['40', []],
  ['40', ['-a']],
  ['40', ['-p']],
  ['40', ['-U']],
  ['40', ['-G']],
  ['10', []],
  ['10', ['-a']],
  ['0x30', ['-p']],
  ['017', []],
  ['junk', ['-a']],
  ['60', ['-pl']],
];

// -V and --version are test/cli/version.test.ts's: the classic text with ptools' version added.
/** Cases that fail, or print to stderr. */
const ERRORS: string[][] = [
  ['-s', '9999'],
  ['nobody'],
  ['zz'],
  ['-X'],
  ['--bogus'],
  ['1', '2'],
  ['12x'],
  ['-N', 'bad'],
  ['-C', 'bad'],
  ['-N'],
  ['-H', '300'],
];

const reason = unavailableReason('pstree') ?? unavailableReason('faketime');

describe(`pstree conformance${reason ? ` (cannot run: ${reason})` : ''}`, () => {
  if (reason) {
    it.runIf(IN_CI)('has pstree, faketime and unshare', () => {
      throw new Error(reason);
    });
    it.skipIf(IN_CI)(`skipped: ${reason}`, () => {});
    return;
  }
  let fixture = '';
  let remove = () => {};
  beforeAll(() => {
    ({ fixture, remove } = makePstreeFixture());
  });
  afterAll(() => remove());
  const compare = (args: string[], env: Record<string, string> = {}) => {
    const classic = runInProcTree(fixture, ['pstree', ...args], NOW, env);
    expectSameRun(runInProcTree(fixture, ours('pstree', args), NOW, env), classic);
    return classic;
  };
  for (const args of TREES) {
    it(`pstree ${args.join(' ')}`, () => {
      const classic = compare(args);
      expect(classic.stderr.length).toBe(0);
      expect(classic.stdout.length).toBeGreaterThan(args[0] === '9999' ? -1 : 0);
    });
  }
  for (const [columns, args] of WIDTHS) {
    it(`COLUMNS=${columns} pstree ${args.join(' ')}`, () => {
      const classic = compare(args, { COLUMNS: columns });
      expect(classic.stdout.length).toBeGreaterThan(0);
    });
  }
  for (const args of ERRORS) {
    it(`errors: pstree ${args.join(' ')}`, () => {
      const classic = compare(args);
      expect(classic.stderr.length).toBeGreaterThan(0);
    });
  }
  // Highlighting asks terminfo for bold and sgr0; both run as pid 1, so -h marks pid 1.
  for (const args of [['-h'], ['-H', '320'], ['-aH', '551'], ['-h', '-h']]) {
    it(`TERM=xterm pstree ${args.join(' ')}`, () => {
      compare(args, { TERM: 'xterm' });
    });
  }
  it('TERM=dumb-unknown pstree -H 320', () => {
    const classic = compare(['-H', '320'], { TERM: 'no-such-terminal' });
    expect(classic.status).toBe(1);
  });
  describe('--json', () => {
    interface Node {
      pid: number;
      name: string;
      thread: boolean;
      user: string | null;
      arguments?: string[] | null;
      children: Node[];
    }
    const flatten = (nodes: Node[]): Node[] => nodes.flatMap((node) => [node, ...flatten(node.children)]);
    const json = (args: string[]) => JSON.parse(runInProcTree(fixture, ours('pstree', ['--json', ...args]), NOW).stdout.toString('utf8')) as Node[];
    it('holds every process and thread pstree -pcl shows, with the same parents', () => {
      const classic = runInProcTree(fixture, ['pstree', '-pcl'], NOW).stdout.toString('latin1');
      const edges = (text: string) => {
        // Each "name(PID)" follows its parent on the same line or below it; "-+-", "---" and "|-"/"`-" join them.
        const pids = [...text.matchAll(/\((\d+)\)/g)].map((m) => Number(m[1]));
        return pids.sort((a, b) => a - b);
      };
      const nodes = flatten(json([]));
      expect(nodes.map((node) => node.pid).sort((a, b) => a - b)).toEqual(edges(classic));
      const bash = nodes.find((node) => node.pid === 200);
      expect(bash?.children.map((child) => child.pid).sort((a, b) => a - b)).toEqual([300, 301, 302, 306, 500, 501, 502, 503]);
      expect(bash?.user).toBe('alice');
      expect(nodes.filter((node) => node.thread).map((node) => node.name)).toEqual(expect.arrayContaining(['{multi}', '{worker}']));
    });
    it('-a gives the arguments, null for an empty command line, decoded as UTF-8', () => {
      const nodes = flatten(json(['-a']));
      expect(nodes.find((node) => node.pid === 330)?.arguments).toEqual(['--thé=oui']);
      expect(nodes.find((node) => node.pid === 304)?.arguments).toBeNull();
      expect(nodes.find((node) => node.pid === 300)?.name).toBe('my prog (x)');
    });
    it('a user gives one tree per topmost process; a missing pid an empty array', () => {
      expect(json(['alice']).map((node) => node.pid)).toEqual([304, 200, 307]);
      expect(json(['9999'])).toEqual([]);
    });
  });
  describe('live processes in namespaces of their own', () => {
    let child: ChildProcess | null = null;
    beforeAll(async () => {
      // Sleepers that do not move: one plain, one in a new network namespace, and a shell in new
      // uts and network namespaces with a sleeper of its own.
      child = spawn('sh', ['-c', 'sleep 1000 & unshare -n sleep 1000 & unshare -u -n sh -c "sleep 1000 & sleep 1001" & echo ready; wait'], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
      await new Promise((resolve) => child?.stdout?.once('data', resolve));
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    afterAll(() => {
      if (child?.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    });
    for (const flags of [['-S'], ['-pS'], ['-aS'], ['-pu'], ['-pgn'], ['-Sc']]) {
      it(`pstree ${flags.join(' ')} PID`, () => {
        const args = [...flags, String(child?.pid)];
        const classic = run(['pstree', ...args]);
        expectSameRun(run(ours('pstree', args)), classic);
        expect(classic.stdout.length).toBeGreaterThan(0);
      });
    }
  });
  // On a terminal (script(1) gives a pseudo-terminal, of width 0: pstree falls back to 132),
  // the locale picks the line drawing.
  const terminalCases: Array<[string, string]> = [
    ['C.UTF-8', '-p 200'],
    ['C', '-p 200'],
    ['C.UTF-8', '-a 530'],
    ['C.UTF-8', '-A 303'],
  ];
  for (const [locale, args] of terminalCases) {
    it(`on a terminal, LC_ALL=${locale}: pstree ${args}`, () => {
      const onTerminal = (command: string) => ['script', '-qec', command, '/dev/null'];
      const env = { LC_ALL: locale };
      const classic = runInProcTree(fixture, onTerminal(`pstree ${args}`), NOW, env);
      expectSameRun(runInProcTree(fixture, onTerminal(ours('pstree', args.split(' ')).join(' ')), NOW, env), classic);
      expect(classic.stdout.includes(0xe2)).toBe(locale === 'C.UTF-8' && !args.startsWith('-A'));
    });
  }
  it('LC_ALL=C.UTF-8 without a terminal still draws ASCII', () => {
    const classic = compare([], { LC_ALL: 'C.UTF-8' });
    expect(classic.stdout.includes(0xe2)).toBe(false);
  });
});
