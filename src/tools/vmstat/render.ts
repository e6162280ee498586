// vmstat's text: printf formats of src/vmstat.c, each value right-aligned in a minimum width and
// never cut. The narrow formats have one conversion fewer than arguments, so `gu` is printed only
// by -w.
import type { SlabCache } from '../../core/memory.js';
import type { DiskRow, SumReport, VmRow } from './collect.js';

const right = (value: bigint | number | string, width: number) => String(value).padStart(width);

const VM_HEADER = 'procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----';
const VM_WIDE_HEADER = '--procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- ----------cpu----------';
const TIMESTAMP_HEADER = ' -----timestamp-----';
const VM_WIDTHS = [2, 2, 6, 6, 6, 6, 4, 4, 5, 5, 4, 4, 2, 2, 2, 2, 2];
const VM_WIDE_WIDTHS = [4, 4, 12, 12, 12, 12, 4, 4, 5, 5, 4, 4, 3, 3, 3, 3, 3, 3];

const DISK_HEADER = 'disk- ------------reads------------ ------------writes----------- -----IO------';
const DISK_WIDE_HEADER = 'disk- -------------------reads------------------- -------------------writes------------------ ------IO-------';
const DISK_WIDTHS = [6, 6, 7, 7, 6, 6, 7, 7, 6, 6];
const DISK_WIDE_WIDTHS = [9, 9, 11, 11, 9, 9, 11, 11, 7, 7];

const joinCells = (cells: ReadonlyArray<string | bigint>, widths: readonly number[]) =>
  widths.map((width, i) => right(cells[i] ?? '', width)).join(' ');

/** The header's time zone cell: strftime("%Z") cut to 19 characters, right-aligned in 19. */
const zoneCell = (zone: string) => ` ${right(zone.slice(0, TIMESTAMP_HEADER.length - 1), TIMESTAMP_HEADER.length - 1)}`;

export interface HeaderOptions {
  readonly wide: boolean;
  readonly active: boolean;
  /** strftime("%Z") when -t is given, else null. */
  readonly zone: string | null;
}

export function renderVmHeader(options: HeaderOptions): string {
  const titles = ['r', 'b', 'swpd', 'free', options.active ? 'inact' : 'buff', options.active ? 'active' : 'cache', 'si', 'so', 'bi', 'bo', 'in', 'cs', 'us', 'sy', 'id', 'wa', 'st', 'gu'];
  const top = `${options.wide ? VM_WIDE_HEADER : VM_HEADER}${options.zone === null ? '' : TIMESTAMP_HEADER}`;
  const names = joinCells(titles, options.wide ? VM_WIDE_WIDTHS : VM_WIDTHS);
  return `${top}\n${names}${options.zone === null ? '' : zoneCell(options.zone)}\n`;
}

/** `time` is the line's "%Y-%m-%d %H:%M:%S" with -t, else null. */
export function renderVmRow(row: VmRow, wide: boolean, time: string | null): string {
  const cells = [row.r, row.b, row.swpd, row.free, row.buff, row.cache, row.si, row.so, row.bi, row.bo, row.in, row.cs, row.us, row.sy, row.id, row.wa, row.st, row.gu];
  return `${joinCells(cells, wide ? VM_WIDE_WIDTHS : VM_WIDTHS)}${time === null ? '' : ` ${time}`}\n`;
}

export function renderDiskHeader(wide: boolean, zone: string | null): string {
  const titles = ['total', 'merged', 'sectors', 'ms', 'total', 'merged', 'sectors', 'ms', 'cur', 'sec'];
  const top = `${wide ? DISK_WIDE_HEADER : DISK_HEADER}${zone === null ? '' : TIMESTAMP_HEADER}`;
  return `${top}\n${right(' ', 5)} ${joinCells(titles, wide ? DISK_WIDE_WIDTHS : DISK_WIDTHS)}${zone === null ? '' : zoneCell(zone)}\n`;
}

export function renderDiskRow(row: DiskRow, wide: boolean, time: string | null): string {
  return `${row.name.padEnd(5)} ${joinCells(row.values, wide ? DISK_WIDE_WIDTHS : DISK_WIDTHS)}${time === null ? '' : ` ${time}`}\n`;
}

export function renderPartitionHeader(name: string): string {
  return `${name.padEnd(10)} ${right('reads', 10)}  ${right('read sectors', 16)}  ${right('writes', 10)}  ${right('requested writes', 16)}\n`;
}

export function renderPartitionRow(values: readonly bigint[]): string {
  const [reads = 0n, readSectors = 0n, writes = 0n, writeSectors = 0n] = values;
  return `${right(reads, 21)}  ${right(readSectors, 16)}  ${right(writes, 10)}  ${right(writeSectors, 16)}\n`;
}

/** %13lu for unsigned figures, %13lld for the tick counters (printed signed). */
export function renderSum(report: SumReport, unitLetter: string): string {
  const lines = [
    ...report.memory.map(([label, value]) => `${right(value, 13)} ${unitLetter} ${label}`),
    ...report.ticks.map(([label, value]) => `${right(BigInt.asIntN(64, value), 13)} ${label}`),
    ...report.counters.map(([label, value]) => `${right(value, 13)} ${label}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function renderDiskSum(disks: number, partitions: number, sums: readonly bigint[]): string {
  const labels = ['total reads', 'merged reads', 'read sectors', 'milli reading', 'writes', 'merged writes', 'written sectors', 'milli writing', 'inprogress IO', 'milli spent IO', 'milli weighted IO'];
  const lines = [`${right(disks, 13)} disks`, `${right(partitions, 13)} partitions`, ...labels.map((label, i) => `${right(sums[i] ?? 0n, 13)} ${label}`)];
  return `${lines.join('\n')}\n`;
}

export function renderForks(forks: bigint): string {
  return `${right(forks, 13)} forks\n`;
}

export function renderSlabHeader(): string {
  return `${'Cache'.padEnd(24)} ${right('Num', 6)} ${right('Total', 6)} ${right('Size', 6)} ${right('Pages', 6)}\n`;
}

/** "%-24.24s %6u %6u %6u %6u": the name cut to 24 bytes. */
export function renderSlabRow(cache: SlabCache): string {
  return `${cache.name.slice(0, 24).padEnd(24)} ${right(cache.activeObjs, 6)} ${right(cache.numObjs, 6)} ${right(cache.objSize, 6)} ${right(cache.objsPerSlab, 6)}\n`;
}
