// Every readable process's USS, PSS, swap and RSS, as procsmem.py gathers them with psutil:
// memory_full_info() (smaps_rollup, or smaps where there is none), then cmdline and username,
// each of which may be unreadable on its own. Processes with no USS (kernel threads) are left out.
import { AccessDenied, NoSuchProcess, ZombieProcess } from '../../core/errors.js';
import type { ByteColumn } from '../../../native/index.js';
import { cmdlineColumn, Process, type CmdlineRows } from '../../core/process/process.js';
import { ascendingPids } from '../../core/process/pids.js';
import { ROLLUP, ROLLUP_WIDTH, SCAN_ERROR, SCAN_ERROR_WIDTH, ScanField, scanProcesses, STATUS, STATUS_WIDTH, type ProcessScan } from '../../core/process/scan.js';
import type { ProcfsContext } from '../../core/procfs.js';
import { userName } from '../../core/users.js';

export interface ProcsmemRow {
  pid: number;
  user: string | null;
  cmdline: string[] | null;
  uss: number;
  pss: number;
  swap: number;
  rss: number;
}

/** psutil's as_dict(): an attribute the kernel refuses, or a zombie cannot give, is None. */
function orNull<T>(read: () => T): T | null {
  try {
    return read();
  } catch (error) {
    if (error instanceof AccessDenied || error instanceof ZombieProcess) return null;
    throw error;
  }
}

/** The figures of one process, or null when it has no USS (kernel threads). */
type Gathered = ProcsmemRow | null;

/**
 * One process read the ordinary way, through Process and its getters: for the processes whose
 * files the scan could not read, so that every error is the one psutil raises.
 */
function gathered(process: Process): Gathered {
  const { memory, cmdline, user } = process.oneshot(() => ({
    memory: process.memoryFullInfo(),
    cmdline: orNull(() => process.cmdline()),
    user: orNull(() => process.username()),
  }));
  if (memory.uss === 0) return null;
  return { pid: process.pid, user, cmdline, uss: memory.uss, pss: memory.pss, swap: memory.swap, rss: memory.rss };
}

const Z = 'Z'.charCodeAt(0);
/** Linux's ESRCH (asm-generic/errno-base.h), named without loading node:os for it. */
const ESRCH = 3;

/** What the scan tells of one process: left out (no USS), read again through Process, or taken as read. */
type Verdict = 'omit' | 'reread' | 'scanned';

function verdict(scan: ProcessScan, row: number): Verdict {
  const errors = scan.errors;
  const e = row * SCAN_ERROR_WIDTH;
  // A kernel thread has no mm: its smaps_rollup answers ESRCH and its smaps is empty, so
  // footprint() finds no USS and the process is left out, as one that exits meanwhile is.
  if (errors[e + SCAN_ERROR.smapsRollup] === ESRCH && scan.state[row] !== Z) return 'omit';
  if (errors[e + SCAN_ERROR.smapsRollup] !== 0 || errors[e + SCAN_ERROR.cmdline] !== 0 || errors[e + SCAN_ERROR.status] !== 0) return 'reread';
  const status = scan.status as Float64Array;
  if (Number.isNaN(status[row * STATUS_WIDTH + STATUS.uid]) || Number.isNaN(status[row * STATUS_WIDTH + STATUS.VmRSS])) return 'reread';
  return (scan.rollup as Float64Array)[row * ROLLUP_WIDTH + ROLLUP.uss] === 0 ? 'omit' : 'scanned';
}

/**
 * The report as read: most processes are rows of the scan, kept as its columns (an object per
 * process costs more than reading it at thousands); the few the scan could not read were read
 * through Process.
 */
export interface ProcsmemTable {
  readonly scan: ProcessScan;
  /**
   * The report's order, USS ascending and equal USS in pid order (Python's stable sort): a row
   * of the scan, or ~k for `reread[k]`.
   */
  readonly order: Int32Array;
  readonly reread: readonly ProcsmemRow[];
  /** Processes whose memory could not be read: the script's closing warning. */
  readonly accessDenied: number;
  /** The uid of a scanned row (status's real uid, whose name psutil's username() gives). */
  uid(row: number): number;
  /** The name of a uid, or the uid in decimal when it has none (psutil's username()). */
  userOf(uid: number): string;
  /** A scanned row as a report row. */
  row(row: number): ProcsmemRow;
}

/** Every file this report reads, for all processes, in one scan, and the processes it could not read, read again. */
export function collectProcsmem(ctx: ProcfsContext): ProcsmemTable {
  // smaps_rollup (its three figures taken there), cmdline and status, which gives the state
  // too: stat is not read. The pids ascending, as psutil's process_iter visits them. The reading
  // is the kernel's work (smaps_rollup walks every mapping); on two cores, making each batch's
  // rows while the addon read the next was 13-23 ms slower at 5,000 processes for the same CPU time.
  const ids = ascendingPids(ctx);
  const scan = scanProcesses(ctx, ScanField.rollup | ScanField.cmdline | ScanField.statusOnly, ids);
  const status = scan.status as Float64Array;
  const rollup = scan.rollup as Float64Array;
  const reread: ProcsmemRow[] = [];
  let accessDenied = 0;
  // Each process of the report in pid order (a scan row or ~k), and its USS.
  const entries = new Int32Array(ids.length);
  const uss = new Float64Array(ids.length);
  let count = 0;
  // The scan keeps the pids in the order given, less those that exited meanwhile.
  let row = 0;
  for (const pid of ids) {
    const found = scan.pids[row] === pid ? row++ : undefined;
    const seen = found === undefined ? 'reread' : verdict(scan, found);
    if (seen === 'omit') continue;
    if (seen === 'scanned' && found !== undefined) {
      entries[count] = found;
      uss[count++] = rollup[found * ROLLUP_WIDTH + ROLLUP.uss] as number;
      continue;
    }
    try {
      // A pid the scan dropped exited: Process then raises NoSuchProcess, as psutil would.
      const result = gathered(new Process(pid, { ctx }));
      if (result === null) continue;
      entries[count] = ~reread.length;
      uss[count++] = result.uss;
      reread.push(result);
    } catch (error) {
      if (error instanceof AccessDenied) accessDenied++;
      else if (!(error instanceof NoSuchProcess)) throw error;
    }
  }
  const index = Uint32Array.from({ length: count }, (_, i) => i).sort((a, b) => (uss[a] as number) - (uss[b] as number) || a - b);
  const order = Int32Array.from(index, (i) => entries[i] as number);
  // The command-line column as text only once a row is made an object (JSON, or a line the addon
  // leaves to JavaScript): the text report of ASCII command lines never needs it.
  let cmdlineOf: CmdlineRows | undefined;
  const users = new Map<number, string>();
  const uid = (r: number) => status[r * STATUS_WIDTH + STATUS.uid] as number;
  const userOf = (id: number) => {
    let user = users.get(id);
    if (user === undefined) {
      user = userName(id);
      users.set(id, user);
    }
    return user;
  };
  const scannedRow = (r: number): ProcsmemRow => {
    const user = userOf(uid(r));
    const pid = scan.pids[r] as number;
    // psutil's rss is statm's resident pages; status's VmRSS is the same counters in kB
    // (fs/proc/task_mmu.c: task_statm and task_mem both add anon, file and shmem pages), so the
    // scan reads one file fewer per process.
    const rss = (status[r * STATUS_WIDTH + STATUS.VmRSS] as number) * 1024;
    const at = r * ROLLUP_WIDTH;
    const rows = (cmdlineOf ??= cmdlineColumn(scan.cmdline as ByteColumn));
    const cmdline = orNull(() => rows(r, String.fromCharCode(scan.state[r] as number), pid));
    return { pid, user, cmdline, uss: rollup[at + ROLLUP.uss] as number, pss: rollup[at + ROLLUP.pss] as number, swap: rollup[at + ROLLUP.swap] as number, rss };
  };
  return { scan, order, reread, accessDenied, uid, userOf, row: scannedRow };
}

/** The report's rows in its order, each as an object. */
export function procsmemRows(table: ProcsmemTable): ProcsmemRow[] {
  return Array.from(table.order, (entry) => (entry >= 0 ? table.row(entry) : (table.reread[~entry] as ProcsmemRow)));
}
