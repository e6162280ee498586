// PsRow's reads of optional files: what procps leaves blank (a refused, missing or vanished file)
// (any failed system call, as procps' file2str) gives the column's fallback; anything else is a bug and must fail the command, not print a blank.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AccessDenied, NoSuchProcess, ZombieProcess } from '../../src/core/errors.js';
import { parseStat } from '../../src/core/process/parsers.js';
import { NO_LOGIN_FACTS } from '../../src/core/process/login.js';
import { Process } from '../../src/core/process/process.js';
import { TtyNames } from '../../src/core/tty.js';
import { ScanField } from '../../src/core/process/scan.js';
import { formatOf, type PrintContext } from '../../src/tools/ps/formats.js';
import { PsRow, type RunFacts } from '../../src/tools/ps/row.js';

// A tree holding only pid 10's stat, which a Process reads once to know the process's start time.
const root = mkdtempSync(join(tmpdir(), 'ptools-psrow-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const ctx = { proc: root, sys: join(root, 'sys') };
const statLine = '10 (worker) S 1 10 10 0 -1 4194560 0 0 0 0 5 6 0 0 20 0 1 0 500 8192 3\n';
mkdirSync(join(root, '10'));
writeFileSync(join(root, '10', 'stat'), statLine);
const stat = parseStat(Buffer.from(statLine));
const facts: RunFacts = { hertz: 100, bootTime: 0, bootTicks: 1000, memTotalKiB: 1024, pageSize: 4096, utf8: true, ttys: new TtyNames(ctx), sys: ctx.sys, systemdCgroups: { layout: 'unified', root: '/' } };

/** A process whose every file read fails with `failure`. */
class Failing extends Process {
  constructor(private readonly failure: Error) {
    super(10, { ctx });
  }
  override read(): Buffer {
    throw this.failure;
  }
  override readLinkBytes(): Buffer {
    throw this.failure;
  }
}

/** A Node system error as fs throws it. */
const errno = (code: string, n: number) => Object.assign(new Error(`${code}: /proc/10/x`), { code, errno: -n, syscall: 'open' });
const row = (failure: Error) => new PsRow(new Failing(failure), stat, facts);

describe('PsRow optional files', () => {
  it.each([new NoSuchProcess(10), new ZombieProcess(10), new AccessDenied(10, '/proc/10/environ'), errno('ENOENT', 2), errno('ESRCH', 3), errno('EACCES', 13), errno('EPERM', 1), errno('EIO', 5)])(
    'prints the fallback when the read fails with %s',
    (failure) => {
      const r = row(failure);
      expect(r.environ.toString()).toBe('-');
      expect(r.exe.toString()).toBe('-');
      expect(r.wchan).toBe('?');
      expect(r.cgroup).toBe('-');
      expect(r.login).toEqual(NO_LOGIN_FACTS);
      expect(r.namespace('net')).toBeNull();
      expect(r.cmdline.toString()).toBe('[worker]');
      expect(r.uids).toEqual({ real: 0, effective: 0, saved: 0, fs: 0 });
    },
  );

  it.each([new TypeError("Cannot read properties of undefined (reading 'length')"), new RangeError('bad offset'), Object.assign(new TypeError('The "path" argument must be of type string'), { code: 'ERR_INVALID_ARG_TYPE' })])(
    'lets %s through instead of printing a blank cell',
    (failure) => {
      const r = row(failure);
      expect(() => r.environ).toThrow(failure);
      expect(() => r.exe).toThrow(failure);
      expect(() => r.wchan).toThrow(failure);
      expect(() => r.cgroup).toThrow(failure);
      expect(() => r.namespace('net')).toThrow(failure);
      expect(() => r.cmdline).toThrow(failure);
      expect(() => r.uids).toThrow(failure);
    },
  );
});

describe('PsRow systemd facts', () => {
  it("come from /proc/TID/cgroup, relative to PID 1's cgroup, and are read once", () => {
    const tree = mkdtempSync(join(tmpdir(), 'ptools-psrow-login-'));
    try {
      mkdirSync(join(tree, '10'));
      writeFileSync(join(tree, '10', 'stat'), statLine);
      writeFileSync(join(tree, '10', 'cgroup'), '0::/ct/user.slice/user-1000.slice/session-4.scope\n');
      const own = { proc: tree, sys: join(tree, 'sys') };
      const r = new PsRow(new Process(10, { ctx: own }), stat, { ...facts, systemdCgroups: { layout: 'unified', root: '/ct' } });
      expect(r.login).toMatchObject({ unit: 'session-4.scope', slice: 'user-1000.slice', session: '4', ownerUid: 1000, userUnit: null });
      writeFileSync(join(tree, '10', 'cgroup'), '0::/system.slice/other.service\n');
      expect(r.login.unit).toBe('session-4.scope');
      const without = new PsRow(new Process(10, { ctx: own }), stat, { ...facts, systemdCgroups: null });
      expect(without.login).toEqual(NO_LOGIN_FACTS);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});

describe('the files each ps keyword reads besides stat', () => {
  const context = (switches: Partial<PrintContext>): PrintContext => ({
    maxRightward: 80,
    cumulative: false,
    unixF: false,
    bsdE: false,
    bsdC: false,
    userIsNumber: false,
    wideSignals: false,
    forestPrefix: '',
    forestType: null,
    now: 0,
    utf8: false,
    linesToNextHeader: -1,
    ...switches,
  });
  const needs = (spec: string, switches: Partial<PrintContext> = {}) => formatOf(spec)?.needs(context(switches));

  it('print ETIME and ETIMES through C integers, as procps does, however large the elapsed time', () => {
    // Started at tick 500: elapsed = (bootTicks - 500) / hertz seconds.
    const elapsed = (bootTicks: number, hertz = 100) => {
      const r = new PsRow(new Process(10, { ctx }), stat, { ...facts, bootTicks, hertz });
      return ['etime', 'etimes'].map((spec) => formatOf(spec)?.print(r, context({})));
    };
    expect(elapsed(1000)).toEqual(['00:05', '5']);
    expect(elapsed(100 * (3 * 86400 + 3661) + 500)).toEqual(['3-01:01:01', '262861']);
    // 2^32 + 2 days, 1:02:03: ETIMES keeps the low 32 bits of the seconds (an unsigned int), ETIME
    // those of the days.
    expect(elapsed(86400 * (2 ** 32 + 2) + 3723 + 500, 1)).toEqual(['2-01:02:03', String(86400 * 2 + 3723)]);
    // Past 2^64 seconds (a damaged /proc/uptime) both come out 0, as x86-64 converts.
    expect(elapsed(1e25)).toEqual(['00:00', '0']);
  });

  it('are none for stat columns, so that -eo pid,comm reads stat alone', () => {
    expect([needs('pid'), needs('comm'), needs('ppid'), needs('time'), needs('stime')]).toEqual([0, 0, 0, 0, 0]);
  });

  it('follow c and f for command columns', () => {
    expect(needs('args')).toBe(ScanField.cmdlineJoined);
    expect(needs('args', { bsdC: true })).toBe(0);
    expect(needs('comm', { unixF: true })).toBe(ScanField.cmdlineJoined);
  });

  it('are status for ids, names and memory figures, and its text for signal masks and groups', () => {
    for (const spec of ['user', 'uid', 'rgroup', 'rss', 'vsz', '%mem', 'stat', 'sz', 'size']) expect([spec, needs(spec)]).toEqual([spec, ScanField.status]);
    for (const spec of ['blocked', 'pending', 'supgid']) expect([spec, needs(spec)]).toEqual([spec, ScanField.statusText]);
  });
});

describe('PsRow files beside stat', () => {
  it('reads io counters, smaps_rollup sums, limits, loginuid and autogroup as the library does', () => {
    writeFileSync(join(root, '10', 'io'), 'rchar: 6976\nwchar: 1\nsyscr: 10\nsyscw: 1\nread_bytes: 4096\nwrite_bytes: 0\ncancelled_write_bytes: 12\n');
    writeFileSync(join(root, '10', 'smaps_rollup'), '00400000-7fff ---p 00000000 00:00 0 [rollup]\nRss: 1500 kB\nPss: 408 kB\nPss_Anon: 100 kB\nPrivate_Clean: 40 kB\nPrivate_Dirty: 104 kB\nPrivate_Hugetlb: 2048 kB\n');
    writeFileSync(join(root, '10', 'limits'), 'Limit                     Soft Limit           Hard Limit           Units\nMax resident set          8388608              unlimited            bytes\n');
    writeFileSync(join(root, '10', 'loginuid'), '4294967295');
    writeFileSync(join(root, '10', 'autogroup'), '/autogroup-748 nice 5\n');
    const r = new PsRow(new Process(10, { ctx }), stat, facts);
    expect([r.io('rchar'), r.io('read_bytes'), r.io('cancelled_write_bytes'), r.io('nosuch')]).toEqual(['6976', '4096', '12', '0']);
    // PSS is the Pss line, not Pss_Anon; USS is private clean and dirty (not hugetlb).
    expect([r.rollupKib(['Pss']), r.rollupKib(['Private_Clean', 'Private_Dirty'])]).toEqual([408, 144]);
    expect(r.rssLimit).toBe(8388608n);
    expect(r.procInt('loginuid', -1)).toBe(-1);
    expect(r.autogroup).toEqual({ id: 748, nice: 5 });
    for (const file of ['io', 'smaps_rollup', 'limits', 'loginuid', 'autogroup']) rmSync(join(root, '10', file));
    const bare = new PsRow(new Process(10, { ctx }), stat, facts);
    expect([bare.io('rchar'), bare.rollupKib(['Pss']), bare.rssLimit, bare.procInt('loginuid', -1), bare.autogroup]).toEqual(['0', 0, null, -1, { id: -1, nice: 0 }]);
  });
});
