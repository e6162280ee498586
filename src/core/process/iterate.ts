// processes(): every process with the requested attributes, from one scan of /proc whose reads
// run on the addon's threads. The Promise forms (processes, iterProcesses) read a batch at a time
// and let the event loop run between batches; processesSync is for command-line tools.
import { decodeText } from '../text.js';
import type { ByteColumn } from '../../../native/index.js';
import { AccessDenied, InvalidArgument, NoSuchProcess, ZombieProcess } from '../errors.js';
import { defaultContext, type ProcfsContext } from '../procfs.js';
import { bootTime, sysconf } from '../system.js';
import { TtyNames } from '../tty.js';
import { userName } from '../users.js';
import { parseEnviron } from './parsers.js';
import { ascendingPids, ascendingPidsAsync } from './pids.js';
import {
  ATTRIBUTES,
  attributeOr,
  cmdlineArguments,
  cmdlineColumn,
  completedName,
  cpuTimesOf,
  cpuTimesOfTicks,
  memoryInfoOf,
  memoryInfoOfPages,
  Process,
  statusName,
  type ProcessAttribute,
  type ProcessAttributes,
  type ProcessInfo,
} from './process.js';
import {
  COMM_PRINTABLE,
  rowBytes,
  SCAN_ERROR,
  scanError,
  ScanField,
  scanInBatches,
  scanProcesses,
  ScanStat,
  idsOf,
  STAT,
  STAT_WIDTH,
  STATM_WIDTH,
  statmOf,
  STATUS,
  STATUS_WIDTH,
  type ProcessScan,
} from './scan.js';

/** The files the scan reads for an attribute it answers (the others are read through Process). */
const FIELDS: { readonly [K in ProcessAttribute]?: number } = {
  // A comm cut to 15 bytes is completed from argv[0] (completedName, columnOf's second scan).
  name: ScanField.stat,
  ppid: ScanField.stat,
  status: ScanField.stat,
  uids: ScanField.status,
  gids: ScanField.status,
  username: ScanField.status,
  cmdline: ScanField.cmdline,
  numThreads: ScanField.stat,
  createTime: ScanField.stat,
  memoryInfo: ScanField.statm,
  cpuTimes: ScanField.stat,
  nice: ScanField.stat,
  terminal: ScanField.stat,
  environ: ScanField.environ,
};

/** What every row of one iteration shares. */
interface Run {
  readonly ctx: ProcfsContext;
  readonly ttys: TtyNames;
  readonly bootTime: number;
}

/** One row of a scan, and the Process its attributes fall back to when the scan could not read a file. */
interface Scanned {
  readonly run: Run;
  readonly scan: ProcessScan;
  readonly index: number;
  readonly pid: number;
  readonly stat: ScanStat;
}

/**
 * The attributes the scan answers, with the file each needs: when that file could not be read,
 * the attribute is read again through Process, whose getter raises what psutil would.
 */
const FROM_SCAN: { readonly [K in ProcessAttribute]?: readonly [file: keyof typeof SCAN_ERROR, get: (s: Scanned) => ProcessAttributes[K] | undefined] } = {
  // A comm of 15 bytes may be cut: Process.name() then looks at argv[0].
  name: ['stat', (s) => (s.stat.comm.length < 15 ? decodeText(s.stat.comm) : undefined)],
  ppid: ['stat', (s) => s.stat.ppid],
  status: ['stat', (s) => statusName(s.stat.state)],
  uids: ['status', (s) => idsOf(s.scan, s.index, 'uid')],
  gids: ['status', (s) => idsOf(s.scan, s.index, 'gid')],
  username: ['status', (s) => userName(idsOf(s.scan, s.index, 'uid').real)],
  cmdline: ['cmdline', (s) => cmdlineArguments(rowBytes(s.scan.cmdline as ByteColumn, s.index), s.stat.state, s.pid)],
  numThreads: ['stat', (s) => s.stat.numThreads],
  createTime: ['stat', (s) => s.stat.starttime / sysconf().clockTicks + s.run.bootTime],
  memoryInfo: ['statm', (s) => memoryInfoOf(statmOf(s.scan, s.index))],
  cpuTimes: ['stat', (s) => cpuTimesOf(s.stat)],
  nice: ['stat', (s) => s.stat.nice],
  terminal: [
    'stat',
    (s) => {
      const name = s.run.ttys.name(s.stat.ttyNr, s.pid);
      return name === '?' ? null : `/dev/${name}`;
    },
  ],
  environ: ['environ', (s) => parseEnviron(rowBytes(s.scan.environ as ByteColumn, s.index))],
};

/** The options of processes(), iterProcesses() and processesSync(). */
export interface ProcessesOptions<A extends ProcessAttribute> {
  /** The attributes of each process (DEFAULT_ATTRIBUTES when absent). */
  attrs?: readonly A[];
  /** Where /proc and /sys are read from (defaultContext() when absent). */
  ctx?: ProcfsContext;
  /** processes and iterProcesses: processes read per batch (64 by default: each batch's rows are made on the JavaScript thread in one go). */
  batchSize?: number;
}

/** What processes() gives without `attrs`: the figures its scan answers without extra reads. */
export const DEFAULT_ATTRIBUTES = ['name', 'ppid', 'status', 'username', 'cmdline', 'createTime', 'cpuTimes', 'memoryInfo', 'numThreads'] as const;

type DefaultAttribute = (typeof DEFAULT_ATTRIBUTES)[number];

/**
 * Every process that exists while it is read, in ascending pid order, without holding the event
 * loop: the table is read a batch at a time off the JavaScript thread. A process that vanishes
 * between the listing and its reads is skipped, as ps does.
 *
 *     const table = await processes({ attrs: ['name', 'memoryInfo'] });
 */
export async function processes<A extends ProcessAttribute = DefaultAttribute>(options: ProcessesOptions<A> = {}): Promise<Array<ProcessInfo<A>>> {
  const out: Array<ProcessInfo<A>> = [];
  for await (const info of iterProcesses(options)) out.push(info);
  return out;
}

/**
 * processes() one process at a time:
 *
 *     for await (const p of iterProcesses({ attrs: ['name'] })) console.log(p.pid, p.name);
 */
export async function* iterProcesses<A extends ProcessAttribute = DefaultAttribute>(options: ProcessesOptions<A> = {}): AsyncGenerator<ProcessInfo<A>> {
  const run = startRun(options);
  const attrs = attributesOf(options);
  for await (const scan of scanInBatches(run.ctx, fieldsOf(attrs), await ascendingPidsAsync(run.ctx), options.batchSize ?? 64)) {
    yield* rowsOf(run, scan, attrs);
    // The next batch may be read already, and awaiting a settled promise would go on without
    // letting timers and I/O in: give them their turn.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** processes() holding the thread until the whole table is read (one scan), for command-line tools. */
export function processesSync<A extends ProcessAttribute = DefaultAttribute>(options: ProcessesOptions<A> = {}): Array<ProcessInfo<A>> {
  const run = startRun(options);
  const attrs = attributesOf(options);
  return [...rowsOf(run, scanProcesses(run.ctx, fieldsOf(attrs), ascendingPids(run.ctx)), attrs)];
}

function attributesOf<A extends ProcessAttribute>(options: ProcessesOptions<A>): readonly A[] {
  const attrs = options.attrs ?? (DEFAULT_ATTRIBUTES as readonly ProcessAttribute[] as readonly A[]);
  for (const attr of attrs) if (!(attr in ATTRIBUTES)) throw new InvalidArgument('attribute name', attr, 'a ProcessAttribute');
  return attrs;
}

function startRun(options: { ctx?: ProcfsContext }): Run {
  const ctx = options.ctx ?? defaultContext();
  return { ctx, ttys: new TtyNames(ctx), bootTime: bootTime({ ctx }) };
}

function fieldsOf(attrs: readonly ProcessAttribute[]): number {
  return attrs.reduce<number>((fields, attr) => fields | (FIELDS[attr] ?? 0), ScanField.stat);
}

/**
 * The names of the rows whose comm the kernel may have cut (15 bytes), completed from argv[0] as
 * Process.name() completes them: the cmdline of those processes alone, read in one more scan
 * (where it could not be read, or the process is gone, the row is left to readAttributes).
 */
function completeNames(run: Run, scan: ProcessScan, cut: ReadonlyArray<readonly [row: number, comm: string]>, values: unknown[]): void {
  const cmdlines = scanProcesses(run.ctx, ScanField.cmdline, Int32Array.from(cut, ([row]) => scan.pids[row] as number));
  const rowOf = new Map<number, number>();
  for (let row = 0; row < cmdlines.count; row++) rowOf.set(cmdlines.pids[row] as number, row);
  for (const [row, comm] of cut) {
    const pid = scan.pids[row] as number;
    const at = rowOf.get(pid);
    if (at === undefined || scanError(cmdlines, at, 'cmdline') !== 0) continue;
    const state = String.fromCharCode(scan.state[row] as number);
    values[row] = completedName(comm, () => cmdlineArguments(rowBytes(cmdlines.cmdline as ByteColumn, at), state, pid));
  }
}

/**
 * The rows of a scan, built an attribute at a time over the whole scan (a small loop per
 * attribute, rather than one generic loop per row that V8 would spend longer optimising than
 * running); a row with an attribute the columns cannot answer is read whole by readAttributes.
 */
function* rowsOf<A extends ProcessAttribute>(run: Run, scan: ProcessScan, attrs: readonly A[]): Generator<ProcessInfo<A>> {
  const columns = attrs.map((attr) => columnOf(attr, run, scan));
  const names: readonly string[] = attrs;
  for (let index = 0; index < scan.count; index++) {
    const pid = scan.pids[index] as number;
    let info: Record<string, unknown> | null = { pid };
    for (let a = 0; a < columns.length; a++) {
      const value = (columns[a] as unknown[])[index];
      if (value === undefined) {
        info = readAttributes({ run, scan, index, pid, stat: new ScanStat(scan, index) }, attrs);
        break;
      }
      info[names[a] as string] = value;
    }
    if (info) yield info as ProcessInfo<A>;
  }
}

/**
 * An attribute for every row of the scan, undefined where the scan could not read its file or
 * its getter failed (readAttributes then reads the row through Process, as psutil would).
 */
function columnOf(attr: ProcessAttribute, run: Run, scan: ProcessScan): unknown[] {
  const count = scan.count;
  const values = new Array<unknown>(count);
  const stat = scan.stat;
  if (attr === 'cpuTimes') {
    // stat is read for every row the scan keeps.
    const hz = sysconf().clockTicks;
    for (let row = 0; row < count; row++) {
      const o = row * STAT_WIDTH;
      const at = (offset: number) => stat[o + offset] as number;
      values[row] = cpuTimesOfTicks(at(STAT.utime), at(STAT.stime), at(STAT.cutime), at(STAT.cstime), at(STAT.blkioTicks), hz);
    }
    return values;
  }
  if (attr === 'username') {
    const status = scan.status as Float64Array;
    const names = new Map<number, string>();
    for (let row = 0; row < count; row++) {
      if (scanError(scan, row, 'status') !== 0) continue;
      const uid = status[row * STATUS_WIDTH + STATUS.uid] as number;
      let name = names.get(uid);
      if (name === undefined) {
        name = userName(uid);
        names.set(uid, name);
      }
      values[row] = name;
    }
    return values;
  }
  if (attr === 'name') {
    // FROM_SCAN's name without a row object: printable ASCII (the scan's flag) decodes as itself.
    const { data, offsets } = scan.comm;
    const cut: Array<[row: number, comm: string]> = [];
    for (let row = 0; row < count; row++) {
      const start = offsets[row] as number;
      const end = offsets[row + 1] as number;
      const comm = ((scan.flags[row] as number) & COMM_PRINTABLE) !== 0 ? data.toString('latin1', start, end) : decodeText(data.subarray(start, end));
      if (comm.length < 15) values[row] = comm;
      else cut.push([row, comm]);
    }
    if (cut.length > 0) completeNames(run, scan, cut, values);
    return values;
  }
  if (attr === 'cmdline') {
    const cmdlineOf = cmdlineColumn(scan.cmdline as ByteColumn);
    for (let row = 0; row < count; row++) {
      if (scanError(scan, row, 'cmdline') !== 0) continue;
      try {
        values[row] = cmdlineOf(row, String.fromCharCode(scan.state[row] as number), scan.pids[row] as number);
      } catch {
        // A zombie's: readAttributes reads it again and answers as Process.cmdline() does.
      }
    }
    return values;
  }
  if (attr === 'memoryInfo') {
    const statm = scan.statm as Float64Array;
    const pageSize = sysconf().pageSize;
    for (let row = 0; row < count; row++) {
      if (scanError(scan, row, 'statm') !== 0) continue;
      // statm: size resident shared text lib data dt (statmOf's order).
      const at = (offset: number) => statm[row * STATM_WIDTH + offset] as number;
      values[row] = memoryInfoOfPages(at(1), at(0), at(2), at(3), at(5), pageSize);
    }
    return values;
  }
  const fromScan = FROM_SCAN[attr];
  if (fromScan === undefined) return values;
  const [file, get] = fromScan as [keyof typeof SCAN_ERROR, (s: Scanned) => unknown];
  for (let row = 0; row < count; row++) {
    if (scanError(scan, row, file) !== 0) continue;
    try {
      values[row] = get({ run, scan, index: row, pid: scan.pids[row] as number, stat: new ScanStat(scan, row) });
    } catch {
      // readAttributes reads it again, and answers null or raises as the getter's error says.
    }
  }
  return values;
}

function readAttributes<A extends ProcessAttribute>(scanned: Scanned, attrs: readonly A[]): ProcessInfo<A> | null {
  const info: Record<string, unknown> = { pid: scanned.pid };
  let process: Process | undefined;
  try {
    for (const attr of attrs) {
      const fromScan = FROM_SCAN[attr];
      const value = fromScan && scanError(scanned.scan, scanned.index, fromScan[0]) === 0 ? attributeOr(null, () => fromScan[1](scanned)) : undefined;
      if (value !== undefined) {
        info[attr] = value;
      } else {
        if (!process) {
          // One reading of each file for all the attributes of this row.
          process = new Process(scanned.pid, { ctx: scanned.run.ctx });
          process.oneshotEnter();
        }
        const from = process;
        info[attr] = attributeOr(null, () => ATTRIBUTES[attr](from, scanned.run.ttys));
      }
    }
  } catch (error) {
    // Gone, or hidden from us (hidepid): ps lists neither.
    if (error instanceof AccessDenied || (error instanceof NoSuchProcess && !(error instanceof ZombieProcess))) return null;
    throw error;
  }
  return info as ProcessInfo<A>;
}
