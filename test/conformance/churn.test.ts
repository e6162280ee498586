// Every listing command and processesSync()/processes()/iterProcesses() while processes are forked and reaped
// continuously (a Python fork loop and a pool of children living a few milliseconds): each run
// must exit 0 with rows of the right shape and parseable --json, or, for one process that
// vanished, the documented "no process found" failure. Bounded by a fixed number of rounds (a
// few seconds each on this kind of machine), not by a clock.
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

/** Text listings: the header lines to skip, and the fewest blank-separated fields of a row. */
const LISTINGS: Array<{ tool: string; args: string[]; header: number; minFields: number; rowStart?: RegExp }> = [
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
];

describe('listings under fork churn', () => {
  for (let round = 1; round <= ROUNDS; round++) {
    describe(`round ${round}`, () => {
      it.each(LISTINGS)('pt-$tool $args: exit 0, whole rows', ({ tool, args, header, minFields, rowStart }) => {
        const result = run(ours(tool, args));
        expect(result.stderr.toString('latin1').replace(/^warning: access denied for \d+ pids\n$/, '')).toBe('');
        expect(result.status).toBe(0);
        const rows = lines(result.stdout).slice(header);
        expect(rows.length).toBeGreaterThan(0);
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
        }
      });

      it.each(LISTINGS)('pt-$tool $args --json: parseable, non-empty', ({ tool, args }) => {
        const result = run(ours(tool, [...args, '--json']));
        expect(result.status).toBe(0);
        const parsed: unknown = JSON.parse(result.stdout.toString('utf8'));
        expect(parsed).not.toEqual([]);
        expect(parsed).not.toEqual({});
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

  it.each([1, 2, 3, 4, 5].map((n) => [n]))('processesSync() with every attribute, run %i', () => {
    let count = 0;
    for (const row of processesSync({ attrs: ALL })) {
      checkRow(row);
      count++;
    }
    expect(count).toBeGreaterThan(0);
  });

  it.each([1, 2, 3].map((n) => [n]))('processes() with every attribute, run %i', async () => {
    const rows = await processes({ attrs: ALL, batchSize: 16 });
    rows.forEach(checkRow);
    expect(rows.length).toBeGreaterThan(0);
  });

  it.each([1, 2, 3].map((n) => [n]))('iterProcesses() with every attribute, run %i', async () => {
    let count = 0;
    for await (const row of iterProcesses({ attrs: ALL, batchSize: 16 })) {
      checkRow(row);
      count++;
    }
    expect(count).toBeGreaterThan(0);
  });
});

