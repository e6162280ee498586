// /proc/meminfo and /proc/vmstat read as procps-ng 4 reads them (library/meminfo.c: strtoul of
// the text after the colon; MemAvailable falls back to MemFree when absent or above MemTotal;
// used = total - available; Low* default to Mem*; high and low used only when free < total;
// cache = Cached + SReclaimable), with psutil's percent rounded to one decimal.
import { describe, expect, it } from 'vitest';
import { parseMeminfo, parseVmstat, swapMemoryOf, virtualMemoryOf } from '../../src/core/memory.js';

const K = 1024;

const meminfo = (fields: Record<string, number>) => parseMeminfo(Object.entries(fields).map(([key, value]) => `${key}:${' '.repeat(8)}${value} kB`).join('\n'));

describe('parseMeminfo', () => {
  it('reads the number after the colon as strtoul does, 0 when there is none', () => {
    const parsed = parseMeminfo('MemTotal:       16000 kB\nHugePages_Total:       3\nOdd:  x 12 kB\nno colon 5\nEmpty:\n');
    expect([...parsed]).toEqual([
      ['MemTotal', 16000],
      ['HugePages_Total', 3],
      ['Odd', 0],
      ['Empty', 0],
    ]);
  });
});

describe('virtualMemoryOf', () => {
  const fields = {
    MemTotal: 1000, MemFree: 100, MemAvailable: 600, Buffers: 50, Cached: 200, SReclaimable: 30, Shmem: 20, Slab: 70,
    Active: 300, Inactive: 250, CommitLimit: 900, Committed_AS: 800,
  };

  it('maps every field, in bytes', () => {
    expect(virtualMemoryOf(meminfo(fields))).toEqual({
      total: 1000 * K, available: 600 * K, percent: 40, used: 400 * K, free: 100 * K, active: 300 * K, inactive: 250 * K,
      buffers: 50 * K, cached: 230 * K, shared: 20 * K, slab: 70 * K,
      lowTotal: 1000 * K, lowUsed: 900 * K, lowFree: 100 * K, highTotal: 0, highUsed: 0, highFree: 0,
      commitLimit: 900 * K, committedAs: 800 * K,
    });
  });

  it('takes the highmem split when the kernel has one', () => {
    const vm = virtualMemoryOf(meminfo({ ...fields, HighTotal: 200, HighFree: 50, LowTotal: 800, LowFree: 40 }));
    expect([vm.highTotal, vm.highUsed, vm.highFree, vm.lowTotal, vm.lowUsed, vm.lowFree]).toEqual([200 * K, 150 * K, 50 * K, 800 * K, 760 * K, 40 * K]);
    const odd = virtualMemoryOf(meminfo({ ...fields, HighTotal: 200, HighFree: 300, LowTotal: 800, LowFree: 900 }));
    expect([odd.highUsed, odd.lowUsed]).toEqual([0, 0]);
  });

  it('falls back to MemFree when MemAvailable is missing or above MemTotal, not when equal', () => {
    expect(virtualMemoryOf(meminfo({ ...fields, MemAvailable: 0 })).available).toBe(100 * K);
    expect(virtualMemoryOf(meminfo({ ...fields, MemAvailable: 1001 })).available).toBe(100 * K);
    expect(virtualMemoryOf(meminfo({ ...fields, MemAvailable: 1000 })).available).toBe(1000 * K);
  });

  it('rounds the percent to one decimal as Python round() does, and is 0 of nothing', () => {
    expect(virtualMemoryOf(meminfo({ MemTotal: 3, MemFree: 1, MemAvailable: 2 })).percent).toBe(33.3);
    // 1 of 400 is 0.25%, exact in binary: round(0.25, 1) is a tie, to even: 0.2.
    expect(virtualMemoryOf(meminfo({ MemTotal: 400, MemFree: 1, MemAvailable: 399 })).percent).toBe(0.2);
    expect(swapMemoryOf(meminfo({ SwapTotal: 400, SwapFree: 397 })).percent).toBe(0.8);
    expect(virtualMemoryOf(meminfo({})).percent).toBe(0);
  });
});

describe('swapMemoryOf', () => {
  it('uses total - free, never below 0', () => {
    expect(swapMemoryOf(meminfo({ SwapTotal: 500, SwapFree: 400 }))).toEqual({ total: 500 * K, used: 100 * K, free: 400 * K, percent: 20 });
    expect(swapMemoryOf(meminfo({ SwapTotal: 500, SwapFree: 600 })).used).toBe(0);
    expect(swapMemoryOf(meminfo({})).percent).toBe(0);
  });
});

describe('parseVmstat', () => {
  it('reads "name value" lines and skips the rest', () => {
    expect([...parseVmstat('pswpin 12\npswpout 0\n\nlonely\n 7\n')]).toEqual([
      ['pswpin', 12],
      ['pswpout', 0],
    ]);
  });
});
