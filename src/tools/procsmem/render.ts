// procsmem.py's text: "%-7s %-7s %-30s %7s %7s %7s %7s" rows under a rule of 78 '=', the user cut
// to 7 characters and the command line to 30, sizes in the script's own units.
import { binding } from '../../core/native.js';
import { printfFixed } from '../../format/number.js';
import { encodeText, pyPad } from '../../format/python.js';
import type { ProcsmemRow, ProcsmemTable } from './collect.js';

const SYMBOLS = ['K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];

const PREFIXES = SYMBOLS.map((_, i) => 2 ** ((i + 1) * 10));

/** The script's convert_bytes(): the largest unit the value reaches, with one decimal, else "NB". */
export function convertBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  let unit = 0;
  while (unit + 1 < SYMBOLS.length && bytes >= (PREFIXES[unit + 1] as number)) unit++;
  const prefix = PREFIXES[unit] as number;
  // '%.1f' % (bytes / prefix) on the tenths themselves: for a whole number of bytes below
  // 2^53 / 10, bytes * 10 / prefix is exact (prefix is a power of two), so its fraction decides
  // the rounding, ties to even as Python's float formatting. Anything else goes through printf.
  if (!Number.isInteger(bytes) || bytes * 10 > Number.MAX_SAFE_INTEGER) return `${printfFixed(bytes / prefix, 1)}${SYMBOLS[unit]}`;
  const tenths = (bytes * 10) / prefix;
  let whole = Math.floor(tenths);
  const rest = tenths - whole;
  if (rest > 0.5 || (rest === 0.5 && whole % 2 === 1)) whole++;
  const digit = whole % 10;
  return `${(whole - digit) / 10}.${digit}${SYMBOLS[unit]}`;
}

/** A row; the figures and the pid are ASCII, so padding them counts UTF-16 units as pyPad would count code points. */
function line(pid: string, user: string, cmdline: string, uss: string, pss: string, swap: string, rss: string): string {
  return `${pid.padEnd(7)} ${pyPad(user, 7, true, 7)} ${pyPad(cmdline, 30, true, 30)} ${uss.padStart(7)} ${pss.padStart(7)} ${swap.padStart(7)} ${rss.padStart(7)}\n`;
}

/** One process's line. */
export function procsmemLine(row: ProcsmemRow): string {
  const cmdline = row.cmdline === null ? '' : row.cmdline.join(' ');
  return line(String(row.pid), row.user ?? '', cmdline, convertBytes(row.uss), convertBytes(row.pss), convertBytes(row.swap), convertBytes(row.rss));
}

/**
 * The lines of the report in its order. The addon prints the scanned rows whose command line is
 * ASCII straight from the scan's columns; the others (read again through Process, or with text
 * Python decodes) are made here and inserted where they belong.
 */
export function printRows(table: ProcsmemTable, write: (bytes: Buffer) => void): void {
  const uids = [...new Set(Array.from(table.order.filter((entry) => entry >= 0), (row) => table.uid(row)))];
  const cells = uids.map((uid) => encodeText(pyPad(table.userOf(uid), 7, true, 7)).toString('latin1'));
  const { data, fallback, at } = binding().procsmemLines(table.scan, table.order, [Float64Array.from(uids), cells]);
  let from = 0;
  for (let k = 0; k < fallback.length; k++) {
    const to = at[k] as number;
    write(data.subarray(from, to));
    from = to;
    const entry = fallback[k] as number;
    write(encodeText(procsmemLine(entry >= 0 ? table.row(entry) : (table.reread[~entry] as ProcsmemRow))));
  }
  write(data.subarray(from));
}

/** The table: the header and its rule, then the lines in the order given. */
export function renderProcsmem(lines: readonly string[]): string {
  return `${line('PID', 'User', 'Cmdline', 'USS', 'PSS', 'Swap', 'RSS')}${'='.repeat(78)}\n${lines.join('')}`;
}

/** The closing line, on stderr as the script prints it. */
export const accessDeniedWarning = (count: number): string => (count > 0 ? `warning: access denied for ${count} pids\n` : '');
