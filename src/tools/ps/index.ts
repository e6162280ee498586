// pt-ps: procps-ng 4.0.2's ps over /proc.
import { join } from 'node:path';
import { CommandFailed } from '../../core/errors.js';
import { procpsMeminfo } from '../../core/memory.js';
import { parseStat } from '../../core/process/parsers.js';
import { systemdCgroups, type SystemdCgroups } from '../../core/process/login.js';
import { readBytes, readText, type ProcfsContext } from '../../core/procfs.js';
import { terminalOn } from '../../core/terminal.js';
import { pidLength, sysconf, uptime } from '../../core/system.js';
import { TtyNames } from '../../core/tty.js';
import type { ToolContext } from '../../cli/context.js';
import { ByteBuilder } from '../../format/bytes.js';
import { isUtf8Locale } from '../../format/escape.js';
import { jsonLine } from '../../format/json.js';
import { writeStderr } from '../../format/writer.js';
import { strtoul } from '../../util/number.js';
import { OUTBUF_SIZE, parsePsCommand, type PsOptions } from './command.js';
import { orderLines, scans, selectedRows, type Line } from './collect.js';
import { allFormats, DivisionByZero, printsSomething, type PrintContext } from './formats.js';
import { helpText } from './help.js';
import { linePrinter, printScan } from './lines.js';
import { psJson } from './json.js';
import { lineLayout, renderLine, type LineLayout } from './render.js';
import type { PsRow, RunFacts } from './row.js';

let ownTtyNr: number | undefined;

/**
 * The tty of ps itself, from its own stat in the live /proc whatever tree it lists (0 without a
 * terminal). Read when first asked: only T, a bare t and the table selections (ps without -e,
 * a or x) need it.
 */
function ownTty(): number {
  if (ownTtyNr === undefined) {
    try {
      ownTtyNr = parseStat(readBytes(`/proc/${process.pid}/stat`)).ttyNr;
    } catch {
      ownTtyNr = 0;
    }
  }
  return ownTtyNr;
}

/**
 * boot_time() of ps/output.c: /proc/stat's btime as procps' library scans it (strstr of
 * "btime ", then %llu, strtoul's number), kept in an unsigned int; 0 without one. The library
 * fails on a file whose first line is no cpu line of four counters.
 */
function procpsBootTime(ctx: ProcfsContext): number {
  let text = '';
  try {
    text = readText(join(ctx.proc, 'stat'));
  } catch {
    // as a file that does not scan
  }
  if (!/^cpu(?:[ \t\n\v\f\r]*[+-]?\d+(?!\d)){4}/.test(text)) throw new CommandFailed('ps: Unable to get system boot time\n', 1);
  const at = text.indexOf('btime ');
  if (at < 0) return 0;
  const [value, used] = strtoul(text.slice(at + 'btime'.length), 10);
  return used === 0 ? 0 : Number(value & 0xffffffffn);
}

/** memory_total() of ps/output.c: MemTotal, or ps's failure when the library cannot read meminfo (an empty file). */
function procpsMemoryTotal(ctx: ProcfsContext): number {
  let text = '';
  try {
    text = readText(join(ctx.proc, 'meminfo'));
  } catch {
    // as an empty file
  }
  if (text === '') throw new CommandFailed('ps: Unable to get total memory\n', 1);
  // The library's unsigned long: a negative figure is one beyond any RSS.
  return Number(procpsMeminfo(text).field('MemTotal'));
}

function facts(tool: ToolContext): RunFacts {
  const { clockTicks, pageSize } = sysconf();
  let boot: number | undefined;
  let memTotal: number | undefined;
  let cgroups: SystemdCgroups | null | undefined;
  return {
    hertz: clockTicks,
    // Read when a column first needs them, as procps reads them (and fails only then).
    get bootTime() {
      return (boot ??= procpsBootTime(tool.procfs));
    },
    bootTicks: Math.trunc(uptime(tool.procfs).uptime * clockTicks),
    get memTotalKiB() {
      return (memTotal ??= procpsMemoryTotal(tool.procfs));
    },
    pageSize,
    utf8: isUtf8Locale(tool.env),
    ttys: new TtyNames(tool.procfs),
    sys: tool.procfs.sys,
    get systemdCgroups() {
      if (cgroups === undefined) cgroups = systemdCgroups(tool.procfs);
      return cgroups;
    },
  };
}

function printContext(options: PsOptions, run: RunFacts, wideSignals: boolean): PrintContext {
  return {
    maxRightward: 0,
    cumulative: options.cumulative,
    unixF: options.unixF,
    bsdE: options.bsdE,
    bsdC: options.bsdC,
    userIsNumber: options.userIsNumber,
    wideSignals,
    forestPrefix: '',
    forestType: options.forest,
    now: Math.floor(Date.now() / 1000),
    utf8: run.utf8,
    // Set for each row as it is printed (printLines); JSON has no header to count from.
    linesToNextHeader: -1,
  };
}

/** No header with --no-headers, or when every column's header is empty (`-o pid=`). */
function hasHeader(options: PsOptions): boolean {
  return options.header !== 'none' && options.columns.some((column) => column.name !== '');
}

/**
 * Writes rows; `already` rows were written before. The header comes before the first row, and
 * with --headers again every screen.
 */
/**
 * Rows between two headers: show_one_proc counts lines_to_next_header down to 0 from header_gap
 * (screen rows - 1 with --headers); a gap below 1 is passed over, and the header comes only first.
 */
function headerGap(options: PsOptions): number {
  return options.header === 'multi' && options.screenRows > 1 ? options.screenRows - 1 : Number.POSITIVE_INFINITY;
}

/**
 * procps' lines_to_next_header as it prints the row after `index` others: from 1 (-1 without a
 * header) one less each row, and back to header_gap at each header.
 */
function linesToNextHeader(options: PsOptions, index: number): number {
  if (!hasHeader(options)) return -2 - index;
  if (options.header !== 'multi') return -1 - index;
  const gap = options.screenRows - 1;
  return gap >= 1 ? gap - (index % gap) : gap - index;
}

function printLines(tool: ToolContext, options: PsOptions, layout: LineLayout, context: PrintContext, lines: readonly Line[], already: number): void {
  const out = lineBuffer;
  const cell = { ...context };
  const showHeader = hasHeader(options);
  const gap = headerGap(options);
  lines.forEach(({ row, forestPrefix }, i) => {
    const index = already + i;
    if (showHeader && (index === 0 || index % gap === 0)) renderLine(out, layout, null, cell);
    cell.linesToNextHeader = linesToNextHeader(options, index);
    renderLine(out, layout, row, cell, forestPrefix);
    if (out.length > 1 << 16) tool.output.write(out.take());
  });
  tool.output.write(out.take());
}

/** Where lines are assembled before they are written. */
const lineBuffer = new ByteBuilder();

/** `ps L`: every keyword that prints something, with its header (print_format_specifiers). */
function formatList(): string {
  return allFormats()
    .filter((format) => printsSomething(format))
    .map((format) => `${format.keyword.slice(0, 12).padEnd(12)} ${format.head.slice(0, 8).padEnd(8)}\n`)
    .join('');
}

export async function runPs(argv: readonly string[], tool: ToolContext): Promise<void> {
  // procps asks stdout's window, then stderr's (set_screen_size).
  const stdout = terminalOn(1);
  const window = stdout ?? terminalOn(2);
  const command = parsePsCommand(argv, {
    pidDigits: pidLength(tool.procfs),
    stdoutIsTty: stdout !== null,
    terminalColumns: window?.columns,
    terminalRows: window?.rows,
    env: tool.env,
    get ownTty() {
      return ownTty();
    },
  });
  switch (command.kind) {
    case 'help':
      return tool.output.write(helpText(command.section));
    case 'version':
      return tool.output.write(`ps from procps-ng 4.0.2 (ptools ${tool.version})\n`);
    case 'list-formats':
      return tool.output.write(formatList());
  }
  const { options } = command;
  const run = facts(tool);
  const layout = lineLayout(options.columns, options.screenCols, options.userIsNumber, options.wchanIsNumber);
  const context = printContext(options, run, layout.wideSignals);
  const viewer = {
    euid: process.geteuid?.() ?? 0,
    get tty() {
      return ownTty();
    },
  };
  try {
    await printListing(tool, options, { layout, run, context, viewer });
  } catch (error) {
    // A figure ps cannot read (the boot time, total memory) ends it in the middle of a line,
    // after what it printed.
    tool.output.write(lineBuffer.take());
    if (error instanceof DivisionByZero) await dieOfSigfpe(tool);
    throw error;
  }
}

/**
 * procps' signal_handler for the SIGFPE of a division by zero: its message, then error_at_line
 * (which flushes stdout first) asking for a bug report, then the signal again with its default
 * action, which ends the process; where that does nothing (the init of a pid namespace ignores
 * it), _exit(EXIT_FAILURE).
 */
async function dieOfSigfpe(tool: ToolContext): Promise<void> {
  writeStderr('Signal 8 (FPE) caught by ps (4.0.2).\n');
  await tool.output.flush();
  writeStderr('ps:src/ps/display.c:71: please report this bug\n');
  process.kill(process.pid, 'SIGFPE');
  process.exit(1);
}

/** The lines of the listing, or its JSON; an empty selection prints the header only and fails. */
async function printListing(
  tool: ToolContext,
  options: PsOptions,
  { layout, run, context, viewer }: { layout: LineLayout; run: RunFacts; context: PrintContext; viewer: { euid: number; readonly tty: number } },
): Promise<void> {
  const printer = linePrinter(tool.procfs, options, layout, run, context);
  let shown = 0;
  if (printer) {
    // Every process, in listing order: the addon prints each batch's lines, which leaves
    // JavaScript little to do while the next batch is read, so every CPU reads.
    for await (const scan of scans(tool.procfs, options, context, sysconf().onlineCpus)) {
      if (shown === 0 && scan.count > 0 && hasHeader(options)) renderLine(lineBuffer, layout, null, { ...context });
      printScan(printer, scan, lineBuffer);
      shown += scan.count;
      tool.output.write(lineBuffer.take());
      if (tool.output.closed) break;
    }
  } else if (options.json || options.sort.length > 0 || options.forest) {
    // Sorting, trees and JSON need every row first.
    const rows: PsRow[] = [];
    for await (const batch of selectedRows(tool.procfs, options, run, viewer, context)) rows.push(...batch);
    const lines = orderLines(rows, options, context);
    shown = lines.length;
    if (options.json) tool.output.write(jsonLine(psJson(options.columns, lines, context)));
    else printLines(tool, options, layout, context, lines, 0);
  } else {
    // Otherwise each batch is printed while the next one is read.
    for await (const batch of selectedRows(tool.procfs, options, run, viewer, context)) {
      printLines(tool, options, layout, context, batch.map((row) => ({ row, forestPrefix: '' })), shown);
      shown += batch.length;
      if (tool.output.closed) break;
    }
  }
  // An empty selection prints the header only and fails, as ps does.
  if (shown === 0) {
    if (!options.json && hasHeader(options)) {
      renderLine(lineBuffer, layout, null, { ...context });
      tool.output.write(lineBuffer.take());
    }
    process.exitCode = 1;
  }
  // show_one_proc complains of a line wider than its buffer each time it prints one (--cols
  // beyond 131072), the headers included.
  if (layout.activeCols > OUTBUF_SIZE && !options.json) {
    const headers = !hasHeader(options) ? 0 : shown === 0 ? 1 : Math.ceil(shown / Math.min(headerGap(options), shown));
    writeStderr('fix bigness error\n'.repeat(shown + headers));
  }
}
