// Every listing command and processesSync()/processes()/iterProcesses() while processes are forked and reaped
// continuously (a Python fork loop and a pool of children living a few milliseconds): each run
// must exit 0 with rows of the right shape and parseable --json, or, for one process that
// vanished, procinfo's documented "no process found" failure and pmap's status for a pid gone.
// Bounded by a fixed number of rounds (a few seconds each on this kind of machine), not by a
// clock.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iterProcesses, processes, processesSync, type ProcessAttribute } from '../../src/index.js';
import { ours, run } from './harness.js';

const ROUNDS = 2;

// Forks as fast as it can (each child exits at once) and keeps about 20 children that live
// 1-20 ms, so listings meet processes at every point of their lives: born, running, zombie, gone.
// Prints how many it forked when told to stop.
const FORKER = `
import os, random, signal, sys, time
forks = 0
stop = False
def done(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, done)
alive = set()
while not stop:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    forks += 1
    if len(alive) < 20:
        pid = os.fork()
        if pid == 0:
            time.sleep(random.uniform(0.001, 0.02))
            os._exit(0)
        alive.add(pid)
        forks += 1
    while alive:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            alive.clear()
            break
        if pid == 0:
            break
        alive.discard(pid)
sys.stdout.write(str(forks))
`;

let forker: ChildProcess;
let forked = '';
let scriptDir: string;
// A TCP listener and a UDP socket of our own, so that -antp and -anup have rows on any machine.
let listener: Server;
let udp: Socket;

beforeAll(async () => {
  // From a file, not -c: the script's newlines would be in its command line, and smem and procsmem
  // print a command line as it is, newlines included, which would split its row.
  scriptDir = mkdtempSync(join(tmpdir(), 'ptools-churn-'));
  const script = join(scriptDir, 'forker.py');
  writeFileSync(script, FORKER);
  forker = spawn('/usr/bin/python3', [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  forker.stdout?.on('data', (chunk: Buffer) => (forked += chunk.toString()));
  listener = createServer().listen(0, '127.0.0.1');
  udp = createSocket('udp4').bind(0, '127.0.0.1');
  await Promise.all([once(listener, 'listening'), once(udp, 'listening')]);
});

afterAll(async () => {
  listener.close();
  udp.close();
  const exited = once(forker, 'exit');
  forker.kill('SIGTERM');
  await exited;
  rmSync(scriptDir, { recursive: true, force: true });
  process.stdout.write(`churn: ${forked} forks during the suite\n`);
  // The churn really happened: thousands of forks during the suite (how many per second depends on
  // the machine and is not asserted).
  expect(Number(forked)).toBeGreaterThan(1000);
});

const lines = (stdout: Buffer) => stdout.toString('latin1').split('\n').filter((line) => line !== '');
const fields = (line: string) => line.trim().split(/\s+/);

/**
 * smem and procsmem print a command line as it is, newlines included, so the row of a process whose
 * command line holds newlines (a multi-line `bash -c`, as CI runners start) spans that many more
 * lines. Such a row starts with its pid and is excused, with its continuation lines, only while the
 * process is still there to show its command line.
 */
function continuationLines(row: string): number {
  const pid = /^\s*(\d+)\s/.exec(row)?.[1];
  if (pid === undefined) return 0;
  try {
    return readFileSync(`/proc/${pid}/cmdline`).filter((byte) => byte === 0x0a).length;
  } catch {
    return 0;
  }
}

/**
 * Text listings: the header lines to skip, the fewest blank-separated fields of a row, the rows
 * checked (`rowStart`), a shape every row has (`row`), and whether no row at all is a right answer
 * (`mayBeEmpty`: w on a machine where nobody is logged in).
 */
const LISTINGS: Array<{ tool: string; args: string[]; header: number; minFields: number; rowStart?: RegExp; row?: RegExp; mayBeEmpty?: boolean }> = [
  { tool: 'ps', args: ['aux'], header: 1, minFields: 11 },
  { tool: 'ps', args: ['-ef'], header: 1, minFields: 8 },
  { tool: 'ps', args: ['-eLf'], header: 1, minFields: 10 },
  { tool: 'ps', args: ['-ef', '--forest'], header: 1, minFields: 8 },
  { tool: 'ps', args: ['axjf'], header: 1, minFields: 10 },
  { tool: 'netstat', args: ['-antp'], header: 2, minFields: 7, rowStart: /^tcp6? / },
  { tool: 'netstat', args: ['-anup'], header: 2, minFields: 6, rowStart: /^udp6? / },
  { tool: 'netstat', args: ['-xp'], header: 2, minFields: 6, rowStart: /^unix / },
  { tool: 'smem', args: [], header: 1, minFields: 7 },
  { tool: 'smem', args: ['-u'], header: 1, minFields: 6 },
  { tool: 'procsmem', args: [], header: 2, minFields: 7 },
  { tool: 'pstree', args: ['-p'], header: 0, minFields: 1 },
  { tool: 'pstree', args: ['-apl'], header: 0, minFields: 1 },
  // The forker and its children: pgrep and pidof find at least the forker, so exit 0.
  { tool: 'pgrep', args: ['-af', 'forker\\.py'], header: 0, minFields: 3, row: /^\d+ \S*python3 \S*forker\.py$/ },
  { tool: 'pidof', args: ['python3'], header: 0, minFields: 1, row: /^\d+( \d+)*$/ },
  // Five summary lines and the column header (the blank line between them is not counted).
  { tool: 'top', args: ['-b', '-n', '1'], header: 6, minFields: 12, row: /^ *\d+ / },
  { tool: 'w', args: [], header: 2, minFields: 7, mayBeEmpty: true },
];

describe('listings under fork churn', () => {
  for (let round = 1; round <= ROUNDS; round++) {
    describe(`round ${round}`, () => {
      it.each(LISTINGS)('pt-$tool $args: exit 0, whole rows', ({ tool, args, header, minFields, rowStart, row: shape, mayBeEmpty }) => {
        const result = run(ours(tool, args));
        expect(result.stderr.toString('latin1').replace(/^warning: access denied for \d+ pids\n$/, '')).toBe('');
        expect(result.status).toBe(0);
        const all = lines(result.stdout);
        expect(all.length).toBeGreaterThanOrEqual(header);
        if (tool === 'top') expect(all[0]).toMatch(/^top - \d\d:\d\d:\d\d up .*load average: /);
        if (tool === 'w') expect(all[0]).toMatch(/^ \d\d:\d\d:\d\d up .*load average: /);
        const rows = all.slice(header);
        if (!mayBeEmpty) expect(rows.length).toBeGreaterThan(0);
        const splitRows = tool === 'smem' || tool === 'procsmem';
        let skip = 0;
        for (const row of rows) {
          if (skip > 0) {
            skip--;
            continue;
          }
          skip = splitRows ? continuationLines(row) : 0;
          if (skip > 0) continue;
          // procsmem ends with a rule line and a totals line
          if (tool === 'procsmem' && !/^\d/.test(row)) continue;
          if (rowStart && !rowStart.test(row)) continue;
          expect(fields(row).length, row).toBeGreaterThanOrEqual(minFields);
          if (shape) expect(row).toMatch(shape);
        }
      });

      it.each(LISTINGS)('pt-$tool $args --json: parseable, non-empty', ({ tool, args, mayBeEmpty }) => {
        const result = run(ours(tool, [...args, '--json']));
        expect(result.status).toBe(0);
        const parsed: unknown = JSON.parse(result.stdout.toString('utf8'));
        if (mayBeEmpty && Array.isArray(parsed)) return;
        expect(parsed).not.toEqual([]);
        expect(parsed).not.toEqual({});
      });

      it('pt-pmap -x of the forker: exit 0, whole rows and a total; --json parseable', () => {
        const pid = String(forker.pid);
        const result = run(ours('pmap', ['-x', pid]));
        expect({ status: result.status, stderr: result.stderr.toString() }).toEqual({ status: 0, stderr: '' });
        const all = lines(result.stdout);
        expect(all[0]).toMatch(new RegExp(`^${pid}: +\\S*python3 `));
        expect(all[1]).toMatch(/^Address +Kbytes +RSS +Dirty +Mode +Mapping$/);
        expect(all[all.length - 1]).toMatch(/^total kB +\d+ +\d+ +\d+$/);
        const rows = all.slice(2, -2);
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) expect(row).toMatch(/^[0-9a-f]{16} +\d+ +\d+ +\d+ [-r][-w][-x][-s][-R] /);
        const json = run(ours('pmap', ['-x', pid, '--json']));
        expect(json.status).toBe(0);
        expect(JSON.parse(json.stdout.toString('utf8'))).not.toEqual([]);
      });

      it('pt-pmap of a process that lives a few milliseconds: its maps, or pmap\'s status for a pid gone', async () => {
        const child = spawn('sleep', ['0.0' + String(1 + round)], { stdio: 'ignore' });
        const pid = String(child.pid);
        const result = run(ours('pmap', [pid]));
        await once(child, 'exit');
        expect(result.stderr.toString()).toBe('');
        const out = result.stdout.toString('latin1');
        // procps pmap: 42 when the pid is not found; 1 when it was, but its maps could not be
        // opened (the process went in between): then only its header line.
        // A child that has exited but is not reaped yet (this thread is busy in the run) is a
        // zombie: procps shows `[comm] <defunct>` and no mapping.
        if (result.status === 0) expect(out).toMatch(new RegExp(`^${pid}: +(?:sleep .*|\\[sleep\\] <defunct>)\n(?:[0-9a-f]{16} +\\d+K [-r][-w][-x][-s][-R] .*\n)* total +\\d+K\n$`));
        else if (result.status === 1) expect(out).toMatch(new RegExp(`^${pid}: +.*\n$`));
        else expect({ status: result.status, stdout: out }).toEqual({ status: 42, stdout: '' });
      });

      it('pt-procinfo of a process that lives a few milliseconds: its report, or "no process found"', async () => {
        const child = spawn('sleep', ['0.0' + String(1 + round)], { stdio: 'ignore' });
        const pid = String(child.pid);
        const result = run(ours('procinfo', [pid]));
        await once(child, 'exit');
        if (result.status === 0) expect(result.stdout.toString('latin1')).toMatch(new RegExp(`^pid +${pid}$`, 'm'));
        else expect({ status: result.status, stderr: result.stderr.toString() }).toEqual({ status: 1, stderr: `pt-procinfo: no process found with pid ${pid}\n` });
      });
    });
  }

  const ALL: ProcessAttribute[] = ['name', 'ppid', 'status', 'uids', 'gids', 'username', 'cmdline', 'numThreads', 'createTime', 'memoryInfo', 'cpuTimes', 'nice', 'terminal', 'exe', 'cwd', 'environ', 'numFds'];
  const checkRow = (row: Record<string, unknown>) => {
    expect(Number.isInteger(row.pid)).toBe(true);
    for (const attribute of ALL) expect(row[attribute], `${String(row.pid)}.${attribute}`).not.toBe(undefined);
  };

  // Fewer library runs than listings: each takes a second or two at thousands of processes, and
  // the suite's time stays about what it was before pgrep, pidof, top, w and pmap joined it.
  it.each([1, 2, 3].map((n) => [n]))('processesSync() with every attribute, run %i', () => {
    let count = 0;
    for (const row of processesSync({ attrs: ALL })) {
      checkRow(row);
      count++;
    }
    expect(count).toBeGreaterThan(0);
  });

  it.each([1, 2].map((n) => [n]))('processes() with every attribute, run %i', async () => {
    const rows = await processes({ attrs: ALL, batchSize: 16 });
    rows.forEach(checkRow);
    expect(rows.length).toBeGreaterThan(0);
  });

  it.each([1, 2].map((n) => [n]))('iterProcesses() with every attribute, run %i', async () => {
    let count = 0;
    for await (const row of iterProcesses({ attrs: ALL, batchSize: 16 })) {
      checkRow(row);
      count++;
    }
    expect(count).toBeGreaterThan(0);
  });
});

