// Per-process memory from /proc/PID/smaps and /proc/PID/smaps_rollup: psutil's memory_full_info()
// and memory_maps(), and smem's per-mapping sums. The parsers are pure (text in, records out);
// the functions at the end read through Process, which reads each file once per oneshot scope.
//
// Two sources, two answers: smaps_rollup sums the kernel's exact PSS before rounding to kB,
// while smem adds the already rounded kB of every mapping in smaps, so their PSS can differ by a
// few kB. memoryFullInfo() uses the rollup (psutil's choice); smem's figures use smaps.
import { decodeText } from '../text.js';
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
  swap: number;
}

export interface FootprintFigures {
  uss: number;
  pss: number;
  swap: number;
}

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
    const bytes = Number(value) * 1024;
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
    const bytes = Number(value[1]) * 1024;
    if (key === 'Pss') figures.pss += bytes;
    else if (key === 'Swap') figures.swap += bytes;
    else figures.uss += bytes;
  }
  return figures;
}

/** One mapping of smaps: its header and its `Key: N kB` lines in kB. */
export interface SmapsMapping {
  /** `start-end` in hexadecimal, as printed. */
  address: string;
  perms: string;
  offset: string;
  dev: string;
  inode: string;
  /** Everything after the inode, trimmed; '' for anonymous memory. */
  path: string;
  /** Every `Key: N kB` line, in kB (Rss, Pss, Private_Clean, Swap...). */
  kb: Map<string, number>;
}

const HEADER = /^([0-9a-f]+-[0-9a-f]+) +(\S+) +(\S+) +(\S+) +(\S+) *(.*)$/;

/** Splits smaps into mappings. Lines that are neither headers nor kB lines (VmFlags, THPeligible) are skipped. */
export function parseSmaps(text: string): SmapsMapping[] {
  const mappings: SmapsMapping[] = [];
  let current: SmapsMapping | undefined;
  for (const line of text.split('\n')) {
    const kb = KB_LINE.exec(line);
    if (kb) {
      current?.kb.set(kb[1] ?? '', Number(kb[2]));
      continue;
    }
    const header = HEADER.exec(line);
    if (!header) continue;
    const [, address = '', perms = '', offset = '', dev = '', inode = '', path = ''] = header;
    current = { address, perms, offset, dev, inode, path: path.trim(), kb: new Map() };
    mappings.push(current);
  }
  return mappings;
}

/** psutil's memory_maps() row: the figures of one mapping (or one path, grouped), in bytes. */
export interface MemoryMap {
  path: string;
  rss: number;
  size: number;
  pss: number;
  sharedClean: number;
  sharedDirty: number;
  privateClean: number;
  privateDirty: number;
  referenced: number;
  anonymous: number;
  swap: number;
}

/** An ungrouped memory_maps() row also names the address range and permissions. */
export interface MemoryMapExt extends MemoryMap {
  address: string;
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

export function memoryMapsOf(mappings: readonly SmapsMapping[], exists?: (path: string) => boolean): MemoryMapExt[] {
  return mappings.map((mapping) => {
    const row: MemoryMapExt = {
      address: mapping.address,
      perms: mapping.perms,
      path: mapPath(mapping.path, exists),
      rss: 0,
      size: 0,
      pss: 0,
      sharedClean: 0,
      sharedDirty: 0,
      privateClean: 0,
      privateDirty: 0,
      referenced: 0,
      anonymous: 0,
      swap: 0,
    };
    for (const [field, key] of MAP_FIELDS) row[field] = (mapping.kb.get(key) ?? 0) * 1024;
    return row;
  });
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

/** psutil's memory_maps(): one row per mapping, or per path when grouped (Process.memoryMaps). */
export function readMemoryMaps(process: Process, grouped: boolean): MemoryMap[] | MemoryMapExt[] {
  const rows = memoryMapsOf(parseSmaps(decodeText(process.read('smaps'))));
  return grouped ? groupMemoryMaps(rows) : rows;
}

/** One mapping as smem 1.5 sees it: the first word of the path (or `<anonymous>`), and every kB line. */
export interface SmemMapping {
  name: string;
  /** smem's keys: the kB line's key without its colon, lower-cased (rss, pss, private_clean, swap...). */
  kb: Map<string, number>;
}

export interface SmemMaps {
  mappings: SmemMapping[];
  /** False when the file has mappings but no Pss line (kernels before 2.6.25): smem warns. */
  hasPss: boolean;
}

const HEX = /^(0[xX])?[0-9a-fA-F]+$/;
const FAST_KB = /^([!-~]+) +(\d+) kB$/;
// A first word holding ':' (so not a mapping) on a line whose last word is not "kB".
const FAST_OTHER = /^[!-~]*:[!-~]*( [!-~]*)*(?<! kB)$/;
// Python's str.split() separators (str.isspace), which differ from JavaScript's \s.
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** smem's sums over the mappings of one smaps file, in kB (see smemTotals). */
export interface SmemTotals {
  kb: Record<'size' | 'rss' | 'pss' | 'shared_clean' | 'shared_dirty' | 'private_clean' | 'private_dirty' | 'referenced' | 'swap', number>;
  mappings: number;
  hasPss: boolean;
  /** The file was empty (smem warns of missing Pss lines only in a file that has lines). */
  empty: boolean;
}

/**
 * The sums smem's process and user views need, summed in the addon, for a smaps file in the
 * kernel's own layout; null for anything else (invalid UTF-8, carriage returns, unknown lines, a
 * start address seen twice), which parseSmemMaps then reads as smem does.
 */
export function smemTotals(data: Buffer): SmemTotals | null {
  const totals = binding().smemTotals(data);
  return totals === null ? null : smemTotalsOf(totals, data.length);
}

/** The addon's smem sums (smemTotals' order) of a smaps file of `bytes` bytes. */
export function smemTotalsOf(totals: Float64Array, bytes: number): SmemTotals {
  const [size, rss, pss, sharedClean, sharedDirty, privateClean, privateDirty, referenced, swap, mappings, hasPss] = totals;
  return {
    kb: {
      size: size ?? 0,
      rss: rss ?? 0,
      pss: pss ?? 0,
      shared_clean: sharedClean ?? 0,
      shared_dirty: sharedDirty ?? 0,
      private_clean: privateClean ?? 0,
      private_dirty: privateDirty ?? 0,
      referenced: referenced ?? 0,
      swap: swap ?? 0,
    },
    mappings: mappings ?? 0,
    hasPss: hasPss === 1,
    empty: bytes === 0,
  };
}

/**
 * smaps read as smem's pidmaps() does: each line split on whitespace; a line whose last word is
 * `kB` is a figure of the current mapping; a first word with `-` and no `:` starts a mapping
 * named by its sixth word (so a path with spaces keeps only its first word, and ` (deleted)` is
 * dropped). Throws where smem's parse fails (a kB line before any mapping), so the caller can
 * skip the process as smem does.
 */
export function parseSmemMaps(text: string): SmemMaps {
  // Keyed by start address: smem keeps its mappings in a dict, so a repeated start replaces the
  // earlier mapping in place.
  const byStart = new Map<bigint, SmemMapping>();
  let current: SmemMapping | undefined;
  let hasPss = false;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    // Fast paths for the kernel's own layout, which is nearly every line: "Rss:   12 kB", and
    // "VmFlags: rd" style lines that are neither figures nor mappings.
    const figure = FAST_KB.exec(line);
    if (figure) {
      const first = figure[1] ?? '';
      if (!current) throw new Error('smaps: figure before any mapping');
      if (first.startsWith('Pss')) hasPss = true;
      current.kb.set(first.slice(0, -1).toLowerCase(), Number(figure[2]));
      continue;
    }
    if (FAST_OTHER.test(line)) continue;
    const words = line.split(PY_SPACE).filter((word) => word !== '');
    const first = words[0];
    if (first === undefined) throw new Error('smaps: blank line');
    if (words[words.length - 1] === 'kB') {
      if (!current) throw new Error('smaps: figure before any mapping');
      if (first.startsWith('Pss')) hasPss = true;
      const value = Number(words[1]);
      if (!Number.isInteger(value)) throw new Error(`smaps: bad figure ${JSON.stringify(line)}`);
      current.kb.set(first.slice(0, -1).toLowerCase(), value);
    } else if (first.includes('-') && !first.includes(':')) {
      const range = first.split('-');
      if (range.length !== 2 || !range.every((part) => HEX.test(part))) throw new Error(`smaps: bad range ${first}`);
      current = { name: words[5] ?? '<anonymous>', kb: new Map() };
      byStart.set(BigInt(`0x${(range[0] ?? '').replace(/^0[xX]/, '')}`), current);
    }
  }
  return { mappings: [...byStart.values()], hasPss };
}
