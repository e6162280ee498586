// procsmem.py's text: "%-7s %-7s %-30s %7s %7s %7s %7s" rows under a rule of 78 '=', the user cut
// to 7 characters and the command line to 30, sizes in the script's own units.
import { printfFixed } from '../../format/number.js';
import { pyPad } from '../../format/python.js';
import type { ProcsmemRow } from './collect.js';

const SYMBOLS = ['K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];

/** The script's convert_bytes(): the largest unit the value reaches, with one decimal, else "NB". */
const PREFIXES = SYMBOLS.map((_, i) => 2 ** ((i + 1) * 10));

export function convertBytes(bytes: number): string {
  for (let i = SYMBOLS.length - 1; i >= 0; i--) {
    const prefix = PREFIXES[i] as number;
    if (bytes >= prefix) return `${printfFixed(bytes / prefix, 1)}${SYMBOLS[i]}`;
  }
  return `${bytes}B`;
}

function line(pid: string, user: string, cmdline: string, uss: string, pss: string, swap: string, rss: string): string {
  return `${pyPad(pid, 7, true)} ${pyPad(user, 7, true, 7)} ${pyPad(cmdline, 30, true, 30)} ${pyPad(uss, 7, false)} ${pyPad(pss, 7, false)} ${pyPad(swap, 7, false)} ${pyPad(rss, 7, false)}\n`;
}

export function renderProcsmem(rows: readonly ProcsmemRow[]): string {
  let text = `${line('PID', 'User', 'Cmdline', 'USS', 'PSS', 'Swap', 'RSS')}${'='.repeat(78)}\n`;
  for (const row of rows) {
    const cmdline = row.cmdline === null ? '' : row.cmdline.join(' ');
    text += line(String(row.pid), row.user ?? '', cmdline, convertBytes(row.uss), convertBytes(row.pss), convertBytes(row.swap), convertBytes(row.rss));
  }
  return text;
}

/** The closing line, on stderr as the script prints it. */
export const accessDeniedWarning = (count: number): string => (count > 0 ? `warning: access denied for ${count} pids\n` : '');
