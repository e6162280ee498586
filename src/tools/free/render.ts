// free's text: a header of right-aligned titles, then each row's label padded to 9 and each value
// right-aligned in 11, one space apart, no trailing space (src/free.c).
import { formatRow, type ColumnSpec } from '../../format/columns.js';
import { procpsScaleSize, type ProcpsScale } from '../../format/units.js';
import type { FreeRow } from './collect.js';

// The label column is 8 wide plus the separator: free pads "Mem:" to 9 characters.
const COLUMNS: readonly ColumnSpec[] = [{ width: 8, align: 'left' }, ...Array<ColumnSpec>(7).fill({ width: 11, align: 'right' })];

const TITLES: Readonly<Record<string, string>> = {
  total: 'total',
  used: 'used',
  free: 'free',
  shared: 'shared',
  buff_cache: 'buff/cache',
  buffers: 'buffers',
  cache: 'cache',
  available: 'available',
};

export function renderFree(rows: readonly FreeRow[], scale: ProcpsScale): string {
  const [mem] = rows;
  if (!mem) return '';
  const header = formatRow(['', ...mem.values.map(([key]) => TITLES[key] ?? key)], COLUMNS);
  const lines = rows.map((row) =>
    formatRow([`${row.label}:`, ...row.values.map(([, kib]) => procpsScaleSize(kib, scale))], COLUMNS),
  );
  return `${header}\n${lines.join('\n')}\n`;
}
