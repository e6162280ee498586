// The rows the addon prints from a scan's columns (topLines, procsmemLines) against the
// JavaScript printers they stand in for (TaskRenderer, procsmemLine), which the conformance
// suites hold to the classic tools: both must give the same bytes for the same figures, also
// those a frozen /proc seldom has (priorities past 999, weeks of CPU time, sizes past 2^24 KiB).
import { describe, expect, it } from 'vitest';
import type { ByteColumn, ProcessScanColumns, TopLinePlan } from '../../native/index.js';
import { binding } from '../../src/core/native.js';
import { parseCmdlineAscii } from '../../src/core/process/parsers.js';
import { COMM_PRINTABLE, CMDLINE_PRINTABLE, ROLLUP_WIDTH, SCAN_ERROR_WIDTH, STAT, STAT_WIDTH, STATM_WIDTH, STATUS, STATUS_WIDTH } from '../../src/core/process/scan.js';
import { encodeText, pyPad } from '../../src/format/python.js';
import type { TaskRow } from '../../src/tools/top/collect.js';
import { columnsFor, fitUtf8, layout, TaskRenderer, type RowContext } from '../../src/tools/top/render.js';
import { procsmemLine } from '../../src/tools/procsmem/render.js';

function byteColumn(texts: readonly string[]): ByteColumn {
  const parts = texts.map((text) => Buffer.from(text, 'latin1'));
  const offsets = new Uint32Array(parts.length + 1);
  parts.forEach((part, i) => (offsets[i + 1] = (offsets[i] as number) + part.length));
  return { data: Buffer.concat(parts), offsets };
}

interface TopCase {
  pid: number;
  priority: number;
  nice: number;
  /** statm's size, resident and shared, in pages. */
  pages: [number, number, number];
  state: string;
  pcpu: number;
  threads: number;
  tics: number;
  comm: string;
  /** The joined command line (-c), '' when empty. */
  cmdline: string;
  euid: number;
}

const USERS = new Map([
  [0, 'root'],
  [1000, 'averyverylongname'],
]);

const TOP_CASES: TopCase[] = [];
for (const [i, pid] of [1, 99999, 1234567].entries())
  for (const priority of [20, -100, 0, 1000])
    for (const pages of [
      [0, 0, 0],
      [250000, 12345, 678],
      [5000000, 4194304, 4194305],
      [2 ** 40, 2 ** 33, 2 ** 28],
    ] as Array<[number, number, number]>)
      for (const [pcpu, threads] of [
        [0, 1],
        [1, 1],
        [37, 4],
        [1e6, 2],
      ] as Array<[number, number]>)
        TOP_CASES.push({
          pid: pid + TOP_CASES.length,
          priority,
          nice: [-20, 0, 19][TOP_CASES.length % 3] as number,
          pages,
          state: 'RSZIDTt'[TOP_CASES.length % 7] as string,
          pcpu,
          threads,
          tics: [0, 123, 360000, 8640000, 45000000, 172800000, 1e12, 35999][TOP_CASES.length % 8] as number,
          comm: i === 2 ? 'a-name-of-15-ch' : 'sleep',
          cmdline: ['', 'sleep 100', 'x y ', 'a'.repeat(300)][TOP_CASES.length % 4] as string,
          euid: TOP_CASES.length % 2 === 0 ? 0 : 1000,
        });

function topScan(cases: readonly TopCase[]): ProcessScanColumns {
  const n = cases.length;
  const stat = new Float64Array(n * STAT_WIDTH);
  const statm = new Float64Array(n * STATM_WIDTH);
  cases.forEach((c, row) => {
    stat[row * STAT_WIDTH + STAT.priority] = c.priority;
    stat[row * STAT_WIDTH + STAT.nice] = c.nice;
    stat[row * STAT_WIDTH + STAT.numThreads] = c.threads;
    statm.set(c.pages, row * STATM_WIDTH);
  });
  return {
    count: n,
    pids: Int32Array.from(cases, (c) => c.pid),
    state: Uint8Array.from(cases, (c) => c.state.charCodeAt(0)),
    flags: Uint8Array.from(cases, () => COMM_PRINTABLE | CMDLINE_PRINTABLE),
    stat,
    statm,
    comm: byteColumn(cases.map((c) => c.comm)),
    cmdline: byteColumn(cases.map((c) => c.cmdline)),
    errors: new Int32Array(n * SCAN_ERROR_WIDTH),
  };
}

function taskRow(c: TopCase, scan: ProcessScanColumns, row: number, pageKib: number, withCmdline: boolean): TaskRow {
  const command = withCmdline && c.cmdline !== '' ? c.cmdline : withCmdline ? `[${c.comm}]${c.state === 'Z' ? ' <defunct>' : ''}` : c.comm;
  const [virt, res, shr] = c.pages.map((pages) => pages * pageKib) as [number, number, number];
  const user = USERS.get(c.euid) as string;
  return { pid: c.pid, user, priority: c.priority, nice: c.nice, virt, res, shr, state: c.state, pcpu: c.pcpu, threads: c.threads, tics: c.tics, command, euid: c.euid, uids: [], tgid: c.pid, scan, row, root: '/proc' };
}

describe('topLines', () => {
  const scan = topScan(TOP_CASES);
  const rows = Int32Array.from(TOP_CASES, (_, row) => row);
  const pageKib = 4;
  for (const screen of [80, 131, 40, 512])
    for (const taskScale of [0, 1, 3])
      for (const withCmdline of [false, true]) {
        it(`prints TaskRenderer's rows, ${screen} columns, -e unit ${taskScale}${withCmdline ? ', -c' : ''}`, () => {
          const { shown, varWidth } = layout(columnsFor(7), screen);
          const percents = { cpuMax: Math.fround(200), memTotal: 16384000 };
          const c: RowContext = { etScale: Math.fround(100 / Math.fround(100 * 1.5)), percents, taskScale, hz: 100, utf8: true };
          const cells: Record<string, number> = { PID: 0, USER: 1, PR: 2, NI: 3, VIRT: 4, RES: 5, SHR: 6, S: 7, '%CPU': 8, '%MEM': 9, 'TIME+': 10, COMMAND: 11 };
          const userWidth = shown.find((column) => column.field === 'USER')?.width ?? 0;
          const plan: TopLinePlan = {
            cells: Int32Array.from(shown, (column) => cells[column.field] as number),
            widths: Int32Array.from(shown, (column) => column.width),
            pcpu: Float64Array.from(TOP_CASES, (t) => t.pcpu),
            tics: Float64Array.from(TOP_CASES, (t) => t.tics),
            euid: Float64Array.from(TOP_CASES, (t) => t.euid),
            facts: Float64Array.of(c.etScale, percents.cpuMax, percents.memTotal, c.hz, pageKib, taskScale, varWidth, withCmdline ? 1 : 0),
            users: [Float64Array.from(USERS.keys()), [...USERS.values()].map((name) => fitUtf8(name, userWidth, false, true))],
          };
          const printed = binding().topLines(scan, rows, plan);
          const renderer = new TaskRenderer(shown, varWidth, c);
          const expected = TOP_CASES.map((t, row) => `\n${renderer.row(taskRow(t, scan, row, pageKib, withCmdline))}`).join('');
          expect(printed.fallback).toEqual(new Int32Array(0));
          expect(printed.data.toString('latin1')).toBe(expected);
        });
      }

  it('leaves to JavaScript a row whose name or command line needs escaping, and says where it goes', () => {
    const three = topScan(TOP_CASES.slice(0, 3));
    (three.flags as Uint8Array)[1] = 0;
    const { shown, varWidth } = layout(columnsFor(5), 80);
    const plan: TopLinePlan = {
      cells: Int32Array.from(shown, (_, i) => i),
      widths: Int32Array.from(shown, (column) => column.width),
      pcpu: new Float64Array(3),
      tics: new Float64Array(3),
      euid: new Float64Array(3),
      facts: Float64Array.of(1, 200, 1000, 100, 4, 0, varWidth, 0),
      users: [Float64Array.of(0), ['root     ']],
    };
    const printed = binding().topLines(three, Int32Array.of(2, 1, 0), plan);
    expect(printed.fallback).toEqual(Int32Array.of(1));
    expect(printed.at[0]).toBe(printed.data.indexOf('\n', 1));
  });
});

describe('procsmemLines', () => {
  const commands = ['', '\0', ' ', 'sleep\x00100\0', 'a b\0', 'a b ', 'a\0b', 'a\0\0', 'tab\there\nnew line\0', 'x'.repeat(40), `${'y'.repeat(29)}\0z\0`];
  const figures = [1023, 1024, 1048575, 1048576, 1310720, 1153433, 2 ** 40 + 2 ** 38, 2 ** 61, 2 ** 70, 12345 * 1024];
  const n = commands.length * 3;
  const pids = Int32Array.from({ length: n }, (_, row) => [1, 1234567, 42][row % 3] as number);
  const status = new Float64Array(n * STATUS_WIDTH);
  const rollup = new Float64Array(n * ROLLUP_WIDTH);
  const texts: string[] = [];
  for (let row = 0; row < n; row++) {
    status[row * STATUS_WIDTH + STATUS.uid] = row % 2 === 0 ? 0 : 1000;
    status[row * STATUS_WIDTH + STATUS.VmRSS] = (figures[(row + 3) % figures.length] as number) / 1024;
    for (let k = 0; k < 3; k++) rollup[row * ROLLUP_WIDTH + k] = figures[(row + k) % figures.length] as number;
    texts.push(commands[row % commands.length] as string);
  }
  const scan = { count: n, pids, status, rollup, cmdline: byteColumn(texts) } as unknown as ProcessScanColumns;

  it("prints procsmemLine's lines for ASCII command lines, leaving negative entries to JavaScript", () => {
    const order = Int32Array.from({ length: n + 1 }, (_, k) => (k === 5 ? -1 : k > 5 ? k - 1 : k));
    const users = [Float64Array.of(0, 1000), [USERS.get(0), USERS.get(1000)].map((name) => encodeText(pyPad(name as string, 7, true, 7)).toString('latin1'))] as [Float64Array, string[]];
    const printed = binding().procsmemLines(scan, order, users);
    const expected = Array.from(order, (row) => {
      if (row < 0) return '';
      const cmdline = parseCmdlineAscii(texts[row] as string);
      const at = row * ROLLUP_WIDTH;
      return procsmemLine({
        pid: pids[row] as number,
        user: USERS.get(status[row * STATUS_WIDTH + STATUS.uid] as number) as string,
        cmdline,
        uss: rollup[at] as number,
        pss: rollup[at + 1] as number,
        swap: rollup[at + 2] as number,
        rss: (status[row * STATUS_WIDTH + STATUS.VmRSS] as number) * 1024,
      });
    });
    expect(printed.fallback).toEqual(Int32Array.of(-1));
    expect(printed.at).toEqual(Uint32Array.of(Buffer.byteLength(expected.slice(0, 5).join(''), 'latin1')));
    expect(printed.data.toString('latin1')).toBe(expected.join(''));
  });

  it('leaves to JavaScript a command line that is not ASCII', () => {
    const one = { count: 1, pids: Int32Array.of(7), status: new Float64Array(STATUS_WIDTH), rollup: Float64Array.of(4096, 4096, 0), cmdline: byteColumn(['caf\xe9\0']) } as unknown as ProcessScanColumns;
    const printed = binding().procsmemLines(one, Int32Array.of(0), [Float64Array.of(0), ['root   ']]);
    expect(printed.fallback).toEqual(Int32Array.of(0));
    expect(printed.data.length).toBe(0);
  });
});
