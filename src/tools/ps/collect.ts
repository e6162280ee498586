// Which processes ps shows and in what order: the selection of procps' want_this_proc, the
// sort keys, and the forest (src/ps/select.c and display.c).
import { NoSuchProcess } from '../../core/errors.js';
import { binding } from '../../core/native.js';
import { pids } from '../../core/process/pids.js';
import { Process, threadIds } from '../../core/process/process.js';
import { commandScans, ScanField, ScanStat, type ProcessScan } from '../../core/process/scan.js';
import type { ProcfsContext } from '../../core/procfs.js';
import { byteString } from '../../format/bytes.js';
import type { PsOptions, Selection } from './command.js';
import { formatOf, type PrintContext } from './formats.js';
import { PsRow, type RunFacts } from './row.js';

/** A row to print, with its forest prefix (one character per level: ' ', '|', '+' or 'L'). */
export interface Line {
  readonly row: PsRow;
  readonly forestPrefix: string;
}

/** Who is running ps: the table selections compare processes with these. */
export interface Viewer {
  readonly euid: number;
  readonly tty: number;
}

/** The process (or thread) of a listed pid, read once per file as a row; null when it already exited. */
function opened(pid: number, ctx: ProcfsContext, tid?: number): Process | null {
  try {
    const process = new Process(pid, tid === undefined ? { ctx } : { ctx, tid });
    process.oneshotEnter();
    return process;
  } catch (error) {
    if (error instanceof NoSuchProcess) return null;
    throw error;
  }
}

/** Processes whose pids are listed but that already exited are skipped. */
function statOrNull(process: Process, facts: RunFacts, line: PsRow['line'] = 'single'): PsRow | null {
  try {
    const stat = process.stat();
    // procps 4.0.2 leaves the priority and the processor unset on m's thread lines: they print
    // as 0 there (PRI 39, PSR 0), whatever the thread's stat says.
    return new PsRow(process, line === 'thread' ? { ...stat, priority: 0, processor: 0 } : stat, facts, line);
  } catch (error) {
    if (error instanceof NoSuchProcess) return null;
    throw error;
  }
}

/**
 * The files the rows need besides stat: those of every column and sort key, and status when
 * the selection compares user or group ids (the -a/-d/a/x table checks the effective uid).
 */
function scanFields(options: PsOptions, print: PrintContext): number {
  let fields = ScanField.stat;
  for (const column of options.columns) fields |= column.format?.needs(print) ?? 0;
  for (const key of options.sort) fields |= key.format.needs(print);
  const table = !options.allProcesses && (options.simpleSelect || options.lists.length === 0);
  const byId = options.lists.some((node) => ['ruid', 'euid', 'rgid', 'egid'].includes(node.kind));
  if (table || byId) fields |= ScanField.status;
  return fields;
}

/** Rows of the threads of each process (-L, -T, H, m): read one by one, which is rare enough. */
function threadRows(processes: readonly Process[], options: PsOptions, facts: RunFacts): PsRow[] {
  const rows: PsRow[] = [];
  for (const process of processes) {
    const both = options.threads === 'both';
    if (both) {
      const row = statOrNull(process, facts, 'process');
      if (row) rows.push(row);
    }
    let tids: number[];
    try {
      tids = threadIds(process, 'directory');
    } catch (error) {
      if (error instanceof NoSuchProcess) continue;
      throw error;
    }
    // The group leader is read from the process's own directory, as procps' readeither does, so
    // that its line carries the whole process's times (and reuses what the process line read).
    for (const tid of tids) {
      const thread = tid === process.pid ? process : opened(process.pid, process.ctx, tid);
      const row = thread && statOrNull(thread, facts, both ? 'thread' : 'single');
      if (row) rows.push(row);
    }
  }
  return rows;
}

/**
 * The selected rows, in listing order, a batch at a time: each batch is scanned by the addon
 * while the previous batch is being selected and printed.
 */
export async function* selectedRows(
  ctx: ProcfsContext,
  options: PsOptions,
  facts: RunFacts,
  viewer: Viewer,
  print: PrintContext,
): AsyncGenerator<PsRow[]> {
  const quick = options.lists.find((node) => node.kind === 'quickPid');
  const ids = quick ? (quick.values as number[]) : null;
  if (options.threads !== 'none') {
    const processes = (ids ?? pids({ ctx, order: 'directory' })).flatMap((pid) => opened(pid, ctx) ?? []);
    // With sort keys procps prints through fancy_spew, which reaps tasks only unless H asked for
    // loose threads (display.c): each process once, as the line that stands for it.
    const rows = options.sort.length > 0 && options.threads !== 'loose' ? processes.flatMap((process) => statOrNull(process, facts, options.threads === 'both' ? 'process' : 'single') ?? []) : threadRows(processes, options, facts);
    yield rows.filter((row) => wanted(row, options, viewer));
    return;
  }
  for await (const scan of scans(ctx, options, print)) {
    const rows: PsRow[] = [];
    const at = { ctx, scan, index: 0 };
    for (let index = 0; index < scan.count; index++) {
      at.index = index;
      const row = new PsRow(at, new ScanStat(scan, index), facts);
      if (wanted(row, options, viewer)) rows.push(row);
    }
    yield rows;
  }
}

/**
 * The process scan of the listed processes (or of -q's), a batch at a time; `threads` readers
 * (by default one CPU is left to the JavaScript that works on the previous batch).
 */
export function scans(ctx: ProcfsContext, options: PsOptions, print: PrintContext, threads?: number): AsyncGenerator<ProcessScan> {
  const quick = options.lists.find((node) => node.kind === 'quickPid');
  const ids = quick ? Int32Array.from(quick.values as number[]) : binding().listIds(ctx.proc);
  return commandScans(ctx, scanFields(options, print), ids, BATCH, threads);
}

/** Processes per scan: each batch is printed while the next one is read. */
const BATCH = 512;

function listed(row: PsRow, node: Selection): boolean {
  const values = node.values;
  switch (node.kind) {
    case 'ruid':
      return values.includes(row.uids.real);
    case 'euid':
      return values.includes(row.uids.effective);
    case 'rgid':
      return values.includes(row.gids.real);
    case 'egid':
      return values.includes(row.gids.effective);
    case 'pgrp':
      return values.includes(row.stat.pgrp);
    case 'pid':
    case 'quickPid':
      return values.includes(row.tgid);
    case 'ppid':
      return values.includes(row.stat.ppid);
    case 'tty':
      return values.includes(row.stat.ttyNr >>> 0);
    case 'sess':
      return values.includes(row.stat.session);
    case 'comm': {
      // procps compares the name as its library escaped it on reading, byte for byte (so in the
      // C locale "café" is "caf??" and no argument selects it).
      const comm = byteString(row.comm);
      return values.some((value) => {
        const wanted = String(value);
        // The kernel keeps 15 bytes of a name: a longer wanted name matches its first 15.
        if (comm.length === 15 && wanted.length >= 15) return comm === wanted.slice(0, 15);
        return comm === wanted.slice(0, 63);
      });
    }
  }
}

/** want_this_proc: -e, the -a/-d/a/x table, the lists, then r and -N. */
export function wanted(row: PsRow, options: PsOptions, viewer: Viewer): boolean {
  let accepted = options.allProcesses;
  if (!accepted && (options.simpleSelect || options.lists.length === 0)) {
    const index =
      (row.uids.effective === viewer.euid ? 1 : 0) |
      (row.stat.session === row.tgid ? 2 : 0) |
      (row.stat.ttyNr === 0 ? 4 : 0) |
      (row.stat.ttyNr === viewer.tty ? 8 : 0);
    accepted = (options.selectBits & (1 << index)) !== 0;
  }
  if (!accepted) accepted = options.lists.some((node) => listed(row, node));
  if (options.runningOnly && row.stat.state !== 'R' && row.stat.state !== 'D') accepted = false;
  return options.negate ? !accepted : accepted;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Keys compare as numbers when both print as numbers (procps sorts numeric items numerically). */
function compare(a: number | string, b: number | string): number {
  const x = typeof a === 'string' && NUMBER.test(a) && typeof b === 'string' && NUMBER.test(b) ? Number(a) : a;
  const y = x !== a ? Number(b) : b;
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

/** The sort keys, then the forest, over every selected row. */
export function orderLines(rows: PsRow[], options: PsOptions, print: PrintContext): Line[] {
  const shown = new Set(options.columns.map((column) => column.format));
  const keys = options.sort.filter(({ format }) => {
    const needs = format.sortNeeds;
    return needs === undefined || needs.some((spec) => {
      const needed = formatOf(spec);
      return needed !== undefined && shown.has(needed);
    });
  });
  if (options.forest) {
    // prep_forest_sort: ppid (unless sort keys were given), then start time.
    const startTime = formatOf('start_time');
    const ppid = formatOf('ppid');
    if (keys.length === 0 && ppid) keys.push({ format: ppid, descending: false });
    if (startTime) keys.push({ format: startTime, descending: false });
  }
  if (keys.length > 0) {
    const values = new Map(rows.map((row) => [row, keys.map((key) => key.format.sort(row, print))]));
    rows.sort((a, b) => {
      const va = values.get(a) as Array<number | string>;
      const vb = values.get(b) as Array<number | string>;
      for (let i = 0; i < keys.length; i++) {
        const order = compare(va[i] as number | string, vb[i] as number | string);
        if (order !== 0) return keys[i]?.descending ? -order : order;
      }
      return 0;
    });
  }
  return options.forest ? forest(rows, options.forest) : rows.map((row) => ({ row, forestPrefix: '' }));
}

/** show_forest/show_tree: roots from the last row to the first, children under their parent. */
function forest(rows: PsRow[], type: 'b' | 'g' | 'u'): Line[] {
  const lines: Line[] = [];
  const pidSet = new Set(rows.map((row) => row.tgid));
  const prefix: string[] = [];
  const show = (self: number, level: number, haveSibling: boolean) => {
    if (level) prefix[level - 1] = haveSibling ? '+' : 'L';
    prefix.length = level;
    const parent = rows[self] as PsRow;
    lines.push({ row: parent, forestPrefix: prefix.join('') });
    let i = rows.findIndex((row) => row.stat.ppid === parent.tgid);
    if (i < 0) return;
    if (level) prefix[level - 1] = haveSibling ? '|' : ' ';
    prefix.length = level;
    for (;;) {
      const more = i + 1 < rows.length && (rows[i + 1] as PsRow).stat.ppid === parent.tgid;
      // Children of init stay at init's level, except in -H's plain indentation.
      show(i++, parent.tgid === 1 && type !== 'u' ? level : level + 1, more);
      if (!more) break;
    }
    prefix.length = level;
  };
  for (let i = rows.length - 1; i >= 0; i--) {
    if (!pidSet.has((rows[i] as PsRow).stat.ppid)) show(i, 0, false);
  }
  return lines;
}
