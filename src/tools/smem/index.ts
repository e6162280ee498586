// pt-smem: smem 1.5's reports of USS, PSS, RSS and swap per process, user, mapping or system area.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandFailed, errnoCode } from '../../core/errors.js';
import { readText } from '../../core/procfs.js';
import { isTerminal, terminalOn } from '../../core/terminal.js';
import { jsonLine } from '../../format/json.js';
import { pyNumber, pyStr } from '../../format/python.js';
import type { ToolContext } from '../../cli/context.js';
import { writeStderr } from '../../format/writer.js';
import { chartRows, pieSlices, svgBars, svgPie, terminalBars } from './chart.js';
import { parseSmemCommand, USAGE, type SmemOptions } from './command.js';
import { collectSmem, meminfoValue, smemMeminfo, sumsEverySmaps, totalMemory, type AnyTable } from './collect.js';
import { smemJson } from './json.js';
import { chosenColumns, columnTotals, renderTable, sortTable, unknownColumns, unknownFieldsText, type SortedTable } from './render.js';
import { openSource } from './source.js';

/** smem asks `stty size` about its standard input and falls back to 80 columns. */
function terminalColumns(): number {
  // isatty(0) rather than process.stdin.isTTY, which builds a stream for stdin.
  if (!isTerminal(0)) return 80;
  return (terminalOn(1) ?? terminalOn(2))?.columns || 80;
}

const LABEL_COLUMNS = ['command', 'name', 'map', 'user', 'area', 'pid'];

function chart(table: AnyTable, sorted: SortedTable, options: SmemOptions, sort: string, memory: number, tool: ToolContext): void {
  const field = (options.pie ?? options.bar) as string;
  const labelColumn = LABEL_COLUMNS.find((column) => sorted.columns.includes(column));
  const labelIndex = labelColumn === undefined ? -1 : sorted.columns.indexOf(labelColumn);
  const valueIndex = sorted.columns.lastIndexOf(field);
  const rows = chartRows(
    sorted.keys,
    sorted.rows.map((row) => (labelIndex < 0 ? '' : pyStr(row[labelIndex] ?? ''))),
    options.pie ? sorted.keys : sorted.rows.map((row) => row[valueIndex] ?? 0),
  );
  const title = options.pie ? `${options.pie} by ${sort}` : `${table.fields[field]?.title ?? field} (kB)`;
  const data = options.pie ? pieSlices({ title, ...rows }, memory) : { title, ...rows };
  const terminal = options.output ? null : terminalOn(1);
  if (terminal) {
    tool.output.write(terminalBars(data, terminal.columns || 80));
    return;
  }
  const svg = options.pie ? svgPie(data) : svgBars(data);
  if (!options.output) {
    tool.output.write(svg);
    return;
  }
  try {
    writeFileSync(options.output, svg);
  } catch (error) {
    throw new CommandFailed(`smem: cannot write ${options.output}: ${errnoCode(error) ?? String(error)}\n`, 1, { cause: error });
  }
}

function report(options: SmemOptions, tool: ToolContext): void {
  const source = openSource(options.source, tool.procfs, sumsEverySmaps(options));
  let meminfo: Map<string, number> | undefined;
  const memoryInfo = () => (meminfo ??= smemMeminfo(source));
  const { table, pssMissing } = collectSmem(source, options, memoryInfo, writeStderr);
  if (pssMissing) writeStderr('warning: kernel does not appear to support PSS measurement\n');
  const sort = options.sort || (pssMissing ? 'rss' : table.defaultSort);
  const fail = (text: string) => {
    tool.output.write(text);
    process.exitCode = 255;
  };
  if (!(sort in table.fields)) return fail(unknownFieldsText(table, sort));
  const columns = chosenColumns(table, options);
  const totals = { memory: totalMemory(options, memoryInfo), swap: meminfoValue(memoryInfo(), 'swaptotal') };
  const unknown = unknownColumns(table, columns);
  if (unknown.length > 0) return fail(unknownFieldsText(table, unknown));
  const sorted = sortTable(table, columns, sort, options.reverse);
  if (options.pie || options.bar) return chart(table, sorted, options, sort, pyNumber(totals.memory), tool);
  if (options.json) return tool.output.write(jsonLine(smemJson(sorted, options.totals ? columnTotals(table, columns) : null)));
  tool.output.write(renderTable(table, sorted, options, totals, terminalColumns));
}

/** Below this many tasks the table is small enough that V8's defaults cost nothing. */
const MANY_TASKS = 1000;

/**
 * Whether the machine runs more than MANY_TASKS tasks (processes and threads), from the total
 * that /proc/loadavg's fourth field ends with (fs/proc/loadavg.c: nr_running/nr_threads).
 */
function manyTasks(proc: string): boolean {
  try {
    const total = /^\S+ \S+ \S+ \d+\/(\d+) /.exec(readText(join(proc, 'loadavg')))?.[1];
    return total === undefined || Number(total) > MANY_TASKS;
  } catch {
    return true;
  }
}

export async function runSmem(argv: readonly string[], tool: ToolContext): Promise<void> {
  const command = parseSmemCommand(argv);
  if (command.kind === 'help') return tool.output.write(USAGE);
  // The table of thousands of processes is built in many short-lived strings and arrays: left
  // to itself, V8 doubles its young generation up to 16 MiB and keeps it. Kept at its starting
  // size, it is scavenged more often (a few ms). And the optimising compiler, for code that runs
  // one pass over the table, costs more than it saves: its working memory was 8 MiB of the peak
  // RSS at 5,000 processes, its CPU time more than the baseline code loses (measured: 54 MiB and
  // 1,060 ms of CPU without it, 62 MiB and 1,210 ms with it). On a machine with few processes
  // nothing of that shows, while loading node:v8 to say it costs about 4 ms of start-up.
  const v8 = manyTasks(tool.procfs.proc) ? process.getBuiltinModule('node:v8') : null;
  v8?.setFlagsFromString('--semi-space-growth-factor=1');
  v8?.setFlagsFromString('--no-opt');
  try {
    report(command.options, tool);
  } catch (error) {
    // smem ends quietly, with status 0, on any failure to read its source (a -S path that is
    // neither a tarball nor a directory holding proc/, a missing meminfo).
    if (errnoCode(error) === undefined) throw error;
  } finally {
    // V8's defaults again: a code cache made after a run (the build's) carries a hash of the
    // flags, and a cache made under other flags is rejected by every later start.
    v8?.setFlagsFromString('--semi-space-growth-factor=2');
    v8?.setFlagsFromString('--opt');
  }
}
