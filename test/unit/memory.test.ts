import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMeminfo, parseVmstat, swapMemoryOf, virtualMemoryOf } from '../../src/core/memory.js';

const fixture = (name: string) => parseMeminfo(readFileSync(join(__dirname, '../fixtures', name, 'proc/meminfo'), 'latin1'));

describe('parseMeminfo', () => {
  it('reads the number after each key as procps does', () => {
    const meminfo = parseMeminfo('MemTotal:       24684092 kB\nHugePages_Total:       0\nOdd:\nMemFree:  12 kB');
    expect(meminfo.get('MemTotal')).toBe(24684092);
    expect(meminfo.get('HugePages_Total')).toBe(0);
    expect(meminfo.get('Odd')).toBe(0);
    expect(meminfo.get('MemFree')).toBe(12);
  });
});

describe('virtualMemoryOf', () => {
  it('uses used = total - available and cache = Cached + SReclaimable (procps 4)', () => {
    const mem = virtualMemoryOf(parseMeminfo('MemTotal: 1000 kB\nMemFree: 300 kB\nMemAvailable: 600 kB\nBuffers: 10 kB\nCached: 100 kB\nSReclaimable: 5 kB\nShmem: 7 kB\n'));
    expect(mem.total).toBe(1000 * 1024);
    expect(mem.used).toBe(400 * 1024);
    expect(mem.available).toBe(600 * 1024);
    expect(mem.cached).toBe(105 * 1024);
    expect(mem.buffers).toBe(10 * 1024);
    expect(mem.shared).toBe(7 * 1024);
    expect(mem.percent).toBe(40);
  });

  it('falls back to MemFree without MemAvailable (kernels before 3.14)', () => {
    const mem = virtualMemoryOf(fixture('meminfo-no-available'));
    expect(mem.available).toBe(mem.free);
    expect(mem.used).toBe(mem.total - mem.free);
  });

  it('falls back to MemFree when MemAvailable exceeds MemTotal (containers)', () => {
    const mem = virtualMemoryOf(fixture('meminfo-lxc'));
    expect(mem.available).toBe(mem.free);
  });

  it('treats LowTotal as MemTotal on kernels without a highmem split', () => {
    const mem = virtualMemoryOf(fixture('meminfo-live'));
    expect(mem.lowTotal).toBe(mem.total);
    expect(mem.lowFree).toBe(mem.free);
    expect(mem.highTotal).toBe(0);
    const high = virtualMemoryOf(fixture('meminfo-highmem'));
    expect(high.lowTotal).toBe(892928 * 1024);
    expect(high.lowUsed).toBe((892928 - 262144) * 1024);
    expect(high.highUsed).toBe((3276800 - 1048576) * 1024);
  });
});

describe('swapMemoryOf', () => {
  it('computes used and percent, and 0% without swap', () => {
    const swap = swapMemoryOf(fixture('meminfo-swap-used'));
    expect(swap).toEqual({ total: 8388604 * 1024, free: 5242876 * 1024, used: (8388604 - 5242876) * 1024, percent: 37.5 });
    expect(swapMemoryOf(parseMeminfo('SwapTotal: 0 kB\nSwapFree: 0 kB\n')).percent).toBe(0);
  });
});

describe('parseVmstat', () => {
  it('reads name value pairs', () => {
    expect(parseVmstat('pswpin 12\npswpout 34\n').get('pswpout')).toBe(34);
  });
});
