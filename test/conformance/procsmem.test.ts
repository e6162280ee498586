// pt-procsmem against psutil: the output of psutil 5.6's scripts/procsmem.py (the layout
// pt-procsmem keeps) on the frozen smem-live /proc, recorded in test/golden/ by running that
// script through psutil.PROCFS_PATH as user nobody (see test/golden/README.md), compared byte
// for byte; and memory_full_info() of every live pid against our memoryFullInfo().
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { pids } from '../../src/core/process/pids.js';
import { Process } from '../../src/core/process/process.js';
import { AccessDenied, NoSuchProcess } from '../../src/core/errors.js';
import { expectSameRun, IN_CI, ours, REPO, run as runCommand, type RunResult } from './harness.js';
import { materialize, type Materialized } from './smem-fixture.js';

const PYTHON = '/usr/bin/python3';
const psutilMissing =
  spawnSync(PYTHON, ['-c', 'import psutil'], { stdio: 'ignore' }).status !== 0 ? 'python3-psutil is not installed' : null;
if (psutilMissing && IN_CI) throw new Error(psutilMissing);

const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC', HOME: '/' };
// Unprivileged, so that a file the fixture makes unreadable answers EACCES to both.
const AS_NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];

const run = (command: readonly string[]): RunResult => runCommand(command, { env: ENV });

describe.skipIf(psutilMissing !== null && !IN_CI)(`pt-procsmem = procsmem.py ${psutilMissing ?? ''}`, () => {
  let tree: Materialized;
  beforeAll(() => {
    tree = materialize('smem-live');
    chmodSync(tree.dir, 0o755);
    // Where the capture could read neither smaps file (pid 1 here), a root-only file stands in:
    // both tools then meet EACCES, as they do live. A kernel thread's smaps_rollup answers ESRCH
    // live, which no plain file can; an empty one gives the same zero USS that leaves it out.
    for (const pid of pids({ ctx: { proc: join(tree.dir, 'proc'), sys: '/sys' } })) {
      const dir = join(tree.dir, 'proc', String(pid));
      if (existsSync(join(dir, 'smaps_rollup'))) continue;
      writeFileSync(join(dir, 'smaps_rollup'), '', { mode: existsSync(join(dir, 'smaps')) ? 0o644 : 0o600 });
    }
  });
  afterAll(() => tree.remove());

  it('prints what the script prints on a frozen /proc, with the access-denied count', () => {
    const golden = (suffix: string) => readFileSync(join(REPO, 'test/golden', `procsmem-smem-live.${suffix}`));
    const expected: RunResult = { stdout: golden('stdout'), stderr: golden('stderr'), status: Number(golden('status').toString()), signal: null };
    const actual = run([...AS_NOBODY, 'env', `PTOOLS_PROC=${join(tree.dir, 'proc')}`, ...ours('procsmem', [])]);
    expect(expected.stderr.toString()).toMatch(/^warning: access denied for [1-9]\d* pids\n$/);
    expectSameRun(actual, expected);
  });

  it('prints command lines that are not ASCII as the script does: cut by characters, written as bytes', () => {
    const names = materialize('procsmem-names');
    try {
      const golden = (suffix: string) => readFileSync(join(REPO, 'test/golden', `procsmem-names.${suffix}`));
      const expected: RunResult = { stdout: golden('stdout'), stderr: golden('stderr'), status: Number(golden('status').toString()), signal: null };
      expectSameRun(run(['env', `PTOOLS_PROC=${join(names.dir, 'proc')}`, ...ours('procsmem', [])]), expected);
    } finally {
      names.remove();
    }
  });

  it('agrees with psutil memory_full_info() for every readable live pid', () => {
    type Reading = [number, number, number] | 'denied';
    const psutilAll = (): Record<string, Reading> =>
      JSON.parse(
        run([
          PYTHON,
          '-c',
          'import json, psutil\nout = {}\nfor p in psutil.process_iter():\n  try:\n    m = p.memory_full_info(); out[p.pid] = [m.uss, m.pss, m.swap]\n  except psutil.AccessDenied:\n    out[p.pid] = "denied"\n  except psutil.NoSuchProcess:\n    pass\nprint(json.dumps(out))',
        ]).stdout.toString(),
      ) as Record<string, Reading>;
    const ours = (pid: number): Reading | 'gone' => {
      try {
        const info = new Process(pid).memoryFullInfo();
        return [info.uss, info.pss, info.swap];
      } catch (error) {
        if (error instanceof NoSuchProcess) return 'gone';
        if (error instanceof AccessDenied) return 'denied';
        throw error;
      }
    };
    // psutil reads every process before and after ours. A stopped process cannot touch its
    // memory, so its USS and swap must be equal to the byte, provided that no page of it changes
    // between shared and private meanwhile: a file page counts as private while one process maps
    // it, so a page of libc that the stopped process shares with one other process turns private
    // when that one exits, and shared again when the next maps it (the churn of a parallel run
    // did that between psutil's two reads). So the stopped processes run private copies of tail,
    // its libraries and its loader, mapped by them alone. The loader's copy is named `tail`, the
    // name it runs under. A running process can allocate a page and free it again between three
    // reads that agree, so it gets psutil's own tolerance.
    const copies = mkdtempSync(join(tmpdir(), 'ptools-tail-'));
    let loader = '';
    for (const line of runCommand(['ldd', '/usr/bin/tail']).stdout.toString().split('\n')) {
      const library = /=> (\/\S+)/.exec(line)?.[1] ?? /^\s*(\/\S+)/.exec(line)?.[1];
      if (library === undefined) continue; // the vDSO
      copyFileSync(library, join(copies, basename(library)));
      if (!line.includes('=>')) loader = basename(library);
    }
    renameSync(join(copies, loader), join(copies, 'tail'));
    copyFileSync('/usr/bin/tail', join(copies, 'tail.bin'));
    const stopped = [0, 1, 2].map(() =>
      spawn(join(copies, 'tail'), ['--library-path', copies, join(copies, 'tail.bin'), '-f', '/dev/null'], { stdio: 'ignore', env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' } }),
    );
    onTestFinished(() => {
      for (const child of stopped) child.kill('SIGKILL');
      rmSync(copies, { recursive: true, force: true });
    });
    // Stopped only once its libc is mapped (stopped between fork and exec, it would still be a
    // copy of this node process, sharing its pages); the stop is delivered asynchronously, so
    // wait (bounded) until each child's state is T.
    const stat = (pid: number | undefined) => readFileSync(`/proc/${pid}/stat`, 'latin1');
    const maps = (pid: number | undefined) => readFileSync(`/proc/${pid}/maps`, 'latin1');
    for (let i = 0; i < 100 && stopped.some((child) => !maps(child.pid).includes(`${copies}/libc`)); i++) spawnSync('sleep', ['0.02']);
    for (const child of stopped) child.kill('SIGSTOP');
    const state = (pid: number | undefined) => (stat(pid).split(') ')[1] ?? '')[0];
    for (let i = 0; i < 100 && stopped.some((child) => state(child.pid) !== 'T'); i++) spawnSync('sleep', ['0.02']);
    const isStopped = (pid: number) => stopped.some((child) => child.pid === pid);
    // What a process did meanwhile: its threads' context switches and its CPU ticks. A process
    // whose figures did not move between before psutil's first read and after its second did not
    // run, so its own memory stayed put while the three readings were taken (one that grew and
    // shrank again, a Node process collecting garbage, can give psutil the same figures twice).
    const activity = (pid: string): string | null => {
      try {
        const tasks = readdirSync(`/proc/${pid}/task`);
        let switches = 0;
        for (const tid of tasks) {
          for (const count of readFileSync(`/proc/${pid}/task/${tid}/status`, 'latin1').matchAll(/ctxt_switches:\s*(\d+)/g)) switches += Number(count[1]);
        }
        const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
        const [utime, stime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13);
        return `${tasks.length} ${switches} ${utime} ${stime}`;
      } catch {
        return null;
      }
    };
    const activityOfAll = () => new Map(pids().map((pid) => [String(pid), activity(String(pid))]));
    const activeBefore = activityOfAll();
    const before = psutilAll();
    const mine = new Map(pids().map((pid) => [pid, ours(pid)]));
    const after = psutilAll();
    const activeAfter = activityOfAll();
    const TOLERANCE = 1024 * 1024;
    // PSS divides shared pages by their mappers, and psutil's own python maps libc and more while
    // it reads, which ours does not see: PSS may move by the pages the interpreter shares.
    let compared = 0;
    let exact = 0;
    for (const [pidText, first] of Object.entries(before)) {
      const pid = Number(pidText);
      const second = after[pidText];
      const reading = mine.get(pid);
      if (second === undefined || reading === undefined || reading === 'gone') continue; // psutil's own python, or short-lived
      if (first === 'denied' || second === 'denied') {
        expect(reading, `pid ${pid}`).toBe('denied');
        continue;
      }
      if (first[0] !== second[0] || first[2] !== second[2]) continue; // busy while we read
      expect(reading, `pid ${pid}`).not.toBe('denied');
      if (reading === 'denied') continue;
      if (isStopped(pid)) {
        expect(reading[0], `stopped pid ${pid} uss`).toBe(first[0]);
        expect(reading[2], `stopped pid ${pid} swap`).toBe(first[2]);
        exact++;
      } else {
        const ran = activeBefore.get(pidText);
        if (ran === null || ran === undefined || ran !== activeAfter.get(pidText)) continue; // ran while we read
        expect(Math.abs(reading[0] - first[0]), `pid ${pid} uss`).toBeLessThanOrEqual(TOLERANCE);
        expect(Math.abs(reading[2] - first[2]), `pid ${pid} swap`).toBeLessThanOrEqual(TOLERANCE);
      }
      expect(Math.abs(reading[1] - first[1]), `pid ${pid} pss`).toBeLessThanOrEqual(TOLERANCE);
      compared++;
    }
    const readings = stopped.map((child) => [child.pid, before[String(child.pid)], mine.get(child.pid ?? 0), after[String(child.pid)]]);
    expect(exact, JSON.stringify(readings)).toBe(stopped.length);
    expect(compared).toBeGreaterThan(5);
  });
});
