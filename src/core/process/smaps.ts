// Per-process memory from /proc/PID/smaps and /proc/PID/smaps_rollup: psutil's memory_full_info()
// and memory_maps(). The parsers are pure (text in, records out); the functions at the end read
// through Process, which reads each file once per oneshot scope.
//
// Two sources, two answers: smaps_rollup sums the kernel's exact PSS before rounding to kB,
// while smem adds the already rounded kB of every mapping in smaps (src/tools/smem/smaps.ts), so
// their PSS can differ by a few kB. memoryFullInfo() uses the rollup (psutil's choice).
import { cDecimal, decodeText } from '../text.js';
import { existsSync } from 'node:fs';
import { errnoCode } from '../errors.js';
import { binding } from '../native.js';
import type { MemoryInfo, Process } from './process.js';

/** psutil's memory_full_info(): memory_info() plus USS, PSS and swap, all in bytes. */
export interface MemoryFullInfo extends MemoryInfo {
  /** Unique set size: the private pages (Private_Clean + Private_Dirty + Private_Hugetlb). */
  uss: number;
  /** Proportional set size: each resident page divided by the number of processes mapping it. */
  pss: number;
  /** Memory swapped out (the `Swap:` line of smaps_rollup), bytes. */
  swap: number;
}

export interface FootprintFigures {
  uss: number;
  pss: number;
  swap: number;
}

// Figures are digits; cDecimal reads them as psutil's int() and smem's int() do, except that a
// value beyond 2^64-1 (never printed by a kernel) saturates instead of growing without bound.
const KB_LINE = /^(\w+):\s+(\d+) kB$/;

/**
 * smaps_rollup as psutil reads it: USS is every `Private_*` line, PSS the `Pss:` line and swap
 * the `Swap:` line (not Pss_Anon, SwapPss...), each kB times 1024.
 */
export function parseSmapsRollup(text: string): FootprintFigures {
  const figures = { uss: 0, pss: 0, swap: 0 };
  for (const line of text.split('\n')) {
    const match = KB_LINE.exec(line);
    if (!match) continue;
    const [, key = '', value = '0'] = match;
    const bytes = cDecimal(value) * 1024;
    if (key.startsWith('Private')) figures.uss += bytes;
    else if (key === 'Pss') figures.pss = bytes;
    else if (key === 'Swap') figures.swap = bytes;
  }
  return figures;
}

/** psutil's fallback when there is no rollup: the same three figures summed over every mapping of smaps. */
export function sumSmaps(text: string): FootprintFigures {
  const figures = { uss: 0, pss: 0, swap: 0 };
  // psutil matches "\nPrivate.*:", "\nPss:" and "\nSwap:" anywhere in the file; the first line
  // of smaps is a mapping header, so a per-line scan finds the same lines.
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon);
    if (!key.startsWith('Private') && key !== 'Pss' && key !== 'Swap') continue;
    const value = /^\s+(\d+)/.exec(line.slice(colon + 1));
    if (!value) continue;
    const bytes = cDecimal(value[1]) * 1024;
    if (key === 'Pss') figures.pss += bytes;
    else if (key === 'Swap') figures.swap += bytes;
    else figures.uss += bytes;
  }
  return figures;
}

/** psutil's memory_maps() row: the figures of one mapping (or one path, grouped), in bytes. */
export interface MemoryMap {
  /** The mapped file, a pseudo-path such as `[heap]` or `[stack]`, or `[anon]` for anonymous memory. */
  path: string;
  /** Resident set size: the part of the mapping in RAM (`Rss:`), bytes. */
  rss: number;
  /** Size of the mapping, resident or not (`Size:`), bytes. */
  size: number;
  /** Proportional set size: resident pages each divided by the number of processes mapping them (`Pss:`), bytes. */
  pss: number;
  /** Unmodified resident pages also mapped by other processes (`Shared_Clean:`), bytes. */
  sharedClean: number;
  /** Modified resident pages also mapped by other processes (`Shared_Dirty:`), bytes. */
  sharedDirty: number;
  /** Unmodified resident pages mapped by this process only (`Private_Clean:`), bytes. */
  privateClean: number;
  /** Modified resident pages mapped by this process only (`Private_Dirty:`), bytes. */
  privateDirty: number;
  /** Pages marked as recently accessed (`Referenced:`), bytes. */
  referenced: number;
  /** Pages belonging to no file (`Anonymous:`), bytes. */
  anonymous: number;
  /** Pages swapped out (`Swap:`), bytes. */
  swap: number;
}

/** An ungrouped memory_maps() row also names the address range and permissions. */
export interface MemoryMapExt extends MemoryMap {
  /** The address range, `start-end` in hexadecimal as smaps prints it. */
  address: string;
  /** The permissions as smaps prints them, e.g. `r-xp` (read, write, execute, then p private or s shared). */
  perms: string;
}

const MAP_FIELDS: ReadonlyArray<readonly [Exclude<keyof MemoryMap, 'path'>, string]> = [
  ['rss', 'Rss'],
  ['size', 'Size'],
  ['pss', 'Pss'],
  ['sharedClean', 'Shared_Clean'],
  ['sharedDirty', 'Shared_Dirty'],
  ['privateClean', 'Private_Clean'],
  ['privateDirty', 'Private_Dirty'],
  ['referenced', 'Referenced'],
  ['anonymous', 'Anonymous'],
  ['swap', 'Swap'],
];

/**
 * psutil's path rule: no path is `[anon]`; a ` (deleted)` suffix is dropped when the path does not
 * exist (a file really named so keeps it).
 */
export function mapPath(path: string, exists: (path: string) => boolean = existsSync): string {
  if (path === '') return '[anon]';
  if (path.endsWith(' (deleted)') && !exists(path)) return path.slice(0, -' (deleted)'.length);
  return path;
}

/** A mapping's row before its figures are read: every figure 0. */
function mappingRow(address: string, perms: string, path: string): MemoryMapExt {
  return { address, perms, path, rss: 0, size: 0, pss: 0, sharedClean: 0, sharedDirty: 0, privateClean: 0, privateDirty: 0, referenced: 0, anonymous: 0, swap: 0 };
}

const FIELD_OF_KEY = new Map(MAP_FIELDS.map(([field, key]) => [key, field]));

/**
 * The lines memory_maps() reads, each after its newline: a `Key: N kB` line of one of MAP_FIELDS'
 * keys (groups 1 and 2), or a mapping header "START-END PERMS OFFSET DEV INODE [PATH]" (groups 3,
 * 4 and 5; the path stops short of a CR or line separator, as a `.` does). Every other line
 * (other keys, VmFlags, THPeligible) is passed over by the regular expression itself, which is
 * most of a smaps file: no string is made for it.
 */
const MAPPING_LINES = new RegExp(
  `\\n(?:(${MAP_FIELDS.map(([, key]) => key).join('|')}):[^\\S\\n]+(\\d+) kB(?=\\n)|([0-9a-f]+-[0-9a-f]+) +(\\S+) +\\S+ +\\S+ +\\S+ *([^\\n\\r\\u2028\\u2029]*)(?=\\n))`,
  'g',
);

/**
 * smaps as psutil's memory_maps() rows, one per mapping in file order: the figures in bytes, the
 * path trimmed and named by mapPath. A figure line before the first header is ignored; a figure
 * given twice in a mapping keeps the last.
 */
export function parseMemoryMaps(text: string, exists?: (path: string) => boolean): MemoryMapExt[] {
  const rows: MemoryMapExt[] = [];
  let current: MemoryMapExt | undefined;
  // Each line between two newlines, the first and the last included.
  const lines = `\n${text}${text.endsWith('\n') ? '' : '\n'}`;
  MAPPING_LINES.lastIndex = 0;
  for (let match = MAPPING_LINES.exec(lines); match !== null; match = MAPPING_LINES.exec(lines)) {
    const [, key, value, address = '', perms = '', path = ''] = match;
    if (key === undefined) {
      current = mappingRow(address, perms, mapPath(path.trim(), exists));
      rows.push(current);
    } else if (current !== undefined) {
      current[FIELD_OF_KEY.get(key) as Exclude<keyof MemoryMap, 'path'>] = cDecimal(value) * 1024;
    }
  }
  return rows;
}

/** memory_maps(grouped=True): the rows summed by path, in order of first appearance. */
export function groupMemoryMaps(rows: readonly MemoryMap[]): MemoryMap[] {
  const byPath = new Map<string, MemoryMap>();
  for (const row of rows) {
    const sum = byPath.get(row.path);
    if (!sum) {
      byPath.set(row.path, {
        path: row.path,
        rss: row.rss,
        size: row.size,
        pss: row.pss,
        sharedClean: row.sharedClean,
        sharedDirty: row.sharedDirty,
        privateClean: row.privateClean,
        privateDirty: row.privateDirty,
        referenced: row.referenced,
        anonymous: row.anonymous,
        swap: row.swap,
      });
      continue;
    }
    for (const [field] of MAP_FIELDS) sum[field] += row[field];
  }
  return [...byPath.values()];
}

/** Kernel threads and races answer ESRCH/ENOENT for one file without being gone (Process rules out death). */
function isMissingFile(error: unknown): boolean {
  const code = errnoCode(error);
  return code === 'ESRCH' || code === 'ENOENT';
}

/** USS, PSS and swap of a process: smaps_rollup, or the sums of smaps where there is no rollup. */
export function footprint(process: Process): FootprintFigures {
  try {
    return parseSmapsRollup(process.read('smaps_rollup').toString('latin1'));
  } catch (error) {
    if (!isMissingFile(error)) throw error;
  }
  try {
    // The addon's summer: measured 21x faster than sumSmaps() on a 20,000-mapping smaps
    // (bench/smaps-sum.mjs); it sums the same lines.
    const [uss, pss, swap] = binding().sumSmaps(process.read('smaps'));
    return { uss: uss * 1024, pss: pss * 1024, swap: swap * 1024 };
  } catch (error) {
    // A kernel thread has no memory of its own to report.
    if (isMissingFile(error)) return { uss: 0, pss: 0, swap: 0 };
    throw error;
  }
}

/** psutil's memory_full_info() (Process.memoryFullInfo). AccessDenied where ptrace-read access is refused. */
export function readMemoryFullInfo(process: Process): MemoryFullInfo {
  const figures = footprint(process);
  return { ...process.memoryInfo(), ...figures };
}

/** A row with the addon's figures from `at` on (kB, in MAP_FIELDS' order), in bytes. */
function addonRow(address: string, perms: string, path: string, figures: Float64Array, at: number): MemoryMapExt {
  const row = mappingRow(address, perms, path);
  MAP_FIELDS.forEach(([field], k) => (row[field] = (figures[at + k] as number) * 1024));
  return row;
}

/**
 * parseMemoryMaps over the bytes of a smaps file: an ASCII file (the usual one) is read by the
 * addon, the same lines with the same rules; one holding other bytes is decoded and read here.
 */
export function memoryMapsOf(smaps: Buffer, exists: (path: string) => boolean = existsSync): MemoryMapExt[] {
  const read = binding().smapsMappings(smaps);
  if (read === null) return parseMemoryMaps(decodeText(smaps), exists);
  const { figures, spans } = read;
  const rows: MemoryMapExt[] = [];
  for (let at = 0, f = 0; at < spans.length; at += 6, f += MAP_FIELDS.length) {
    const slice = (k: number) => smaps.toString('latin1', spans[at + k], spans[at + k + 1]);
    rows.push(addonRow(slice(0), slice(2), mapPath(slice(4).trim(), exists), figures, f));
  }
  return rows;
}

/**
 * groupMemoryMaps(memoryMapsOf(smaps)) with a row per distinct path instead of one per mapping:
 * an ASCII file is summed by path in the addon, and only its paths are named here (mapPath,
 * whose " (deleted)" rule may give two of them one name, which groupMemoryMaps then merges).
 */
export function groupedMemoryMapsOf(smaps: Buffer, exists: (path: string) => boolean = existsSync): MemoryMap[] {
  const groups = binding().smapsGroups(smaps);
  if (groups === null) return groupMemoryMaps(parseMemoryMaps(decodeText(smaps), exists));
  const { paths, figures } = groups;
  return groupMemoryMaps(paths.map((raw, g) => addonRow('', '', mapPath(raw, exists), figures, g * MAP_FIELDS.length)));
}

/** psutil's memory_maps(): one row per mapping, or per path when grouped (Process.memoryMaps). */
export function readMemoryMaps(process: Process, grouped: boolean): MemoryMap[] | MemoryMapExt[] {
  const smaps = process.read('smaps');
  return grouped ? groupedMemoryMapsOf(smaps) : memoryMapsOf(smaps);
}
