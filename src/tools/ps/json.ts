// ps --json: one object per row, keyed as jc's ps parser keys the header ("%CPU" -> cpu_percent,
// "USER" -> user), numbers as numbers, null where ps prints "-" (or "?" for a terminal).
import type { Cut } from '../../format/escape.js';
import type { Column } from './command.js';
import type { FormatSpec, PrintContext } from './formats.js';
import type { Line } from './collect.js';

/** jc's key for a header; later duplicates get _2, _3... */
export function jsonKeys(columns: readonly Column[]): string[] {
  const seen = new Map<string, number>();
  return columns.map((column) => {
    const base =
      column.name
        .toLowerCase()
        .replace(/^%(.*)$/, '$1_percent')
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_|_$/g, '') || 'column';
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}_${count}`;
  });
}

function jsonValue(column: Column, printed: string): string | number | null {
  if (printed === '-' || (printed === '?' && column.format?.justify === 'left')) return null;
  if (column.format?.justify === 'right' && /^-?\d+(\.\d+)?$/.test(printed)) return Number(printed);
  return printed;
}

export function psJson(shown: readonly Column[], lines: readonly Line[], context: PrintContext): Array<Record<string, string | number | null>> {
  // The text of an AIX format ("%p : %c") only spaces the columns: it is no field.
  const columns = shown.filter((column): column is Column & { readonly format: FormatSpec } => column.format !== null);
  const keys = jsonKeys(columns);
  return lines.map(({ row, forestPrefix }) => {
    const out: Record<string, string | number | null> = {};
    columns.forEach((column, i) => {
      const printed: string | Cut = column.format.print(row, { ...context, forestPrefix, maxRightward: 1 << 17 });
      out[keys[i] as string] = jsonValue(column, (typeof printed === 'string' ? printed : printed.text).trim());
    });
    return out;
  });
}
