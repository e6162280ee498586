// The pure pieces under pt-vmstat: /proc/stat's system counters, /proc/diskstats and
// /proc/slabinfo as procps-ng 4's library scans them, the C float of unitConvert(), and
// strtol_or_err's syntax.
import { describe, expect, it } from 'vitest';
import { parseStatCounters, procpsStatUsable } from '../../src/core/cpu.js';
import { parseProcpsDiskstats } from '../../src/core/disk.js';
import { parseSlabinfo } from '../../src/core/memory.js';
import { unitConvert } from '../../src/tools/vmstat/collect.js';
import { parseVmstatCommand, strtolOrErr } from '../../src/tools/vmstat/command.js';

describe('parseStatCounters', () => {
  it('reads each counter after its name, 0 when the line is missing', () => {
    const text = 'cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 98765 1 2 3\nctxt 4294967297\nbtime 1796200000\nprocesses 77\nprocs_running 3\n';
    expect(parseStatCounters(text)).toEqual({ intr: 98765n, ctxt: 4294967297n, btime: 1796200000n, processes: 77n, procsRunning: 3n, procsBlocked: 0n });
  });
  it('wants eight numbers on the cpu line', () => {
    expect(procpsStatUsable('cpu  1 2 3 4 5 6 7 8\n')).toBe(true);
    expect(procpsStatUsable('cpu  1 2 3 4 5 6 7\n')).toBe(false);
    expect(procpsStatUsable('intr 1\n')).toBe(false);
  });
});

describe('parseProcpsDiskstats', () => {
  it('takes the first eleven counters of each line', () => {
    const entries = parseProcpsDiskstats(' 254       0 vda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n');
    expect(entries).toEqual([{ name: 'vda', counters: [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n, 11n] }]);
  });
  it('refuses the whole file for a 4-counter line or a name longer than 34 bytes', () => {
    expect(parseProcpsDiskstats(' 254 0 vda 1 2 3 4 5 6 7 8 9 10 11\n   8 2 sda2 10 80 5 40\n')).toBeNull();
    expect(parseProcpsDiskstats(` 254 0 ${'x'.repeat(35)} 1 2 3 4 5 6 7 8 9 10 11\n`)).toBeNull();
    expect(parseProcpsDiskstats(` 254 0 ${'x'.repeat(34)} 1 2 3 4 5 6 7 8 9 10 11\n`)?.[0]?.name).toBe('x'.repeat(34));
  });
});

describe('parseSlabinfo', () => {
  const header = 'slabinfo - version: 2.1\n# name <active_objs> ...\n';
  it('reads the five counts and the slab data of each cache', () => {
    const caches = parseSlabinfo(`${header}TCP                   78     78 2368   13    8 : tunables    0    0    0 : slabdata      6      6      0\n`);
    expect(caches).toEqual([{ name: 'TCP', activeObjs: 78, numObjs: 78, objSize: 2368, objsPerSlab: 13, pagesPerSlab: 8, activeSlabs: 6, numSlabs: 6 }]);
  });
  it('refuses other versions and lines that do not scan', () => {
    expect(parseSlabinfo('slabinfo - version: 1.1\n')).toBeNull();
    expect(parseSlabinfo(`${header}TCP 78 78\n`)).toBeNull();
  });
});

describe('unitConvert', () => {
  const K = { divisor: 1024, letter: 'K' };
  it('goes through a C float: above 2^24 only even values survive', () => {
    expect(unitConvert(33554435n, K)).toBe(33554436n);
    expect(unitConvert(16777217n, K)).toBe(16777216n);
    expect(unitConvert(16777215n, K)).toBe(16777215n);
  });
  it('truncates after dividing by the unit', () => {
    expect(unitConvert(1000n, { divisor: 1000000, letter: 'm' })).toBe(1n);
    expect(unitConvert(1023n, { divisor: 1048576, letter: 'M' })).toBe(0n);
    expect(unitConvert(3n, { divisor: 1, letter: 'b' })).toBe(3072n);
  });
});

describe('vmstat command line', () => {
  it('parses strtol syntax', () => {
    expect(strtolOrErr(' +5')).toBe(5n);
    expect(() => strtolOrErr('5 ')).toThrow("failed to parse argument: '5 '");
    expect(() => strtolOrErr('99999999999999999999')).toThrow('Numerical result out of range');
  });
  it('takes a negative count as one never reached', () => {
    const command = parseVmstatCommand(['--', '2', '-1']);
    expect(command.kind === 'run' && command.options.count).toBe(Infinity);
  });
  it('runs -f at once, before a later bad option', () => {
    expect(parseVmstatCommand(['-f', '-x']).kind).toBe('forks');
  });
});
