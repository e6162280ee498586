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

export interface ProcsmemReport {
  /** Sorted by USS, ascending; equal USS keeps pid order (Python's stable sort). */
  rows: ProcsmemRow[];
  /** Processes whose memory could not be read: the script's closing warning. */
  accessDenied: number;
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

/** One process from the scan's columns when every file it needs was read; undefined otherwise. */
function scanned(scan: ProcessScan, row: number, cmdlineOf: CmdlineRows, users: Map<number, string>): Gathered | undefined {
  const errors = scan.errors;
  const e = row * SCAN_ERROR_WIDTH;
  // A kernel thread has no mm: its smaps_rollup answers ESRCH and its smaps is empty, so
  // footprint() finds no USS and the process is left out, as one that exits meanwhile is.
  if (errors[e + SCAN_ERROR.smapsRollup] === ESRCH && scan.state[row] !== Z) return null;
  if (errors[e + SCAN_ERROR.smapsRollup] !== 0 || errors[e + SCAN_ERROR.cmdline] !== 0 || errors[e + SCAN_ERROR.status] !== 0) return undefined;
  const status = scan.status as Float64Array;
  const uid = status[row * STATUS_WIDTH + STATUS.uid] as number;
  // psutil's rss is statm's resident pages; status's VmRSS is the same counters in kB
  // (fs/proc/task_mmu.c: task_statm and task_mem both add anon, file and shmem pages), so the
  // scan reads one file fewer per process.
  const vmRss = status[row * STATUS_WIDTH + STATUS.VmRSS] as number;
  if (Number.isNaN(uid) || Number.isNaN(vmRss)) return undefined;
  const rollup = scan.rollup as Float64Array;
  const uss = rollup[row * ROLLUP_WIDTH + ROLLUP.uss] as number;
  const pid = scan.pids[row] as number;
  const state = String.fromCharCode(scan.state[row] as number);
  const cmdline = orNull(() => cmdlineOf(row, state, pid));
  if (uss === 0) return null;
  let user = users.get(uid);
  if (user === undefined) {
    user = userName(uid);
    users.set(uid, user);
  }
  const pss = rollup[row * ROLLUP_WIDTH + ROLLUP.pss] as number;
  const swap = rollup[row * ROLLUP_WIDTH + ROLLUP.swap] as number;
  return { pid, user, cmdline, uss, pss, swap, rss: vmRss * 1024 };
}

/** The script's report: every process whose memory it can read, sorted by USS. */
export function collectProcsmem(ctx: ProcfsContext): ProcsmemReport {
  const rows: ProcsmemRow[] = [];
  let accessDenied = 0;
  // Every file this report reads, for all processes, in one scan on every CPU: smaps_rollup (its
  // three figures taken there), cmdline and status, which gives the state too: stat is not
  // read. The pids ascending, as psutil's process_iter visits them. The reading is the kernel's
  // work (smaps_rollup walks every mapping); on two cores, making each batch's rows while the
  // addon read the next was 13-23 ms slower at 5,000 processes for the same CPU time.
  const ids = ascendingPids(ctx);
  const users = new Map<number, string>();
  const scan = scanProcesses(ctx, ScanField.rollup | ScanField.cmdline | ScanField.statusOnly, ids);
  const cmdlineOf = cmdlineColumn(scan.cmdline as ByteColumn);
  // The scan keeps the pids in the order given, less those that exited meanwhile.
  let row = 0;
  for (const pid of ids) {
    const found = scan.pids[row] === pid ? row++ : undefined;
    try {
      // A pid the scan dropped exited: Process then raises NoSuchProcess, as psutil would.
      const fromScan = found === undefined ? undefined : scanned(scan, found, cmdlineOf, users);
      const result = fromScan === undefined ? gathered(new Process(pid, { ctx })) : fromScan;
      if (result) rows.push(result);
    } catch (error) {
      if (error instanceof AccessDenied) accessDenied++;
      else if (!(error instanceof NoSuchProcess)) throw error;
    }
  }
  rows.sort((a, b) => a.uss - b.uss);
  return { rows, accessDenied };
}
