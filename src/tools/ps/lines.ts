// Lines printed by the addon straight from the scan's columns, for the common columns of a
// listing of every process (ps aux, ps -ef, ps -eo pid,comm...): at thousands of processes a
// PsRow and a string per cell cost more than reading /proc. Names (users, ttys, start times)
// are looked up here once per distinct value and handed over as tables; a row the addon cannot
// print exactly as the printers of formats.ts would (a command that needs escaping, a tty known
// only through the process's descriptors) comes back and goes through renderLine.
import type { PsLinePlan } from '../../../native/index.js';
import { CommandFailed } from '../../core/errors.js';
import { binding } from '../../core/native.js';
import { SCAN_ERROR, SCAN_ERROR_WIDTH, ScanStat, STAT, STAT_WIDTH, STATUS, STATUS_WIDTH, type ProcessScan } from '../../core/process/scan.js';
import type { ProcfsContext } from '../../core/procfs.js';
import type { ByteBuilder } from '../../format/bytes.js';
import type { PsOptions } from './command.js';
import { stimeText, userCell, type PrintContext } from './formats.js';
import { renderLine, type LineLayout } from './render.js';
import { PsRow, type RunFacts } from './row.js';

/** The addon's cell kinds (PsCell in native/scan.cc). */
const Cell = {
  pid: 0,
  ppid: 1,
  pgid: 2,
  sid: 3,
  tpgid: 4,
  nlwp: 5,
  euid: 6,
  pcpu: 7,
  pmem: 8,
  vsz: 9,
  rss: 10,
  stat: 11,
  bsdtime: 12,
  time: 13,
  c: 14,
  cmdline: 15,
  comm: 16,
  userTable: 17,
  ttyTable: 18,
  startTable: 19,
} as const;

const JUSTIFY = { right: 0, left: 1, user: 2, unlimited: 3 } as const;

type CellOf = (c: PrintContext) => number;
const fixed = (cell: number): CellOf => () => cell;

/** Keywords the addon prints, by the cell kind their printer amounts to. */
const KEYWORD_CELLS: ReadonlyMap<string, CellOf> = new Map(
  (
    [
      ['pid tgid', fixed(Cell.pid)],
      ['ppid', fixed(Cell.ppid)],
      ['pgid pgrp', fixed(Cell.pgid)],
      ['sess session sid', fixed(Cell.sid)],
      ['tpgid', fixed(Cell.tpgid)],
      ['nlwp thcount', fixed(Cell.nlwp)],
      ['euid uid', fixed(Cell.euid)],
      ['%cpu pcpu', fixed(Cell.pcpu)],
      ['%mem pmem', fixed(Cell.pmem)],
      ['vsz vsize', fixed(Cell.vsz)],
      ['rss rssize rsz', fixed(Cell.rss)],
      ['stat', fixed(Cell.stat)],
      ['bsdtime', fixed(Cell.bsdtime)],
      ['time cputime atime', fixed(Cell.time)],
      ['c', fixed(Cell.c)],
      // As the command printers of formats.ts choose: c shows the comm for args, f the command line for comm.
      ['args cmd command', (c) => (c.bsdC ? Cell.comm : Cell.cmdline)],
      ['comm ucmd ucomm', (c) => (c.unixF ? Cell.cmdline : Cell.comm)],
      ['user uname euser uid_hack', fixed(Cell.userTable)],
      ['tname tt tty tty8', fixed(Cell.ttyTable)],
      ['start_time stime', fixed(Cell.startTable)],
    ] as Array<[string, CellOf]>
  ).flatMap(([keywords, cell]) => keywords.split(' ').map((keyword): [string, CellOf] => [keyword, cell])),
);


/** What printing a listing through the addon takes: its plan, and the run it is for. */
export interface LinePrinter {
  readonly plan: PsLinePlan;
  readonly layout: LineLayout;
  readonly facts: RunFacts;
  readonly context: PrintContext;
  readonly ctx: ProcfsContext;
}

/**
 * The addon's plan for these options, or null when the listing needs JavaScript: a selection
 * that tests each process, threads, sorting, a forest, JSON, repeated headers, the environment
 * after commands, numeric users, AIX literal text, or a column it does not print.
 */
export function linePrinter(ctx: ProcfsContext, options: PsOptions, layout: LineLayout, facts: RunFacts, context: PrintContext): LinePrinter | null {
  if (!options.allProcesses || options.runningOnly || options.negate || options.threads !== 'none') return null;
  if (options.sort.length > 0 || options.forest || options.json || options.header === 'multi') return null;
  if (context.bsdE || context.userIsNumber) return null;
  const { columns } = layout;
  const cells = new Int32Array(columns.length);
  const widths = new Int32Array(columns.length);
  const justify = new Int32Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i];
    const keyword = column?.format?.keyword;
    const cell = keyword === undefined ? undefined : KEYWORD_CELLS.get(keyword)?.(context);
    const justified = column?.format ? JUSTIFY[column.format.justify as keyof typeof JUSTIFY] : undefined;
    if (column === undefined || cell === undefined || justified === undefined) return null;
    // A user name is cut to its column's width, which only the last column does not have.
    if (cell === Cell.userTable && i === columns.length - 1) return null;
    cells[i] = cell;
    widths[i] = column.width;
    justify[i] = justified;
  }
  // Total memory and the boot time are read only for the columns that show them, as procps reads
  // them. When one cannot be read, ps fails in the middle of the first line: JavaScript prints it.
  const uses = (cell: number) => cells.includes(cell);
  let factsRow: Float64Array;
  try {
    // %MEM over a MemTotal of 0 kills procps (DivisionByZero): JavaScript prints up to there.
    if (uses(Cell.pmem) && facts.memTotalKiB === 0) return null;
    factsRow = Float64Array.of(facts.hertz, facts.bootTicks, uses(Cell.pmem) ? facts.memTotalKiB : 0, uses(Cell.startTable) ? facts.bootTime : 0, context.cumulative ? 1 : 0, layout.activeCols);
  } catch (error) {
    if (error instanceof CommandFailed) return null;
    throw error;
  }
  const plan: PsLinePlan = { cells, widths, justify, facts: factsRow, tables: columns.map(() => null) };
  return { plan, layout, facts, context, ctx };
}

/** The distinct values of one stat column over the scan's rows, each with the first row that has it. */
function distinct(scan: ProcessScan, value: (row: number) => number): Map<number, number> {
  const seen = new Map<number, number>();
  for (let row = 0; row < scan.count; row++) {
    const key = value(row);
    if (!seen.has(key)) seen.set(key, row);
  }
  return seen;
}

function table(entries: Array<[number, string, number]>): [Float64Array, string[], Int32Array] {
  return [Float64Array.from(entries, (e) => e[0]), entries.map((e) => e[1]), Int32Array.from(entries, (e) => e[2])];
}

/** The tables of the looked-up columns for one scan. */
function tables(printer: LinePrinter, scan: ProcessScan): PsLinePlan['tables'] {
  const { facts, context } = printer;
  const stat = scan.stat;
  return Array.from(printer.plan.cells, (cell, i) => {
    if (cell === Cell.ttyTable) {
      const entries: Array<[number, string, number]> = [];
      for (const [ttyNr, row] of distinct(scan, (r) => stat[r * STAT_WIDTH + STAT.ttyNr] as number)) {
        const name = facts.ttys.name(ttyNr, scan.pids[row] as number);
        // An unnamed terminal is looked for again through each process's descriptors.
        if (name !== '?' || ttyNr === 0) entries.push([ttyNr, name, name.length]);
      }
      return table(entries);
    }
    if (cell === Cell.startTable) {
      const entries: Array<[number, string, number]> = [];
      const minuteOf = (r: number) => Math.floor((facts.bootTime + Math.trunc((stat[r * STAT_WIDTH + STAT.starttime] as number) / facts.hertz)) / 60);
      for (const [minute, row] of distinct(scan, minuteOf)) {
        const start = facts.bootTime + Math.trunc((stat[row * STAT_WIDTH + STAT.starttime] as number) / facts.hertz);
        const text = stimeText(start, context.now);
        entries.push([minute, text, text.length]);
      }
      return table(entries);
    }
    if (cell === Cell.userTable) {
      const status = scan.status as Float64Array;
      const entries: Array<[number, string, number]> = [];
      const cellContext = { ...context, maxRightward: printer.plan.widths[i] as number };
      // A row whose status could not be read has no ids (PsRow's NO_IDS): the addon reads 0.
      const euid = (r: number) => (scan.errors[r * SCAN_ERROR_WIDTH + SCAN_ERROR.status] === 0 ? (status[r * STATUS_WIDTH + STATUS.uid + 1] as number) : 0);
      const uids = distinct(scan, euid);
      for (const uid of uids.keys()) {
        if (!Number.isInteger(uid)) continue;
        const printed = userCell(uid, cellContext);
        entries.push(typeof printed === 'string' ? [uid, printed, printed.length] : [uid, printed.text, printed.cells]);
      }
      return table(entries);
    }
    return null;
  });
}

/** The lines of every process of one scan into `out`, the header first when `header`. */
export function printScan(printer: LinePrinter, scan: ProcessScan, out: ByteBuilder): void {
  const plan = { ...printer.plan, tables: tables(printer, scan) };
  const rows = new Int32Array(scan.count);
  for (let row = 0; row < rows.length; row++) rows[row] = row;
  const { data, fallback, at } = binding().psLines(scan, rows, plan);
  let from = 0;
  const cell = { ...printer.context };
  for (let k = 0; k < fallback.length; k++) {
    const to = at[k] as number;
    out.range({ data, start: from, end: to });
    from = to;
    const index = fallback[k] as number;
    renderLine(out, printer.layout, new PsRow({ ctx: printer.ctx, scan, index }, new ScanStat(scan, index), printer.facts), cell);
  }
  out.range({ data, start: from, end: data.length });
}
