// pt-procinfo's pure parts: the command line, the value formats and the layout of the sections.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { decodeIoprio, fileFlagsToMode, ioclassName, parseFdinfo, parseIo, RLIMITS } from '../../src/core/process/details.js';
import type { Field, ProcinfoReport } from '../../src/tools/procinfo/collect.js';
import { parseProcinfoCommand } from '../../src/tools/procinfo/command.js';
import { procinfoJson } from '../../src/tools/procinfo/json.js';
import { bytes2human, cpuTimeSpent, ioniceText, limitText, pyRound, renderProcinfo, RLIMIT_NAMES, rlimitName } from '../../src/tools/procinfo/render.js';

const usageError = (argv: string[]) => {
  try {
    parseProcinfoCommand(argv);
  } catch (error) {
    if (error instanceof UsageError) return { text: error.text, code: error.exitCode };
    throw error;
  }
  throw new Error('no usage error');
};

describe('procinfo command line (argparse rules)', () => {
  it('takes an optional pid and the flags', () => {
    expect(parseProcinfoCommand([])).toEqual({ kind: 'run', pid: null, verbose: false, json: false, color: 'auto' });
    expect(parseProcinfoCommand(['42', '-v'])).toEqual({ kind: 'run', pid: 42n, verbose: true, json: false, color: 'auto' });
    expect(parseProcinfoCommand(['--verb', '--js', '--col', 'never', ' 7 '])).toEqual({ kind: 'run', pid: 7n, verbose: true, json: true, color: 'never' });
    expect(parseProcinfoCommand(['--color=always', '--', '9'])).toMatchObject({ pid: 9n, color: 'always' });
    expect(parseProcinfoCommand(['1', '-vh'])).toEqual({ kind: 'help' });
  });

  it('reads pids of any length up to the 4300 digits Python 3.11 converts, and no more', () => {
    const big = '9'.repeat(4300);
    expect(parseProcinfoCommand([big])).toMatchObject({ pid: BigInt(big) });
    expect(parseProcinfoCommand([`${'1_'.repeat(2200)}1`])).toMatchObject({ pid: BigInt('1'.repeat(2201)) });
    expect(usageError([`000${'1'.repeat(4298)}`]).code).toBe(2);
    expect(usageError(['1'.repeat(4301)]).code).toBe(2);
    expect(usageError(['1'.repeat(4301)]).text).toContain(`argument pid: invalid int value: '${'1'.repeat(4301)}'`);
  });

  it('refuses mistakes with argparse messages and status 2', () => {
    const usage = 'usage: procinfo [-h] [--verbose] [--json] [--color WHEN] [pid]\n';
    expect(usageError(['abc'])).toEqual({ text: `${usage}procinfo: error: argument pid: invalid int value: 'abc'\n`, code: 2 });
    expect(usageError(['1', '2'])).toEqual({ text: `${usage}procinfo: error: unrecognized arguments: 2\n`, code: 2 });
    expect(usageError(['--bogus'])).toEqual({ text: `${usage}procinfo: error: unrecognized arguments: --bogus\n`, code: 2 });
    expect(usageError(['--color'])).toEqual({ text: `${usage}procinfo: error: argument --color: expected one argument\n`, code: 2 });
    expect(usageError(['--color', 'red']).text).toContain("argument --color: invalid choice: 'red' (choose from 'always', 'never', 'auto')");
  });
});

describe('procinfo values', () => {
  it('bytes2human as psutil', () => {
    expect(bytes2human(0)).toBe('0.0B');
    expect(bytes2human(1023)).toBe('1023.0B');
    expect(bytes2human(1024)).toBe('1.0K');
    expect(bytes2human(13.4 * 1048576)).toBe('13.4M');
    expect(bytes2human(5 * 2 ** 40)).toBe('5.0T');
  });

  it('CPU time keeps hours and hundredths', () => {
    expect(cpuTimeSpent(0.2)).toBe('0:00.20');
    expect(cpuTimeSpent(0.05)).toBe('0:00.05');
    expect(cpuTimeSpent(1765.95)).toBe('29:25.95');
    expect(cpuTimeSpent(3 * 3600 + 61.5)).toBe('3:01:01.50');
    expect(cpuTimeSpent(26 * 3600)).toBe('26:00:00.00');
  });

  it('rounds as Python prints round(x, 2)', () => {
    expect(pyRound(0.0567, 2)).toBe('0.06');
    expect(pyRound(3, 2)).toBe('3.0');
    expect(pyRound(0.1, 2)).toBe('0.1');
  });

  it('names every resource limit, RLIMIT_LOCKS included', () => {
    expect(RLIMITS.map(([name]) => name)).toEqual([...RLIMITS.map(([name]) => name)].sort());
    expect(RLIMITS.map(([, resource]) => resource).sort((a, b) => a - b)).toEqual([...Array(16).keys()]);
    for (const [name] of RLIMITS) expect(RLIMIT_NAMES[name]).toMatch(/^[a-z]{1,12}$/);
    expect(rlimitName('RLIMIT_LOCKS')).toBe('locks');
    expect(rlimitName('RLIMIT_NOFILE')).toBe('openfiles');
    expect(limitText(-1)).toBe('infinity');
    expect(limitText(8388608)).toBe('8388608');
  });

  it('decodes ioprio and names the classes', () => {
    expect(decodeIoprio((2 << 13) | 4)).toEqual({ ioclass: 2, value: 4 });
    expect(decodeIoprio(0)).toEqual({ ioclass: 0, value: 0 });
    expect(['NONE', 'RT', 'BE', 'IDLE'].map((_, i) => ioclassName(i))).toEqual(['IOPRIO_CLASS_NONE', 'IOPRIO_CLASS_RT', 'IOPRIO_CLASS_BE', 'IOPRIO_CLASS_IDLE']);
    expect(ioniceText({ ioclass: 3, value: 0 })).toBe('class=IOPRIO_CLASS_IDLE, value=0');
  });

  it('derives the open mode from the flags as psutil does', () => {
    expect(fileFlagsToMode(0o100000)).toBe('r');
    expect(fileFlagsToMode(0o1)).toBe('w');
    expect(fileFlagsToMode(0o2)).toBe('r+');
    expect(fileFlagsToMode(0o2001)).toBe('a');
    expect(fileFlagsToMode(0o2002)).toBe('a+');
  });

  it('parses fdinfo and io', () => {
    expect(parseFdinfo('pos:\t12\nflags:\t0102002\nmnt_id:\t29\nino:\t5\n')).toEqual({ position: 12, flags: 0o102002 });
    expect(parseIo('rchar: 5\nwchar: 6\nsyscr: 1\nsyscw: 2\nread_bytes: 3\nwrite_bytes: 4\ncancelled_write_bytes: 0\n')).toEqual({
      readCount: 1,
      writeCount: 2,
      readBytes: 3,
      writeBytes: 4,
      readChars: 5,
      writeChars: 6,
    });
  });
});

const ok = <T>(value: T): Field<T> => ({ ok: true, value });
const denied: Field<never> = { ok: false, failure: 'access denied' };

function sample(): ProcinfoReport {
  return {
    pid: 1384,
    name: ok('bash'),
    ppid: ok(1383),
    parent: ok({ pid: 1383, name: ok('sshd') }),
    exe: ok('/usr/bin/bash'),
    cwd: denied,
    cmdline: ok(['bash', '-l']),
    createTime: ok(0),
    cpuTimes: ok({ user: 0.03, system: 0.09, childrenUser: 10.44, childrenSystem: 9.8, iowait: 0 }),
    cpuPercent: ok(1.25),
    cpuAffinity: ok([0, 1]),
    cpuNum: ok(1),
    memoryInfo: ok({ rss: 4089446, vms: 5242880, shared: 3040870, text: 790528, data: 1258291 }),
    footprint: denied,
    memoryPercent: ok(0.0161),
    username: ok('root'),
    uids: ok({ real: 0, effective: 0, saved: 0, fs: 0 }),
    gids: ok({ real: 5, effective: 5, saved: 5, fs: 5 }),
    terminal: ok(null),
    status: ok('sleeping'),
    nice: ok(0),
    ionice: ok({ ioclass: 2, value: 4 }),
    numThreads: ok(1),
    numFds: ok(4),
    ioCounters: ok({ readCount: 157, writeCount: 3, readBytes: 0, writeBytes: 4096, readChars: 1572864, writeChars: 10 }),
    numCtxSwitches: ok({ voluntary: 30, involuntary: 4 }),
    children: ok([{ pid: 4605, name: ok('cat') }]),
    openFiles: ok(['/a', '/b', '/c', '/d', '/e'].map((path, fd) => ({ path, fd, position: 0, mode: 'r', flags: 0 }))),
    connections: ok([
      { fd: 3, family: 'AF_INET6', type: 'SOCK_STREAM', localAddress: '::1', localPort: 8080, remoteAddress: null, remotePort: null, status: 'LISTEN' },
      { fd: 4, family: 'AF_INET', type: 'SOCK_DGRAM', localAddress: '127.0.0.1', localPort: 53, remoteAddress: '127.0.0.1', remotePort: 999, status: 'NONE' },
    ]),
    threads: ok([{ id: 1384, userTime: 0.7, systemTime: 1.35 }]),
    rlimits: ok({ RLIMIT_AS: { soft: -1, hard: -1 }, RLIMIT_NOFILE: { soft: 1024, hard: 4096 } }),
    environ: ok({ b: '2', a: '1', Z: 'z' }),
    memoryMaps: ok([
      { path: '[anon]', rss: 1024, size: 0, pss: 0, sharedClean: 0, sharedDirty: 0, privateClean: 0, privateDirty: 0, referenced: 0, anonymous: 0, swap: 0 },
      { path: '/usr/bin/bash', rss: 2048, size: 0, pss: 0, sharedClean: 0, sharedDirty: 0, privateClean: 0, privateDirty: 0, referenced: 0, anonymous: 0, swap: 0 },
    ]),
  };
}

describe('procinfo layout', () => {
  it('prints every section under a 13-wide key column', () => {
    const text = renderProcinfo(sample(), false, false);
    const keyed = (key: string, value: string) => `${key.padEnd(13)} ${value}`;
    const lines = text.split('\n');
    expect(lines).toContain(keyed('parent', '1383 (sshd)'));
    expect(lines).toContain(keyed('cwd', '(access denied)'));
    expect(lines).toContain(keyed('cpu-tspent', '0:00.12'));
    expect(lines).toContain(keyed('cpu-times', 'user=0.03, system=0.09, children_user=10.44, children_system=9.8, iowait=0.0'));
    expect(lines).toContain(keyed('cpu-affinity', '[0, 1]'));
    expect(lines).toContain(keyed('memory', 'rss=3.9M, vms=5.0M, shared=2.9M, text=772.0K, data=1.2M'));
    expect(lines).toContain(keyed('footprint', '(access denied)'));
    expect(lines).toContain(keyed('memory %', '0.02'));
    expect(lines).toContain(keyed('uids', 'real=0, effective=0, saved=0'));
    expect(lines).toContain(keyed('gids', 'real=5, effective=5, saved=5'));
    expect(lines).toContain(keyed('terminal', ''));
    expect(lines).toContain(keyed('ionice', 'class=IOPRIO_CLASS_BE, value=4'));
    expect(lines).toContain(keyed('I/O', 'read_count=157, write_count=3, read_bytes=0.0B, write_bytes=4.0K, read_chars=1.5M, write_chars=10.0B'));
    expect(lines).toContain(keyed('ctx-switches', 'voluntary=30, involuntary=4'));
    const after = (key: string, count: number) => lines.slice(lines.findIndex((line) => line.startsWith(`${key} `)), lines.findIndex((line) => line.startsWith(`${key} `)) + count);
    expect(after('children', 2)).toEqual([keyed('children', 'PID    NAME'), keyed('', '4605   cat')]);
    expect(after('open-files', 6)).toEqual(['PATH', '/a', '/b', '/c', '/d', '[...]'].map((v, i) => keyed(i ? '' : 'open-files', v)));
    expect(after('connections', 3)).toEqual([
      keyed('connections', 'PROTO LOCAL ADDR                REMOTE ADDR               STATUS'),
      keyed('', 'TCP   [::1]:8080                *:*                       LISTEN'),
      keyed('', 'UDP   127.0.0.1:53              127.0.0.1:999             NONE'),
    ]);
    expect(after('threads', 3)).toEqual([keyed('threads', 'TID           USER       SYSTEM'), keyed('', '1384           0.7         1.35'), keyed('', 'total=1')]);
    expect(after('res-limits', 3)).toEqual([
      keyed('res-limits', 'RLIMIT                  SOFT            HARD'),
      keyed('', 'virtualmem          infinity        infinity'),
      keyed('', 'openfiles               1024            4096'),
    ]);
    expect(after('environ', 4)).toEqual([keyed('environ', `${'NAME'.padEnd(25)} VALUE`), keyed('', `${'Z'.padEnd(25)} z`), keyed('', `${'a'.padEnd(25)} 1`), keyed('', `${'b'.padEnd(25)} 2`)]);
    expect(after('mem-maps', 3)).toEqual([keyed('mem-maps', 'RSS      PATH'), keyed('', '2.0K     /usr/bin/bash'), keyed('', '1.0K     [anon]')]);
    expect(text).not.toContain('\x1b');
  });

  it('lists everything with --verbose, and colours keys only when asked', () => {
    expect(renderProcinfo(sample(), true, false)).not.toContain('[...]');
    expect(renderProcinfo(sample(), false, true)).toContain('\x1b[1m\x1b[32mpid');
    // The bytes chalk's bold.green gives a key (the renderer writes them itself).
    const key = 'pid'.padEnd(13);
    expect(renderProcinfo(sample(), false, true)).toContain(new Chalk({ level: 1 }).bold.green(key));
  });

  it('gives JSON nulls and the reasons for what could not be read', () => {
    const json = procinfoJson(sample());
    expect(json.cwd).toBeNull();
    expect(json.memory_footprint).toBeNull();
    expect(json.unavailable).toEqual({ cwd: 'access denied', memory_footprint: 'access denied' });
    expect(json.ionice).toEqual({ ioclass: 'IOPRIO_CLASS_BE', value: 4 });
    expect(json.rlimits).toEqual({ RLIMIT_AS: { soft: -1, hard: -1 }, RLIMIT_NOFILE: { soft: 1024, hard: 4096 } });
    expect(json.connections?.[0]).toEqual({ fd: 3, family: 'AF_INET6', type: 'SOCK_STREAM', laddr: { ip: '::1', port: 8080 }, raddr: null, status: 'LISTEN' });
  });
});

describe('procinfo text from the process', () => {
  it('escapes control characters so that each field keeps its line', async () => {
    const { printable } = await import('../../src/tools/procinfo/render.js');
    expect(printable('python3 -c import os\n\tos._exit(0)\x1b')).toBe('python3 -c import os\\n\\tos._exit(0)\\x1b');
    expect(printable('plain ünïcode')).toBe('plain ünïcode');
  });
});
