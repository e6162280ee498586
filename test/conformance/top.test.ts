// pt-top -b against procps-ng 4.0.2's top -b on whole frozen process tables (the ps fixtures,
// made by test/fixtures/craft-procs.mjs and capture-procs.mjs), byte for byte: stdout, stderr and
// exit status. Both run as pid 1 of a new pid namespace over the fixture's /proc, with the clock
// pinned by libfaketime and HOME an empty directory, so that no toprc changes top's defaults.
// On a frozen /proc every tick difference is 0, so the first frame is exact: CPU states all idle,
// every %CPU 0.0, the tasks in the order /proc lists them.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSameRun, IN_CI, ours, run, runInProcTree, unavailableReason } from './harness.js';

// libfaketime's absolute form stops the clock (the "@" form would let it run, and a slow start
// would show 12:00:01); the monotonic clock stays real, so that top's and node's sleeps end.
const NOW = '2026-11-23 12:00:00';
const HOME = { HOME: mkdtempSync(join(tmpdir(), 'ptools-top-home-')) };

const TREES = ['ps-crafted', 'ps-captured', 'ps-crafted-pidmax'];

const CASES: string[][] = [
  ['-b', '-n', '1'],
  ['-bn1'],
  ['-b', '-n', '1', '-c'],
  ['-b', '-n', '1', '-i'],
  ['-b', '-n', '1', '-S'],
  ['-b', '-n', '1', '-w', '200'],
  ['-b', '-n', '1', '-w', '60'],
  ['-b', '-n', '1', '-w', '3'],
  ['-b', '-n', '1', '-w'],
  ['-b', '-n', '1', '-w', '81', '-c'],
  ['-b', '-n', '1', '-E', 'k'],
  ['-b', '-n', '1', '-E', 'g'],
  ['-b', '-n', '1', '-E', 'e'],
  ['-b', '-n', '1', '-e', 'm'],
  ['-b', '-n', '1', '-e', 'p'],
  ['-b', '-n', '1', '-o', 'PID'],
  ['-b', '-n', '1', '-o', '-PID'],
  ['-b', '-n', '1', '-o', 'USER'],
  ['-b', '-n', '1', '-o', 'COMMAND', '-c'],
  ['-b', '-n', '1', '-o', 'TIME+'],
  ['-b', '-n', '1', '-o', '+NI'],
  ['-b', '-n', '1', '-o', 'S'],
  ['-b', '-n', '1', '-o', '%MEM'],
  ['-b', '-n', '1', '-p', '1,2'],
  ['-b', '-n', '1', '-p', '300', '-p', '1', '-p', '99999'],
  ['-b', '-n', '1', '-u', 'root'],
  ['-b', '-n', '1', '-u', '!root'],
  ['-b', '-n', '1', '-U', '1000'],
  ['-b', '-n', '1', '--filter-any-user', 'alice'],
  ['-b', '-n', '2', '-d', '0.1'],
  ['--batch-mode', '--iterations=1', '--sort-override=RES', '--width=100'],
  // -H: a line per thread (ps-crafted's 307 and ps-captured's 1 and 19 have several), the leader
  // read from the process's directory, the others from task/TID.
  ['-b', '-n', '1', '-H'],
  ['-b', '-n', '1', '-H', '-c'],
  ['-b', '-n', '1', '-H', '-S'],
  ['-b', '-n', '1', '-H', '-o', 'TIME+'],
  ['-b', '-n', '1', '-H', '-o', '-PID'],
  ['-b', '-n', '1', '-H', '-p', '1'],
  ['-b', '-n', '1', '-H', '-p', '307,19'],
  ['-b', '-n', '1', '-H', '-u', 'root'],
  // A thread's id that is not its process's (ps-crafted's 308 and 309 are 307's threads): the
  // frozen trees list no /proc/308, so neither top finds it.
  ['-b', '-n', '1', '-H', '-p', '308'],
  ['-b', '-n', '1', '-p', '309'],
  ['-b', '-n', '1', '-H', '-p', '309,300'],
  ['--threads-show', '--iterations=2', '--delay=0.1', '-b'],
  // -1: each CPU (the trees have two), two abreast as the default window's double_up puts them, and
  // Mem and Swap on one line: cut at 80 columns, at 90, whole at 200.
  ['-b', '-n', '1', '-1'],
  ['-b', '-n', '1', '-1', '-1'],
  ['-b', '-n', '1', '-1', '-w', '90'],
  ['-b', '-n', '1', '-1', '-w', '200'],
  ['-b', '-n', '1', '-1', '-H', '-w', '250', '-E', 'k'],
  ['-b', '-n', '2', '-d', '0.1', '--single-cpu-toggle', '-w'],
];

// -o on fields top does not show, which the frozen trees tell apart (or leave in their listing
// order, as nDRT's noop sort does): descending on ps-crafted, ascending with -H on ps-captured.
// top-sort.test.ts has the fields read from files the trees lack.
const SORT_FIELDS = [
  'PPID', 'UID', 'RUID', 'RUSER', 'SUID', 'SUSER', 'GID', 'GROUP', 'PGRP', 'TTY', 'TPGID', 'SID', 'nTH', 'P', 'TIME', 'SWAP', 'CODE', 'DATA', 'nMaj', 'nMin',
  'nDRT', 'WCHAN', 'Flags', 'CGROUPS', 'SUPGIDS', 'SUPGRPS', 'TGID', 'ENVIRON', 'vMj', 'vMn', 'USED', 'RSan', 'RSfd', 'RSlk', 'RSsh', 'CGNAME', 'STARTED',
  'ELAPSED', '%CUU', '%CUC',
];
const SORT_CASES: Array<[string, string[]]> = [
  ...SORT_FIELDS.map((field): [string, string[]] => ['ps-crafted', ['-b', '-n', '1', '-o', field]]),
  ...SORT_FIELDS.map((field): [string, string[]] => ['ps-captured', ['-b', '-n', '1', '-H', '-o', `+${field}`]]),
];

// -V and --version are test/cli/version.test.ts's: the classic text with ptools' version added.
const ERROR_CASES: string[][] = [
  // Without -b and without TERM: status 1, nothing said.
  [],
  ['-n', '1'],
  ['-h'],
  ['-O'],
  ['-b', '-x'],
  ['-b', '--nosuch'],
  ['-b', '-n', '0'],
  ['-b', '-n', 'x'],
  ['-b', '-n'],
  ['-b', '-d', '-1'],
  ['-b', '-d', 'x'],
  ['-b', '-s', '-d', '1'],
  ['-b', '-E', 'x'],
  ['-b', '-e', 'e'],
  ['-b', '-o', 'FOO'],
  ['-b', '-o', 'pid'],
  ['-b', '-o', '+'],
  ['-b', '-o', '-nosuch'],
  ['-b', '-o', '%cpu'],
  ['-b', '-n', '1', '-o', 'PID', '-o', 'nope'],
  ['-b', '-p', 'x'],
  ['-b', '-p', '1', '-u', 'root'],
  ['-b', '-u', 'nosuchuser'],
  ['-b', '-w', '2'],
  ['-b', '-w', '513'],
  ['-b', '5'],
  ['-b', '-n1', 'extra'],
  // bye_bye's newline ends batch output only once -b has been seen.
  ['-v'],
  ['-c', '-x'],
  ['-b', '-h'],
  ['-h', '-b'],
  ['-b', '-O'],
  // An empty value takes the next argument, whatever it is; none left is "argument missing".
  ['-b', '-n', '', '1'],
  ['-b', '-n', ''],
  ['-b', '--iterations=', '1'],
  ['-b', '-n', '1', '-w', '', '100'],
  ['-b', '-n', '1', '--width=', '90'],
  ['-b', '-n', '1', '-w', ''],
  ['-b', '-n', '1', '-o', '', '-n'],
  ['-b', '-n', '1', '-E', '', '5'],
  ['-b', '-n', '1', '-p', '', '1'],
  // user_certify: strtoul's numbers (signed ones wrap), "!" alone for all but root.
  ['-b', '-n', '1', '-u', '-1'],
  ['-b', '-n', '1', '-u', '+0'],
  ['-b', '-n', '1', '-u', '!'],
  ['-b', '-n', '1', '-U', '!-1'],
  ['-b', '-n', '1', '-u', '0x'],
  ['-b', '-n', '1', '-U', '0x3e8'],
  // mkfloat's strtof: hexadecimal floats and infinities.
  ['-b', '-n', '1', '-d', '0x1p-1'],
  ['-b', '-n', '1', '-d', '-inf'],
  ['-b', '-n', '1', '-d', 'inf'],
];

const reason = unavailableReason('top') ?? unavailableReason('faketime');

describe(`top conformance${reason ? ` (cannot run: ${reason})` : ''}`, () => {
  if (reason) {
    it.runIf(IN_CI)('has top, faketime and unshare', () => {
      throw new Error(reason);
    });
    it.skipIf(IN_CI)(`skipped: ${reason}`, () => {});
    return;
  }

  for (const tree of TREES) {
    for (const args of CASES) {
      it(`${tree}: top ${args.join(' ')}`, () => {
        expectSameRun(runInProcTree(tree, ours('top', args), NOW, HOME), runInProcTree(tree, ['top', ...args], NOW, HOME));
      });
    }
  }
  for (const [tree, args] of SORT_CASES) {
    it(`${tree}: top ${args.join(' ')}`, () => {
      expectSameRun(runInProcTree(tree, ours('top', args), NOW, HOME), runInProcTree(tree, ['top', ...args], NOW, HOME));
    });
  }
  for (const args of ERROR_CASES) {
    it(`errors: top ${args.join(' ')}`, () => {
      expectSameRun(runInProcTree('ps-crafted', ours('top', args), NOW, HOME), runInProcTree('ps-crafted', ['top', ...args], NOW, HOME));
    });
  }
  it('without -b, TERM set and stdin no terminal: "failed tty get"', () => {
    const env = { ...HOME, TERM: 'xterm' };
    expectSameRun(runInProcTree('ps-crafted', ours('top', ['-n', '1']), NOW, env), runInProcTree('ps-crafted', ['top', '-n', '1'], NOW, env));
  });
  // adj_geometry asks the terminal on stdout for its size after ncurses read COLUMNS: on a
  // terminal, its width wins; -w N wins over both. Run on a pty of that size (script(1)).
  it('on a terminal, the terminal\'s width, over COLUMNS; -w over the terminal', () => {
    const onTerminal = (columns: number, command: string[]) => ['script', '-qec', `stty cols ${columns} rows 30; exec ${command.join(' ')}`, '/dev/null'];
    for (const [columns, args] of [
      [40, ['-b', '-n', '1']],
      [120, ['-b', '-n', '1', '-c']],
      [120, ['-b', '-n', '1', '-w', '70']],
    ] as const) {
      const env = { ...HOME, COLUMNS: '60', TERM: 'xterm' };
      const classic = runInProcTree('ps-crafted', onTerminal(columns, ['top', ...args]), NOW, env);
      expect(classic.status).toBe(0);
      expectSameRun(runInProcTree('ps-crafted', onTerminal(columns, ours('top', [...args])), NOW, env), classic);
    }
  });
  it('a bare -w takes COLUMNS, never under 3 columns', () => {
    for (const COLUMNS of ['2', '1', '7']) {
      const env = { ...HOME, COLUMNS };
      expectSameRun(runInProcTree('ps-crafted', ours('top', ['-b', '-n', '1', '-w']), NOW, env), runInProcTree('ps-crafted', ['top', '-b', '-n', '1', '-w'], NOW, env));
    }
  });
  it('COLUMNS sets the width', () => {
    const env = { ...HOME, COLUMNS: '100' };
    expectSameRun(runInProcTree('ps-crafted', ours('top', ['-b', '-n', '1']), NOW, env), runInProcTree('ps-crafted', ['top', '-b', '-n', '1'], NOW, env));
  });

  // In a UTF-8 locale top prints the crafted table's UTF-8 names as they are: --json carries the
  // same text, decoded (not each byte as a character).
  it('--json decodes commands as top prints them in a UTF-8 locale', () => {
    const env = { ...HOME, LC_ALL: 'C.UTF-8' };
    const classic = runInProcTree('ps-crafted', ['top', '-b', '-n', '1', '-c', '-w', '512'], NOW, env).stdout.toString('utf8');
    const mine = JSON.parse(runInProcTree('ps-crafted', ours('top', ['-b', '-n', '1', '-c', '--json']), NOW, env).stdout.toString('utf8')) as { processes: Array<{ pid: number; command: string }> };
    const commands = new Map(mine.processes.map((task) => [task.pid, task.command]));
    const rows = classic.split('\n').filter((line) => /^ *\d+ /.test(line));
    expect(rows.some((row) => /[^\x00-\x7f]/.test(row))).toBe(true);
    // A command that is not valid UTF-8 (pid 334) is left out: its stray bytes have no text to compare.
    for (const row of rows.filter((line) => !line.includes('\ufffd'))) {
      const [pid = '', ...columns] = row.trim().split(/ +/);
      // COMMAND is the last column, after the eleven fixed ones (USER to TIME+).
      const command = columns.slice(10).join(' ');
      expect(commands.get(Number(pid))?.replace(/ +/g, ' '), row).toBe(command);
    }
  });

  // Live, the figures move between the two runs: the same summary lines and the same columns.
  for (const extra of [[], ['-H'], ['-1', '-w', '512']]) {
    it(`live: the same lines and columns as top -b -n 1 ${extra.join(' ')}`, () => {
      // The summary, the blank line and the column header.
      const shape = (text: string) => {
        const lines = text.split('\n');
        return lines
          .slice(0, lines.findIndex((line) => / PID /.test(line)) + 1)
          .map((line) => line.replace(/ *[\d.]+/g, ' N'))
          .join('\n');
      };
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC', ...HOME };
      const classic = run(['top', '-b', '-n', '1', ...extra], { env });
      const mine = run(ours('top', ['-b', '-n', '1', ...extra]), { env });
      expect(mine.status).toBe(0);
      expect(shape(mine.stdout.toString())).toBe(shape(classic.stdout.toString()));
    });
  }

  // A thread's id asked for live, where /proc/TID answers though /proc does not list it: with -H
  // top shows the whole thread group, without it only that task. The Python is stopped, so its
  // lines do not move between the two runs.
  it('live: -p of a thread that is not its process, with and without -H', async () => {
    const child = spawn('/usr/bin/python3', ['-c', 'import threading,time\nthreading.Thread(target=time.sleep,args=(1000,)).start()\nprint(1,flush=True)\ntime.sleep(1000)'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await new Promise((resolve) => child.stdout.once('data', resolve));
      child.kill('SIGSTOP');
      const pid = String(child.pid);
      const tid = readdirSync(`/proc/${pid}/task`).find((task) => task !== pid) ?? '';
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC', ...HOME };
      // The task table: the lines from the column header on.
      const table = (text: Buffer) => text.toString('latin1').split('\n').slice(6).join('\n');
      for (const args of [['-H', '-p', tid], ['-p', tid], ['-H', '-p', `${tid},${pid}`]]) {
        const classic = run(['top', '-b', '-n', '1', '-w', '200', ...args], { env });
        const mine = run(ours('top', ['-b', '-n', '1', '-w', '200', ...args]), { env });
        expect(mine.status).toBe(classic.status);
        expect(table(mine.stdout)).toBe(table(classic.stdout));
        expect(table(classic.stdout)).toMatch(new RegExp(`^ *${tid} `, 'm'));
      }
    } finally {
      child.kill('SIGKILL');
    }
  });

  // jc --top on the classic text, live: the same keys for the frame and for each process.
  const jc = run(['sh', '-c', 'command -v jc']).status === 0;
  it.skipIf(!jc && !IN_CI)("--json has jc's top keys", () => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC', ...HOME };
    const classic = JSON.parse(run(['sh', '-c', 'top -b -n 1 | jc -q --top'], { env }).stdout.toString()) as Array<Record<string, unknown>>;
    const mine = JSON.parse(run(ours('top', ['-b', '-n', '1', '--json']), { env }).stdout.toString()) as Record<string, unknown>;
    const keys = (o: unknown) => Object.keys(o as object).sort();
    const [frame] = classic;
    expect(keys(mine)).toEqual(keys(frame));
    expect(keys((mine.processes as unknown[])[0])).toEqual(keys((frame?.processes as unknown[])[0]));
  });
});
