// w --json: jc's w parser fields, one object per row: user, tty, from, login_at, idle, jcpu,
// pcpu, what, each as the column shows it; null for a column not shown, for "-" (jc's rule) and
// for PCPU's "?".
import { jsonText } from '../../format/bytes.js';
import type { WOptions } from './command.js';
import type { WRow } from './collect.js';
import { renderRow } from './render.js';

export interface WJson {
  user: string | null;
  tty: string | null;
  from: string | null;
  login_at: string | null;
  idle: string | null;
  jcpu: string | null;
  pcpu: string | null;
  what: string | null;
}

export function wJson(rows: readonly WRow[], options: WOptions, hertz: number, now: number): WJson[] {
  // The columns are cut from the classic row: the same widths, so the same text.
  const wide = { ...options, maxCommand: Number.MAX_SAFE_INTEGER };
  return rows.map((row) => {
    const line = renderRow(row, wide, hertz, now);
    let at = 0;
    const take = (width: number) => line.slice(at, (at += width)).trim();
    const user = take(options.userLength + 1);
    const tty = take(9);
    const from = options.from ? take(options.fromLength) : null;
    const loginAt = options.longForm ? take(8) : null;
    const idle = take(7);
    const jcpu = options.longForm ? take(7) : null;
    const pcpu = options.longForm ? take(7) : null;
    const text = (column: string | null) => (column === null || column === '-' ? null : jsonText(column));
    return {
      user: text(user),
      tty: text(tty),
      from: text(from),
      login_at: text(loginAt),
      idle: text(idle),
      jcpu: text(jcpu),
      pcpu: pcpu === '?' ? null : text(pcpu),
      what: text(line.slice(at + 1, -1)),
    };
  });
}
