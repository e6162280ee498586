// procinfo.py's text: one "key value" line per field, with the small tables (children, open
// files, connections, threads, limits, environment, memory maps) continuing under an empty key.
// The layout is the script's, with its quirks fixed (see pt-procinfo(1), BUGS OF THE SCRIPT):
// the key column is 13 wide whether or not stdout is a terminal, the second uids line is gids,
// I/O counts are counts, the CPU time keeps its hours and its hundredths, and a field that cannot
// be read says why instead of printing nothing.
import { ioclassName, type Ionice, type Rlimit } from '../../core/process/details.js';
import type { Ids } from '../../core/process/parsers.js';
import type { CpuTimes } from '../../core/process/process.js';
import { printfFixed } from '../../format/number.js';
import { pyCompare, pyFloatRepr, pyPad } from '../../format/python.js';
import { pad2, strftime } from '../../format/time.js';
import type { Field, NamedPid, ProcinfoReport } from './collect.js';

/** Lists stop after this many rows, with "[...]", unless --verbose. */
export const NON_VERBOSE_ROWS = 4;

const KEY_WIDTH = 13;

const SYMBOLS = ['K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];

/** psutil's bytes2human(): one decimal and the largest binary unit reached, or B below 1 KiB ("0.0B"). */
export function bytes2human(bytes: number): string {
  for (let i = SYMBOLS.length - 1; i >= 0; i--) {
    const prefix = 2 ** ((i + 1) * 10);
    if (Math.abs(bytes) >= prefix) return `${printfFixed(bytes / prefix, 1)}${SYMBOLS[i]}`;
  }
  return `${printfFixed(bytes, 1)}B`;
}

/** Python's str(round(value, digits)) for a float. */
export function pyRound(value: number, digits: number): string {
  return pyFloatRepr(Number(printfFixed(value, digits)));
}

/**
 * CPU seconds as M:SS.cc, or H:MM:SS.cc from an hour on. (The script keeps only minutes modulo
 * 60 and prints the first two digits of the microseconds, so 0.05 s read ".50".)
 */
export function cpuTimeSpent(seconds: number): string {
  const centis = Math.floor(Math.round(seconds * 1e6) / 1e4);
  const cc = pad2(centis % 100);
  const whole = Math.floor(centis / 100);
  const ss = pad2(whole % 60);
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}:${ss}.${cc}`;
  return `${Math.floor(minutes / 60)}:${pad2(minutes % 60)}:${ss}.${cc}`;
}

/** The script's names of the resource limits; RLIMIT_LOCKS, which its table lacks, is "locks". */
export const RLIMIT_NAMES: Readonly<Record<string, string>> = {
  RLIMIT_AS: 'virtualmem',
  RLIMIT_CORE: 'coredumpsize',
  RLIMIT_CPU: 'cputime',
  RLIMIT_DATA: 'datasize',
  RLIMIT_FSIZE: 'filesize',
  RLIMIT_LOCKS: 'locks',
  RLIMIT_MEMLOCK: 'memlock',
  RLIMIT_MSGQUEUE: 'msgqueue',
  RLIMIT_NICE: 'nice',
  RLIMIT_NOFILE: 'openfiles',
  RLIMIT_NPROC: 'maxprocesses',
  RLIMIT_RSS: 'rss',
  RLIMIT_RTPRIO: 'realtimeprio',
  RLIMIT_RTTIME: 'rtimesched',
  RLIMIT_SIGPENDING: 'sigspending',
  RLIMIT_STACK: 'stack',
};

export const rlimitName = (name: string): string => RLIMIT_NAMES[name] ?? name;

export const limitText = (value: number): string => (value === -1 ? 'infinity' : String(value));

export const ioniceText = (value: Ionice): string => `class=${ioclassName(value.ioclass)}, value=${value.value}`;

const pairs = (entries: ReadonlyArray<readonly [string, string | number]>): string => entries.map(([key, value]) => `${key}=${value}`).join(', ');

export const idsText = (ids: Ids): string => pairs([['real', ids.real], ['effective', ids.effective], ['saved', ids.saved]]);

export const cpuTimesText = (times: CpuTimes): string =>
  pairs([
    ['user', pyFloatRepr(times.user)],
    ['system', pyFloatRepr(times.system)],
    ['children_user', pyFloatRepr(times.childrenUser)],
    ['children_system', pyFloatRepr(times.childrenSystem)],
    ['iowait', pyFloatRepr(times.iowait)],
  ]);

type Line = readonly [key: string, value: string];

const CONTROL_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/**
 * Text from the process (arguments, paths, environment values) with control characters escaped
 * as Python writes them in a repr (\n, \t, \r, \xNN), so that every field stays on its line.
 */
export function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => CONTROL_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The value of a field, or why there is none: "(access denied)", "(zombie process)", "(not available)". */
function show<T>(value: Field<T>, text: (value: T) => string): string {
  return value.ok ? text(value.value) : `(${value.failure})`;
}

/**
 * A list section: the header on the key's line and a row per item under an empty key, cut to 4
 * rows and "[...]" unless verbose (only the rows shown are made); an empty value when there are
 * no items, or why they could not be read.
 */
function section<T>(key: string, value: Field<readonly T[]>, header: string, row: (item: T) => string, limit: boolean): Line[] {
  if (!value.ok) return [[key, `(${value.failure})`]];
  if (value.value.length === 0) return [[key, '']];
  const shown = limit ? value.value.slice(0, NON_VERBOSE_ROWS) : value.value;
  const lines: Line[] = [[key, header], ...shown.map((item): Line => ['', row(item)])];
  if (shown.length < value.value.length) lines.push(['', '[...]']);
  return lines;
}

const childName = (child: NamedPid) => (child.name.ok ? printable(child.name.value) : '');

const endpoint = (address: string, port: number) => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);

export function procinfoLines(report: ProcinfoReport, verbose: boolean): Line[] {
  const limit = !verbose;
  const lines: Line[] = [];
  const add = (key: string, value: string) => lines.push([key, value]);
  add('pid', String(report.pid));
  add('name', show(report.name, printable));
  const parentName = report.parent.ok && report.parent.value !== null ? ` (${childName(report.parent.value)})` : '';
  add('parent', show(report.ppid, (ppid) => `${ppid}${parentName}`));
  add('exe', show(report.exe, printable));
  add('cwd', show(report.cwd, printable));
  add('cmdline', show(report.cmdline, (args) => printable(args.join(' '))));
  add('started', show(report.createTime, (time) => strftime('%Y-%m-%d %H:%M', time)));
  add('cpu-tspent', show(report.cpuTimes, (times) => cpuTimeSpent(times.user + times.system)));
  add('cpu-times', show(report.cpuTimes, cpuTimesText));
  add('cpu %', show(report.cpuPercent, (percent) => printfFixed(percent, 1)));
  add('cpu-affinity', show(report.cpuAffinity, (cpus) => `[${cpus.join(', ')}]`));
  add('cpu-num', show(report.cpuNum, String));
  add(
    'memory',
    show(report.memoryInfo, (m) =>
      pairs([['rss', bytes2human(m.rss)], ['vms', bytes2human(m.vms)], ['shared', bytes2human(m.shared)], ['text', bytes2human(m.text)], ['data', bytes2human(m.data)]]),
    ),
  );
  add('footprint', show(report.footprint, (f) => pairs([['uss', bytes2human(f.uss)], ['pss', bytes2human(f.pss)], ['swap', bytes2human(f.swap)]])));
  add('memory %', show(report.memoryPercent, (percent) => pyRound(percent, 2)));
  add('user', show(report.username, String));
  add('uids', show(report.uids, idsText));
  add('gids', show(report.gids, idsText));
  add('terminal', show(report.terminal, (terminal) => terminal ?? ''));
  add('status', show(report.status, String));
  add('nice', show(report.nice, String));
  add('ionice', show(report.ionice, ioniceText));
  add('num-threads', show(report.numThreads, String));
  add('num-fds', show(report.numFds, String));
  add(
    'I/O',
    show(report.ioCounters, (io) =>
      pairs([
        ['read_count', io.readCount],
        ['write_count', io.writeCount],
        ['read_bytes', bytes2human(io.readBytes)],
        ['write_bytes', bytes2human(io.writeBytes)],
        ['read_chars', bytes2human(io.readChars)],
        ['write_chars', bytes2human(io.writeChars)],
      ]),
    ),
  );
  add('ctx-switches', show(report.numCtxSwitches, (c) => pairs([['voluntary', c.voluntary], ['involuntary', c.involuntary]])));
  const childRow = (child: NamedPid) => `${pyPad(String(child.pid), 6, true)} ${childName(child)}`;
  lines.push(...section('children', report.children, `${pyPad('PID', 6, true)} NAME`, childRow, false));
  lines.push(...section('open-files', report.openFiles, 'PATH', (file) => printable(file.path), limit));
  const connection = (...cells: [string, string, string, string]) =>
    `${pyPad(cells[0], 5, true)} ${pyPad(cells[1], 25, true)} ${pyPad(cells[2], 25, true)} ${cells[3]}`;
  lines.push(
    ...section(
      'connections',
      report.connections,
      connection('PROTO', 'LOCAL ADDR', 'REMOTE ADDR', 'STATUS'),
      (c) =>
        connection(
          c.type === 'SOCK_STREAM' ? 'TCP' : 'UDP',
          endpoint(c.localAddress, c.localPort),
          c.remoteAddress === null || c.remotePort === null ? '*:*' : endpoint(c.remoteAddress, c.remotePort),
          c.status,
        ),
      false,
    ),
  );
  const thread = (...cells: [string, string, string]) => `${pyPad(cells[0], 5, true)} ${pyPad(cells[1], 12, false)} ${pyPad(cells[2], 12, false)}`;
  const threadLines = section('threads', report.threads, thread('TID', 'USER', 'SYSTEM'), (t) => thread(String(t.id), pyFloatRepr(t.userTime), pyFloatRepr(t.systemTime)), limit);
  if (report.threads.ok && report.threads.value.length > 0) threadLines.push(['', `total=${report.threads.value.length}`]);
  lines.push(...threadLines);
  const limitRow = (...cells: [string, string, string]) => `${pyPad(cells[0], 12, true)} ${pyPad(cells[1], 15, false)} ${pyPad(cells[2], 15, false)}`;
  lines.push(
    ...section(
      'res-limits',
      derivedList(report.rlimits, (limits) => Object.entries(limits)),
      limitRow('RLIMIT', 'SOFT', 'HARD'),
      ([name, value]: readonly [string, Rlimit]) => limitRow(rlimitName(name), limitText(value.soft), limitText(value.hard)),
      false,
    ),
  );
  const environ = derivedList(report.environ, (env) => Object.keys(env).sort(pyCompare).map((name): readonly [string, string] => [name, env[name] ?? '']));
  lines.push(...section('environ', environ, `${pyPad('NAME', 25, true)} VALUE`, ([name, value]) => `${pyPad(printable(name), 25, true)} ${printable(value)}`, limit));
  const maps = derivedList(report.memoryMaps, (rows) => [...rows].sort((a, b) => b.rss - a.rss));
  lines.push(...section('mem-maps', maps, `${pyPad('RSS', 8, true)} PATH`, (row) => `${pyPad(bytes2human(row.rss), 8, true)} ${printable(row.path)}`, limit));
  return lines;
}

function derivedList<T, U>(value: Field<T>, list: (value: T) => U[]): Field<U[]> {
  return value.ok ? { ok: true, value: list(value.value) } : value;
}

/**
 * A key in bold green, as chalk's bold.green writes it: written out here because loading chalk
 * (and the supports-color it loads, which asks node:tty at once) costs more than all of this
 * command's own start-up. The keys hold no newline nor escape for chalk to re-open around.
 */
const boldGreen = (text: string) => `\x1b[1m\x1b[32m${text}\x1b[39m\x1b[22m`;

/** The lines as text; keys in bold green when colour is on. */
export function renderProcinfo(report: ProcinfoReport, verbose: boolean, color: boolean): string {
  const paint = color ? boldGreen : (text: string) => text;
  return procinfoLines(report, verbose)
    .map(([key, value]) => `${key === '' ? ' '.repeat(KEY_WIDTH) : paint(pyPad(key, KEY_WIDTH, true))} ${value}`)
    .join('\n')
    .concat('\n');
}
