// Kernel counters -> vmstat's figures, with procps-ng 4.0.2's arithmetic (src/vmstat.c and the
// library under it): C integer types are kept with bigint and wrapped where C wraps, and the
// memory unit conversion goes through a C float, as unitConvert() does.
import { join } from 'node:path';
import { CommandFailed, errnoCode } from '../../core/errors.js';
import { parseProcStatCpu, parseStatCounters, procpsStatUsable, type CpuJiffies, type StatCounters } from '../../core/cpu.js';
import { parseProcpsDiskstats, sysBlockNames, type ProcpsDiskstat } from '../../core/disk.js';
import { parseSlabinfo, procpsFields, procpsMeminfo, type ProcpsMeminfo, type SlabCache } from '../../core/memory.js';
import { readText, type ProcfsContext } from '../../core/procfs.js';
import { doubleToUlong, ulong } from '../../util/number.js';
import type { VmstatOptions, VmstatUnit } from './command.js';

const u32 = (value: bigint) => BigInt.asUintN(32, value);
const i32 = (value: bigint) => BigInt.asIntN(32, value);
/** C's long long: the tick sums vmstat keeps in one, wrapped. */
const i64 = (value: bigint) => BigInt.asIntN(64, value);

/**
 * The rates and percentages of a vmstat line over `div` ticks (a long long), with C's
 * conversions: a rate is an unsigned long times hz (or over the delay) plus div/2, all as
 * unsigned long long, over div taken as one; a percentage is long long arithmetic over div; each
 * printed as an unsigned int.
 */
function overTicks(div: bigint) {
  // Div / 2UL: as unsigned long long, kept in a long long.
  const half = i64(ulong(div) / 2n);
  return {
    rate: (value: bigint, hz: bigint) => u32(ulong(ulong(value * hz) + ulong(half)) / ulong(div)),
    percent: (ticks: bigint) => u32(i64(i64(100n * ticks) + half) / div),
  };
}

const failed = (message: string, cause?: unknown): never => {
  throw new CommandFailed(`vmstat: ${message}\n`, 1, { cause });
};

/**
 * Reads one kernel file, or fails with vmstat's message for the structure it could not build:
 * the library's readers of stat, vmstat, meminfo and slabinfo fail on an empty file too (a read
 * of 0 bytes is their EIO); its diskstats reader, a loop of fgets, finds no disks in one.
 */
function readOrFail(ctx: ProcfsContext, file: string, message: string, emptyFails = true): string {
  let text: string;
  try {
    text = readText(join(ctx.proc, file));
  } catch (error) {
    if (errnoCode(error) === undefined) throw error;
    return failed(message, error);
  }
  return text === '' && emptyFails ? failed(message) : text;
}

export interface StatSample {
  readonly cpu: CpuJiffies;
  readonly counters: StatCounters;
}

export function readStat(ctx: ProcfsContext, message = 'Unable to create system stat structure'): StatSample {
  const text = readOrFail(ctx, 'stat', message);
  const cpu = parseProcStatCpu(text);
  if (!cpu || !procpsStatUsable(text)) return failed(message);
  return { cpu, counters: parseStatCounters(text) };
}

/** The four /proc/vmstat counters vmstat shows (page-ins and -outs in KiB, swaps in pages). */
export interface PagingSample {
  readonly pgpgin: bigint;
  readonly pgpgout: bigint;
  readonly pswpin: bigint;
  readonly pswpout: bigint;
}

export function readPaging(ctx: ProcfsContext): PagingSample {
  // As procps' library reads it (vmstat_read_failed): C's unsigned longs.
  const fields = procpsFields(readOrFail(ctx, 'vmstat', 'Unable to create vmstat structure'), ' ');
  const get = (name: string) => fields.get(name) ?? 0n;
  return { pgpgin: get('pgpgin'), pgpgout: get('pgpgout'), pswpin: get('pswpin'), pswpout: get('pswpout') };
}

export function readMemory(ctx: ProcfsContext): ProcpsMeminfo {
  return procpsMeminfo(readOrFail(ctx, 'meminfo', 'Unable to create meminfo structure'));
}

/**
 * unitConvert(): KiB -> the display unit through a C float, `(float)size / dataUnit * 1024`,
 * converted to an unsigned long (with -m the sizes are already counts, hence `perKib`).
 */
export function unitConvert(size: bigint, unit: VmstatUnit, perKib = 1024): bigint {
  return doubleToUlong(Math.fround(Math.fround(Math.fround(Number(size)) / Math.fround(unit.divisor)) * perKib));
}

/** One line of the default report; `buff`/`cache` hold inact/active with -a. */
export interface VmRow {
  readonly r: bigint;
  readonly b: bigint;
  readonly swpd: bigint;
  readonly free: bigint;
  readonly buff: bigint;
  readonly cache: bigint;
  readonly si: bigint;
  readonly so: bigint;
  readonly bi: bigint;
  readonly bo: bigint;
  readonly in: bigint;
  readonly cs: bigint;
  readonly us: bigint;
  readonly sy: bigint;
  readonly id: bigint;
  readonly wa: bigint;
  readonly st: bigint;
  readonly gu: bigint;
}

export interface SystemConstants {
  readonly hz: bigint;
  readonly kbPerPage: bigint;
}

function memoryColumns(meminfo: ProcpsMeminfo, options: VmstatOptions) {
  const kib = (key: string) => meminfo.field(key);
  return {
    swpd: unitConvert(meminfo.swapUsed, options.unit),
    free: unitConvert(kib('MemFree'), options.unit),
    buff: unitConvert(options.active ? kib('Inactive') : kib('Buffers'), options.unit),
    cache: unitConvert(options.active ? kib('Active') : meminfo.cachedAll, options.unit),
  };
}

/** The first line: averages since boot, every rate divided by the ticks the CPUs have counted. */
export function firstRow(stat: StatSample, paging: PagingSample, meminfo: ProcpsMeminfo, options: VmstatOptions, sys: SystemConstants): VmRow {
  const { cpu, counters } = stat;
  // The library's unsigned long long ticks, summed in long longs.
  let use = i64(cpu.user + cpu.nice);
  const system = i64(cpu.system + cpu.irq + cpu.softirq);
  let idle = i64(cpu.idle);
  const iowait = i64(cpu.iowait);
  const steal = i64(cpu.steal);
  const guest = i64(cpu.guest + cpu.guestNice);
  let div = i64(use + system + idle + iowait + steal);
  if (div === 0n) {
    div = 1n;
    idle = 1n;
  }
  use = use >= guest ? i64(use - guest) : 0n;
  const { rate: perHz, percent } = overTicks(div);
  const rate = (value: bigint) => perHz(value, sys.hz);
  return {
    r: counters.procsRunning,
    b: counters.procsBlocked,
    ...memoryColumns(meminfo, options),
    si: rate(unitConvert(ulong(paging.pswpin * sys.kbPerPage), options.unit)),
    so: rate(unitConvert(ulong(paging.pswpout * sys.kbPerPage), options.unit)),
    bi: rate(paging.pgpgin),
    bo: rate(paging.pgpgout),
    in: rate(counters.intr),
    cs: rate(counters.ctxt),
    us: percent(use),
    sy: percent(system),
    id: percent(idle),
    wa: percent(iowait),
    st: percent(steal),
    gu: percent(guest),
  };
}

/**
 * The lines after the first: differences over the delay. The library hands each tick difference as
 * a signed long clamped at 0, the interrupt and switch differences as an int; idle ticks running
 * backwards are carried as a debt into the next line.
 */
export class LoopState {
  private debt = 0n;

  constructor(
    private stat: StatSample,
    private paging: PagingSample,
    private readonly sys: SystemConstants,
  ) {}

  next(stat: StatSample, paging: PagingSample, meminfo: ProcpsMeminfo, options: VmstatOptions): VmRow {
    const tick = (key: keyof CpuJiffies) => {
      const delta = BigInt.asIntN(64, stat.cpu[key] - this.stat.cpu[key]);
      return delta < 0n ? 0n : delta;
    };
    const sysDelta = (key: keyof StatCounters) => i32(stat.counters[key] - this.stat.counters[key]);
    let use = i64(tick('user') + tick('nice'));
    const system = i64(tick('system') + tick('irq') + tick('softirq'));
    let idle = tick('idle');
    const iowait = tick('iowait');
    const steal = tick('steal');
    const guest = i64(tick('guest') + tick('guestNice'));
    if (this.debt !== 0n) {
      idle = i32(idle) + this.debt;
      this.debt = 0n;
    }
    if (i32(idle) < 0n) {
      this.debt = i32(idle);
      idle = 0n;
    }
    let div = i64(use + system + idle + iowait + steal);
    if (div === 0n) {
      div = 1n;
      idle = 1n;
    }
    use = use >= guest ? i64(use - guest) : 0n;
    const delay = BigInt(options.delay);
    const sleepHalf = delay / 2n;
    const perSecond = (delta: bigint) => u32(ulong(delta + sleepHalf) / delay);
    const swapped = (now: bigint, before: bigint) => perSecond(unitConvert(ulong(ulong(now - before) * this.sys.kbPerPage), options.unit));
    // int + unsigned int is an unsigned int in C.
    const counted = (delta: bigint) => u32(u32(delta + sleepHalf) / delay);
    const { percent } = overTicks(div);
    const row: VmRow = {
      r: stat.counters.procsRunning,
      b: stat.counters.procsBlocked,
      ...memoryColumns(meminfo, options),
      si: swapped(paging.pswpin, this.paging.pswpin),
      so: swapped(paging.pswpout, this.paging.pswpout),
      bi: perSecond(ulong(paging.pgpgin - this.paging.pgpgin)),
      bo: perSecond(ulong(paging.pgpgout - this.paging.pgpgout)),
      in: counted(sysDelta('intr')),
      cs: counted(sysDelta('ctxt')),
      us: percent(use),
      sy: percent(system),
      id: percent(idle),
      wa: percent(iowait),
      st: percent(steal),
      gu: percent(guest),
    };
    this.stat = stat;
    this.paging = paging;
    return row;
  }
}

/** vmstat -s: the event counters and memory totals, in report order. */
export interface SumReport {
  readonly memory: ReadonlyArray<readonly [string, bigint]>;
  readonly ticks: ReadonlyArray<readonly [string, bigint]>;
  readonly counters: ReadonlyArray<readonly [string, bigint]>;
}

export function collectSum(ctx: ProcfsContext, options: VmstatOptions): SumReport {
  const stat = readStat(ctx);
  const paging = readPaging(ctx);
  const meminfo = readMemory(ctx);
  const kib = (key: string) => meminfo.field(key);
  const conv = (value: bigint) => unitConvert(value, options.unit);
  const { cpu, counters } = stat;
  return {
    memory: [
      ['total memory', conv(kib('MemTotal'))],
      ['used memory', conv(meminfo.used)],
      ['active memory', conv(kib('Active'))],
      ['inactive memory', conv(kib('Inactive'))],
      ['free memory', conv(kib('MemFree'))],
      ['buffer memory', conv(kib('Buffers'))],
      ['swap cache', conv(meminfo.cachedAll)],
      ['total swap', conv(kib('SwapTotal'))],
      ['used swap', conv(meminfo.swapUsed)],
      ['free swap', conv(kib('SwapFree'))],
    ],
    ticks: [
      ['non-nice user cpu ticks', cpu.user],
      ['nice user cpu ticks', cpu.nice],
      ['system cpu ticks', cpu.system],
      ['idle cpu ticks', cpu.idle],
      ['IO-wait cpu ticks', cpu.iowait],
      ['IRQ cpu ticks', cpu.irq],
      ['softirq cpu ticks', cpu.softirq],
      ['stolen cpu ticks', cpu.steal],
      ['non-nice guest cpu ticks', cpu.guest],
      ['nice guest cpu ticks', cpu.guestNice],
    ],
    counters: [
      ['K paged in', paging.pgpgin],
      ['K paged out', paging.pgpgout],
      ['pages swapped in', paging.pswpin],
      ['pages swapped out', paging.pswpout],
      ['interrupts', counters.intr],
      ['CPU context switches', counters.ctxt],
      ['boot time', counters.btime],
      ['forks', counters.processes],
    ],
  };
}

/** A device of /proc/diskstats with procps' disk-or-partition verdict (a name in /sys/block is a disk). */
export interface Device {
  readonly name: string;
  readonly disk: boolean;
  readonly counters: readonly bigint[];
}

export function readDevices(ctx: ProcfsContext, message = 'Unable to create diskstat structure'): Device[] {
  const entries = parseProcpsDiskstats(readOrFail(ctx, 'diskstats', message, false));
  if (!entries) return failed(message);
  const disks = sysBlockNames(ctx.sys);
  return entries.map((entry: ProcpsDiskstat) => ({ name: entry.name, disk: disks === null || disks.has(entry.name), counters: entry.counters }));
}

/** One vmstat -d line: the counters as printed (in-progress I/O and I/O time divided by 1000, as vmstat does). */
export interface DiskRow {
  readonly name: string;
  readonly values: readonly bigint[];
}

const c = (counters: readonly bigint[], i: number) => counters[i] ?? 0n;

export function diskRow(device: Device): DiskRow {
  const k = device.counters;
  // In progress is read as an int, and C's division truncates toward zero as bigint's does.
  return { name: device.name, values: [c(k, 0), c(k, 1), c(k, 2), c(k, 3), c(k, 4), c(k, 5), c(k, 6), c(k, 7), i32(c(k, 8)) / 1000n, c(k, 9) / 1000n] };
}

/** vmstat -D: sums over the disks, counts of disks and partitions. */
export function diskSum(devices: readonly Device[]): { disks: number; partitions: number; sums: bigint[] } {
  let disks = 0;
  let partitions = 0;
  const sums = Array<bigint>(11).fill(0n);
  for (const device of devices) {
    if (!device.disk) {
      partitions++;
      continue;
    }
    disks++;
    const k = device.counters;
    for (let i = 0; i < 8; i++) sums[i] = ulong((sums[i] ?? 0n) + c(k, i));
    sums[8] = ulong((sums[8] ?? 0n) + i32(c(k, 8)) / 1000n);
    sums[9] = ulong((sums[9] ?? 0n) + c(k, 9) / 1000n);
    sums[10] = ulong((sums[10] ?? 0n) + c(k, 10) / 1000n);
  }
  return { disks, partitions, sums };
}

/** vmstat -p: reads, read sectors, writes, write sectors of one device, or null when it is not listed. */
export function partitionRow(devices: readonly Device[], name: string): bigint[] | null {
  const device = devices.find((d) => d.name === name);
  if (!device) return null;
  const k = device.counters;
  return [c(k, 0), c(k, 2), c(k, 4), c(k, 6)];
}

/** vmstat -m: the caches sorted by name (strcoll, which is strcmp in the C locale). */
export function readSlabs(ctx: ProcfsContext, message = 'Unable to create slabinfo structure'): SlabCache[] {
  const caches = parseSlabinfo(readOrFail(ctx, 'slabinfo', message));
  if (!caches) return failed(message);
  return caches.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
