// smem's showtable(): columns formatted with smem's own '%-27.27s'-style formats, each followed by
// one space (so every line ends in one), rows sorted by (sort value, whole row), and the -t line.
import { printfFixed } from '../../format/number.js';
import { pyCompare, pyCompareLists, pyLen, pyNumber, pyPad, pyStr, pySum, type PyValue } from '../../format/python.js';
import type { SmemOptions } from './command.js';
import type { AnyTable, SmemField, Total } from './collect.js';

/** smem's showfields(): printed on stdout, after which smem exits with 255. */
export function unknownFieldsText(table: AnyTable, unknown: string | readonly string[]): string {
  const first = typeof unknown === 'string' ? `unknown field ${unknown}` : `unknown fields: ${unknown.join(' ')}`;
  const known = Object.keys(table.fields)
    .sort()
    .map((name) => `${pyPad(name, 8, true)} ${table.fields[name]?.help ?? ''}`);
  return `${first}\nknown fields:\n${known.join('\n')}\n`;
}

/** The columns to show (-c, else the view's), then --pie's and --bar's field as smem appends them. */
export function chosenColumns(table: AnyTable, options: SmemOptions): string[] {
  const columns = (options.columns || table.defaultColumns).split(/[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/).filter((c) => c !== '');
  if (options.pie) columns.push(options.pie);
  if (options.bar) columns.push(options.bar);
  return columns;
}

/** Columns that are not fields of the view, each once, in the order given. */
export function unknownColumns(table: AnyTable, columns: readonly string[]): string[] {
  return [...new Set(columns.filter((column) => !(column in table.fields)))];
}

interface Format {
  left: boolean;
  width: number;
  precision: number | undefined;
  amount: boolean;
}

function parseFormat(format: string, size: number | undefined): Format {
  const match = /^%([- ]*)(\d*)(?:\.(\d+))?([sa])$/.exec(format);
  if (!match) throw new Error(`bad smem format ${format}`);
  const [, flags = '', width = '', precision, conversion] = match;
  // smem's autosize replaces every number in the format with the column's size.
  const resize = (digits: string) => (size === undefined || digits === '' ? digits : String(size));
  const widthText = resize(width);
  const precisionText = precision === undefined ? undefined : resize(precision);
  return {
    left: flags.includes('-'),
    width: widthText === '' ? 0 : Number(widthText),
    precision: precisionText === undefined ? undefined : Number(precisionText),
    amount: conversion === 'a',
  };
}

/** smem's units(): a byte count in %.1f with the suffix of the last division (so 1024 TiB stays "T"). */
export function smemUnits(bytes: number): string {
  if (bytes === 0) return '0';
  let value = bytes;
  let suffix = '';
  for (const unit of ['', 'K', 'M', 'G', 'T']) {
    suffix = unit;
    if (value < 1024) break;
    value /= 1024;
  }
  return `${printfFixed(value, 1)}${suffix}`;
}

export interface Totals {
  /** MemTotal (or -R) in kB: the base of -p. */
  readonly memory: PyValue;
  /** SwapTotal in kB: the base of -p for the Swap column. */
  readonly swap: number;
}

/** smem's showamount(): -k's units, else -p's percentage of the total, else the kB figure itself. */
function showAmount(value: PyValue, total: PyValue, options: SmemOptions): PyValue {
  const kb = pyNumber(value);
  if (options.abbreviate) return smemUnits(kb * 1024);
  if (options.percent) {
    const base = pyNumber(total);
    return base === 0 ? 'N/A' : `${printfFixed((100 * kb) / base, 2)}%`;
  }
  return value;
}

function sizeColumns(table: AnyTable, columns: readonly string[], options: SmemOptions, terminalColumns: number): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const column of columns) {
    const field = table.fields[column] as SmemField<unknown>;
    let size = 1;
    if (!options.noHeader) size = Math.max(size, pyLen(field.title));
    if ((options.abbreviate || options.percent) && field.format.includes('a')) size = Math.max(size, 7);
    else for (const row of table.rows) size = Math.max(size, pyLen(pyStr(field.get(row))));
    sizes.set(column, size);
  }
  const overflow = columns.find((column) => column === 'command' || column === 'map');
  if (overflow !== undefined) {
    const others = [...sizes.values()].reduce((a, b) => a + b, 0) - (sizes.get(overflow) ?? 0);
    const room = Math.max(terminalColumns - others - columns.length, 10);
    sizes.set(overflow, Math.min(sizes.get(overflow) ?? 0, room));
  }
  return sizes;
}

function total(kind: Total, values: readonly PyValue[]): PyValue {
  switch (kind) {
    case 'count':
      return values.length;
    case 'distinct':
      return new Set(values.map((value) => `${typeof value}:${pyStr(value)}`)).size;
    case 'sum':
      return pySum(values);
    default:
      return '';
  }
}

/** The -t line's values: each column's total over every row. */
export function columnTotals(table: AnyTable, columns: readonly string[]): PyValue[] {
  return columns.map((column) => {
    const field = table.fields[column] as SmemField<unknown>;
    return total(field.total, table.rows.map((row) => field.get(row)));
  });
}

export interface SortedTable {
  readonly columns: readonly string[];
  /** The rows' column values, in smem's order. */
  readonly rows: ReadonlyArray<readonly PyValue[]>;
  /** Each row's sort value, in the same order. */
  readonly keys: readonly PyValue[];
}

/** smem's sort: ascending by (sort value, then the row's columns), or the reverse with -r. */
export function sortTable(table: AnyTable, columns: readonly string[], sort: string, reverse: boolean): SortedTable {
  const sortField = table.fields[sort] as SmemField<unknown>;
  const entries = table.rows.map((row) => ({
    key: sortField.get(row),
    values: columns.map((column) => (table.fields[column] as SmemField<unknown>).get(row)),
  }));
  const direction = reverse ? -1 : 1;
  entries.sort((a, b) => direction * (pyCompare(a.key, b.key) || pyCompareLists(a.values, b.values)));
  return { columns, rows: entries.map((entry) => entry.values), keys: entries.map((entry) => entry.key) };
}

/** The text of the table: header (unless -H), rows, and with -t a rule and the totals. */
/** `terminalColumns` is asked only for -a, the one option that sizes columns to the terminal. */
export function renderTable(table: AnyTable, sorted: SortedTable, options: SmemOptions, totals: Totals, terminalColumns: () => number): string {
  const { columns } = sorted;
  const sizes = options.autosize ? sizeColumns(table, columns, options, terminalColumns()) : new Map<string, number>();
  const formats = columns.map((column) => parseFormat((table.fields[column] as SmemField<unknown>).format, sizes.get(column)));
  const cell = (value: PyValue, i: number): string => {
    const format = formats[i] as Format;
    const shown = format.amount ? showAmount(value, columns[i] === 'swap' ? totals.swap : totals.memory, options) : value;
    return `${pyPad(pyStr(shown), format.width, format.left, format.precision)} `;
  };
  const line = (values: readonly PyValue[]) => values.map(cell).join('');
  const header = columns
    .map((column, i) => {
      const format = formats[i] as Format;
      return `${pyPad((table.fields[column] as SmemField<unknown>).title, format.width, format.left, format.precision)} `;
    })
    .join('');
  const lines: string[] = [];
  if (!options.noHeader) lines.push(header);
  for (const row of sorted.rows) lines.push(line(row));
  if (options.totals) {
    lines.push('-'.repeat(pyLen(header)));
    lines.push(line(columnTotals(table, columns)));
  }
  return lines.map((text) => `${text}\n`).join('');
}
