// smem --json: the rows smem would print, in its order, as objects keyed by the column names
// (smem's field names), amounts as numbers in kB (-k and -p change the text only), names and
// commands as strings. With -t a last object holds the totals under "totals": true.
import { pyNumber, PyFloat, type PyValue } from '../../format/python.js';
import type { SortedTable } from './render.js';

export type SmemJsonRow = Record<string, number | string | boolean>;

const jsonValue = (value: PyValue): number | string => (value instanceof PyFloat ? pyNumber(value) : value);

export function smemJson(sorted: SortedTable, totals: readonly PyValue[] | null): SmemJsonRow[] {
  const object = (values: readonly PyValue[]) =>
    Object.fromEntries(sorted.columns.map((column, i) => [column, jsonValue(values[i] ?? '')]));
  const rows: SmemJsonRow[] = sorted.rows.map(object);
  if (totals) rows.push({ ...object(totals), totals: true });
  return rows;
}
