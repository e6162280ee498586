// top -b's text, as procps-ng 4.0.2 prints a frame in batch mode: the summary lines cut to the
// screen width with their trailing blanks kept, a blank line, the column header, then one row per
// task with trailing blanks removed. Fixed columns are followed by one blank; a value too wide for
// its column ends in '+', and COMMAND gets whatever width the screen has left.
import { cellWidth, sequenceLength } from '../../format/escape.js';
import { printfFixed } from '../../format/number.js';
import { pad2 } from '../../format/time.js';
import { uptimeLine } from '../../format/uptime.js';
import type { ShownField } from './command.js';
import type { CpuStates, Frame, TaskRow } from './collect.js';

const f32 = Math.fround;

/** "%#.1f" of a C float. */
const fixed1 = (value: number) => printfFixed(f32(value), 1);

/** sum_tics' prefix: "%Cpu(s):" for the whole machine, else "%Cp%c%-3d:" with 'u' (core types unset). */
function cpuLabel(cpu: CpuStates): string {
  return cpu.number === null ? '%Cpu(s):' : `%Cpu${String(cpu.number).padEnd(3)}:`;
}

function cpuLine(cpu: CpuStates, steal: boolean): string {
  const n = (v: number) => fixed1(v).padStart(5);
  const label = cpuLabel(cpu);
  if (!steal) return `${label} ${n(cpu.us)} us, ${n(cpu.sy)} sy, ${n(cpu.ni)} ni, ${n(cpu.id)} id, ${n(cpu.wa)} wa, ${n(cpu.hi)} hi, ${n(cpu.si)} si `;
  return `${label}${n(cpu.us)} us,${n(cpu.sy)} sy,${n(cpu.ni)} ni,${n(cpu.id)} id,${n(cpu.wa)} wa,${n(cpu.hi)} hi,${n(cpu.si)} si,${n(cpu.st)} st `;
}

const SUMMARY_UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** do_memory's prT: "%.0f " or "%#.1f " in 9 bytes at most, the 9th a '+' when it was longer. */
function memCell(kib: number, scale: number): string {
  const value = f32(f32(kib) / f32(1024 ** scale));
  const text = scale === 0 ? `${printfFixed(value, 0)} ` : `${printfFixed(value, 1)} `;
  const cell = text.length > 9 ? `${text.slice(0, 8)}+` : text;
  return cell.padStart(9);
}

function memoryLines(memory: readonly number[], scale: number): [string, string] {
  const [total = 0, free = 0, used = 0, cache = 0, swapTotal = 0, swapFree = 0, swapUsed = 0, avail = 0] = memory.map((v) => memCell(v, scale));
  const unit = SUMMARY_UNITS[scale] ?? 'MiB';
  return [
    `${unit} Mem : ${total}total, ${free}free, ${used}used, ${cache}buff/cache     `,
    `${unit} Swap: ${swapTotal}total, ${swapFree}free, ${swapUsed}used. ${avail}avail Mem `,
  ];
}

/** Two abreast, as sum_see joins them: Adjoin_sp's " ~6 ~1" shows as two blanks. */
const ADJOIN = '  ';

/** Pairs of lines joined two abreast, the last left alone when the count is odd. */
function twoAbreast(lines: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < lines.length; i += 2) joined.push(i + 1 < lines.length ? `${lines[i]}${ADJOIN}${lines[i + 1]}` : (lines[i] as string));
  return joined;
}

export interface SummaryStyle {
  /** The memory unit of -E (0 KiB ... 5 EiB). */
  readonly scale: number;
  readonly columns: number;
  /** -H: the second line counts threads. */
  readonly threads: boolean;
  /** -1: a line per CPU in place of %Cpu(s). */
  readonly perCpu: boolean;
}

/**
 * The summary, each line cut to the screen width as show_special cuts it. With -1 the default
 * window keeps its rc double_up of 1 (wins_stage_2 clears it only while %Cpu(s) is shown): the
 * CPUs then go two to a line, and so do the Mem and Swap lines.
 */
export function renderSummary(frame: Frame, clock: Date, style: SummaryStyle): string {
  const c = frame.counts;
  const word = style.threads ? 'Threads' : 'Tasks';
  const counts = `${word}: ${String(c.total).padStart(3)} total, ${String(c.running).padStart(3)} running, ${String(c.sleeping).padStart(3)} sleeping, ${String(c.stopped).padStart(3)} stopped, ${String(c.zombie).padStart(3)} zombie`;
  // Restricted (summary_show under Restrict_some): the task counts alone.
  if (frame.summary === null) return `${counts.slice(0, style.columns)}\n`;
  const { eachCpu, cpu, memory } = frame.summary;
  const cpus = style.perCpu ? twoAbreast(eachCpu.map((each) => cpuLine(each, frame.steal))) : [cpuLine(cpu, frame.steal)];
  const memoryText = memoryLines(memory, style.scale);
  const lines = [
    // top's first line is uptime's, after "top -" (procps_uptime_sprint in both; empty when /proc/uptime does not scan).
    `top -${frame.uptimeSeconds === null ? '' : uptimeLine(clock, frame.uptimeSeconds, frame.users, [frame.load.one, frame.load.five, frame.load.fifteen])}`,
    counts,
    ...cpus,
    ...(style.perCpu ? twoAbreast(memoryText) : memoryText),
  ];
  return lines.map((line) => `${line.slice(0, style.columns)}\n`).join('');
}

interface Column {
  readonly field: ShownField;
  readonly width: number;
  readonly right: boolean;
}

/** The default window's columns; PID is as wide as pid_max has digits (at least 5). */
export function columnsFor(pidWidth: number): Column[] {
  return [
    { field: 'PID', width: pidWidth, right: true },
    { field: 'USER', width: 8, right: false },
    { field: 'PR', width: 3, right: true },
    { field: 'NI', width: 3, right: true },
    { field: 'VIRT', width: 7, right: true },
    { field: 'RES', width: 6, right: true },
    { field: 'SHR', width: 6, right: true },
    { field: 'S', width: 1, right: false },
    { field: '%CPU', width: 5, right: true },
    { field: '%MEM', width: 5, right: true },
    { field: 'TIME+', width: 9, right: true },
    { field: 'COMMAND', width: -1, right: false },
  ];
}

/** calibrate_fields(): the columns that fit the screen, and the width left for COMMAND. */
export function layout(columns: Column[], screen: number): { shown: Column[]; varWidth: number; header: string } {
  const shown: Column[] = [];
  let used = 0;
  let varWidth = 0;
  let variable = 0;
  for (const column of columns) {
    const len = (column.width < 0 ? column.field.length : column.width) + 1;
    if (screen < used + len) break;
    if (column.width < 0) {
      variable++;
      varWidth += column.field.length;
    }
    used += len;
    shown.push(column);
  }
  varWidth += screen - used;
  if (variable) varWidth = Math.trunc(varWidth / variable);
  const header = shown.map((column) => justify(column.field, column.width < 0 ? varWidth : column.width, column.right)).join('');
  return { shown, varWidth, header };
}

/** justify_pad: "%*.*s " (or left-justified) over bytes, i.e. padded and cut to the width, then a blank. */
function justify(text: string, width: number, right: boolean): string {
  const cut = text.slice(0, Math.max(width, 0));
  return `${right ? cut.padStart(width) : cut.padEnd(width)} `;
}

/** make_str/make_num: too long a value is cut to width - 1 and ends in '+'. */
function fit(text: string, width: number, right: boolean): string {
  return justify(text.length > width ? `${text.slice(0, width - 1)}+` : text, width, right);
}

/**
 * utf8_cols: the columns of one sequence. top asks mbtowc and wcwidth, which in a locale that is
 * not UTF-8 fail, leaving a wide character of 0 whose width is 0.
 */
function sequenceColumns(text: string, at: number, length: number, utf8: boolean): number {
  if (length === 1) return 1;
  if (!utf8) return 0;
  const decoded = Buffer.from(text.slice(at, at + length), 'latin1').toString('utf8');
  return cellWidth(decoded.codePointAt(0) ?? 0);
}

/** utf8_delta: bytes less columns (0 at the first byte that cannot begin a sequence). */
function utf8Delta(text: string, utf8: boolean): number {
  let columns = 0;
  let at = 0;
  while (at < text.length) {
    const length = sequenceLength(text.charCodeAt(at));
    if (length < 0) return 0;
    columns += sequenceColumns(text, at, length, utf8);
    at += length;
  }
  return text.length - columns;
}

/** utf8_embody: how many bytes hold at most `width` columns. */
function utf8Embody(text: string, width: number, utf8: boolean): number {
  let columns = 0;
  let at = 0;
  if (width > 0) {
    while (at < text.length) {
      const length = sequenceLength(text.charCodeAt(at));
      if (length < 0) return width;
      columns += sequenceColumns(text, at, length, utf8);
      if (width < columns) break;
      at += length;
    }
  }
  return at;
}

/** make_str_utf8: like fit(), counting columns rather than bytes. */
export function fitUtf8(text: string, width: number, right: boolean, utf8: boolean): string {
  const delta = utf8Delta(text, utf8);
  if (width + delta >= text.length) return justify(text, width + delta, right);
  const cut = `${text.slice(0, utf8Embody(text, width - 1, utf8))}+`;
  return justify(cut, width + utf8Delta(cut, utf8), right);
}

const SUFFIXES = 'kmgtpe';

/** scale_mem: KiB shown in the smallest unit from `target` up that fits the width. */
export function scaleMem(target: number, kib: number, width: number): string {
  let num = f32(kib);
  for (let i = 0; i < 5; i++) {
    if (i >= target) {
      const text = i === 0 ? printfFixed(num, 0) : `${printfFixed(num, 1)}${SUFFIXES[i]}`;
      if (text.length <= width) return text;
    }
    num = f32(num / 1024);
  }
  return '?';
}

/** scale_pcnt: "%#.1f", else "%*.0f", else '?'. */
export function scalePercent(value: number, width: number): string {
  const one = fixed1(value);
  if (one.length <= width) return one;
  const whole = printfFixed(f32(value), 0).padStart(width);
  return whole.length <= width ? whole : '?';
}

/** scale_tics for TIME+: minutes:seconds.hundredths, then coarser forms until one fits. */
export function scaleTics(tics: number, hz: number, width: number): string {
  const nt = Math.floor((tics * 100) / hz);
  const cent = nt % 100;
  const secs = Math.floor(nt / 100);
  const mins = Math.floor(secs / 60);
  const hour = Math.floor(mins / 60);
  const days = Math.floor(hour / 24);
  const week = Math.floor(days / 7);
  // Each form is built only when the finer ones did not fit.
  if (mins < 361) {
    const t = `${mins}:${pad2(secs % 60)}.${pad2(cent)}`;
    if (t.length <= width) return t;
    const u = `${mins}:${pad2(secs % 60)}`;
    if (u.length <= width) return u;
  }
  if (hour < 97) {
    const t = `${hour},${pad2(mins % 60)}`;
    if (t.length <= width) return t;
  }
  if (days < 15) {
    const t = `${days}d+${hour % 24}h`;
    if (t.length <= width) return t;
    const u = `${days}d`;
    if (u.length <= width) return u;
  }
  const t = `${week}w+${days % 7}d`;
  if (t.length <= width) return t;
  const u = `${week}w`;
  return u.length <= width ? u : '?';
}

export interface RowContext {
  readonly etScale: number;
  /** Cpu_pmax and the total memory; null when top runs restricted and %CPU and %MEM print "?". */
  readonly percents: { readonly cpuMax: number; readonly memTotal: number } | null;
  readonly taskScale: number;
  readonly hz: number;
  /** The locale is UTF-8 (multi-byte characters then take their display width). */
  readonly utf8: boolean;
}

/** Printable ASCII only: a byte is a column, and the UTF-8 reckoning can be skipped. */
const ASCII = /^[\x20-\x7e]*$/;

/**
 * task_show() for one frame: one row per task, trailing blanks removed as batch mode's PUFF
 * removes them. Cells that repeat from task to task (user, priority, nice, state, an idle %CPU)
 * are made once per frame.
 */
export class TaskRenderer {
  /** Each shown column's cell of a task, made once per column rather than chosen per cell. */
  private readonly cells: ReadonlyArray<(task: TaskRow) => string>;

  constructor(
    shown: readonly Column[],
    private readonly varWidth: number,
    private readonly c: RowContext,
  ) {
    this.cells = shown.map((column) => this.cellOf(column.field, column.width));
  }

  /** scale_mem's cell; a whole KiB count below 2^24 (exact in a C float) that fits is itself. */
  private memory(kib: number, w: number): string {
    if (this.c.taskScale === 0 && kib < 16777216 && Number.isInteger(kib)) {
      const text = String(kib);
      if (text.length <= w) return `${text.padStart(w)} `;
    }
    return justify(scaleMem(this.c.taskScale, kib, w), w, true);
  }

  /** How a column's cell is made; the cells many tasks share (users, states, times...) once each. */
  private cellOf(field: string, w: number): (task: TaskRow) => string {
    const c = this.c;
    switch (field) {
      case 'PID':
        return (task) => fit(String(task.pid), w, true);
      case 'USER':
        return sharedCells((task) => task.user, (task) => fitUtf8(task.user, w, false, c.utf8));
      case 'PR':
        return sharedCells((task) => task.priority, (task) => (task.priority < -99 || task.priority > 999 ? fit('rt', w, true) : fit(String(task.priority), w, true)));
      case 'NI':
        return sharedCells((task) => task.nice, (task) => fit(String(task.nice), w, true));
      case 'VIRT':
        return (task) => this.memory(task.virt, w);
      case 'RES':
        return (task) => this.memory(task.res, w);
      case 'SHR':
        return (task) => this.memory(task.shr, w);
      case 'S':
        return sharedCells((task) => task.state, (task) => justify(task.state, w, false));
      case '%CPU': {
        const percents = c.percents;
        if (percents === null) return unknownPercent(w);
        // No ticks: 0, or a NaN when the uptime did not scan (0 times NaN), printed as top prints it.
        const idle = justify(scalePercent(f32(0 * c.etScale), w), w, true);
        return (task) => (task.pcpu === 0 ? idle : justify(scalePercent(cpuPercent(task, c.etScale, percents.cpuMax), w), w, true));
      }
      case '%MEM': {
        const percents = c.percents;
        if (percents === null) return unknownPercent(w);
        return sharedCells((task) => task.res, (task) => justify(scalePercent(memPercent(task, percents.memTotal), w), w, true));
      }
      case 'TIME+':
        return sharedCells((task) => task.tics, (task) => justify(scaleTics(task.tics, c.hz, w), w, true));
      case 'COMMAND':
        return (task) => (ASCII.test(task.command) ? fit(task.command, this.varWidth, false) : fitUtf8(task.command, this.varWidth, false, c.utf8));
      default:
        return () => '';
    }
  }

  row(task: TaskRow): string {
    let row = '';
    for (const cell of this.cells) row += cell(task);
    let end = row.length;
    while (end > 0 && row.charCodeAt(end - 1) === 32) end--;
    return end === row.length ? row : row.slice(0, end);
  }
}

/** A cell made once for each value of `key` among the tasks, then reused. */
function sharedCells<K>(key: (task: TaskRow) => K, make: (task: TaskRow) => string): (task: TaskRow) => string {
  const made = new Map<K, string>();
  return (task) => {
    const value = key(task);
    let cell = made.get(value);
    if (cell === undefined) {
      cell = make(task);
      made.set(value, cell);
    }
    return cell;
  };
}

/** %CPU: ticks times Frame_etscale, no more than 100 per thread nor Cpu_pmax. */
export function cpuPercent(task: TaskRow, etScale: number, cpuMax: number): number {
  let u = f32(f32(task.pcpu) * etScale);
  if (u > 100 * task.threads) u = f32(100 * task.threads);
  if (u > cpuMax) u = cpuMax;
  return u;
}

/** %MEM: RES over the total memory, in C floats. */
export function memPercent(task: TaskRow, memTotal: number): number {
  return f32(f32(f32(task.res) * 100) / f32(memTotal));
}

/** A restricted top's %CPU or %MEM cell: justify_pad("?", W, Jn). */
function unknownPercent(w: number): () => string {
  const cell = justify('?', w, true);
  return () => cell;
}
