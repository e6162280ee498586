// The aggregate cpu line of /proc/stat (fs/proc/stat.c: "cpu  %llu %llu ..." in clock ticks,
// user nice system idle iowait irq softirq steal guest guest_nice) and psutil's percentages over
// two samples (psutil/__init__.py: per-field deltas trimmed at 0, guest and guest_nice left out
// of the total, busy = total - idle - iowait, cpu_times_percent dividing by max(1, total)).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IN_CI } from '../conformance/harness.js';
import { cpuPercentBetween, cpuTimesOf, cpuTimesPercentBetween, highestStatCpu, parseProcStatCpu, ZERO_JIFFIES, type CpuJiffies } from '../../src/core/cpu.js';

// Debian's python3-psutil, the reference the conformance tests use too.
const PYTHON = '/usr/bin/python3';
const psutilMissing = spawnSync(PYTHON, ['-c', 'import psutil'], { stdio: 'ignore' }).status !== 0 ? 'python3-psutil is not installed' : null;
if (psutilMissing && IN_CI) throw new Error(psutilMissing);

describe('parseProcStatCpu', () => {
  it('reads the ten fields in the kernel order', () => {
    expect(parseProcStatCpu('cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 0 0 0 0 0 0 0 0 0 0\n')).toEqual({
      user: 1n, nice: 2n, system: 3n, idle: 4n, iowait: 5n, irq: 6n, softirq: 7n, steal: 8n, guest: 9n, guestNice: 10n,
    });
  });

  it('reads the last field of a file without a final newline', () => {
    expect(parseProcStatCpu('intr 0\ncpu  1 2 3')).toEqual({ ...ZERO_JIFFIES, user: 1n, nice: 2n, system: 3n });
  });

  it('keeps 64-bit counters exact', () => {
    expect(parseProcStatCpu('cpu  18446744073709551615 0 0 0\n')?.user).toBe(18446744073709551615n);
  });

  it('is null without an aggregate line', () => {
    expect(parseProcStatCpu('cpu0 1 2 3\nintr 0\n')).toBeNull();
    expect(parseProcStatCpu('')).toBeNull();
  });
});

describe('highestStatCpu', () => {
  it('takes every digit of cpuN at the start of a line', () => {
    expect(highestStatCpu('cpu  1\ncpu0 1\ncpu12 1\ncpu3 1\n')).toBe(12);
    expect(highestStatCpu('cpu  1\nintr 0 cpu7\n')).toBe(-1);
  });

  it('ignores a cpuN whose N is no C int (it read as Infinity)', () => {
    expect(highestStatCpu(`cpu  1\ncpu1 1\ncpu${'9'.repeat(400)} 1\ncpu2147483648 1\n`)).toBe(1);
    expect(highestStatCpu('cpu2147483647 1\n')).toBe(2147483647);
  });
});

describe('cpuTimesOf', () => {
  it('divides ticks by the clock rate', () => {
    expect(cpuTimesOf({ ...ZERO_JIFFIES, user: 250n, idle: 1n }, 100)).toMatchObject({ user: 2.5, idle: 0.01, system: 0 });
  });
});

const times = (fields: Partial<Record<keyof CpuJiffies, number>>, ticks = 1) =>
  cpuTimesOf({ ...ZERO_JIFFIES, ...Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, BigInt(value)])) }, ticks);

describe('cpuPercentBetween', () => {
  // Deltas: user 2 (1 of it guest), system 1, idle 5, iowait stepped back (0); total 2+1+5+1-1 = 8,
  // busy 8-5-0 = 3: 37.5%.
  it('trims a field that stepped back instead of letting it shrink the totals', () => {
    const before = times({ user: 10, system: 5, idle: 100, iowait: 2 });
    const after = times({ user: 12, system: 6, idle: 105, iowait: 1, guest: 1 });
    expect(cpuPercentBetween(before, after)).toBe(37.5);
  });

  it('is 0 when no time passed, and 100 when none of it was idle', () => {
    const sample = times({ user: 7, idle: 3 });
    expect(cpuPercentBetween(sample, sample)).toBe(0);
    expect(cpuPercentBetween(sample, times({ user: 9, system: 1, idle: 3 }))).toBe(100);
  });

  it('rounds to one decimal', () => {
    // busy 1 of 3: 33.33...%
    expect(cpuPercentBetween(times({}), times({ user: 1, idle: 2 }))).toBe(33.3);
  });
});

describe('cpuTimesPercentBetween', () => {
  it('gives each trimmed delta its share of the total', () => {
    const before = times({ user: 10, system: 5, idle: 100, iowait: 2 });
    const after = times({ user: 12, system: 6, idle: 105, iowait: 1, guest: 1 });
    expect(cpuTimesPercentBetween(before, after)).toEqual({ user: 25, nice: 0, system: 12.5, idle: 62.5, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 12.5, guestNice: 0 });
  });

  it('divides by at least one second, as psutil does', () => {
    // 0.3 s user and 0.2 s idle: psutil scales by 100 / max(1, 0.5).
    const percent = cpuTimesPercentBetween(times({}, 100), times({ user: 30, idle: 20 }, 100));
    expect([percent.user, percent.idle]).toEqual([30, 20]);
    expect(cpuPercentBetween(times({}, 100), times({ user: 30, idle: 20 }, 100))).toBe(60);
  });

  it('keeps each share within 0..100', () => {
    // guest grew without user: 5 of a total of 1.
    const percent = cpuTimesPercentBetween(times({}), times({ guest: 5, idle: 1 }));
    expect([percent.guest, percent.idle, percent.user]).toEqual([100, 100, 0]);
  });
});

// Pairs of /proc/stat cpu lines: steady growth, a field stepping back, guest time, less than one
// CPU-second elapsed, nothing elapsed, and ties at the rounding digit.
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['cpu  1000 20 300 40000 50 0 6 0 0 0', 'cpu  1100 20 350 40400 45 1 6 0 0 0'],
  ['cpu  10 0 5 100 2 0 0 0 0 0', 'cpu  12 0 6 105 1 0 0 0 1 0'],
  ['cpu  0 0 0 0 0 0 0 0 0 0', 'cpu  30 0 0 20 0 0 0 0 0 0'],
  ['cpu  500 0 500 500 0 0 0 0 0 0', 'cpu  500 0 500 500 0 0 0 0 0 0'],
  ['cpu  0 0 0 0 0 0 0 0 0 0', 'cpu  1 0 0 399 0 0 0 0 0 0'],
  ['cpu  0 0 0 0 0 0 0 0 0 0', 'cpu  3 0 0 397 0 0 0 0 0 0'],
  ['cpu  100 100 100 100 100 100 100 100 50 50', 'cpu  90 130 170 400 80 101 102 103 70 60'],
];

describe.skipIf(psutilMissing !== null && !IN_CI)(`cpu percentages = psutil ${psutilMissing ?? ''}`, () => {
  it('give what psutil.cpu_percent() and cpu_times_percent() give between the same two reads', () => {
    const proc = mkdtempSync(join(tmpdir(), 'ptools-cpu-'));
    try {
      PAIRS.forEach(([before, after], i) => {
        for (const [side, line] of [['a', before], ['b', after]] as const) {
          mkdirSync(join(proc, `${i}${side}`));
          writeFileSync(join(proc, `${i}${side}`, 'stat'), `${line}\ncpu0 0 0 0 0 0 0 0 0 0 0\nintr 0\n`);
        }
      });
      // psutil keeps the previous sample (per thread in newer releases); it is set to the first
      // read, the second is read by the call itself.
      const script = `
import json, sys, threading, psutil
tid = threading.current_thread().ident
out = []
for i in range(int(sys.argv[2])):
    psutil.PROCFS_PATH = '%s/%da' % (sys.argv[1], i)
    first = psutil.cpu_times()
    if isinstance(psutil._last_cpu_times, dict):
        psutil._last_cpu_times[tid] = first
        psutil._last_cpu_times_2[tid] = first
    else:
        psutil._last_cpu_times = first
        psutil._last_cpu_times_2 = first
    psutil.PROCFS_PATH = '%s/%db' % (sys.argv[1], i)
    out.append([psutil.cpu_percent(), list(psutil.cpu_times_percent())])
print(json.dumps([psutil._psplatform.CLOCK_TICKS, out]))
`;
      const run = spawnSync(PYTHON, ['-c', script, proc, String(PAIRS.length)], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const [ticks, expected] = JSON.parse(run.stdout) as [number, Array<[number, number[]]>];
      const ours = PAIRS.map(([before, after]) => {
        const [a, b] = [before, after].map((line) => cpuTimesOf(parseProcStatCpu(line) ?? ZERO_JIFFIES, ticks)) as [ReturnType<typeof cpuTimesOf>, ReturnType<typeof cpuTimesOf>];
        return [cpuPercentBetween(a, b), Object.values(cpuTimesPercentBetween(a, b))];
      });
      expect(ours).toEqual(expected);
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });
});
