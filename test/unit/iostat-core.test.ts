import { describe, expect, it } from 'vitest';
import { fgetsLines } from '../../src/core/text.js';
import { cpuPercentBetween, cpuTimesOf, cpuTimesPercentBetween, highestStatCpu, parseProcStatCpu, scanUnsigned } from '../../src/core/cpu.js';
import {
  CounterWrap,
  decodeDev,
  diskIoCountersOf,
  parseBlockStat,
  parseDiskstats,
  parseUptimeHundredths,
  sampleInterval,
} from '../../src/core/disk.js';

describe('scanUnsigned (scanf %llu)', () => {
  it('skips blanks, accepts a sign, saturates and wraps as strtoull', () => {
    expect(scanUnsigned('  42 7', 0)).toEqual({ value: 42n, end: 4 });
    expect(scanUnsigned('+5', 0)?.value).toBe(5n);
    expect(scanUnsigned('-1', 0)?.value).toBe(2n ** 64n - 1n);
    expect(scanUnsigned('99999999999999999999999', 0)?.value).toBe(2n ** 64n - 1n);
    expect(scanUnsigned('x1', 0)).toBeNull();
    expect(scanUnsigned('', 0)).toBeNull();
  });
});

describe('parseProcStatCpu', () => {
  it('reads the aggregate line; missing fields of older kernels are 0', () => {
    const cpu = parseProcStatCpu('cpu  1 2 3 4 5\ncpu0 1 1 1 1 1\n');
    expect(cpu?.user).toBe(1n);
    expect(cpu?.iowait).toBe(5n);
    expect(cpu?.steal).toBe(0n);
    expect(parseProcStatCpu('intr 1\ncpu  9 0 0 0\n')?.user).toBe(9n);
    expect(parseProcStatCpu('cpu0 1 2 3\n')).toBeNull();
  });
  it('counts CPUs from the highest cpuN line', () => {
    expect(highestStatCpu('cpu  1\ncpu0 1\ncpu5 2\n')).toBe(5);
    expect(highestStatCpu('cpu  1\n')).toBe(-1);
  });
});

describe('cpuPercentBetween and cpuTimesPercentBetween (psutil rules)', () => {
  const sample = (user: number, idle: number, guest: number) =>
    cpuTimesOf({ user: BigInt(user), nice: 0n, system: 0n, idle: BigInt(idle), iowait: 0n, irq: 0n, softirq: 0n, steal: 0n, guest: BigInt(guest), guestNice: 0n }, 100);
  it('leaves guest out of the total (already in user)', () => {
    expect(cpuPercentBetween(sample(100, 100, 0), sample(150, 150, 50))).toBe(50);
  });
  it('is 0 when busy time did not grow', () => {
    expect(cpuPercentBetween(sample(100, 100, 0), sample(90, 200, 0))).toBe(0);
  });
  it('clamps negative deltas per field', () => {
    const percent = cpuTimesPercentBetween(sample(100, 100, 0), sample(90, 200, 0));
    expect(percent.user).toBe(0);
    expect(percent.idle).toBe(100);
  });
});

describe('parseDiskstats (iostat.c read_diskstats_stat_work)', () => {
  it('reads 17, 15 and 11 counters, and the 4-counter legacy partition line', () => {
    const entries = parseDiskstats(
      ' 259 0 nvme0n1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n' +
        '   8 0 sda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n' +
        '   9 0 md0 1 2 3 4 5 6 7 8 9 10 11\n' +
        '   8 2 sda2 10 80 5 40\n' +
        '   8 3 sda3 1 2 3\n',
    );
    expect(entries.map((e) => e.name)).toEqual(['nvme0n1', 'sda', 'md0', 'sda2']);
    expect(entries[0]?.stat.flIos).toBe(16n);
    expect(entries[0]?.stat.flTicks).toBe(17);
    expect(entries[1]?.stat.dcTicks).toBe(15);
    expect(entries[1]?.stat.flIos).toBe(0n);
    expect(entries[2]?.stat.dcIos).toBe(0n);
    expect(entries[3]).toMatchObject({ legacy: true, stat: { rdIos: 10n, rdSectors: 80n, wrIos: 5n, wrSectors: 40n } });
  });
  it('keeps time counters to 32 bits, as C unsigned int', () => {
    const [entry] = parseDiskstats('8 0 sda 1 2 3 4294967297 5 6 7 8 9 10 11\n');
    expect(entry?.stat.rdTicks).toBe(1);
  });
  it('splits lines longer than 255 bytes as fgets does', () => {
    expect(fgetsLines(`${'a'.repeat(300)}\nb\n`, 256).map((l) => l.length)).toEqual([255, 46, 2]);
  });
});

describe('parseBlockStat (/sys/block/DEV/stat)', () => {
  it('gives zeros when fewer than 11 counters are there (but 4)', () => {
    expect(parseBlockStat('1 2 3\n').rdIos).toBe(0n);
    expect(parseBlockStat('1 2 3 4\n').wrSectors).toBe(4n);
    expect(parseBlockStat('       1        2        3        4        5        6        7        8        0       10       11\n').rqTicks).toBe(11);
  });
});

describe('uptime in hundredths (sysstat read_uptime)', () => {
  it('reads "%lu.%lu": the digits after the point as an integer', () => {
    expect(parseUptimeHundredths('7192.55 29212.05\n')).toBe(719255n);
    expect(parseUptimeHundredths('10.5 1\n')).toBe(1005n);
    expect(parseUptimeHundredths('garbage')).toBeNull();
  });
  it('never gives a zero interval', () => {
    expect(sampleInterval(100n, 100n)).toBe(1n);
    expect(sampleInterval(100n, 350n)).toBe(250n);
  });
});

describe('devices', () => {
  it('decodes dev_t as glibc major()/minor()', () => {
    expect(decodeDev((259 << 8) | 3)).toEqual({ major: 259, minor: 3 });
    // makedev(8, 300): minor bits above 8 live at bit 20.
    expect(decodeDev((8 << 8) | 44 | (256 << 12))).toEqual({ major: 8, minor: 300 });
  });
  it('psutil counters in bytes, and nowrap keeps counters growing', () => {
    const counters = diskIoCountersOf(parseBlockStat('1 2 3 4 5 6 7 8 9 10 11\n'));
    expect(counters.readBytes).toBe(3 * 512);
    expect(counters.busyTime).toBe(10);
    const wrap = new CounterWrap();
    wrap.apply('sda', { ...counters, readTime: 4000 });
    expect(wrap.apply('sda', { ...counters, readTime: 10 }).readTime).toBe(4010);
    expect(wrap.apply('sda', { ...counters, readTime: 20 }).readTime).toBe(4020);
  });
});
