// vmstat --json: jc's `vmstat` shape for the default and -d reports (one object per printed line,
// with jc's keys; with a delay one line per object as jc's `vmstat-s`), and objects named after
// vmstat's own labels for -s, -D, -p and -f, which jc does not parse.
import type { SlabCache } from '../../core/memory.js';
import type { DiskRow, SumReport, VmRow } from './collect.js';

export interface Stamp {
  /** "%Y-%m-%d %H:%M:%S" as printed. */
  readonly timestamp: string;
  readonly timezone: string;
  readonly epoch: number;
}

/** jc's timestamp fields: null without -t; epoch_utc only when the zone is UTC. */
function stampFields(stamp: Stamp | null) {
  if (stamp === null) return { timestamp: null, timezone: null };
  return { timestamp: stamp.timestamp, timezone: stamp.timezone, epoch: stamp.epoch, epoch_utc: stamp.timezone === 'UTC' ? stamp.epoch : null };
}

export function vmRowJson(row: VmRow, options: { active: boolean; wide: boolean }, stamp: Stamp | null): Record<string, unknown> {
  return {
    runnable_procs: Number(row.r),
    uninterruptible_sleeping_procs: Number(row.b),
    virtual_mem_used: Number(row.swpd),
    free_mem: Number(row.free),
    buffer_mem: options.active ? null : Number(row.buff),
    cache_mem: options.active ? null : Number(row.cache),
    inactive_mem: options.active ? Number(row.buff) : null,
    active_mem: options.active ? Number(row.cache) : null,
    swap_in: Number(row.si),
    swap_out: Number(row.so),
    blocks_in: Number(row.bi),
    blocks_out: Number(row.bo),
    interrupts: Number(row.in),
    context_switches: Number(row.cs),
    user_time: Number(row.us),
    system_time: Number(row.sy),
    idle_time: Number(row.id),
    io_wait_time: Number(row.wa),
    stolen_time: Number(row.st),
    // -w's `gu` column, which jc's parser does not know.
    ...(options.wide ? { guest_time: Number(row.gu) } : {}),
    ...stampFields(stamp),
  };
}

const DISK_KEYS = ['total_reads', 'merged_reads', 'sectors_read', 'reading_ms', 'total_writes', 'merged_writes', 'sectors_written', 'writing_ms', 'current_io', 'io_seconds'];

export function diskRowJson(row: DiskRow, stamp: Stamp | null): Record<string, unknown> {
  const out: Record<string, unknown> = { disk: row.name };
  DISK_KEYS.forEach((key, i) => (out[key] = Number(row.values[i] ?? 0n)));
  return { ...out, ...stampFields(stamp) };
}

/** "non-nice user cpu ticks" -> "non_nice_user_cpu_ticks"; "K paged in" -> "paged_in". */
const keyOf = (label: string) =>
  label
    .replace(/^K /, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');

export function sumJson(report: SumReport, unitLetter: string): Record<string, unknown> {
  const out: Record<string, unknown> = { unit: unitLetter };
  for (const [label, value] of report.memory) out[keyOf(label)] = Number(value);
  for (const [label, value] of report.ticks) out[keyOf(label)] = Number(BigInt.asIntN(64, value));
  for (const [label, value] of report.counters) out[keyOf(label)] = Number(value);
  return out;
}

export function diskSumJson(disks: number, partitions: number, sums: readonly bigint[]): Record<string, unknown> {
  const labels = ['total_reads', 'merged_reads', 'read_sectors', 'milli_reading', 'writes', 'merged_writes', 'written_sectors', 'milli_writing', 'inprogress_io', 'milli_spent_io', 'milli_weighted_io'];
  const out: Record<string, unknown> = { disks, partitions };
  labels.forEach((label, i) => (out[label] = Number(sums[i] ?? 0n)));
  return out;
}

export function partitionJson(name: string, values: readonly bigint[]): Record<string, unknown> {
  const [reads = 0n, readSectors = 0n, writes = 0n, writeSectors = 0n] = values;
  return { partition: name, reads: Number(reads), read_sectors: Number(readSectors), writes: Number(writes), requested_writes: Number(writeSectors) };
}

export function slabJson(cache: SlabCache): Record<string, unknown> {
  return { cache: cache.name, num: cache.activeObjs, total: cache.numObjs, size: cache.objSize, pages: cache.objsPerSlab };
}
