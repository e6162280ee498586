// /proc/meminfo -> free's rows, in KiB as procps' library holds them. One read of meminfo per report.
import { join } from 'node:path';
import { CommandFailed } from '../../core/errors.js';
import { procpsMeminfo } from '../../core/memory.js';
import { readText, type ProcfsContext } from '../../core/procfs.js';
import { ulong } from '../../util/number.js';
import type { FreeOptions } from './command.js';

export type RowLabel = 'Mem' | 'Low' | 'High' | 'Swap' | 'Total' | 'Comm';

export interface FreeRow {
  readonly label: RowLabel;
  /** Column name (jc's key) -> KiB as C's unsigned long (a wrapped difference is printed negative). */
  readonly values: ReadonlyArray<readonly [string, bigint]>;
}

export function collectFree(ctx: ProcfsContext, options: FreeOptions): FreeRow[] {
  const text = readText(join(ctx.proc, 'meminfo'));
  // procps_meminfo_new fails on an empty file (meminfo_read_failed: a read of 0 bytes is EIO).
  if (text === '') throw new CommandFailed('free: Unable to create meminfo structure\n', 1);
  const mem = procpsMeminfo(text);
  const buffers = mem.field('Buffers');
  const cache: Array<[string, bigint]> = options.wide
    ? [
        ['buffers', buffers],
        ['cache', mem.cachedAll],
      ]
    : [['buff_cache', ulong(buffers + mem.cachedAll)]];
  const total = mem.field('MemTotal');
  const free = mem.field('MemFree');
  const rows: FreeRow[] = [
    {
      label: 'Mem',
      values: [['total', total], ['used', mem.used], ['free', free], ['shared', mem.field('Shmem')], ...cache, ['available', mem.available]],
    },
  ];
  const triple = (label: RowLabel, all: bigint, used: bigint, left: bigint): FreeRow => ({
    label,
    values: [
      ['total', all],
      ['used', used],
      ['free', left],
    ],
  });
  if (options.lohi) {
    rows.push(triple('Low', mem.lowTotal, mem.lowUsed, mem.lowFree));
    rows.push(triple('High', mem.field('HighTotal'), mem.highUsed, mem.field('HighFree')));
  }
  const swapTotal = mem.field('SwapTotal');
  const swapFree = mem.field('SwapFree');
  rows.push(triple('Swap', swapTotal, mem.swapUsed, swapFree));
  if (options.total) rows.push(triple('Total', ulong(total + swapTotal), ulong(mem.used + mem.swapUsed), ulong(free + swapFree)));
  if (options.committed) {
    const limit = mem.field('CommitLimit');
    const committed = mem.field('Committed_AS');
    rows.push(triple('Comm', limit, committed, ulong(limit - committed)));
  }
  return rows;
}
