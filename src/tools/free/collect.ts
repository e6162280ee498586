// /proc/meminfo -> free's rows, in bytes. One read of meminfo per report.
import { join } from 'node:path';
import { CommandFailed } from '../../core/errors.js';
import { parseMeminfo, swapMemoryOf, virtualMemoryOf } from '../../core/memory.js';
import { readText, type ProcfsContext } from '../../core/procfs.js';
import type { FreeOptions } from './command.js';

export type RowLabel = 'Mem' | 'Low' | 'High' | 'Swap' | 'Total' | 'Comm';

export interface FreeRow {
  readonly label: RowLabel;
  /** Column name (jc's key) -> bytes. Comm's free may be negative (over-committed). */
  readonly values: ReadonlyArray<readonly [string, number]>;
}

export function collectFree(ctx: ProcfsContext, options: FreeOptions): FreeRow[] {
  const text = readText(join(ctx.proc, 'meminfo'));
  // procps_meminfo_new fails on an empty file (meminfo_read_failed: a read of 0 bytes is EIO).
  if (text === '') throw new CommandFailed('free: Unable to create meminfo structure\n', 1);
  const meminfo = parseMeminfo(text);
  const mem = virtualMemoryOf(meminfo);
  const swap = swapMemoryOf(meminfo);
  const cache: Array<[string, number]> = options.wide
    ? [
        ['buffers', mem.buffers],
        ['cache', mem.cached],
      ]
    : [['buff_cache', mem.buffers + mem.cached]];
  const rows: FreeRow[] = [
    {
      label: 'Mem',
      values: [['total', mem.total], ['used', mem.used], ['free', mem.free], ['shared', mem.shared], ...cache, ['available', mem.available]],
    },
  ];
  const triple = (label: RowLabel, total: number, used: number, free: number): FreeRow => ({
    label,
    values: [
      ['total', total],
      ['used', used],
      ['free', free],
    ],
  });
  if (options.lohi) {
    rows.push(triple('Low', mem.lowTotal, mem.lowUsed, mem.lowFree));
    rows.push(triple('High', mem.highTotal, mem.highUsed, mem.highFree));
  }
  rows.push(triple('Swap', swap.total, swap.used, swap.free));
  if (options.total) rows.push(triple('Total', mem.total + swap.total, mem.used + swap.used, mem.free + swap.free));
  if (options.committed) {
    rows.push(triple('Comm', mem.commitLimit, mem.committedAs, mem.commitLimit - mem.committedAs));
  }
  return rows;
}
