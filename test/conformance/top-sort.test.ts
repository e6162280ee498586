// pt-top -o on the fields a frozen tree cannot tell apart (memory from smaps_rollup and status,
// oom_score_adj, environ, io, namespaces, the executable, autogroup), live against procps-ng
// 4.0.2's top: a few sleeping children that differ in each, selected with -p, sorted both ways.
// Only the task table is compared (the summary moves between the two runs); the children sleep,
// so their rows hold still.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_CI, ours, run, unavailableReason } from './harness.js';

const FIELDS = ['RSS', 'PSS', 'PSan', 'USS', 'RES', 'VIRT', 'DATA', 'CODE', 'USED', 'RSan', 'RSfd', 'SWAP', 'OOMa', 'OOMs', 'ENVIRON', 'ioR', 'ioRop', 'ioW', 'ioWop', 'nsUTS', 'nsIPC', 'EXE', 'AGID', 'AGNI', 'WCHAN', 'CGROUPS', 'nMin', 'STARTED', 'ELAPSED', '%CUU', 'LOGID', 'SUPGIDS', 'GID'];

// Each child allocates, reads and writes a different amount, then says so and sleeps.
const CHILD = `
import os, sys, time
n = int(sys.argv[1])
keep = bytearray(n * 1024 * 1024)
for i in range(0, len(keep), 4096): keep[i] = 1
for _ in range(n * 3): os.read(os.open('/proc/self/stat', os.O_RDONLY), 64)
os.write(1, b'ready\\n')
time.sleep(600)
`;

const reason = unavailableReason('top') ?? unavailableReason('unshare');

describe(`top -o on live children${reason ? ` (cannot run: ${reason})` : ''}`, () => {
  if (reason) {
    it.runIf(IN_CI)('has top and unshare', () => {
      throw new Error(reason);
    });
    it.skipIf(IN_CI)(`skipped: ${reason}`, () => {});
    return;
  }
  const children: ChildProcess[] = [];
  const pids: number[] = [];

  beforeAll(async () => {
    const commands = [
      ['/usr/bin/python3', '-c', CHILD, '3'],
      ['unshare', '-u', '-i', '/usr/bin/python3', '-c', CHILD, '9'],
      ['setsid', '/usr/bin/python3', '-c', CHILD, '1'],
      ['/usr/bin/python3', '-c', CHILD, '6'],
    ];
    for (const [i, [file = '', ...args]] of commands.entries()) {
      const child = spawn(file, args, { env: { PATH: '/usr/bin:/bin', PADDING: 'x'.repeat(100 * i) }, stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
      if (child.pid === undefined) throw new Error(`${file} did not start`);
      pids.push(child.pid);
    }
    // Distinct OOM adjustments (and so scores), in another order than the memory sizes.
    for (const [i, pid] of pids.entries()) writeFileSync(`/proc/${pid}/oom_score_adj`, String([300, 100, 700, 0][i]));
  });
  afterAll(() => {
    for (const child of children) child.kill();
  });

  const table = (stdout: Buffer) => {
    const lines = stdout.toString('latin1').split('\n');
    return lines.slice(lines.findIndex((line) => / PID /.test(line))).join('\n');
  };

  for (const field of FIELDS) {
    for (const order of ['+', '-']) {
      it(`-o ${order}${field}`, () => {
        const args = ['-b', '-n', '1', '-w', '512', '-c', '-p', pids.join(','), '-o', `${order}${field}`];
        const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC', HOME: '/nonexistent' };
        const classic = run(['top', ...args], { env });
        const mine = run(ours('top', args), { env });
        expect(mine.status).toBe(classic.status);
        expect(table(mine.stdout)).toBe(table(classic.stdout));
        expect(table(mine.stdout).split('\n')).toHaveLength(pids.length + 2);
      });
    }
  }
});
