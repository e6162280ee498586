// smem's four views as tables: which rows exist and what each field of a row holds, computed as
// smem 1.5 computes them (per-mapping sums of smaps in kB, users from the owner of /proc/PID,
// the -w areas from meminfo). Formatting is render.ts's.
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { CommandFailed } from '../../core/errors.js';
import { parseSmemMaps, smemTotals, type SmemMapping, type SmemTotals } from './smaps.js';
import { PyFloat, pyNumber, type PyValue } from '../../format/python.js';
import type { SmemOptions } from './command.js';
import type { SmemSource } from './source.js';

/** How a column adds up in the -t line: the row count, distinct values, a sum, a blank, or nothing. */
export type Total = 'count' | 'distinct' | 'sum' | 'blank' | null;

export interface SmemField<R> {
  readonly title: string;
  /** smem's format: '% 5s', '%-8s', '%-27.27s'; an 'a' conversion is an amount (-k/-p apply). */
  readonly format: string;
  get(row: R): PyValue;
  readonly total: Total;
  readonly help: string;
}

export interface SmemTable<R> {
  readonly rows: readonly R[];
  readonly fields: Readonly<Record<string, SmemField<R>>>;
  readonly defaultColumns: string;
  readonly defaultSort: string;
}

/** Every table, whatever its rows, is rendered the same way. */
export type AnyTable = SmemTable<unknown>;

/** smem's figures of one process or user or mapping name: kB sums of smaps lines. */
type Sums = Record<(typeof SUM_KEYS)[number], number>;

const SUM_KEYS = ['size', 'rss', 'pss', 'shared_clean', 'shared_dirty', 'private_clean', 'private_dirty', 'referenced', 'swap'] as const;

const zeroSums = (): Sums => ({
  size: 0,
  rss: 0,
  pss: 0,
  shared_clean: 0,
  shared_dirty: 0,
  private_clean: 0,
  private_dirty: 0,
  referenced: 0,
  swap: 0,
});

function addMapping(sums: Sums, mapping: SmemMapping): void {
  for (const key of SUM_KEYS) sums[key] += mapping.kb.get(key) ?? 0;
}

/**
 * A file as Python's open().read() gives it: strict UTF-8 (smem treats a file that does not
 * decode like one that cannot be read) with universal newlines.
 */
export function pyText(bytes: Buffer): string {
  if (!isUtf8(bytes)) throw new Error('not UTF-8');
  const text = bytes.toString('utf8');
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

// A surrogate: the text has a code point that takes two UTF-16 units.
const ASTRAL = /[\ud800-\udfff]/;

/**
 * Python's text[a:b] on code points, with b = -1 meaning "all but the last". Without astral
 * characters (nearly always) code points are UTF-16 units, and the string is sliced in place.
 */
function pySlice(text: string, start: number, end: number): string {
  if (!ASTRAL.test(text)) return text.slice(start, Math.max(start, end < 0 ? text.length + end : end));
  const points = [...text];
  const stop = end < 0 ? points.length + end : end;
  return points.slice(start, Math.max(start, stop)).join('');
}

/** Python's text.find(char) on code points. */
function pyFind(text: string, char: string): number {
  return ASTRAL.test(text) ? [...text].indexOf(char) : text.indexOf(char);
}

/** What smem does with a compiled filter: re.search(text), true when it matches anywhere. */
export interface PyPattern {
  test(text: string): boolean;
}

// A pattern with no special character, or only escaped ones (re treats a backslash before a
// character that is not a letter or digit as that character).
const LITERAL = /^(?:[^\\^$.|?*+()[\]{}]|\\[^A-Za-z0-9])*$/;

/** A regular expression written for Python's re, in JavaScript's syntax where they differ. */
export function pyRegex(pattern: string): PyPattern {
  const translated = pattern
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$(?![\\s\\S])');
  try {
    const regex = new RegExp(translated);
    // V8 compiles a pattern when it first runs: run it once here so that a failure is met now.
    regex.test('');
    return regex;
  } catch (error) {
    // V8 refuses a pattern of some tens of kilobytes ("Regular expression too large") that
    // Python's re compiles; a literal one (a long name pasted as the filter) is matched as a
    // substring, which is what re.search does with it.
    if (LITERAL.test(pattern)) {
      const literal = pattern.replace(/\\(.)/gs, '$1');
      return { test: (text) => text.includes(literal) };
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new CommandFailed(`smem: bad regular expression ${JSON.stringify(pattern)}: ${reason}\n`, 1, { cause: error });
  }
}

/** The value for a key, computed on first use. */
function remembered<K, V>(cache: Map<K, V>, key: K, compute: () => V): V {
  if (cache.has(key)) return cache.get(key) as V;
  const value = compute();
  cache.set(key, value);
  return value;
}

/** What smem knows of each process entry, read at most once. */
class SmemProcesses {
  private readonly names = new Map<number, string>();
  private readonly commands = new Map<number, string>();
  private readonly owners = new Map<number, number>();

  constructor(readonly source: SmemSource) {}

  /** smem's pidname(): from the first '(' to the first ')' of stat, or '?'. */
  name(pid: number): string {
    return remembered(this.names, pid, () => {
      try {
        const text = pyText(this.source.processFile(pid, 'stat'));
        return pySlice(text, pyFind(text, '(') + 1, pyFind(text, ')'));
      } catch {
        return '?';
      }
    });
  }

  /** smem's pidcmd(): cmdline without its last character, NULs as spaces, or '?'. */
  command(pid: number): string {
    return remembered(this.commands, pid, () => {
      try {
        const printable = this.source.commandText?.(pid);
        if (printable !== undefined) return printable.slice(0, -1).replaceAll('\0', ' ');
        return pySlice(pyText(this.source.processFile(pid, 'cmdline')), 0, -1).replaceAll('\0', ' ');
      } catch {
        return '?';
      }
    });
  }

  uid(pid: number): number {
    return remembered(this.owners, pid, () => this.source.ownerUid(pid));
  }

  userName(pid: number): string {
    return this.source.userName(this.uid(pid));
  }
}

export interface Collected {
  readonly table: AnyTable;
  /** Set when smaps has no Pss lines: smem warns and sorts by RSS unless -s was given. */
  readonly pssMissing: boolean;
}

/** The pids that pass -P and -U, in listing order. */
function candidates(procs: SmemProcesses, options: SmemOptions): number[] {
  const processFilter = options.processFilter ? pyRegex(options.processFilter) : null;
  const userFilter = options.userFilter ? pyRegex(options.userFilter) : null;
  return procs.source
    .entries()
    .filter((entry) => /^\d+$/.test(entry) && procs.command(Number(entry)) !== '')
    .map(Number)
    .filter((pid) => !processFilter || processFilter.test(procs.name(pid)) || processFilter.test(procs.command(pid)))
    .filter((pid) => !userFilter || userFilter.test(procs.userName(pid)));
}

/** Each pid's smaps bytes, or null when it cannot be read (smem skips those silently). */
function* smapsOf(procs: SmemProcesses, pids: readonly number[]): Generator<[number, Buffer | null]> {
  for (const pid of pids) {
    let data: Buffer | null;
    try {
      data = procs.source.processFile(pid, 'smaps');
    } catch {
      data = null; // unreadable, vanished, or a kernel thread
    }
    yield [pid, data];
  }
}

/**
 * Each pid's smem sums: from the source where it sums as it reads, from the smaps bytes
 * otherwise; null when unreadable, undefined when the file is not in the kernel's layout.
 */
function* totalsOf(procs: SmemProcesses, pids: readonly number[]): Generator<[number, SmemTotals | null | undefined]> {
  if (procs.source.smapsTotals) {
    yield* procs.source.smapsTotals(pids);
    return;
  }
  for (const [pid, data] of smapsOf(procs, pids)) yield [pid, data === null ? null : (smemTotals(data) ?? undefined)];
}

/**
 * One process's smaps decoded and parsed as smem does, with whether it lacks Pss lines while not
 * empty; null for a file smem cannot decode or parse, which it skips silently.
 */
function parsedSmaps(data: Buffer): { mappings: SmemMapping[]; pssMissing: boolean } | null {
  try {
    const text = pyText(data);
    const parsed = parseSmemMaps(text);
    return { mappings: parsed.mappings, pssMissing: text !== '' && !parsed.hasPss };
  } catch {
    return null;
  }
}

/** Reads the processes that pass -P and -U, pid and their mappings (after -M), skipping what cannot be read. */
function scanProcesses(procs: SmemProcesses, options: SmemOptions, onMaps: (pid: number, maps: SmemMapping[]) => void): boolean {
  const mapFilter = options.mapFilter ? pyRegex(options.mapFilter) : null;
  let pssMissing = false;
  for (const [pid, data] of smapsOf(procs, candidates(procs, options))) {
    const parsed = data === null ? null : parsedSmaps(data);
    if (parsed === null) continue;
    if (parsed.pssMissing) pssMissing = true;
    const maps = mapFilter ? parsed.mappings.filter((mapping) => mapFilter.test(mapping.name)) : parsed.mappings;
    onMaps(pid, maps);
  }
  return pssMissing;
}

/**
 * The sums and mapping count of each process, for the process and user views: summed by the
 * addon when the file is in the kernel's layout, through parseSmemMaps otherwise (and always
 * with -M, which needs the mapping names).
 */
function scanTotals(procs: SmemProcesses, options: SmemOptions, onTotals: (pid: number, sums: Sums, maps: number) => void): boolean {
  const fromMaps = (pid: number, maps: SmemMapping[]) => {
    const sums = zeroSums();
    for (const mapping of maps) addMapping(sums, mapping);
    onTotals(pid, sums, maps.length);
  };
  if (options.mapFilter) return scanProcesses(procs, options, fromMaps);
  let pssMissing = false;
  for (const [pid, totals] of totalsOf(procs, candidates(procs, options))) {
    if (totals === null) continue;
    if (totals) {
      if (!totals.empty && !totals.hasPss) pssMissing = true;
      onTotals(pid, totals.kb, totals.mappings);
      continue;
    }
    let data: Buffer;
    try {
      data = procs.source.processFile(pid, 'smaps');
    } catch {
      continue; // gone since
    }
    const parsed = parsedSmaps(data);
    if (parsed === null) continue;
    if (parsed.pssMissing) pssMissing = true;
    fromMaps(pid, parsed.mappings);
  }
  return pssMissing;
}

interface ProcessRow {
  pid: number;
  sums: Sums;
  maps: number;
}

const amount = <R>(title: string, get: (row: R) => number, help: string): SmemField<R> => ({
  title,
  format: '% 8a',
  get,
  total: 'sum',
  help,
});

const ussOf = (sums: Sums) => sums.private_clean + sums.private_dirty;

/** The Swap, USS, RSS and PSS columns that every view has (smem words the Swap help two ways). */
function sharedAmounts<R extends { sums: Sums }>(swapHelp: string): Record<'swap' | 'uss' | 'rss' | 'pss', SmemField<R>> {
  return {
    swap: amount<R>('Swap', (r) => r.sums.swap, swapHelp),
    uss: amount<R>('USS', (r) => ussOf(r.sums), 'unique set size'),
    rss: amount<R>('RSS', (r) => r.sums.rss, 'resident set size (ignoring sharing)'),
    pss: amount<R>('PSS', (r) => r.sums.pss, 'proportional set size (including sharing)'),
  };
}

function processTable(procs: SmemProcesses, options: SmemOptions): Collected {
  const rows: ProcessRow[] = [];
  const pssMissing = scanTotals(procs, options, (pid, sums, maps) => {
    if (maps > 0) rows.push({ pid, sums, maps });
  });
  const fields: Record<string, SmemField<ProcessRow>> = {
    pid: { title: 'PID', format: '% 5s', get: (r) => r.pid, total: 'count', help: 'process ID' },
    user: {
      title: 'User',
      format: '%-8s',
      get: (r) => (options.numeric ? procs.uid(r.pid) : procs.userName(r.pid)),
      total: 'distinct',
      help: 'owner of process',
    },
    name: { title: 'Name', format: '%-24.24s', get: (r) => procs.name(r.pid), total: null, help: 'name of process' },
    command: { title: 'Command', format: '%-27.27s', get: (r) => procs.command(r.pid), total: null, help: 'process command line' },
    maps: { title: 'Maps', format: '% 5s', get: (r) => r.maps, total: 'sum', help: 'total number of mappings' },
    ...sharedAmounts<ProcessRow>('amount of swap space consumed (ignoring sharing)'),
    vss: amount('VSS', (r) => r.sums.size, 'virtual set size (total virtual memory mapped)'),
  };
  return { table: { rows, fields, defaultColumns: 'pid user command swap uss pss rss', defaultSort: 'pss' }, pssMissing };
}

interface MapRow {
  name: string;
  sums: Sums;
  count: number;
  pids: number;
}

function mapTable(procs: SmemProcesses, options: SmemOptions): Collected {
  const byName = new Map<string, MapRow>();
  const pssMissing = scanProcesses(procs, options, (_pid, maps) => {
    const seen = new Set<string>();
    for (const mapping of maps) {
      let row = byName.get(mapping.name);
      if (!row) {
        row = { name: mapping.name, sums: zeroSums(), count: 0, pids: 0 };
        byName.set(mapping.name, row);
      }
      addMapping(row.sums, mapping);
      row.count++;
      if (!seen.has(mapping.name)) {
        row.pids++;
        seen.add(mapping.name);
      }
    }
  });
  const fields: Record<string, SmemField<MapRow>> = {
    map: { title: 'Map', format: '%-40.40s', get: (r) => r.name, total: 'count', help: 'mapping name' },
    count: { title: 'Count', format: '% 5s', get: (r) => r.count, total: 'sum', help: 'number of mappings found' },
    pids: { title: 'PIDs', format: '% 5s', get: (r) => r.pids, total: 'sum', help: 'number of PIDs using mapping' },
    ...sharedAmounts<MapRow>('amount of swap space consumed (ignoring sharing)'),
    vss: amount('VSS', (r) => r.sums.size, 'virtual set size (total virtual address space mapped)'),
    avgpss: amount('AVGPSS', (r) => Math.trunc(r.sums.pss / r.pids), 'average PSS per PID'),
    // smem 1.5 looks up a 'uss' sum it never made and dies of a KeyError; this is the USS it meant.
    avguss: amount('AVGUSS', (r) => Math.trunc(ussOf(r.sums) / r.pids), 'average USS per PID'),
    avgrss: amount('AVGRSS', (r) => Math.trunc(r.sums.rss / r.pids), 'average RSS per PID'),
  };
  const rows = [...byName.values()];
  return { table: { rows, fields, defaultColumns: 'map pids avgpss pss', defaultSort: 'pss' }, pssMissing };
}

interface UserRow {
  uid: number;
  sums: Sums;
  count: number;
}

function userTable(procs: SmemProcesses, options: SmemOptions): Collected {
  const byUid = new Map<number, UserRow>();
  const pssMissing = scanTotals(procs, options, (pid, sums, maps) => {
    if (maps === 0) return;
    const uid = procs.uid(pid);
    let row = byUid.get(uid);
    if (!row) {
      row = { uid, sums: zeroSums(), count: 0 };
      byUid.set(uid, row);
    }
    for (const key of SUM_KEYS) row.sums[key] += sums[key];
    row.count++;
  });
  const fields: Record<string, SmemField<UserRow>> = {
    user: {
      title: 'User',
      format: '%-8s',
      get: (r) => (options.numeric ? r.uid : procs.source.userName(r.uid)),
      total: null,
      help: 'user name or ID',
    },
    count: { title: 'Count', format: '% 5s', get: (r) => r.count, total: 'sum', help: 'number of processes' },
    ...sharedAmounts<UserRow>('amount of swapspace consumed (ignoring sharing)'),
    // smem 1.5 shows PSS under the VSS title in this view; kept, since scripts read what smem prints.
    vss: amount('VSS', (r) => r.sums.pss, 'virtual set size (total virtual memory mapped)'),
  };
  const rows = [...byUid.values()];
  return { table: { rows, fields, defaultColumns: 'user count swap uss pss rss', defaultSort: 'pss' }, pssMissing };
}

/** meminfo as smem's memory(): `Key: N kB` lines, keys lower-cased, in kB. */
export function smemMeminfo(source: SmemSource): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of pyText(source.meminfo()).split('\n')) {
    const match = /^(\S+):\s+(\d+) kB/.exec(line);
    if (match) values.set((match[1] ?? '').toLowerCase(), Number(match[2]));
  }
  return values;
}

/** A meminfo value smem needs; a missing one ends smem with a KeyError. */
export function meminfoValue(meminfo: ReadonlyMap<string, number>, key: string): number {
  const value = meminfo.get(key);
  if (value === undefined) throw new CommandFailed(`KeyError: '${key}'\n`, 1);
  return value;
}

const UNIT_SUFFIXES: ReadonlyArray<readonly [string, number]> = [
  ['k', 2 ** 10],
  ['K', 2 ** 10],
  ['kB', 2 ** 10],
  ['KB', 2 ** 10],
  ['M', 2 ** 20],
  ['MB', 2 ** 20],
  ['G', 2 ** 30],
  ['GB', 2 ** 30],
  ['T', 2 ** 40],
  ['TB', 2 ** 40],
];

const DIGITS = String.raw`\d(?:_?\d)*`;
const PY_FLOAT = new RegExp(`^[+-]?(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`);

/** Python's float() of a string (blanks around, '_' between digits), then int() of its product with the unit. */
function pyIntOfFloat(text: string, scale: number): number {
  const trimmed = text.trim();
  if (/^[+-]?(inf|infinity)$/i.test(trimmed)) throw new CommandFailed('OverflowError: cannot convert float infinity to integer\n', 1);
  if (/^[+-]?nan$/i.test(trimmed)) throw new CommandFailed('ValueError: cannot convert float NaN to integer\n', 1);
  if (!PY_FLOAT.test(trimmed)) throw new CommandFailed(`ValueError: could not convert string to float: '${text}'\n`, 1);
  const value = Number(trimmed.replaceAll('_', '')) * scale;
  if (!Number.isFinite(value)) throw new CommandFailed('OverflowError: cannot convert float infinity to integer\n', 1);
  return Math.trunc(value);
}

/** smem's fromunits(): "1024M" -> bytes, the first suffix (in smem's order) the text ends with. */
export function fromUnits(text: string): number {
  for (const [suffix, scale] of UNIT_SUFFIXES) {
    if (text.endsWith(suffix)) return pyIntOfFloat(text.slice(0, -suffix.length), scale);
  }
  throw new CommandFailed('Memory size should be written with units, for example 1024M\n', 255);
}

/** smem's totalmem(): -R in kB (a float, as Python's division makes it), else MemTotal. */
export function totalMemory(options: SmemOptions, meminfo: () => ReadonlyMap<string, number>): PyValue {
  if (options.realmem) return new PyFloat(fromUnits(options.realmem) / 1024);
  return meminfoValue(meminfo(), 'memtotal');
}

/**
 * The loaded size of a kernel image, as `size` reports it ("dec": every SHF_ALLOC section), in kB;
 * null when the file is not an ELF image. Read here instead of running size(1).
 */
export function elfLoadedSize(bytes: Buffer): number | null {
  if (bytes.length < 52 || bytes.readUInt32BE(0) !== 0x7f454c46) return null;
  const is64 = bytes[4] === 2;
  const little = bytes[5] === 1;
  const u16 = (at: number) => (little ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const u64 = (at: number) => Number(little ? bytes.readBigUInt64LE(at) : bytes.readBigUInt64BE(at));
  try {
    const shoff = is64 ? u64(0x28) : u32(0x20);
    const shentsize = u16(is64 ? 0x3a : 0x2e);
    const shnum = u16(is64 ? 0x3c : 0x30);
    let total = 0;
    for (let i = 0; i < shnum; i++) {
      const at = shoff + i * shentsize;
      const flags = is64 ? u64(at + 8) : u32(at + 8);
      const size = is64 ? u64(at + 0x20) : u32(at + 0x14);
      if (flags & 0x2) total += size; // SHF_ALLOC
    }
    return total;
  } catch {
    return null;
  }
}

/** smem's kernelsize(): the -K image's size in kB, with smem's advice on stderr when it has none. */
export function kernelSize(path: string | null, warn: (text: string) => void): PyValue {
  if (!path) return 0;
  let bytes: Buffer | null = null;
  try {
    bytes = readFileSync(path);
  } catch {
    warn(`size: '${path}': No such file\n`);
  }
  const size = bytes ? elfLoadedSize(bytes) : null;
  if (size !== null) return new PyFloat(size / 1024);
  if (bytes) {
    warn(`size: ${path}: file format not recognized\n`);
    // smem's hint for a compressed image: a gzip header near the start of a file it can read as text.
    const gzip = isUtf8(bytes) ? [...bytes.toString('utf8')].join('').indexOf('\x1f\x8b') : -1;
    if (gzip >= 0 && gzip < 25000) {
      warn(`Maybe uncompressed kernel can be extracted by the command:\n  dd if=${path} bs=1 skip=${gzip} | gzip -d >${path}.unpacked\n\n`);
    }
  }
  warn(`Parameter '${path}' should be an original uncompressed compiled kernel file.\n\n`);
  return 0;
}

const sub = (a: PyValue, b: PyValue): PyValue => {
  const value = pyNumber(a) - pyNumber(b);
  return a instanceof PyFloat || b instanceof PyFloat ? new PyFloat(value) : value;
};

/** smem -w: five areas of memory from meminfo, -R and -K. */
function systemTable(options: SmemOptions, memory: () => Map<string, number>, warn: (text: string) => void): Collected {
  const t = totalMemory(options, memory);
  const ki = kernelSize(options.kernel, warn);
  const m = memory();
  const mt = meminfoValue(m, 'memtotal');
  const free = meminfoValue(m, 'memfree');
  // Python's max() keeps the first of equal values, so a float 0.0 stays a float.
  const firmware = sub(sub(t, mt), ki);
  const hardware = pyNumber(firmware) >= 0 ? firmware : 0;
  const mapped = meminfoValue(m, 'mapped');
  const user = meminfoValue(m, 'anonpages') + mapped;
  const kernel = mt - free - user;
  const kernelCache = meminfoValue(m, 'buffers') + meminfoValue(m, 'sreclaimable') + (meminfoValue(m, 'cached') - mapped);
  const areas: ReadonlyArray<readonly [string, PyValue, PyValue]> = [
    ['firmware/hardware', hardware, 0],
    ['kernel image', ki, 0],
    ['kernel dynamic memory', kernel, kernelCache],
    ['userspace memory', user, mapped],
    ['free memory', free, free],
  ];
  const area = (n: number) => areas[n] ?? ['', 0, 0];
  const fields: Record<string, SmemField<number>> = {
    order: { title: 'Order', format: '% 1s', get: (n) => n, total: 'blank', help: 'hierarchical order' },
    area: { title: 'Area', format: '%-24s', get: (n) => area(n)[0], total: 'blank', help: 'memory area' },
    used: { title: 'Used', format: '%10a', get: (n) => area(n)[1], total: 'sum', help: 'area in use' },
    cache: { title: 'Cache', format: '%10a', get: (n) => area(n)[2], total: 'sum', help: 'area used as reclaimable cache' },
    noncache: { title: 'Noncache', format: '%10a', get: (n) => sub(area(n)[1], area(n)[2]), total: 'sum', help: 'area not reclaimable' },
  };
  return { table: { rows: [0, 1, 2, 3, 4], fields, defaultColumns: 'area used cache noncache', defaultSort: 'order' }, pssMissing: false };
}

/**
 * True when the run sums the smaps of every process that has a command line: the process and
 * user views without filters (a filter reads smaps only for the processes that pass it, and -M
 * needs the mappings themselves).
 */
export function sumsEverySmaps(options: SmemOptions): boolean {
  const totalsView = options.view === 'processes' || options.view === 'users';
  return totalsView && !options.processFilter && !options.userFilter && !options.mapFilter;
}

/** `memory` is the run's meminfo, read once and only if a view or the totals need it. */
export function collectSmem(source: SmemSource, options: SmemOptions, memory: () => Map<string, number>, warn: (text: string) => void): Collected {
  if (options.view === 'system') return systemTable(options, memory, warn);
  const procs = new SmemProcesses(source);
  if (options.view === 'mappings') return mapTable(procs, options);
  if (options.view === 'users') return userTable(procs, options);
  return processTable(procs, options);
}
