// The aggregate cpu line of /proc/stat (fs/proc/stat.c: "cpu  %llu %llu ..." in clock ticks,
// user nice system idle iowait irq softirq steal guest guest_nice) and psutil's percentages over
// two samples (psutil/__init__.py: per-field deltas trimmed at 0, guest and guest_nice left out
// of the total, busy = total - idle - iowait, cpu_times_percent dividing by max(1, total)).
import { describe, expect, it } from 'vitest';
import { cpuPercent, cpuTimesOf, cpuTimesPercent, highestStatCpu, parseProcStatCpu, ZERO_JIFFIES, type CpuJiffies } from '../../src/core/cpu.js';

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
});

describe('cpuTimesOf', () => {
  it('divides ticks by the clock rate', () => {
    expect(cpuTimesOf({ ...ZERO_JIFFIES, user: 250n, idle: 1n }, 100)).toMatchObject({ user: 2.5, idle: 0.01, system: 0 });
  });
});

const times = (fields: Partial<Record<keyof CpuJiffies, number>>, ticks = 1) =>
  cpuTimesOf({ ...ZERO_JIFFIES, ...Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, BigInt(value)])) }, ticks);

describe('cpuPercent', () => {
  // Deltas: user 2 (1 of it guest), system 1, idle 5, iowait stepped back (0); total 2+1+5+1-1 = 8,
  // busy 8-5-0 = 3: 37.5%.
  it('trims a field that stepped back instead of letting it shrink the totals', () => {
    const before = times({ user: 10, system: 5, idle: 100, iowait: 2 });
    const after = times({ user: 12, system: 6, idle: 105, iowait: 1, guest: 1 });
    expect(cpuPercent(before, after)).toBe(37.5);
  });

  it('is 0 when no time passed, and 100 when none of it was idle', () => {
    const sample = times({ user: 7, idle: 3 });
    expect(cpuPercent(sample, sample)).toBe(0);
    expect(cpuPercent(sample, times({ user: 9, system: 1, idle: 3 }))).toBe(100);
  });

  it('rounds to one decimal', () => {
    // busy 1 of 3: 33.33...%
    expect(cpuPercent(times({}), times({ user: 1, idle: 2 }))).toBe(33.3);
  });
});

describe('cpuTimesPercent', () => {
  it('gives each trimmed delta its share of the total', () => {
    const before = times({ user: 10, system: 5, idle: 100, iowait: 2 });
    const after = times({ user: 12, system: 6, idle: 105, iowait: 1, guest: 1 });
    expect(cpuTimesPercent(before, after)).toEqual({ user: 25, nice: 0, system: 12.5, idle: 62.5, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 12.5, guestNice: 0 });
  });

  it('divides by at least one second, as psutil does', () => {
    // 0.3 s user and 0.2 s idle: psutil scales by 100 / max(1, 0.5).
    const percent = cpuTimesPercent(times({}, 100), times({ user: 30, idle: 20 }, 100));
    expect([percent.user, percent.idle]).toEqual([30, 20]);
    expect(cpuPercent(times({}, 100), times({ user: 30, idle: 20 }, 100))).toBe(60);
  });

  it('keeps each share within 0..100', () => {
    // guest grew without user: 5 of a total of 1.
    const percent = cpuTimesPercent(times({}), times({ guest: 5, idle: 1 }));
    expect([percent.guest, percent.idle, percent.user]).toEqual([100, 100, 0]);
  });
});
