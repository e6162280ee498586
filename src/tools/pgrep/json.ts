// pgrep --json: the selected pids as a list of numbers; with -l objects {pid, name}, with -a
// {pid, cmdline}; with -c the count as a number.
import { jsonText } from '../../format/bytes.js';
import type { Match } from './collect.js';

export type PgrepJson = number | number[] | Array<{ pid: number; name: string }> | Array<{ pid: number; cmdline: string }>;

export function pgrepJson(matches: readonly Match[], options: { count: boolean; listName: boolean; listFull: boolean }): PgrepJson {
  if (options.count) return matches.length;
  if (options.listFull) return matches.map((m) => ({ pid: m.pid, cmdline: jsonText(m.text ?? '') }));
  if (options.listName) return matches.map((m) => ({ pid: m.pid, name: jsonText(m.text ?? '') }));
  return matches.map((m) => m.pid);
}
