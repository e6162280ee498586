// w --json: jc's w parser fields, one object per row: user, tty, from (null without -f's column
// or for "-"), login_at, idle, jcpu, pcpu, what, each as the column shows it.
import { jsonText } from '../../format/bytes.js';
import type { WOptions } from './command.js';
import type { WRow } from './collect.js';
import { renderRow } from './render.js';

export interface WJson {
  user: string;
  tty: string;
  from: string | null;
  login_at: string | null;
  idle: string;
  jcpu: string | null;
  pcpu: string | null;
  what: string;
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
    return {
      user: jsonText(user),
      tty: jsonText(tty),
      from: from === null || from === '-' ? null : jsonText(from),
      login_at: loginAt,
      idle,
      jcpu,
      pcpu: pcpu === '?' ? null : pcpu,
      what: jsonText(line.slice(at + 1, -1)),
    };
  });
}
