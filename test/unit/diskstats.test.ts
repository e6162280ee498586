// /proc/diskstats and /sys/block/DEV/stat as sysstat's iostat reads them. The kernel writes
// (block/genhd.c diskstats_show) "%4d %7d %s" and then reads, read merges, read sectors, read
// ticks, writes, write merges, write sectors, write ticks, in flight, io ticks, time in queue,
// discards, discard merges, discard sectors, discard ticks, flushes, flush ticks.
import { describe, expect, it } from 'vitest';
import { compareBytes, CounterWrap, decodeDev, diskIoCountersOf, parseBlockStat, parseDiskstats, parseUptimeHundredths } from '../../src/core/disk.js';
import { fgetsLines } from '../../src/core/text.js';
import { runPython } from './python.js';

const SEVENTEEN = ' 259       0 nvme0n1 101 102 103 104 105 106 107 108 109 110 111 112 113 114 115 116 117\n';

describe('parseDiskstats', () => {
  it('maps the seventeen counters in the kernel order', () => {
    expect(parseDiskstats(SEVENTEEN)).toEqual([
      {
        major: 259,
        minor: 0,
        name: 'nvme0n1',
        legacy: false,
        stat: {
          rdIos: 101n, rdMerges: 102n, rdSectors: 103n, rdTicks: 104, wrIos: 105n, wrMerges: 106n, wrSectors: 107n, wrTicks: 108,
          iosPgr: 109, totTicks: 110, rqTicks: 111, dcIos: 112n, dcMerges: 113n, dcSectors: 114n, dcTicks: 115, flIos: 116n, flTicks: 117,
        },
      },
    ]);
  });

  it('reads the name after any blanks, as %s does', () => {
    expect(parseDiskstats('8 0 \t sda 1 2 3 4 5 6 7 8 9 10 11')[0]?.name).toBe('sda');
  });

  it('skips lines without two numbers and a name', () => {
    expect(parseDiskstats('\n8\n8 0\nx 0 sda 1 2 3 4 5 6 7 8 9 10 11\n')).toEqual([]);
  });
});

describe('parseBlockStat', () => {
  it('fills a sysfs stat file in the same order, at most 17 counters', () => {
    const stat = parseBlockStat('1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18\n');
    expect([stat.rdIos, stat.rdMerges, stat.wrIos, stat.wrMerges, stat.wrSectors, stat.dcIos, stat.dcMerges, stat.dcSectors, stat.flIos]).toEqual([1n, 2n, 5n, 6n, 7n, 12n, 13n, 14n, 16n]);
    expect([stat.rdTicks, stat.wrTicks, stat.iosPgr, stat.totTicks, stat.rqTicks, stat.dcTicks, stat.flTicks]).toEqual([4, 8, 9, 10, 11, 15, 17]);
  });

  it('leaves discard and flush counters at 0 when the kernel has fewer than 15 or 17', () => {
    const fourteen = parseBlockStat('1 2 3 4 5 6 7 8 9 10 11 12 13 14\n');
    expect([fourteen.dcIos, fourteen.dcTicks, fourteen.flIos]).toEqual([0n, 0, 0n]);
    const sixteen = parseBlockStat('1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n');
    expect([sixteen.dcIos, sixteen.dcTicks, sixteen.flIos, sixteen.flTicks]).toEqual([12n, 15, 0n, 0]);
  });
});

describe('fgetsLines', () => {
  it('keeps a last line without its newline', () => {
    expect(fgetsLines('a\nbc', 256)).toEqual(['a\n', 'bc']);
    expect(fgetsLines('', 256)).toEqual([]);
  });
});

describe('parseUptimeHundredths', () => {
  it('needs the number at the start, after blanks only', () => {
    expect(parseUptimeHundredths(' \t12.34 5.6')).toBe(1234n);
    expect(parseUptimeHundredths('x12.34 5.6')).toBeNull();
    expect(parseUptimeHundredths('12 34')).toBeNull();
  });
});

describe('decodeDev', () => {
  it('agrees with glibc major() and minor(), large numbers included', () => {
    const devices: Array<[number, number]> = [[8, 0], [259, 3], [8, 300], [4101, 7], [4095, 1048575], [65535, 65536]];
    const script = `import json, os, sys\nfor major, minor in json.loads(sys.stdin.read()): print(os.makedev(major, minor))`;
    const numbers = runPython(script, JSON.stringify(devices)).trimEnd().split('\n').map(Number);
    expect(numbers.map(decodeDev)).toEqual(devices.map(([major, minor]) => ({ major, minor })));
  });
});

describe('diskIoCountersOf and CounterWrap', () => {
  it('gives psutil counts, sector bytes and milliseconds', () => {
    expect(diskIoCountersOf(parseBlockStat('1 2 3 4 5 6 7 8 9 10 11\n'))).toEqual({
      readCount: 1, writeCount: 5, readBytes: 3 * 512, writeBytes: 7 * 512, readTime: 4, writeTime: 8, readMergedCount: 2, writeMergedCount: 6, busyTime: 10,
    });
  });

  it('adds nothing while a counter holds still', () => {
    const counters = diskIoCountersOf(parseBlockStat('1 2 3 4 5 6 7 8 9 10 11\n'));
    const wrap = new CounterWrap();
    wrap.apply('sda', counters);
    expect(wrap.apply('sda', counters)).toEqual(counters);
    expect(wrap.apply('sdb', { ...counters, readCount: 0 })).toEqual({ ...counters, readCount: 0 });
  });
});

describe('compareBytes', () => {
  it('orders as strcmp does, byte by byte', () => {
    expect(['b', 'B', 'a', '\xe9', 'Z', 'ab', ''].sort(compareBytes)).toEqual(['', 'B', 'Z', 'a', 'ab', 'b', '\xe9']);
    expect(compareBytes('same', 'same')).toBe(0);
  });
});
