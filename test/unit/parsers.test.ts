import { describe, expect, it } from 'vitest';
import { parseCmdline, parseIds, parseStat, parseStatm, parseStatus, statusBytes } from '../../src/core/process/parsers.js';

// A real kernel line (kernel 6.x, 52 fields) with the comm replaced per case.
const statLine = (comm: Buffer | string) =>
  Buffer.concat([
    Buffer.from('4242 ('),
    Buffer.isBuffer(comm) ? comm : Buffer.from(comm),
    Buffer.from(
      ') S 1 4242 4242 34816 4300 4194560 1203 0 7 0 150 42 0 0 20 0 3 0 987654 12345678 321 18446744073709551615 1 1 0 0 0 0 0 4096 17663 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n',
    ),
  ]);

describe('parseStat', () => {
  it('reads the numbered fields of proc(5)', () => {
    const stat = parseStat(statLine('bash'));
    expect(stat).toMatchObject({
      pid: 4242,
      state: 'S',
      ppid: 1,
      pgrp: 4242,
      session: 4242,
      ttyNr: 34816,
      tpgid: 4300,
      minflt: 1203,
      majflt: 7,
      utime: 150,
      stime: 42,
      priority: 20,
      nice: 0,
      numThreads: 3,
      starttime: 987654,
      vsize: 12345678,
      rss: 321,
      processor: 1,
    });
    expect(stat.comm.toString()).toBe('bash');
  });

  it.each([
    ['spaces', 'a b c'],
    ['parentheses', 'x) S 1 2 (y'],
    ['a newline', 'two\nlines'],
    ['a tab', 'tab\there'],
    ['an empty name', ''],
  ])('takes the comm up to the last parenthesis when it holds %s', (_what, comm) => {
    const stat = parseStat(statLine(comm));
    expect(stat.comm.toString()).toBe(comm);
    expect(stat.ppid).toBe(1);
    expect(stat.starttime).toBe(987654);
  });

  it('keeps invalid UTF-8 bytes of the comm as they are', () => {
    const comm = Buffer.from([0x66, 0xff, 0xfe, 0x29, 0x80]);
    expect(parseStat(statLine(comm)).comm.equals(comm)).toBe(true);
  });

  it('reads missing trailing fields of older kernels as 0', () => {
    const stat = parseStat(Buffer.from('7 (old) R 1 7 7 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 100 4096 10\n'));
    expect(stat).toMatchObject({ state: 'R', starttime: 100, vsize: 4096, rss: 10, processor: 0, blkioTicks: 0 });
  });

  it('rejects text without a parenthesised comm', () => {
    expect(() => parseStat(Buffer.from('12 S 1'))).toThrow(/malformed/);
  });
});

describe('parseStatus', () => {
  const status = parseStatus(
    Buffer.from('Name:\ttwo\\nlines\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t1000\t1001\t1002\t1003\nGid:\t5\t6\t7\t8\nVmRSS:\t    1234 kB\n'),
  );

  it('maps each key to its value, escaped names included', () => {
    expect(status.get('Name')).toBe('two\\nlines');
    expect(status.get('State')).toBe('S (sleeping)');
  });

  it('reads the four ids of Uid and Gid', () => {
    expect(parseIds(status.get('Uid'))).toEqual({ real: 1000, effective: 1001, saved: 1002, fs: 1003 });
    expect(parseIds(status.get('Gid'))).toEqual({ real: 5, effective: 6, saved: 7, fs: 8 });
    expect(() => parseIds(undefined)).toThrow(/malformed/);
  });

  it('converts kB lines to bytes and reports absent lines as null (kernel threads)', () => {
    expect(statusBytes(status, 'VmRSS')).toBe(1234 * 1024);
    expect(statusBytes(status, 'VmSwap')).toBeNull();
  });
});

describe('parseCmdline', () => {
  const args = (text: string) => parseCmdline(Buffer.from(text)).map(String);

  it('splits NUL-separated arguments, keeping empty ones', () => {
    expect(args('ls\0-l\0\0/tmp\0')).toEqual(['ls', '-l', '', '/tmp']);
  });

  it('is empty for kernel threads and zombies', () => {
    expect(args('')).toEqual([]);
  });

  it('splits on spaces when a process rewrote its title without NULs', () => {
    expect(args('nginx: worker process')).toEqual(['nginx:', 'worker', 'process']);
  });

  it('keeps spaces inside NUL-separated arguments', () => {
    expect(args('sh\0-c\0echo a b\0')).toEqual(['sh', '-c', 'echo a b']);
  });
});

describe('parseStatm', () => {
  it('reads pages of size, resident, shared, text and data', () => {
    expect(parseStatm(Buffer.from('2000 300 100 20 0 500 0\n'))).toEqual({ size: 2000, resident: 300, shared: 100, text: 20, data: 500 });
  });
});
