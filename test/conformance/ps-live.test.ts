// pt-ps against ps on the running machine while processes start and exit: anything alive
// during both ps runs around ours must be in ours, with the same static columns.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSameRun, IN_CI, ours, run, type RunResult } from './harness.js';

const hasPs = spawnSync('sh', ['-c', 'command -v ps'], { stdio: 'ignore' }).status === 0;
const FORMAT = 'pid=,ppid=,user=,stat=,comm=';

function snapshot(command: string[]): Map<number, string> {
  const result = run(command, { env: { ...process.env, LC_ALL: 'C' } });
  expect(result.status).toBe(0);
  const lines = result.stdout.toString().trimEnd().split('\n');
  const table = new Map(lines.map((line): [number, string] => [Number.parseInt(line, 10), line.trim().replace(/\s+/g, ' ')]));
  // Every line a process, none twice.
  expect(table.size).toBe(lines.length);
  for (const pid of table.keys()) expect(pid).toBeGreaterThan(0);
  return table;
}

describe('ps live check', () => {
  it.skipIf(!hasPs && !IN_CI)('lists the same processes with the same static columns as ps, under churn', () => {
    // A shell that keeps starting and reaping short-lived processes for the whole comparison.
    const churn = spawn('sh', ['-c', 'while :; do sleep 0.01 & sleep 0.02 & wait; done'], { stdio: 'ignore' });
    try {
      for (let round = 0; round < 3; round++) {
        const before = snapshot(['ps', '-eo', FORMAT]);
        const mine = snapshot(ours('ps', ['-eo', FORMAT]));
        const after = snapshot(['ps', '-eo', FORMAT]);
        for (const [pid, line] of before) {
          if (!after.has(pid)) continue;
          // State (R/S) can change between runs; pid, ppid, user and command name cannot, except
          // a kernel worker's suffix: wq_worker_comm (kernel/workqueue.c) appends the workqueue
          // of its latest work item ("kworker/0:1-events", "+" while it runs), which can change
          // and change back between the three reads.
          const stable = (text: string | undefined) =>
            text
              ?.split(' ')
              .filter((_, i) => i !== 3)
              .join(' ')
              .replace(/ (kworker\/[^-+ ]*)[-+]\S*$/, ' $1');
          if (stable(after.get(pid)) !== stable(line)) continue; // an exec between the two runs
          expect(stable(mine.get(pid)), `pid ${pid}`).toBe(stable(line));
        }
        // A pid that only we listed was born after the first ps and gone before the second:
        // churn, or anything else the machine started meanwhile.
      }
    } finally {
      churn.kill();
    }
  });
});

describe('ps m and -m, live', () => {
  // A frozen table cannot serve here: procps' m loop never ends on one (it finds the thread
  // group ids of the table, not of the running pids), so a real multi-threaded process is used.
  it.skipIf(!hasPs && !IN_CI)('prints the process line, then a line per thread, with "-" where a column does not apply', async () => {
    const child = spawn('python3', ['-c', 'import threading, time\nfor _ in range(3): threading.Thread(target=time.sleep, args=(60,)).start()\nprint("ready", flush=True)\ntime.sleep(60)'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      await once(child.stdout, 'data');
      const pid = String(child.pid);
      for (const args of [['-m', '-p', pid, '-o', 'pid,tid,lwp,nlwp,stat,comm,args,tty,ni,pri,psr'], ['m', '-p', pid], ['-mL', '-p', pid]]) {
        const classic = run(['ps', ...args]);
        expectSameRun(run(ours('ps', args)), classic);
        expect(classic.stdout.toString().split('\n').length).toBeGreaterThan(4);
      }
      // Sorted, procps prints through fancy_spew, which reaps the processes alone (H's loose
      // threads excepted): one line for the process, whatever -L, -T or m asked.
      for (const args of [['-L', '--sort=lwp', '-o', 'pid,lwp,nlwp', '-p', pid], ['-T', 'k', 'pid', '-o', 'pid,spid,comm', '-p', pid], ['m', '--sort', 'pid', '-p', pid], ['H', '--sort', '-tid', '-o', 'pid,tid,comm', '-p', pid]]) {
        const classic = run(['ps', ...args]);
        expectSameRun(run(ours('ps', args)), classic);
        expect(classic.stdout.toString().split('\n').length).toBe(args[0] === 'H' ? 6 : 3);
      }
    } finally {
      child.kill();
    }
  });
});

describe('ps EXE of an executable whose path is not UTF-8', () => {
  // The kernel's bytes: a lone 0xff 0xfe in the name is shown as procps escapes it ("?" in C,
  // and in C.UTF-8 too, as an invalid sequence), never as a decoded U+FFFD.
  it.skipIf(!hasPs && !IN_CI)('shows the link as ps does, in the C and UTF-8 locales', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptools-exe-'));
    const binary = Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0xff, 0xfe]), Buffer.from('bad name')]);
    copyFileSync('/bin/sleep', binary);
    chmodSync(binary, 0o755);
    // spawn takes a string: the process is started through an ASCII link, and exe names the target.
    symlinkSync(binary, join(dir, 'link'));
    const child = spawn(join(dir, 'link'), ['600'], { stdio: 'ignore' });
    try {
      await once(child, 'spawn');
      const pid = String(child.pid);
      for (const LC_ALL of ['C', 'C.UTF-8']) {
        for (const args of [['-o', 'pid,exe', '-p', pid], ['-o', 'exe:12,pid', '-p', pid], ['-o', 'exe=', '-p', pid]]) {
          const env = { ...process.env, LC_ALL };
          const classic = run(['ps', ...args], { env });
          expect(classic.stdout.includes(Buffer.from('bad'))).toBe(args[1] !== 'exe:12,pid');
          expectSameRun(run(ours('ps', args), { env }), classic);
        }
      }
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ps keywords read from files beside stat, live', () => {
  // oom_score, oom_score_adj, io, limits, loginuid and autogroup of a stopped process and of a
  // kernel thread. (PSS and USS are left to the unit tests: a Node process maps pages the target
  // shares, so the figures it reads are not the ones a C program reads.)
  it.skipIf(!hasPs && !IN_CI)('prints them as ps does', async () => {
    const child = spawn('sleep', ['600'], { stdio: 'ignore' });
    try {
      await once(child, 'spawn');
      child.kill('SIGSTOP');
      const args = ['-o', 'pid,oom,oomadj,rbytes,rchars,rops,wbytes,wcbytes,wchars,wops,lim,luid,ag_id,ag_nice,numa,tty4', '-p', `2,${child.pid}`];
      expectSameRun(run(ours('ps', args)), run(['ps', ...args]));
      // What makes the case: the process's counters are read (not all zero).
      expect(run(['ps', '-o', 'rchars=,rops=', '-p', String(child.pid)]).stdout.toString().trim()).toMatch(/^[1-9]\d* +[1-9]/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

// procps' ps reads the boot time (/proc/stat's btime, kept in an unsigned int) and total memory
// only for a column that shows them, and dies in the middle of that line when its library cannot
// read the file; a btime it cannot scan is 0, one past range wraps or stops at ULLONG_MAX.
describe('ps with /proc/stat or /proc/meminfo damaged', () => {
  it.skipIf(!hasPs && !IN_CI)('prints, and fails, as ps does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptools-ps-damaged-'));
    try {
      const live = (file: string) => run(['cat', `/proc/${file}`]).stdout.toString();
      const btime = (value: string) => live('stat').replace(/^btime .*$/m, value);
      const files: Array<[string, string]> = [
        ['stat', ''],
        ['stat', 'garbage\n'],
        ['stat', btime('btime 99999999999999999999')],
        ['stat', btime('btime -5')],
        ['stat', btime('btime abc')],
        ['stat', live('stat').replace(/^btime .*\n/m, '')],
        ['meminfo', ''],
      ];
      for (const [i, [file, text]] of files.entries()) {
        const path = join(dir, `${file}-${i}`);
        writeFileSync(path, text);
        const within = (command: readonly string[]) => run(['unshare', '-m', '--propagation', 'private', 'sh', '-c', 'mount --bind "$1" "$2" && shift 2 && exec "$@"', 'sh', path, `/proc/${file}`, ...command]);
        for (const args of [['-o', 'pid,lstart,start_time,start,comm', '-p', '1'], ['-o', 'pid,comm,%mem', '-p', '1'], ['-o', 'pid,comm', '-p', '1']]) {
          expectSameRun(within(ours('ps', args)), within(['ps', ...args]));
        }
        // Every process (the addon's lines): the first lines, before ps and ours differ by themselves.
        for (const args of [['-eo', 'pid,start_time,comm'], ['-eo', 'user,pid,%mem,start,comm']]) {
          const head = (result: RunResult) => ({ ...result, stdout: Buffer.from(result.stdout.toString('latin1').split('\n').slice(0, 3).join('\n'), 'latin1') });
          expectSameRun(head(within(ours('ps', args))), head(within(['ps', ...args])));
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // procps_pid_length: the pid columns as wide as pid_max's first line (5 when it cannot be read);
  // top refuses more than 10.
  it.skipIf(!hasPs && !IN_CI)('ps and top size their pid columns from pid_max as procps does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptools-pidmax-'));
    try {
      for (const [i, text] of ['', 'garbage\n', '\n', '99999999999999999999\n', '-5\n', '327', '1234567890\n', '12345678901\n'].entries()) {
        const path = join(dir, `pid_max-${i}`);
        writeFileSync(path, text);
        const within = (command: readonly string[]) => run(['unshare', '-m', '--propagation', 'private', 'sh', '-c', 'mount --bind "$1" "$2" && shift 2 && exec "$@"', 'sh', path, '/proc/sys/kernel/pid_max', ...command]);
        expectSameRun(within(ours('ps', ['-o', 'pid,ppid,comm', '-p', '1'])), within(['ps', '-o', 'pid,ppid,comm', '-p', '1']));
        // top's header line (its rows and summary move between two runs), its errors and status.
        const header = (result: RunResult) => ({ ...result, stdout: Buffer.from(result.stdout.toString('latin1').split('\n')[6] ?? '', 'latin1') });
        expectSameRun(header(within(ours('top', ['-b', '-n', '1']))), header(within(['top', '-b', '-n', '1'])));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
