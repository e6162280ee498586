// Rows printed by the addon straight from a task refresh's columns, for frames whose order and
// selection the columns decide alone (no -H, no user filter, a sort on the pid, %CPU or TIME):
// at thousands of tasks an object per task and a string per cell cost more than reading /proc.
// User cells are made here once per user; a row the addon cannot print exactly as TaskRenderer
// would (a name that needs escaping or display widths) comes back and goes through TaskRenderer.
import type { TopLinePlan } from '../../../native/index.js';
import { binding } from '../../core/native.js';
import { bytesOf } from '../../format/bytes.js';
import type { FieldName, ShownField, TopOptions } from './command.js';
import type { TaskColumns } from './collect.js';
import { fitUtf8, type RowContext, type TaskRenderer } from './render.js';

/** The addon's cell kinds (TopCell in native/scan.cc). */
const TOP_CELL: Readonly<Record<ShownField, number>> = { PID: 0, USER: 1, PR: 2, NI: 3, VIRT: 4, RES: 5, SHR: 6, S: 7, '%CPU': 8, '%MEM': 9, 'TIME+': 10, COMMAND: 11 };

interface Column {
  readonly field: ShownField;
  readonly width: number;
}

/** The sort keys of the fields whose value is a column, by row (sortValue's for these fields). */
function columnKeys(field: FieldName, columns: TaskColumns): Float64Array | null {
  switch (field) {
    case 'PID':
      return Float64Array.from(columns.scan.pids);
    case '%CPU':
      return columns.pcpu;
    case 'TIME':
    case 'TIME+':
      return columns.tics;
    default:
      return null;
  }
}

/**
 * The rows of the frame in their order, or null when the frame needs each task as an object:
 * -u/-U's filters, and sorts on what the columns do not hold.
 */
export function columnOrder(columns: TaskColumns, options: TopOptions, order: (keys: Float64Array) => Uint32Array): Int32Array | null {
  if (options.user !== null) return null;
  let rows: Int32Array;
  if (options.sortField === 'nDRT') {
    rows = Int32Array.from({ length: columns.scan.count }, (_, row) => row);
  } else {
    const keys = columnKeys(options.sortField, columns);
    if (keys === null) return null;
    rows = Int32Array.from(order(keys));
  }
  // -i: idle tasks (no ticks since the previous refresh) are left out.
  return options.idle ? rows : rows.filter((row) => (columns.pcpu[row] as number) > 0);
}

/** The table's rows, `rows` of the refresh's scan in that order, each after a newline. */
export function printRows(
  columns: TaskColumns,
  rows: Int32Array,
  frame: { shown: readonly Column[]; varWidth: number; c: RowContext; percents: { cpuMax: number; memTotal: number }; pageKib: number; cmdline: boolean; userOf: (uid: number) => string },
  renderer: TaskRenderer,
  write: (bytes: Buffer) => void,
): void {
  const { shown, c, percents } = frame;
  const userWidth = shown.find((column) => column.field === 'USER')?.width ?? 0;
  const euids = [...new Set(Array.from(rows, (row) => columns.euid[row] as number))];
  const plan: TopLinePlan = {
    cells: Int32Array.from(shown, (column) => TOP_CELL[column.field]),
    widths: Int32Array.from(shown, (column) => column.width),
    pcpu: columns.pcpu,
    tics: columns.tics,
    euid: columns.euid,
    facts: Float64Array.of(c.etScale, percents.cpuMax, percents.memTotal, c.hz, frame.pageKib, c.taskScale, frame.varWidth, frame.cmdline ? 1 : 0),
    users: [Float64Array.from(euids), euids.map((uid) => fitUtf8(frame.userOf(uid), userWidth, false, c.utf8))],
  };
  const { data, fallback, at } = binding().topLines(columns.scan, rows, plan);
  let from = 0;
  for (let k = 0; k < fallback.length; k++) {
    const to = at[k] as number;
    write(data.subarray(from, to));
    from = to;
    write(bytesOf(`\n${renderer.row(columns.task(fallback[k] as number))}`));
  }
  write(data.subarray(from));
}
