// pt-procsmem against psutil: the output of psutil 5.6's scripts/procsmem.py (the layout
// pt-procsmem keeps) on the frozen smem-live /proc, recorded in test/golden/ by running that
// script through psutil.PROCFS_PATH as user nobody (see test/golden/README.md), compared byte
// for byte; and memory_full_info() of every live pid against our memoryFullInfo().
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    // psutil's readings of PIDS (every process when none are given), by pid.
    const psutil = (pids: readonly number[] = []): Record<string, Reading> =>
      JSON.parse(
        run([
          PYTHON,
          '-c',
          'import json, psutil, sys\nwanted = [int(a) for a in sys.argv[1:]]\nout = {}\nfor p in ([psutil.Process(pid) for pid in wanted] if wanted else psutil.process_iter()):\n  try:\n    m = p.memory_full_info(); out[p.pid] = [m.uss, m.pss, m.swap]\n  except psutil.AccessDenied:\n    out[p.pid] = "denied"\n  except psutil.NoSuchProcess:\n    pass\nprint(json.dumps(out))',
          ...pids.map(String),
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
    // memory, so its USS and swap must be equal to the byte, provided no reader maps its files:
    // a file page counts as private while one process maps it, so a stopped python would gain
    // USS when psutil's python exits. `tail` shares only libc and ld.so with both readers.
    // A running process can allocate a page and free it again between three reads that agree,
    // so it gets psutil's own tolerance.
    const stopped = [0, 1, 2].map(() => spawn('tail', ['-f', '/dev/null'], { stdio: 'ignore' }));
    // Stopped only once it runs tail (stopped between fork and exec, it would still be a copy of
    // this node process, sharing its pages); the stop is delivered asynchronously, so wait
    // (bounded) until each child's state is T.
    const stat = (pid: number | undefined) => readFileSync(`/proc/${pid}/stat`, 'latin1');
    for (let i = 0; i < 100 && stopped.some((child) => !stat(child.pid).includes(' (tail) ')); i++) spawnSync('sleep', ['0.02']);
    for (const child of stopped) child.kill('SIGSTOP');
    const state = (pid: number | undefined) => (stat(pid).split(') ')[1] ?? '')[0];
    for (let i = 0; i < 100 && stopped.some((child) => state(child.pid) !== 'T'); i++) spawnSync('sleep', ['0.02']);
    const isStopped = (pid: number) => stopped.some((child) => child.pid === pid);
    const before = psutil();
    const mine = new Map(pids().map((pid) => [pid, ours(pid)]));
    const after = psutil();
    const TOLERANCE = 1024 * 1024;
    // PSS divides shared pages by their mappers, and psutil's own python maps libc and more while
    // it reads, which ours does not see: PSS may move by the pages the interpreter shares.
    let compared = 0;
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
      if (!isStopped(pid)) {
        expect(Math.abs(reading[0] - first[0]), `pid ${pid} uss`).toBeLessThanOrEqual(TOLERANCE);
        expect(Math.abs(reading[2] - first[2]), `pid ${pid} swap`).toBeLessThanOrEqual(TOLERANCE);
      }
      expect(Math.abs(reading[1] - first[1]), `pid ${pid} pss`).toBeLessThanOrEqual(TOLERANCE);
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
    // Even a stopped process's USS moves when a page it shares with one other process becomes
    // private as that process exits, and back when another maps it: under the churn of a parallel
    // run that can fall between psutil's two reads, which then agree while ours differs. So each
    // stopped one is read again, ours between two psutil reads, until ours equals the two when
    // they agree (at most 5 rounds): a reader that counts otherwise never does.
    const rounds: Array<[number, Reading | undefined, Reading | 'gone', Reading | undefined]> = [];
    let exact = 0;
    let differed = 0;
    for (const child of stopped) {
      const pid = child.pid ?? 0;
      let agreed = false;
      let matched = false;
      for (let round = 0; round < 5 && !matched; round++) {
        const first = psutil([pid])[String(pid)];
        const reading = ours(pid);
        const second = psutil([pid])[String(pid)];
        rounds.push([pid, first, reading, second]);
        if (!Array.isArray(first) || !Array.isArray(second) || first[0] !== second[0] || first[2] !== second[2]) continue;
        agreed = true;
        matched = Array.isArray(reading) && reading[0] === first[0] && reading[2] === first[2];
      }
      if (matched) exact++;
      else if (agreed) differed++;
    }
    for (const child of stopped) child.kill('SIGKILL');
    expect([exact > 0, differed], JSON.stringify(rounds)).toEqual([true, 0]);
  });
});
