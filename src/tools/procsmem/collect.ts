// Every readable process's USS, PSS, swap and RSS, as procsmem.py gathers them with psutil:
// memory_full_info() (smaps_rollup, or smaps where there is none), then cmdline and username,
// each of which may be unreadable on its own. Processes with no USS (kernel threads) are left out.
import { AccessDenied, NoSuchProcess, ZombieProcess } from '../../core/errors.js';
import { prefetch } from '../../core/process/batch.js';
import { pids, Process } from '../../core/process/process.js';
import { memoryFullInfo } from '../../core/process/smaps.js';
import type { ProcfsContext } from '../../core/procfs.js';

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

export function collectProcsmem(ctx: ProcfsContext): ProcsmemReport {
  const rows: ProcsmemRow[] = [];
  let accessDenied = 0;
  const processes = pids(ctx).map((pid) => new Process(pid, ctx));
  // Every file this report reads, read for all processes at once on the addon's threads; a file
  // that fails there is read again by its getter, which raises the error psutil would.
  prefetch(processes, ['statm', 'smaps_rollup', 'cmdline', 'status', 'stat']);
  for (const process of processes) {
    const { pid } = process;
    try {
      const memory = memoryFullInfo(process);
      const cmdline = orNull(() => process.cmdline());
      const user = orNull(() => process.username());
      if (memory.uss === 0) continue;
      rows.push({ pid, user, cmdline, uss: memory.uss, pss: memory.pss, swap: memory.swap, rss: memory.rss });
    } catch (error) {
      if (error instanceof AccessDenied) accessDenied++;
      else if (!(error instanceof NoSuchProcess)) throw error;
    }
  }
  rows.sort((a, b) => a.uss - b.uss);
  return { rows, accessDenied };
}
