// pgrep's output: the count (-c), or each pid (with its name or command line for -l/-a)
// followed by the delimiter, the last one by a newline (output_numlist, output_strlist).
import type { Match } from './collect.js';

export function renderPgrep(matches: readonly Match[], count: boolean, delimiter: string): string {
  if (count) return `${matches.length}\n`;
  return matches.map((m, i) => `${m.text === null ? m.pid : `${m.pid} ${m.text}`}${i === matches.length - 1 ? '\n' : delimiter}`).join('');
}
