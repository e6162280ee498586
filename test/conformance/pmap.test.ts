// pt-pmap against procps-ng's pmap, byte for byte (stdout, stderr, exit status): on the frozen
// maps and smaps of pmap-captured (capture-pmap.mjs), where -X's Pss cannot move, and on live
// processes stopped with SIGSTOP, whose maps, Rss and Dirty stay put while both tools read them.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV, expectSameRun, FIXTURES, IN_CI, ours, run, runInProcTree, unavailableReason } from './harness.js';

const NOW = '2026-11-23 12:00:00';
const FIXTURE = 'pmap-captured';
const [SLEEP = '', PYTHON = '', ZOMBIE = ''] = readFileSync(join(FIXTURES, FIXTURE, 'pids'), 'latin1').trim().split(' ');

/** Frozen cases; each names its pids. */
const FROZEN: string[][] = [
  [SLEEP],
  [PYTHON],
  ['-x', PYTHON],
  ['-d', PYTHON],
  ['-q', PYTHON],
  ['-p', PYTHON],
  ['-X', SLEEP],
  ['-X', PYTHON],
  ['-XX', SLEEP],
  ['-XX', PYTHON],
  ['-X', SLEEP, PYTHON],
  ['-XX', PYTHON, SLEEP],
  ['-Xp', PYTHON],
  ['-Xq', PYTHON],
  ['-XXq', SLEEP],
  ['-xp', PYTHON],
  ['-dq', PYTHON],
  ['-dp', PYTHON],
  [ZOMBIE],
  ['-x', ZOMBIE],
  ['-X', ZOMBIE],
  ['-X', ZOMBIE, SLEEP],
  ['-d', ZOMBIE],
  [SLEEP, PYTHON, ZOMBIE],
  [SLEEP, SLEEP],
  [`/proc/${SLEEP}`],
  ['-A', '7f0000000000', PYTHON],
  ['-A', ',7f0000000000', PYTHON],
  ['-xA', '7f0000000000,7fffffffffff', PYTHON],
  ['-dA', '0x400000,0x500000', PYTHON],
  ['--extended', '--show-path', PYTHON],
  ['--range=600000', '--quiet', PYTHON],
];

// -V and --version are test/cli/version.test.ts's: the classic text with ptools' version added.
/** Cases that fail or warn, on the frozen table too. */
const ERRORS: string[][] = [
  [],
  ['-Y', SLEEP],
  ['--bogus', SLEEP],
  ['-x', '-d', SLEEP],
  ['-X', '-c', SLEEP],
  ['-A', 'zz', SLEEP],
  ['-A', '1,2x', SLEEP],
  ['-q'],
  ['abc'],
  ['0'],
  ['12x'],
  ['0x7fffffff0'],
  ['99999'],
  [SLEEP, '99999'],
  ['-r', SLEEP],
  ['-n', SLEEP],
  ['-N', '/nonexistent/dir/rc', '-q'],
  ['-C', '/nonexistent/rc', SLEEP],
  ['-h'],
];

const reason = unavailableReason('pmap') ?? unavailableReason('faketime');

describe(`pmap conformance${reason ? ` (cannot run: ${reason})` : ''}`, () => {
  if (reason) {
    it.runIf(IN_CI)('has pmap, faketime and unshare', () => {
      throw new Error(reason);
    });
    it.skipIf(IN_CI)(`skipped: ${reason}`, () => {});
    return;
  }
  const frozen = (args: string[], env: Record<string, string> = {}) => {
    const classic = runInProcTree(FIXTURE, ['pmap', ...args], NOW, env);
    expectSameRun(runInProcTree(FIXTURE, ours('pmap', args), NOW, env), classic);
    return classic;
  };
  for (const args of FROZEN) {
    it(`frozen: pmap ${args.join(' ')}`, () => {
      const classic = frozen(args);
      expect(classic.stdout.length).toBeGreaterThan(0);
    });
  }
  for (const args of ERRORS) {
    it(`errors: pmap ${args.join(' ')}`, () => {
      const classic = frozen(args);
      expect(classic.status === 0 && args[0] !== '-h' ? classic.stderr.length : 1).toBeGreaterThan(0);
    });
  }

  it('--json: the mappings pmap -q lists, with smaps figures under -X', () => {
    interface Mapping {
      address: string;
      kbytes: number;
      mapping: string | null;
      smaps?: Record<string, number>;
    }
    const mine = JSON.parse(runInProcTree(FIXTURE, ours('pmap', ['--json', '-X', PYTHON, ZOMBIE, '99999']), NOW).stdout.toString('utf8')) as Array<{ pid: number; command: string; mappings: Mapping[] }>;
    expect(mine.map((p) => p.pid)).toEqual([Number(PYTHON), Number(ZOMBIE)]);
    const lines = runInProcTree(FIXTURE, ['pmap', '-q', PYTHON], NOW).stdout.toString('latin1').trim().split('\n').slice(1);
    const mappings = mine[0]?.mappings ?? [];
    expect(mappings.map((m) => `${m.address.padStart(16, '0')} ${String(m.kbytes).padStart(6)}K`)).toEqual(lines.map((line) => line.slice(0, 24)));
    expect(mappings.every((m) => typeof m.smaps?.Pss === 'number')).toBe(true);
    expect(mappings.some((m) => m.mapping?.endsWith('we ird\\012name'))).toBe(true);
    expect(mine[1]?.mappings).toEqual([]);
  });

  describe('rc files', () => {
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'ptools-pmaprc-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    it('-N writes the template, then refuses to overwrite it', () => {
      const [mine, theirs] = [join(dir, 'mine.rc'), join(dir, 'theirs.rc')];
      expectSameRun(run(ours('pmap', ['-N', mine])), run(['pmap', '-N', theirs]));
      expect(readFileSync(mine)).toEqual(readFileSync(theirs));
      expectSameRun(run(ours('pmap', ['-N', mine])), run(['pmap', '-N', theirs]));
    });
    it('-n writes ~/.pmaprc', () => {
      const [mine, theirs] = [mkdtempSync(join(dir, 'home-')), mkdtempSync(join(dir, 'home-'))];
      expectSameRun(run(ours('pmap', ['-n']), { env: { ...ENV, HOME: mine } }), run(['pmap', '-n'], { env: { ...ENV, HOME: theirs } }));
      expect(readFileSync(join(mine, '.pmaprc'))).toEqual(readFileSync(join(theirs, '.pmaprc')));
    });
    const RC = [
      '[Fields Display]\nRss\n  Pss # kept\nPerm\nMapping\nSwap extra\n[Mapping]\nShowPath\n',
      '# comment\n[Fields Display] trailing\nSize\nInode\nDevice\n[Other]\nRss\n[Mapping\nLocked\n',
      'Rss\n[Fields Display]\nVmFlags\nReferenced\nOffset\n',
    ];
    RC.forEach((text, i) => {
      it(`-C rc file ${i + 1}`, () => {
        const file = join(dir, `read-${i}.rc`);
        writeFileSync(file, text);
        const classic = runInProcTree(FIXTURE, ['pmap', '-C', file, PYTHON], NOW);
        expectSameRun(runInProcTree(FIXTURE, ours('pmap', ['-C', file, PYTHON]), NOW), classic);
        expect(classic.stdout.length).toBeGreaterThan(0);
      });
    });
    it('-c reads ~/.pmaprc', () => {
      writeFileSync(join(dir, '.pmaprc'), RC[0] as string);
      const classic = runInProcTree(FIXTURE, ['pmap', '-c', SLEEP], NOW, { HOME: dir });
      expectSameRun(runInProcTree(FIXTURE, ours('pmap', ['-c', SLEEP]), NOW, { HOME: dir }), classic);
    });
  });

  // pmap reads a line 1023 bytes at a time (fgets into a 1024-byte buffer): the rest of a longer
  // mapping name is read as a line of its own, a smaps key when it starts with a capital. The
  // captured maps and smaps with three mappings renamed to such names: a rest that reads as
  // "Rss:", one that reads as "Swap:" (it ends an -x row early), and one that is no key.
  describe('lines longer than pmap reads at once', () => {
    let tree = '';
    beforeAll(() => {
      tree = mkdtempSync(join(tmpdir(), 'pmap-long-'));
      cpSync(join(FIXTURES, FIXTURE), tree, { recursive: true });
      for (const name of ['maps', 'smaps']) {
        const file = join(tree, 'proc', PYTHON, name);
        const rests = ['Rss:               999 kB tail', 'Swap:  3 kB', 'Mixed case rest of a name'];
        let renamed = 0;
        const lines = readFileSync(file, 'latin1')
          .split('\n')
          .map((line) => {
            const header = /^([0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+ +)\/\S+$/.exec(line);
            const rest = rests[renamed];
            if (header === null || rest === undefined) return line;
            renamed++;
            const head = header[1] as string;
            return `${head}/${'n'.repeat(1023 - head.length - 1)}${rest}`;
          });
        expect(renamed).toBe(rests.length);
        writeFileSync(file, lines.join('\n'), 'latin1');
      }
    });
    afterAll(() => rmSync(tree, { recursive: true, force: true }));
    for (const args of [['-x'], [], ['-d'], ['-X'], ['-XX']]) {
      it(`pmap ${args.join(' ')} of long names`, () => {
        const fixture = relative(FIXTURES, tree);
        const classic = runInProcTree(fixture, ['pmap', ...args, PYTHON], NOW);
        expectSameRun(runInProcTree(fixture, ours('pmap', [...args, PYTHON]), NOW), classic);
      });
    }
  });

  describe('live stopped processes', () => {
    const children: ChildProcess[] = [];
    const pids: string[] = [];
    beforeAll(async () => {
      const started = [
        spawn('sleep', ['1000'], { stdio: 'ignore' }),
        spawn('/usr/bin/python3', ['-c', 'import mmap,threading,time\nm=mmap.mmap(-1,1<<21)\nm[:8192]=b"x"*8192\nthreading.Thread(target=time.sleep,args=(1000,)).start()\nprint(1,flush=True)\ntime.sleep(1000)'], { stdio: ['ignore', 'pipe', 'ignore'] }),
      ];
      // Two System V shared memory segments, attached and already removed (IPC_RMID).
      const shm = [
        'import ctypes, time',
        'libc = ctypes.CDLL(None)',
        'libc.shmat.restype = ctypes.c_void_p',
        'for size in (8192, 16384):',
        '    sid = libc.shmget(0, size, 0o1000 | 0o600)',
        '    ctypes.memset(libc.shmat(sid, None, 0), 1, 4096)',
        '    libc.shmctl(sid, 0, None)',
        'print(1, flush=True)',
        'time.sleep(1000)',
      ].join('\n');
      started.push(spawn('/usr/bin/python3', ['-c', shm], { stdio: ['ignore', 'pipe', 'ignore'] }));
      children.push(...started);
      await new Promise((resolve) => started[1]?.stdout?.once('data', resolve));
      await new Promise((resolve) => started[2]?.stdout?.once('data', resolve));
      for (const child of started) {
        child.kill('SIGSTOP');
        pids.push(String(child.pid));
      }
      // The Python's second thread: pmap takes a thread id for its process.
      pids.push(readdirSync(`/proc/${started[1]?.pid}/task`).filter((tid) => tid !== pids[1])[0] ?? '');
      expect(readFileSync(`/proc/${started[2]?.pid}/maps`, 'latin1')).toContain('/SYSV');
    });
    afterAll(() => {
      for (const child of children) child.kill('SIGKILL');
    });
    const LIVE: Array<(p: string[]) => string[]> = [
      (p) => [p[0] as string],
      (p) => ['-x', p[1] as string],
      (p) => ['-d', p[1] as string],
      (p) => ['-p', ...p],
      (p) => ['-xq', p[0] as string],
      (p) => ['-A', '7f0000000000', p[1] as string],
      (p) => ['-x', p[3] as string],
      (p) => [p[2] as string],
      (p) => ['-x', p[2] as string],
      (p) => ['-dp', p[2] as string],
    ];
    LIVE.forEach((make, i) => {
      it(`live case ${i + 1}`, () => {
        const args = make(pids);
        const classic = run(['pmap', ...args]);
        expectSameRun(run(ours('pmap', args)), classic);
        expect(classic.status).toBe(0);
      });
    });
  });
});
