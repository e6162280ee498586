// pt-uptime and pt-w against procps-ng's uptime and w, byte for byte: the crafted process table
// as /proc, a utmp written here over /var/run/utmp, terminals made in a private /dev with known
// access times, /proc/uptime replaced per case, and the clock pinned by libfaketime, so that
// every column (LOGIN@, IDLE, JCPU, PCPU, WHAT, FROM) is the same for both tools. The clock
// is frozen (not started) at NOW, so that uptime -s rounds the same fraction of a second in
// both, and file times are left alone (NO_FAKE_STAT), as the terminals' access times are real.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENV, expectSameRun, fakeTimeLibrary, FIXTURES, IN_CI, ours, REPO, unavailableReason, type RunResult } from './harness.js';

const NOW_TEXT = '2026-11-23 12:00:00';
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0) / 1000;
const USER_PROCESS = 7;
const LOGIN_PROCESS = 6;

interface Login {
  type?: number;
  pid: number;
  line: string;
  user: string;
  host?: string;
  /** Seconds before NOW. */
  ago: number;
  /** ut_addr_v6 as four 32-bit words in network order. */
  address?: [number, number, number, number];
}

/** struct utmp as glibc lays it out on x86_64 (384 bytes). */
function utmpRecord(login: Login): Buffer {
  const record = Buffer.alloc(384);
  record.writeInt16LE(login.type ?? USER_PROCESS, 0);
  record.writeInt32LE(login.pid, 4);
  record.write(login.line, 8, 32, 'utf8');
  record.write(login.line.slice(-4), 40, 4, 'utf8');
  record.write(login.user, 44, 32, 'utf8');
  record.write(login.host ?? '', 76, 256, 'utf8');
  record.writeInt32LE(NOW - login.ago, 340);
  (login.address ?? [0, 0, 0, 0]).forEach((word, i) => record.writeUInt32BE(word >>> 0, 348 + 4 * i));
  return record;
}

const ip4 = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

const LOGINS: Login[] = [
  { pid: 200, line: 'pts/0', user: 'alice', host: '192.168.1.10', ago: 2 * 3600 + 300, address: [ip4(192, 168, 1, 10), 0, 0, 0] },
  { pid: 312, line: 'tty1', user: 'root', ago: 3 * 86400 },
  { pid: 300, line: ':0', user: 'alice', host: ':0', ago: 1800 },
  { pid: 100, line: 'pts/1', user: 'bob', host: 'nowhere', ago: 60 },
  { pid: 99999, line: 'pts/2', user: 'root', host: 'stale.example', ago: 100 },
  { type: LOGIN_PROCESS, pid: 1, line: 'tty2', user: 'LOGIN', ago: 5000 },
  { pid: 303, line: 'pts/3', user: 'averyveryverylongusername', host: 'fe80::1%eth0', ago: 10 * 86400, address: [0xfe800000, 0, 0, 1] },
  { pid: 330, line: 'pts/4', user: 'josé', host: 'host with space', ago: 13 * 3600, address: [0, 0, 0xffff, ip4(10, 0, 0, 1)] },
  { pid: 307, line: 'pts/5', user: 'alice', host: 'averyveryverylonghostname.example.com:0.0', ago: 40, address: [ip4(10, 1, 2, 3), 0, 0, 0] },
  { pid: 320, line: 'pts/0', user: 'root', host: 'x\x01y', ago: 26 * 3600 },
  // A line cut at its first character that is not a letter, digit or '/', and an empty one
  // ("/dev/" itself: device 0, every process without a terminal).
  { pid: 301, line: 'pts/4-x', user: 'alice', host: 'h', ago: 7 * 86400 },
  { pid: 316, line: '', user: 'rtkit', ago: 50 },
];

/** Terminals in the private /dev: name, device numbers, seconds since last read. */
const TERMINALS: Array<[string, number, number, number]> = [
  ['pts/0', 136, 0, 95],
  ['tty1', 4, 1, 5 * 3600 + 120],
  ['pts/3', 136, 3, 3 * 86400],
  ['pts/4', 136, 4, 30],
  ['pts/5', 136, 5, 4000],
];

const dir = mkdtempSync(join(tmpdir(), 'ptools-w-'));
const UTMP = join(dir, 'utmp');
writeFileSync(UTMP, Buffer.concat(LOGINS.map(utmpRecord)));
const EMPTY_UTMP = join(dir, 'utmp-empty');
writeFileSync(EMPTY_UTMP, '');
const ONE_UTMP = join(dir, 'utmp-one');
writeFileSync(ONE_UTMP, utmpRecord(LOGINS[0] as Login));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SETUP = [
  'mount --bind "$1/proc" /proc || exit 99',
  'for f in passwd group; do mount --bind "$1/etc/$f" "/etc/$f" || exit 99; done',
  '[ -n "$3" ] && { mount --bind "$3" /proc/uptime || exit 99; }',
  '[ -n "$4" ] && { mount --bind "$4" /proc/loadavg || exit 99; }',
  '[ -n "$5" ] && { mount --bind "$5" /proc/stat || exit 99; }',
  '[ -n "$6" ] && { mount --bind "$6" /proc/meminfo || exit 99; }',
  '[ -n "$7" ] && { mount --bind "$7" /proc/sys/kernel || exit 99; }',
  'mount -t tmpfs tmpfs /run || exit 99',
  'cp "$2" /run/utmp || exit 99',
  'mount -t tmpfs tmpfs /dev || exit 99',
  'mkdir /dev/pts && mknod /dev/null c 1 3 || exit 99',
  ...TERMINALS.map(([name, major, minor, ago]) => `mknod /dev/${name} c ${major} ${minor} && touch -a -d @${NOW - ago} /dev/${name} || exit 99`),
  'shift 7',
  'exec "$@"',
].join('\n');

/** A file holding TEXT, for a bind mount over one /proc file; '' (no mount) without TEXT. */
function fileOf(kind: string, text: string | undefined): string {
  if (text === undefined) return '';
  const file = join(dir, `${kind}-${createHash('sha256').update(text).digest('hex')}`);
  writeFileSync(file, text);
  return file;
}

/** A /proc/sys/kernel holding the fixture's pid_max and an osrelease of TEXT. */
function kernelDirOf(text: string | undefined): string {
  if (text === undefined) return '';
  const kernel = join(dir, `kernel-${createHash('sha256').update(text).digest('hex')}`);
  mkdirSync(kernel, { recursive: true });
  copyFileSync(join(FIXTURES, 'ps-crafted', 'proc/sys/kernel/pid_max'), join(kernel, 'pid_max'));
  writeFileSync(join(kernel, 'osrelease'), text, 'latin1');
  return kernel;
}

/**
 * `uptime`: the first figure of /proc/uptime; `uptimeText`: the whole file; `loadavgText`,
 * `statText`, `meminfoText`: /proc/loadavg, /proc/stat, /proc/meminfo; `osreleaseText`:
 * /proc/sys/kernel/osrelease.
 */
function runW(
  command: readonly string[],
  options: { utmp?: string; uptime?: string | undefined; uptimeText?: string; loadavgText?: string; statText?: string; meminfoText?: string; osreleaseText?: string; env?: Record<string, string> } = {},
): RunResult {
  const library = fakeTimeLibrary();
  if (library === null) throw new Error('libfaketime is not installed');
  const uptimeFile = fileOf('uptime', options.uptimeText ?? (options.uptime === undefined ? undefined : `${options.uptime} 1234.56\n`));
  const files = [uptimeFile, fileOf('loadavg', options.loadavgText), fileOf('stat', options.statText), fileOf('meminfo', options.meminfoText), kernelDirOf(options.osreleaseText)];
  const result = spawnSync(
    'unshare',
    ['-m', '-p', '-f', '--propagation', 'private', 'sh', '-c', SETUP, 'sh', join(FIXTURES, 'ps-crafted'), options.utmp ?? UTMP, ...files, 'env', `LD_PRELOAD=${library}`, `FAKETIME=${NOW_TEXT}`, 'NO_FAKE_STAT=1', 'FAKETIME_DONT_FAKE_MONOTONIC=1', ...command],
    { cwd: REPO, env: { ...ENV, ...options.env }, encoding: 'buffer' },
  );
  if (result.error) throw result.error;
  if (result.status === 99) throw new Error(`setting up the login table failed: ${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, signal: result.signal };
}

const W_CASES: string[][] = [
  [],
  ['-h'],
  ['-s'],
  ['-f'],
  ['-o'],
  ['-i'],
  ['-u'],
  ['-s', '-f'],
  ['-o', '-s'],
  ['-i', '-s'],
  ['-u', '-i', '-o'],
  ['-sfhu'],
  ['alice'],
  ['root'],
  ['bob'],
  ['-u', 'bob'],
  ['nobody'],
  ['josé'],
  ['-u', 'averyveryverylongusername'],
  ['--no-header', '--short', 'alice'],
  ['--from', '--old-style'],
  ['--ip-addr'],
  ['-z'],
  ['--bogus'],
  ['--help'],
];

const UPTIME_CASES: Array<[string[], string | undefined]> = [
  [[], undefined],
  [['-p'], undefined],
  [['-s'], undefined],
  [['--pretty'], undefined],
  [['--since'], undefined],
  [[], '59.99'],
  [['-p'], '59.99'],
  [[], '60.00'],
  [['-p'], '60.00'],
  [['-p'], '61.50'],
  [[], '3600.00'],
  [['-p'], '3600.00'],
  [['-p'], '3660.00'],
  [['-p'], '3661.00'],
  [[], '86399.99'],
  [[], '86400.00'],
  [['-p'], '86400.00'],
  [['-p'], '86401.00'],
  [[], '172861.00'],
  [['-p'], '604801.00'],
  [['-p'], '1209600.50'],
  [['-p'], '31536001.00'],
  [['-p'], '315360001.00'],
  [['-p'], '700000000.00'],
  // Past int's range and below zero: procps casts the seconds to int (x86's INT_MIN beyond it).
  [[], '2147483648.00'],
  [['-p'], '2147483648.00'],
  [['-p'], '1e300'],
  [[], '-3700.00'],
  [[], '-90000.00'],
  [['-p'], '-90000.00'],
  [['-s'], '12345.67'],
  [['-s'], '12345.49'],
  [['-z'], undefined],
  [['x'], undefined],
  [['--help'], undefined],
  [['-s', '-z'], undefined],
];

const reason = unavailableReason('w') ?? unavailableReason('uptime') ?? unavailableReason('faketime');

describe(`uptime and w conformance${reason ? ` (cannot run: ${reason})` : ''}`, () => {
  if (reason) {
    it.runIf(IN_CI)('has w, uptime, faketime and unshare', () => {
      throw new Error(reason);
    });
    it.skipIf(IN_CI)(`skipped: ${reason}`, () => {});
    return;
  }
  for (const args of W_CASES) {
    it(`w ${JSON.stringify(args)}`, () => {
      const classic = runW(['w', ...args]);
      expectSameRun(runW(ours('w', args)), classic);
      if (classic.status === 0 && !args.includes('--help')) expect(classic.stdout.toString().split('\n').length).toBeGreaterThan(2);
    });
  }
  for (const columns of ['40', '80', '200']) {
    it(`w with COLUMNS=${columns}`, () => {
      const env = { COLUMNS: columns };
      expectSameRun(runW(ours('w', []), { env }), runW(['w'], { env }));
    });
  }
  it('w with PROCPS_USERLEN and PROCPS_FROMLEN, good and bad', () => {
    for (const env of [{ PROCPS_USERLEN: '20', PROCPS_FROMLEN: '30' }, { PROCPS_USERLEN: '4' }, { PROCPS_FROMLEN: '999' }]) {
      expectSameRun(runW(ours('w', []), { env }), runW(['w'], { env }));
    }
  });
  // Local time as glibc reads TZ: zone files and POSIX rules (minutes, <quoted> names, Mm.w.d and
  // Jn dates) that JavaScript's Date would take for UTC.
  it('w and uptime in the local time TZ gives', () => {
    for (const TZ of ['Asia/Kolkata', 'ABC-3:30', '<+0545>-5:45', 'NZST-12NZDT,M9.5.0,M4.1.0/3', 'AAA3BBB,J1/0,J365/25', 'not a zone 3', 'right/UTC', 'right/Europe/Berlin']) {
      const env = { TZ };
      expectSameRun(runW(ours('w', []), { env }), runW(['w'], { env }));
      expectSameRun(runW(ours('uptime', ['-s']), { env }), runW(['uptime', '-s'], { env }));
      expectSameRun(runW(ours('uptime', []), { env }), runW(['uptime'], { env }));
    }
  });
  // A "right/" zone counts leap seconds: glibc's localtime takes its correction off (27 s since
  // 2017) and shows the leap second itself as :60. The boot time of `uptime -s` is put on the
  // last one (2016-12-31 23:59:60 UTC, 1483228826 in such a zone's count); faketime may read its
  // clock in that zone too, hence both uptimes.
  it('uptime -s in a zone with leap seconds, on one of them', () => {
    const env = { TZ: 'right/UTC' };
    const printed = [NOW - 1483228826, NOW + 27 - 1483228826].map((seconds) => {
      const uptime = `${seconds}.00`;
      const classic = runW(['uptime', '-s'], { uptime, env });
      expectSameRun(runW(ours('uptime', ['-s']), { uptime, env }), classic);
      return classic.stdout.toString();
    });
    expect(printed).toContain('2016-12-31 23:59:60\n');
  });
  it('w and uptime with an empty utmp, and with one user', () => {
    for (const utmp of [EMPTY_UTMP, ONE_UTMP]) {
      expectSameRun(runW(ours('w', []), { utmp }), runW(['w'], { utmp }));
      expectSameRun(runW(ours('uptime', []), { utmp }), runW(['uptime'], { utmp }));
    }
  });
  for (const [args, uptime] of UPTIME_CASES) {
    it(`uptime ${JSON.stringify(args)}${uptime ? ` at ${uptime} s` : ''}`, () => {
      const classic = runW(['uptime', ...args], { uptime });
      expectSameRun(runW(ours('uptime', args), { uptime }), classic);
    });
  }
  // procps_uptime() scans /proc/uptime with fscanf: a file that does not scan fails uptime (with
  // the reason glibc leaves in errno, or none), and leaves w's and top's first lines empty.
  it('uptime, w and top with a /proc/uptime that does not scan', () => {
    for (const uptimeText of ['', '\n', '1', '1 ', 'x', '1 x', 'garbage\n', '12.5 abc', 'inf', 'nan 1', '-', '0x']) {
      for (const command of [['uptime'], ['uptime', '-p'], ['uptime', '-s'], ['w'], ['top', '-b', '-n', '1']]) {
        const [name = '', ...args] = command;
        expectSameRun(runW(ours(name, args), { uptimeText }), runW(command, { uptimeText }));
      }
    }
  });
  // procps_loadavg() keeps what fscanf("%lf %lf %lf") read before it failed, 0 for the rest.
  it('uptime, w and top with a /proc/loadavg that scans only in part', () => {
    for (const loadavgText of ['', 'garbage\n', '1.5 2.5\n', '0.50 abc 1.00 1/2 3\n', 'nan inf -inf 1/2 3\n', '7', '1e1 0x1p1 .5']) {
      for (const command of [['uptime'], ['w'], ['top', '-b', '-n', '1']]) {
        const [name = '', ...args] = command;
        expectSameRun(runW(ours(name, args), { loadavgText }), runW(command, { loadavgText }));
      }
    }
  });
  // procps_stat_new and procps_meminfo_new at start-up: a /proc/stat whose first line does not
  // scan eight cpu counters, or an empty /proc/meminfo, restricts top (Restrict_some) to the task
  // counts, with "?" for %CPU and %MEM.
  it('top with a /proc/stat or /proc/meminfo it cannot read', () => {
    const cases: Array<{ statText?: string; meminfoText?: string }> = [
      { statText: '' },
      { statText: 'garbage\n' },
      { statText: 'cpu  1 2 3 4\ncpu0 1 2 3 4 5 6 7 8\n' },
      { statText: 'cpu  1 2 3 4 5 6 7\n' },
      { statText: 'cpu  1 2 3 4 5 6 7 8\n' },
      { statText: 'intr 1\ncpu  1 2 3 4 5 6 7 8 9 10\n' },
      { meminfoText: '' },
      { meminfoText: 'garbage\n' },
    ];
    for (const damaged of cases) {
      for (const args of [['-b', '-n', '1'], ['-b', '-n', '1', '-1', '-o', '%MEM'], ['-b', '-n', '2', '-d', '0.1', '-H']]) {
        expectSameRun(runW(ours('top', args), damaged), runW(['top', ...args], damaged));
      }
    }
    // --json has no figures there either: null, where the text shows no line or "?".
    const json = JSON.parse(runW(ours('top', ['-b', '-n', '1', '--json']), { statText: '' }).stdout.toString()) as Record<string, unknown> & { processes: Array<Record<string, unknown>> };
    expect(json.processes.length).toBeGreaterThan(0);
    expect([json.cpu_idle, json.mem_total, json.swap_used, json.processes[0]?.percent_cpu, json.processes[0]?.percent_mem]).toEqual([null, null, null, null, null]);
  });
  // procps_linux_version() sscanf's osrelease with "%u.%u.%u" into unsigned ints and masks them
  // (LINUX_VERSION): top shows steal time ("st") from 2.6.11 on, and not when the file is
  // missing, empty or does not scan.
  it('top with osrelease texts that scan otherwise than a version', () => {
    const texts = ['6.18.44-fc-v1252\n', '2.6.11\n', '2.6.10\n', ' 2.6.11', '+2.6.11', '2.6', '3.0', '3', '2.6.11x', '4294967298.6.11', '-1.0.0', '2.-250.11', '2.6.-245', '99999999999999999999.0.0', '', '\n2.6.11', '2.6\u00001', '2 .6.11', '2. 6.11', `${' '.repeat(254)}2.6.11`];
    for (const osreleaseText of texts) {
      const classic = runW(['top', '-b', '-n', '1'], { osreleaseText });
      expectSameRun(runW(ours('top', ['-b', '-n', '1']), { osreleaseText }), classic);
    }
    // Both layouts of the CPU line are among them.
    const cpuLine = (osreleaseText: string) => /^%Cpu\(s\):.*$/m.exec(runW(['top', '-b', '-n', '1'], { osreleaseText }).stdout.toString())?.[0] ?? '';
    expect([cpuLine('2.6.11\n').includes(' st'), cpuLine('2.6.10\n').includes(' st')]).toEqual([true, false]);
  });
  // The library's unsigned longs: a negative figure wraps, one past 2^64-1 saturates, and
  // buff/cache is their unsigned sum; top shows them through floats.
  it('top with /proc/meminfo figures that wrap or pass 2^53 KiB', () => {
    for (const fixture of ['meminfo-wrapped', 'meminfo-exabytes']) {
      const meminfoText = readFileSync(join(FIXTURES, fixture, 'proc/meminfo'), 'latin1');
      for (const args of [['-b', '-n', '1'], ['-b', '-n', '1', '-E', 'g'], ['-b', '-n', '1', '-E', 'e', '-o', '%MEM']]) {
        expectSameRun(runW(ours('top', args), { meminfoText }), runW(['top', ...args], { meminfoText }));
      }
    }
  });
  it('uptime --json has jc\'s fields, agreeing with the text', () => {
    const text = runW(['uptime']).stdout.toString();
    const json = JSON.parse(runW(ours('uptime', ['--json'])).stdout.toString()) as Record<string, unknown>;
    expect(text).toContain(` ${json.time} up `);
    expect(text).toContain(`${json.users} users`);
    expect(json.load_15m).toBe(Number(/, ([\d.]+)\n$/.exec(text)?.[1]));
    expect(json.uptime_total_seconds).toBe(json.uptime_days as number * 86400 + (json.uptime_hours as number) * 3600 + (json.uptime_minutes as number) * 60);
  });
  it('w --json has jc\'s fields, one object per row of w', () => {
    const text = runW(['w', '-h']).stdout.toString().trimEnd().split('\n');
    const json = JSON.parse(runW(ours('w', ['--json'])).stdout.toString()) as Array<Record<string, string | null>>;
    expect(json.length).toBe(text.length);
    json.forEach((row, i) => {
      expect(text[i]?.startsWith(row.user as string)).toBe(true);
      expect(text[i]).toContain(row.what as string);
    });
  });
});
