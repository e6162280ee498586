// /proc/PID/status, stat and statm as the kernel writes them (fs/proc/array.c: "Name:\t%s",
// "Uid:\t%d\t%d\t%d\t%d", "VmRSS:\t%8lu kB"; fs/proc/array.c proc_pid_statm: "%lu %lu %lu %lu 0
// %lu 0"), checked on crafted text and on this process's own files against what Node reports.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIds, parseStat, parseStatm, parseStatus, statusBytes } from '../../src/core/process/parsers.js';

const status = (text: string) => parseStatus(Buffer.from(text, 'latin1'));

describe('parseStatus', () => {
  it('reads this process: Name (the first line), Pid, PPid and the ids Node reports', () => {
    const own = parseStatus(readFileSync('/proc/self/status'));
    expect(own.get('Name')).toBe(readFileSync('/proc/self/comm', 'latin1').replace(/\n$/, ''));
    expect(own.get('Pid')).toBe(String(process.pid));
    expect(own.get('PPid')).toBe(String(process.ppid));
    const uids = parseIds(own.get('Uid'));
    const gids = parseIds(own.get('Gid'));
    expect([uids.real, uids.effective]).toEqual([process.getuid?.(), process.geteuid?.()]);
    expect([gids.real, gids.effective]).toEqual([process.getgid?.(), process.getegid?.()]);
  });

  it('skips the tab and the padding after the colon', () => {
    const text = 'Name:\tnode\nVmRSS:\t    5120 kB\nVmSwap:\t       0 kB\n';
    expect(status(text).get('VmRSS')).toBe('5120 kB');
    expect(statusBytes(status(text), 'VmRSS')).toBe(5120 * 1024);
    expect(statusBytes(status(text), 'VmSwap')).toBe(0);
    expect(statusBytes(status(text), 'VmLck')).toBeNull();
  });

  it('matches whole keys only, at the start of a line', () => {
    const text = 'Name:\tx\nTracerPid:\t9\nPid:\t5\nNSpid:\t5\t1\n';
    expect(status(text).get('Pid')).toBe('5');
    expect(status(text).get('pid')).toBeUndefined();
    expect(status(text).get('ame')).toBeUndefined();
  });

  it('reads a last line without its newline, a key with nothing after it, and a leading empty line', () => {
    expect(status('Name:\tx\nUmask:\t0022').get('Umask')).toBe('0022');
    expect(status('Name:').get('Name')).toBe('');
    expect(status('Name:x').get('Name')).toBe('x');
    expect(status('Nam').get('Name')).toBeUndefined();
    expect(status('\nUid:\t1\t2\t3\t4\n').get('Uid')).toBe('1\t2\t3\t4');
  });

  it('answers the same when asked again', () => {
    const parsed = status('Name:\tx\nState:\tS (sleeping)\n');
    expect(parsed.get('State')).toBe('S (sleeping)');
    expect(parsed.get('State')).toBe('S (sleeping)');
    expect(parsed.get('Tgid')).toBeUndefined();
    expect(parsed.get('Tgid')).toBeUndefined();
  });
});

describe('parseIds', () => {
  it('reads real, effective, saved and filesystem ids', () => {
    expect(parseIds('0\t1000\t1001\t1002')).toEqual({ real: 0, effective: 1000, saved: 1001, fs: 1002 });
  });

  it('refuses a line with fewer than four ids, or none', () => {
    expect(() => parseIds('1\t2\t3')).toThrow(/malformed id line/);
    expect(() => parseIds('1\t2\tx\ty')).toThrow(/malformed id line/);
    expect(() => parseIds(undefined)).toThrow(/malformed id line/);
  });
});

describe('parseStat', () => {
  it('reads this process: pid, ppid, comm, and the running state of the reading thread', () => {
    const own = parseStat(readFileSync('/proc/self/stat'));
    expect(own.pid).toBe(process.pid);
    expect(own.ppid).toBe(process.ppid);
    expect(own.comm.toString('latin1')).toBe(readFileSync('/proc/self/comm', 'latin1').replace(/\n$/, ''));
    // The thread reading its own stat is the one running (the process's leader may sleep).
    expect(parseStat(readFileSync('/proc/thread-self/stat')).state).toBe('R');
    expect(own.numThreads).toBeGreaterThan(0);
  });

  it('refuses text without a comm in parentheses', () => {
    expect(() => parseStat(Buffer.from('42 x S 1'))).toThrow(/malformed/);
    expect(() => parseStat(Buffer.from('42 )x( S 1'))).toThrow(/malformed/);
  });

  it('reads fields an older kernel does not print as 0', () => {
    const short = parseStat(Buffer.from('7 (init) S 0 7'));
    expect(short).toMatchObject({ pid: 7, state: 'S', ppid: 0, pgrp: 7, session: 0, starttime: 0, blkioTicks: 0 });
  });
});

describe('parseStatm', () => {
  it('reads size, resident, shared, text and data pages, skipping lib', () => {
    expect(parseStatm(Buffer.from('2456 771 512 3 0 146 0\n'))).toEqual({ size: 2456, resident: 771, shared: 512, text: 3, data: 146 });
  });

  it('refuses a short line', () => {
    expect(() => parseStatm(Buffer.from('2456 771 512 3 0\n'))).toThrow(/malformed/);
  });
});
