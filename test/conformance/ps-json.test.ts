// pt-ps --json against the text the real ps prints for the same tree: every row, every column,
// with jc's keys and types (numbers for numeric columns, null for "-" and a "?" terminal).
import { describe, expect, it } from 'vitest';
import { IN_CI, ours, runInProcTree, unavailableReason } from './harness.js';

const NOW = '2026-11-23 12:00:00';
const reason = unavailableReason('ps') ?? unavailableReason('faketime');

function fromText(stdout: string, keys: string[], numeric: string[]): Array<Record<string, string | number | null>> {
  return stdout
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => {
      // The last column may hold spaces: it is the rest of the line.
      const parts = line.trim().split(/\s+/);
      const cells = [...parts.slice(0, keys.length - 1), parts.slice(keys.length - 1).join(' ')];
      return Object.fromEntries(
        keys.map((key, i) => {
          const cell = cells[i] as string;
          if (cell === '-' || (key === 'tt' && cell === '?')) return [key, null];
          return [key, numeric.includes(key) ? Number(cell) : cell];
        }),
      );
    });
}

describe(`ps --json${reason ? ` (cannot run: ${reason})` : ''}`, () => {
  it.skipIf(reason !== null && !IN_CI)('has the rows and values of the text output, with jc names', () => {
    // JSON never cuts a value: the text is made with a user column wide enough for every name.
    const format = 'pid,%cpu,%mem,vsz,rss,tty,stat,etime,ni,rtprio,user,comm';
    const text = runInProcTree('ps-crafted', ['ps', '-eo', format.replace('user', 'user:30')], NOW);
    const json = runInProcTree('ps-crafted', ours('ps', ['-eo', format, '--json']), NOW);
    expect(json.stderr.length).toBe(0);
    const keys = ['pid', 'cpu_percent', 'mem_percent', 'vsz', 'rss', 'tt', 'stat', 'elapsed', 'ni', 'rtprio', 'user', 'command'];
    const numeric = ['pid', 'cpu_percent', 'mem_percent', 'vsz', 'rss', 'ni', 'rtprio'];
    const rows = JSON.parse(json.stdout.toString()) as unknown[];
    expect(rows).toEqual(fromText(text.stdout.toString(), keys, numeric));
    expect(rows.length).toBeGreaterThan(10);
  });

  it.skipIf(reason !== null && !IN_CI)('names repeated headers apart and keeps long commands whole', () => {
    const json = runInProcTree('ps-crafted', ours('ps', ['-p', '100', '-o', 'comm,args,pid', '--json']), NOW);
    expect(JSON.parse(json.stdout.toString())).toEqual([
      { command: 'sshd', command_2: 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups', pid: 100 },
    ]);
  });
});
