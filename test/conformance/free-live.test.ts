// pt-free -b against free -b on the running machine. Memory moves between two reads, so each of
// our values must lie within psutil's tolerance (5 MiB) of the range free printed just before
// and just after ours.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { IN_CI, ours, run as runCommand } from './harness.js';

const TOLERANCE = 5 * 1024 * 1024;

function rows(stdout: string): Map<string, number[]> {
  const table = new Map<string, number[]>();
  for (const line of stdout.trimEnd().split('\n').slice(1)) {
    const [label, ...values] = line.split(/\s+/);
    if (label) table.set(label, values.map(Number));
  }
  return table;
}

function run(command: string[]): Map<string, number[]> {
  const result = runCommand(command, { env: { ...process.env, LC_ALL: 'C' } });
  expect(result.status).toBe(0);
  return rows(result.stdout.toString());
}

const hasFree = spawnSync('sh', ['-c', 'command -v free'], { stdio: 'ignore' }).status === 0;

describe('free live check', () => {
  it.skipIf(!hasFree && !IN_CI)('pt-free -b -w -t -v agrees with free on this machine', () => {
    const args = ['-b', '-w', '-t', '-v'];
    const before = run(['free', ...args]);
    const mine = run(ours('free', args));
    const after = run(['free', ...args]);
    expect([...mine.keys()]).toEqual([...before.keys()]);
    for (const [label, values] of mine) {
      // Committed_AS counts the measuring program's own reservations, and Node reserves tens of
      // MiB more than free does: of the Comm row only CommitLimit is comparable.
      (label === 'Comm:' ? values.slice(0, 1) : values).forEach((value, i) => {
        const a = before.get(label)?.[i] ?? Number.NaN;
        const b = after.get(label)?.[i] ?? Number.NaN;
        expect(value, `${label} column ${i + 1}`).toBeGreaterThanOrEqual(Math.min(a, b) - TOLERANCE);
        expect(value, `${label} column ${i + 1}`).toBeLessThanOrEqual(Math.max(a, b) + TOLERANCE);
      });
    }
    expect(mine.get('Mem:')?.[0]).toBe(before.get('Mem:')?.[0]);
  });
});
