// pt-top: procps-ng 4.0.2's top in batch mode (-b), its default window: the summary and the
// PID USER PR NI VIRT RES SHR S %CPU %MEM TIME+ COMMAND table.
import { CommandFailed } from '../../core/errors.js';
import { pidLength, sysconf } from '../../core/system.js';
import { isTerminal, terminalOn, type TerminalSize } from '../../core/terminal.js';
import { TtyNames } from '../../core/tty.js';
import { userByName } from '../../core/users.js';
import { bytesOf } from '../../format/bytes.js';
import { isUtf8Locale } from '../../format/escape.js';
import { jsonLine } from '../../format/json.js';
import { strftime } from '../../format/time.js';
import { sleepLong, startSleep } from '../../util/sleep.js';
import type { ToolContext } from '../../cli/context.js';
import { FIELD_NAMES, parseTopCommand, USAGE, type FieldName, type TopOptions } from './command.js';
import { TopSampler, type TaskRow } from './collect.js';
import { sortKind, sortValue, strverscmp, type FieldContext } from './fields.js';
import { frameJson } from './json.js';
import { columnOrder, printRows } from './lines.js';
import { columnsFor, cpuPercent, layout, renderSummary, scaleTics, TaskRenderer, type RowContext } from './render.js';

/** procps top's priming wait before the first frame's task sample (top.h's LIB_USLEEP), ms. */
const LIB_USLEEP_MS = 150;

/**
 * adj_geometry's width in batch mode: -w N; a bare -w takes COLUMNS (else 512); otherwise the
 * size of the terminal on stdout when there is one (top asks it after ncurses, so it wins over
 * COLUMNS), else COLUMNS, else 80. Never under 3 (W_MIN_COL) nor over 512 (SCREENMAX).
 */
function screenWidth(options: TopOptions, env: NodeJS.ProcessEnv, terminal: TerminalSize | null): number {
  if (typeof options.width === 'number') return options.width;
  const columns = env.COLUMNS && /^\s*[+-]?(0x[0-9a-f]+|\d+)$/i.test(env.COLUMNS) ? Number(env.COLUMNS) : 0;
  if (options.width === 'env') return columns > 0 && columns <= 0x7fffffff ? Math.max(3, Math.min(columns, 512)) : 512;
  const width = terminal && terminal.columns > 0 && terminal.rows > 0 ? terminal.columns : columns > 0 ? columns : 80;
  return Math.max(3, Math.min(width, 512));
}

/**
 * procps_pids_sort(): qsort_r (glibc's merge sort, so stable) on the field's item, largest first
 * unless ascending; nDRT's PIDS_noop leaves the listing order.
 */
function sortTasks(tasks: readonly TaskRow[], field: FieldName, descending: boolean, c: FieldContext): TaskRow[] {
  const kind = sortKind(field);
  if (kind === 'none') return [...tasks];
  if (kind === 'number') {
    const keys = Float64Array.from(tasks, (task) => sortValue(field, task, c) as number);
    return Array.from(numberOrder(keys, descending), (i) => tasks[i] as TaskRow);
  }
  const index = Uint32Array.from(tasks, (_, i) => i);
  const order = descending ? -1 : 1;
  const keys = tasks.map((task) => String(sortValue(field, task, c)));
  const compare = kind === 'version' ? strverscmp : (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  index.sort((a, b) => compare(keys[a] as string, keys[b] as string) * order || a - b);
  return Array.from(index, (i) => tasks[i] as TaskRow);
}

/** The positions of `keys` in their sorted order, largest first when descending; equal keys keep theirs. */
function numberOrder(keys: Float64Array, descending: boolean): Uint32Array {
  const order = descending ? -1 : 1;
  const index = Uint32Array.from(keys, (_, i) => i);
  return index.sort((a, b) => ((keys[a] as number) < (keys[b] as number) ? -order : (keys[a] as number) > (keys[b] as number) ? order : a - b));
}

function visible(task: TaskRow, options: TopOptions): boolean {
  if (!options.idle && task.pcpu <= 0) return false;
  const filter = options.user;
  if (!filter) return true;
  const hit = filter.kind === 'effective' ? task.euid === filter.uid : task.uids.includes(filter.uid);
  return hit === filter.match;
}

export async function runTop(argv: readonly string[], tool: ToolContext): Promise<void> {
  const command = parseTopCommand(argv, (name) => userByName(name)?.uid ?? null);
  if (command.kind !== 'run') {
    // bye_bye ends what was printed with a newline of its own in batch mode (-b seen before).
    const end = command.batch ? '\n' : '';
    if (command.kind === 'help') return tool.output.write(`${USAGE}${end}`);
    if (command.kind === 'version') return tool.output.write(`top from procps-ng 4.0.2 (ptools ${tool.version})\n${end}`);
    if (command.kind === 'fields') return tool.output.write(`${FIELD_NAMES.map((name) => `${name}\n`).join('')}${end}`);
    // getopt's message, then bye_bye's newline and status 0.
    tool.output.write(end);
    await tool.output.flush();
    throw new CommandFailed(`${command.message}\n`, 0);
  }
  const { options } = command;
  // Without -b top takes over the terminal: it ends with status 1 when TERM names none
  // (ncurses' setupterm), and says so when stdin is no terminal (tcgetattr).
  if (!options.batch) {
    if (!tool.env.TERM) throw new CommandFailed('', 1);
    throw new CommandFailed(isTerminal(0) ? 'top: pt-top has batch mode only: give it -b\n' : 'top: failed tty get\n', 1);
  }
  // The first frame's wait (see runFrames) starts here, before the set-up: it is called off when
  // the run fails first, so that no timer holds back the error.
  const wait = startSleep(LIB_USLEEP_MS);
  try {
    await runFrames(options, tool, wait.done);
  } finally {
    wait.cancel();
  }
}

/** The frames of a run, the first after `waited` settles. */
async function runFrames(options: TopOptions, tool: ToolContext, waited: Promise<void>): Promise<void> {
  const ctx = tool.procfs;
  const utf8 = isUtf8Locale(tool.env);
  const sampler = new TopSampler(ctx, options, '/var/run/utmp', utf8);
  const hz = sysconf().clockTicks;
  const ttys = new TtyNames(ctx);
  // calibrate_fields: pid columns as wide as procps_pid_length, at least 5, at most 10.
  const digits = pidLength(ctx);
  if (digits > 10) throw new CommandFailed('top: failed pid maximum size test\n', 1);
  const width = screenWidth(options, tool.env, terminalOn(1));
  const { shown, varWidth, header } = layout(columnsFor(digits > 5 ? digits : 5), width);
  for (let frameNo = 0; frameNo < options.iterations; frameNo++) {
    // -d takes up to INT_MAX seconds, past what one timer waits.
    if (frameNo > 0) await sleepLong(options.delay * 1000);
    if (frameNo === 0) {
      // The first frame primes the task history, waits LIB_USLEEP (150 ms, top.h; strace shows
      // top's clock_nanosleep of 0.15 s) and shows a second task sample; its CPU states come from
      // just before the wait. The wait runs from before the set-up and the priming sample (%CPU
      // divides by the uptime that actually passed, so the shown figures keep their meaning).
      sampler.primeTasks();
      sampler.refreshSummary();
      await waited;
    }
    // frame_make's order: tasks_refresh, then cpus_refresh and memory_refresh (in frame(), for
    // every frame after the first).
    const refreshed = sampler.refreshTasks();
    const frame = sampler.frame(refreshed);
    const clock = new Date();
    const percents = frame.summary === null ? null : { cpuMax: frame.summary.cpuMax, memTotal: frame.summary.memTotal };
    const c: RowContext = { etScale: frame.etScale, percents, taskScale: options.taskScale, hz, utf8 };
    const fieldContext: FieldContext = {
      proc: ctx.proc,
      sys: ctx.sys,
      hz,
      pageKib: sysconf().pageSize / 1024,
      bootTicks: refreshed.bootTicks,
      statusRead: sampler.statusRead,
      utf8,
      ttys,
      faultsBefore: sampler.faultsBefore,
    };
    // The rows in their order straight from the columns when those decide it, else each task as an
    // object (also for a restricted top's "?" cells, which the addon does not print).
    const columns = options.json || percents === null ? null : refreshed.columns;
    const rows = columns ? columnOrder(columns, options, (keys) => numberOrder(keys, options.descending)) : null;
    const tasks = rows ? [] : sortTasks(refreshed.tasks(), options.sortField, options.descending, fieldContext).filter((t) => visible(t, options));
    if (options.json) {
      const time = strftime('%H:%M:%S', clock.getTime() / 1000);
      const scaled = frame.summary?.memory.map((kib) => Math.round((kib / 1024 ** options.summaryScale) * 10) / 10) ?? null;
      tool.output.write(
        jsonLine(
          frameJson(
            { ...frame, tasks },
            {
              time,
              memory: scaled,
              percentCpu: (t) => (percents === null ? null : cpuPercent(t, c.etScale, percents.cpuMax)),
              percentMem: (t) => (percents === null ? null : (t.res * 100) / percents.memTotal),
              time100: (t) => scaleTics(t.tics, hz, 9),
            },
            options,
          ),
        ),
      );
    } else {
      const summary = renderSummary(frame, clock, { scale: options.summaryScale, columns: width, threads: options.threads, perCpu: options.perCpu });
      const head = `${frameNo > 0 ? '\n\n' : ''}${summary}\n${header.replace(/ +$/, '')}`;
      const renderer = new TaskRenderer(shown, varWidth, c);
      if (columns && rows && percents) {
        tool.output.write(bytesOf(head));
        const view = { shown, varWidth, c, percents, pageKib: fieldContext.pageKib, cmdline: options.cmdline, userOf: (uid: number) => sampler.userOf(uid) };
        printRows(columns, rows, view, renderer, (bytes) => tool.output.write(bytes));
      } else {
        // One line each, joined once: no growing string of the whole table.
        tool.output.write(bytesOf([head, ...tasks.map((task) => renderer.row(task))].join('\n')));
      }
    }
    await tool.output.flush();
    if (tool.output.closed) return;
  }
  if (!options.json) tool.output.write('\n');
}
