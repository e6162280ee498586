// Where smem reads from: the live /proc (through Process and the procfs context), a directory
// holding proc/ (-S DIR), or a tarball of PID/ entries in smemcap's layout (-S FILE.tar[.gz]).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ByteColumn } from '../../../native/index.js';
import { CMDLINE_PRINTABLE, rowBytes, ScanField, scanError, scanProcesses, SMAPS, SMAPS_WIDTH, type ProcessScan } from '../../core/process/scan.js';
import { smemTotalsOf, type SmemTotals } from './smaps.js';
import type { ProcfsContext } from '../../core/procfs.js';
import { userName } from '../../core/users.js';

export interface SmemSource {
  /** The entries that may be processes, in listing order. */
  entries(): string[];
  /** PID/stat, PID/cmdline or PID/smaps; throws when it cannot be read. */
  processFile(pid: number, file: 'stat' | 'cmdline' | 'smaps'): Buffer;
  /**
   * PID/cmdline as Python's text (pyText of processFile's bytes), where the source has it
   * without building a Buffer (printable ASCII in the scan); undefined otherwise.
   */
  commandText?(pid: number): string | undefined;
  meminfo(): Buffer;
  /** The owner uid of the process's entry (smem's user), or -1 when unknown. */
  ownerUid(pid: number): number;
  /** The name smem shows for a uid. */
  userName(uid: number): string;
  /**
   * smem's sums of these processes' smaps, where the source can sum them as it reads them (the
   * live /proc: in the addon's threads, so that no smaps text is kept): null for a file that
   * cannot be read, undefined for one not in the kernel's layout (parse processFile's bytes).
   */
  smapsTotals?(pids: readonly number[]): Iterable<[pid: number, totals: SmemTotals | null | undefined]>;
}

/**
 * A /proc tree: the live one, or DIR/proc for -S DIR. With `withSmaps`, the one scan that reads
 * every process's stat, cmdline and owner sums its smaps too (for the views that read the smaps
 * of every process anyway): each /proc/PID is visited once, and no smaps text is kept.
 */
export function procfsSource(ctx: ProcfsContext, withSmaps = false): SmemSource {
  // stat, cmdline and the owner of every process, read at once on the addon's threads when
  // first asked for: the filters and the columns read them for every entry.
  let table: { scan: ProcessScan; rows: Map<number, number> } | undefined;
  const listing = () => {
    if (!table) {
      const scan = scanProcesses(ctx, ScanField.statText | ScanField.cmdline | ScanField.owner | (withSmaps ? ScanField.smaps : 0));
      table = { scan, rows: rowsOf(scan) };
    }
    return table;
  };
  const rowOf = (pid: number) => {
    const { scan, rows } = listing();
    const row = rows.get(pid);
    return row === undefined ? null : { scan, row };
  };
  return {
    // The scan's listing: the all-digit entries, which is all smem keeps of a listing.
    entries: () => Array.from(listing().scan.pids, String),
    processFile: (pid, file) => {
      const found = file === 'smaps' ? null : rowOf(pid);
      // Not in the scan (it exited, or smaps): read the file now, which throws as smem's open does.
      if (!found) return readFileSync(join(ctx.proc, String(pid), file));
      const { scan, row } = found;
      const error = scanError(scan, row, file === 'stat' ? 'statText' : 'cmdline');
      if (error !== 0) throw new Error(`${join(ctx.proc, String(pid), file)}: errno ${error}`);
      return rowBytes((file === 'stat' ? scan.statText : scan.cmdline) as ByteColumn, row);
    },
    commandText: (pid) => {
      const found = rowOf(pid);
      if (!found) return undefined;
      const { scan, row } = found;
      if (((scan.flags[row] as number) & CMDLINE_PRINTABLE) === 0 || scanError(scan, row, 'cmdline') !== 0) return undefined;
      // Printable ASCII, NULs and newlines only: its UTF-8 text is its latin1 text.
      const { data, offsets } = scan.cmdline as ByteColumn;
      return data.toString('latin1', offsets[row] as number, offsets[row + 1] as number);
    },
    meminfo: () => readFileSync(join(ctx.proc, 'meminfo')),
    ownerUid: (pid) => {
      const found = rowOf(pid);
      return found ? ((found.scan.owners as Float64Array)[found.row] as number) : -1;
    },
    userName: (uid) => (uid === -1 ? '?' : userName(uid)),
    smapsTotals: (pids) => {
      if (!withSmaps) {
        const scan = scanProcesses(ctx, ScanField.smaps, Int32Array.from(pids));
        return smapsTotalsOf(scan, rowsOf(scan), pids);
      }
      // A pid listed after the scan (born since) is read now.
      const { scan, rows } = listing();
      const later = pids.filter((pid) => !rows.has(pid));
      const extra = later.length > 0 ? scanProcesses(ctx, ScanField.smaps, Int32Array.from(later)) : null;
      return smapsTotalsOf(scan, rows, pids, extra);
    },
  };
}

/** Each pid's row in a scan. */
function rowsOf(scan: ProcessScan): Map<number, number> {
  const rows = new Map<number, number>();
  const { pids } = scan;
  for (let row = 0; row < pids.length; row++) rows.set(pids[row] as number, row);
  return rows;
}

/**
 * Each pid's smem sums from a scan (or, for a pid not in it, from `extra`), in the order asked:
 * null when gone or unreadable.
 */
function* smapsTotalsOf(
  scan: ProcessScan,
  rows: ReadonlyMap<number, number>,
  pids: readonly number[],
  extra: ProcessScan | null = null,
): Generator<[number, SmemTotals | null | undefined]> {
  const extraRows = extra ? rowsOf(extra) : null;
  for (const pid of pids) {
    let from = scan;
    let row = rows.get(pid);
    if (row === undefined && extra && extraRows) {
      from = extra;
      row = extraRows.get(pid);
    }
    if (row === undefined || scanError(from, row, 'smaps') !== 0) {
      yield [pid, null];
      continue;
    }
    const sums = from.smaps as Float64Array;
    const o = row * SMAPS_WIDTH;
    if (sums[o + SMAPS.smemValid] !== 1) {
      yield [pid, undefined];
      continue;
    }
    yield [pid, smemTotalsOf(sums, sums[o + SMAPS.bytes] as number, o + SMAPS.smem)];
  }
}

interface TarMember {
  name: string;
  uid: number;
  uname: string;
  data: Buffer;
}

const BLOCK = 512;

function tarString(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.toString('utf8', 0, end < 0 ? field.length : end);
}

function tarNumber(block: Buffer, start: number, length: number): number {
  const field = block.subarray(start, start + length);
  // GNU base-256 for values that do not fit in octal.
  if (((field[0] ?? 0) & 0x80) !== 0) {
    let value = (field[0] ?? 0) & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    return value;
  }
  const text = tarString(block, start, length).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/** The members of a ustar/GNU/pax tarball, or null when the bytes are not one. */
export function parseTar(bytes: Buffer): TarMember[] | null {
  // zlib is loaded only for a gzipped tarball: loading it costs every run a millisecond.
  const data = bytes[0] === 0x1f && bytes[1] === 0x8b ? process.getBuiltinModule('node:zlib').gunzipSync(bytes) : bytes;
  const members: TarMember[] = [];
  let longName: string | undefined;
  for (let offset = 0; offset + BLOCK <= data.length; ) {
    const header = data.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    let checksum = 0;
    for (let i = 0; i < BLOCK; i++) checksum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
    if (checksum !== tarNumber(header, 148, 8)) return null;
    const size = tarNumber(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    const body = data.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = tarString(body, 0, body.length);
      continue;
    }
    if (type === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      if (path) longName = path[1];
      continue;
    }
    const prefix = header.toString('latin1', 257, 262) === 'ustar' ? tarString(header, 345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${tarString(header, 0, 100)}` : tarString(header, 0, 100));
    longName = undefined;
    members.push({ name: name.replace(/^\.\//, '').replace(/\/+$/, ''), uid: tarNumber(header, 108, 8), uname: tarString(header, 265, 32), data: Buffer.from(body) });
  }
  return members.length > 0 ? members : null;
}

/** A tarball in smemcap's layout: PID/smaps, PID/cmdline, PID/stat, meminfo, and PID directories whose owner is the user. */
export function tarSource(members: readonly TarMember[]): SmemSource {
  const byName = new Map(members.map((member) => [member.name, member]));
  const member = (name: string) => {
    const found = byName.get(name);
    if (!found) throw new Error(`${name}: not in the archive`);
    return found;
  };
  const owner = (pid: number) => byName.get(String(pid)) ?? byName.get(`${pid}/smaps`);
  return {
    entries: () => members.filter((m) => /^[^/]+\/smaps$/.test(m.name)).map((m) => m.name.slice(0, -'/smaps'.length)),
    processFile: (pid, file) => member(`${pid}/${file}`).data,
    meminfo: () => member('meminfo').data,
    ownerUid: (pid) => owner(pid)?.uid ?? -1,
    // smem names a tarball's users from the archive, never from this machine's passwd.
    userName: (uid) => {
      if (uid === -1) return '?';
      return members.find((m) => m.uid === uid && m.uname !== '')?.uname ?? String(uid);
    },
  };
}

/**
 * smem's choice: a tarball if SOURCE reads as one, otherwise SOURCE/proc as a directory.
 * `withSmaps`: the run will read the smaps of every process (see procfsSource).
 */
export function openSource(source: string | null, ctx: ProcfsContext, withSmaps = false): SmemSource {
  if (!source) return procfsSource(ctx, withSmaps);
  let members: TarMember[] | null = null;
  try {
    if (statSync(source).isFile()) members = parseTar(readFileSync(source));
  } catch {
    members = null;
  }
  return members ? tarSource(members) : procfsSource({ proc: `${source}/proc`, sys: ctx.sys }, withSmaps);
}
