// pt-procsmem against psutil: the output of psutil 5.6's scripts/procsmem.py (the layout
// pt-procsmem keeps) on the frozen smem-live /proc, recorded in test/golden/ by running that
// script through psutil.PROCFS_PATH as user nobody (see test/golden/README.md), compared byte
// for byte; and memory_full_info() of every live pid against our memoryFullInfo().
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Process, pids } from '../../src/core/process/process.js';
import { memoryFullInfo } from '../../src/core/process/smaps.js';
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
    for (const pid of pids({ proc: join(tree.dir, 'proc'), sys: '/sys' })) {
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

  it('agrees with psutil memory_full_info() for every readable live pid', () => {
    type Reading = [number, number, number] | 'denied' | 'gone';
    const readAll = (): Map<number, Reading> =>
      new Map(
        pids().map((pid): [number, Reading] => {
          try {
            const info = memoryFullInfo(new Process(pid));
            return [pid, [info.uss, info.pss, info.swap]];
          } catch (error) {
            if (error instanceof NoSuchProcess) return [pid, 'gone'];
            if (error instanceof AccessDenied) return [pid, 'denied'];
            throw error;
          }
        }),
      );
    // Read before and after psutil, to tell the processes that held still from busy ones.
    const before = readAll();
    const dump = run([
      PYTHON,
      '-c',
      'import json, psutil\nout = {}\nfor p in psutil.process_iter():\n  try:\n    m = p.memory_full_info(); out[p.pid] = [m.uss, m.pss, m.swap]\n  except psutil.AccessDenied:\n    out[p.pid] = "denied"\n  except psutil.NoSuchProcess:\n    pass\nprint(json.dumps(out))',
    ]);
    const after = readAll();
    const theirs = JSON.parse(dump.stdout.toString()) as Record<string, [number, number, number] | 'denied'>;
    // psutil's tolerance for live memory figures: a runnable process can touch a page between
    // our two readings and put it back.
    const TOLERANCE = 1024 * 1024;
    let compared = 0;
    for (const [pidText, expected] of Object.entries(theirs)) {
      const pid = Number(pidText);
      const readings = [before.get(pid), after.get(pid)].filter((r): r is Exclude<Reading, 'gone'> => r !== undefined && r !== 'gone');
      if (readings.length === 0) continue; // psutil's own python process, or a short-lived one
      if (expected === 'denied') {
        expect(readings, `pid ${pid}`).toContain('denied');
        continue;
      }
      const figures = readings.filter((r): r is [number, number, number] => r !== 'denied');
      const [first, second] = figures;
      // Only processes that held still while psutil read them: a sleeping process's USS and
      // swap do not move, its PSS moves only as others map or unmap the pages it shares.
      if (!first || !second || first[0] !== second[0] || first[2] !== second[2]) continue;
      expect(Math.abs(expected[0] - first[0]), `pid ${pid} uss`).toBeLessThanOrEqual(TOLERANCE);
      expect(expected[2], `pid ${pid} swap`).toBe(first[2]);
      expect(Math.abs(expected[1] - first[1]), `pid ${pid} pss`).toBeLessThanOrEqual(TOLERANCE);
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  });
});
