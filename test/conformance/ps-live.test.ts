// pt-ps against ps on the running machine while processes start and exit: anything alive
// during both ps runs around ours must be in ours, with the same static columns.
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { IN_CI, ours, REPO } from './harness.js';

const hasPs = spawnSync('sh', ['-c', 'command -v ps'], { stdio: 'ignore' }).status === 0;
const FORMAT = 'pid=,ppid=,user=,stat=,comm=';

function snapshot(command: string[]): Map<number, string> {
  const [file, ...args] = command as [string, ...string[]];
  const result = spawnSync(file, args, { cwd: REPO, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  expect(result.status).toBe(0);
  const lines = result.stdout.trimEnd().split('\n');
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
          // State (R/S) can change between runs; pid, ppid, user and command name cannot.
          const stable = (text: string | undefined) => text?.split(' ').filter((_, i) => i !== 3).join(' ');
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
