// iostat's text (iostat.c and common.c of sysstat 12.6.1): the TAB-separated banner, the avg-cpu
// block, and the device tables, where every figure is a space followed by a right-aligned value
// (cprintf_f, cprintf_pc, cprintf_u64), or with --human a value scaled to a unit letter.
import { printfFixed } from '../../format/number.js';
import { strftime, utcOffset } from '../../format/time.js';
import type { IostatOptions } from './command.js';
import type { CpuFigures, DeviceFigures, Report } from './collect.js';

export interface Banner {
  readonly sysname: string;
  readonly release: string;
  readonly nodename: string;
  readonly machine: string;
  readonly cpus: number;
  /** Seconds since the epoch. */
  readonly time: number;
}

/** strftime in the C locale: `%x` (MM/DD/YY), or `%Y-%m-%d` with S_TIME_FORMAT=ISO; local time. */
export function reportDate(seconds: number, iso: boolean): string {
  return strftime(iso ? '%Y-%m-%d' : '%m/%d/%y', seconds);
}

/** The -t timestamp: `%x %X`, or ISO's `%FT%T%z`. */
export function reportTimestamp(seconds: number, iso: boolean): string {
  const time = strftime('%H:%M:%S', seconds);
  if (!iso) return `${reportDate(seconds, false)} ${time}`;
  return `${reportDate(seconds, true)}T${time}${utcOffset(seconds)}`;
}

export function renderBanner(b: Banner, iso: boolean): string {
  return `${b.sysname} ${b.release} (${b.nodename}) \t${reportDate(b.time, iso)} \t_${b.machine}_\t(${b.cpus} CPU)\n`;
}

// common.c's unit letters: sectors, bytes, kilo... and '?' past peta.
const UNIT_LETTERS = 'sBkMGTP?';
const UNIT_SECTOR = 0;
const UNIT_KILOBYTE = 2;

/** The number formatting of one run: --dec=N (or -1) and --human. */
export class Figures {
  constructor(
    private readonly decimals: number,
    readonly human: boolean,
  ) {}

  /** cprintf_unit(): the value scaled by 1024 until below it, with one decimal (none with --dec=0). */
  private unit(unit: number, width: number, value: number): string {
    let w = Math.max(width, 4);
    let u = unit;
    let v = value;
    if (u === UNIT_SECTOR) {
      v /= 2;
      u = UNIT_KILOBYTE;
    }
    while (v >= 1024) {
      v /= 1024;
      u++;
    }
    w -= 1;
    return ` ${printfFixed(v, this.decimals === 0 ? 0 : 1).padStart(w)}${UNIT_LETTERS[Math.min(u, UNIT_LETTERS.length - 1)]}`;
  }

  /** cprintf_f(): " %*.*f", or a unit value when `unit` is given and --human is on. */
  f(width: number, value: number, unit?: number): string {
    if (this.human && unit !== undefined) return this.unit(unit, width, value);
    const places = this.decimals >= 0 ? this.decimals : 2;
    return ` ${printfFixed(value, places).padStart(width)}`;
  }

  /** cprintf_u64(): " %*llu", or a unit value with --human. */
  u(width: number, value: bigint, unit: number): string {
    if (this.human) return this.unit(unit, width, Number(value));
    return ` ${value.toString().padStart(width)}`;
  }

  /** cprintf_pc(): a percentage; --human gives one decimal and a `%` within the same width. */
  pc(width: number, value: number): string {
    let places = this.decimals >= 0 ? this.decimals : 2;
    let w = width;
    if (this.human) {
      w = Math.max(w, 4) - 1;
      if (places > 1) places -= 1;
    }
    return ` ${printfFixed(value, places).padStart(w)}${this.human ? '%' : ''}`;
  }
}

export function renderCpu(cpu: CpuFigures, fig: Figures): string {
  const values = [cpu.user, cpu.nice, cpu.system, cpu.iowait, cpu.steal, cpu.idle].map((v) => fig.pc(7, v)).join('');
  return `avg-cpu:  %user   %nice %system %iowait  %steal   %idle\n       ${values}\n\n`;
}

/** The conversion factor from sectors and the unit's name in titles. */
export function unitOf(options: IostatOptions): { factor: number; title: string; space: string } {
  if (options.unit === 'kB') return { factor: 2, title: 'kB', space: ' ' };
  if (options.unit === 'MB') return { factor: 2048, title: 'MB', space: ' ' };
  return { factor: 1, title: options.extended ? 'sec' : 'Blk', space: '' };
}

export function renderDeviceHeader(options: IostatOptions, part: number): string {
  const { title: u, space: s } = unitOf(options);
  let line = options.pretty ? '' : 'Device       ';
  if (options.extended) {
    if (options.short) {
      line += `      tps     ${s}${u}/s    rqm/s   await  areq-sz  aqu-sz  %util`;
    } else {
      if (part === 0 || part === 1) line += `     r/s    ${s}r${u}/s   rrqm/s  %rrqm r_await rareq-sz`;
      if (part === 0 || part === 2) line += `     w/s    ${s}w${u}/s   wrqm/s  %wrqm w_await wareq-sz`;
      if (part === 0 || part === 3) line += `     d/s    ${s}d${u}/s   drqm/s  %drqm d_await dareq-sz`;
      if (part === 0 || part === 4) line += '     f/s f_await  aqu-sz  %util';
    }
  } else if (options.short) {
    line += `      tps   ${s}${u}_read/s    ${s}${u}_w+d/s   ${s}${u}_read    ${s}${u}_w+d`;
  } else {
    line += `      tps   ${s}${u}_read/s   ${s}${u}_wrtn/s   ${s}${u}_dscd/s   ${s}${u}_read   ${s}${u}_wrtn   ${s}${u}_dscd`;
  }
  return `${line}${options.pretty ? ' Device' : ''}\n`;
}

/** The figures of a basic row, after the name (write_plain_basic_stat). */
function basicCells(d: DeviceFigures, options: IostatOptions, fig: Figures): string {
  const { factor } = unitOf(options);
  const rate = (sectors: number) => fig.f(12, fig.human ? sectors : sectors / factor, UNIT_SECTOR);
  const total = (sectors: bigint) => fig.u(10, fig.human ? sectors : sectors / BigInt(factor), UNIT_SECTOR);
  const tps = fig.f(8, d.tps);
  if (options.short) {
    return `${tps}${rate(d.rSectors)}${rate(d.wSectors + d.dSectors)}${total(d.rdSec)}${total(BigInt.asUintN(64, d.wrSec + d.dcSec))}`;
  }
  return `${tps}${rate(d.rSectors)}${rate(d.wSectors)}${rate(d.dSectors)}${total(d.rdSec)}${total(d.wrSec)}${total(d.dcSec)}`;
}

/** The figures of an extended row, after the name (write_plain_ext_stat), for one part or all. */
function extendedCells(d: DeviceFigures, options: IostatOptions, fig: Figures, part: number): string {
  const { factor } = unitOf(options);
  const sectors = (v: number) => fig.f(9, fig.human ? v : v / factor, UNIT_SECTOR);
  const size = (v: number) => fig.f(8, v / 2, UNIT_KILOBYTE);
  if (options.short) {
    return `${fig.f(8, d.tps)}${sectors(d.rSectors + d.wSectors + d.dSectors)}${fig.f(8, d.merges)}${fig.f(7, d.await)}${size(d.arqsz)}${fig.f(7, d.aquSz)}${fig.pc(6, d.util)}`;
  }
  let cells = '';
  const kind = (ios: number, sect: number, merges: number, rqm: number, wait: number, arqsz: number) =>
    `${fig.f(7, ios)}${sectors(sect)}${fig.f(8, merges)}${fig.pc(6, rqm)}${fig.f(7, wait)}${size(arqsz)}`;
  if (part === 0 || part === 1) cells += kind(d.rIos, d.rSectors, d.rMerges, d.rrqm, d.rAwait, d.rArqsz);
  if (part === 0 || part === 2) cells += kind(d.wIos, d.wSectors, d.wMerges, d.wrqm, d.wAwait, d.wArqsz);
  if (part === 0 || part === 3) cells += kind(d.dIos, d.dSectors, d.dMerges, d.drqm, d.dAwait, d.dArqsz);
  if (part === 0 || part === 4) cells += `${fig.f(7, d.fIos)}${fig.f(7, d.fAwait)}${fig.f(7, d.aquSz)}${fig.pc(6, d.util)}`;
  return cells;
}

export function renderDeviceRow(d: DeviceFigures, options: IostatOptions, fig: Figures, part: number): string {
  const cells = options.extended ? extendedCells(d, options, fig, part) : basicCells(d, options, fig);
  return options.pretty ? `${cells} ${d.name}\n` : `${d.name.padEnd(13)}${cells}\n`;
}

/** One report as write_stats() prints it, ending with its blank line. */
export function renderReport(report: Report, options: IostatOptions, fig: Figures, iso: boolean): string {
  let out = options.timestamp ? `${reportTimestamp(report.time, iso)}\n` : '';
  if (report.cpu) out += renderCpu(report.cpu, fig);
  const tables = report.tables ?? [];
  const lastPart = tables.length > 0 ? (tables[tables.length - 1]?.part ?? 0) : 0;
  for (const table of tables) {
    out += renderDeviceHeader(options, table.part);
    for (const row of table.rows) if (row) out += renderDeviceRow(row, options, fig, table.part);
    if (table.part > 0 && table.part < lastPart) out += '\n';
  }
  return `${out}\n`;
}
