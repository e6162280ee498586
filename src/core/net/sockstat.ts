// /proc/net/sockstat and sockstat6: `PROTO: key value key value ...` lines (net/ipv4/proc.c
// sockstat_seq_show, net/ipv6/proc.c sockstat6_seq_show).
import { join } from 'node:path';
import { errnoCode } from '../errors.js';
import { readTextAsync, type ProcfsContext } from '../procfs.js';

export interface SockstatFigure {
  /** `sockets`, `TCP`, `UDP6`... as the kernel names the line. */
  readonly protocol: string;
  readonly key: string;
  readonly value: number;
}

export function parseSockstat(text: string): SockstatFigure[] {
  const figures: SockstatFigure[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const words = line.slice(colon + 1).trim().split(/\s+/);
    for (let i = 0; i + 1 < words.length; i += 2) {
      const value = Number(words[i + 1]);
      if (Number.isFinite(value)) figures.push({ protocol: line.slice(0, colon), key: words[i] as string, value });
    }
  }
  return figures;
}

/** Both files' figures; sockstat6 is missing when IPv6 is not built in, and counts as empty. */
export async function readSockstat(ctx: ProcfsContext): Promise<SockstatFigure[]> {
  const v4 = parseSockstat(await readTextAsync(join(ctx.proc, 'net/sockstat')));
  try {
    return v4.concat(parseSockstat(await readTextAsync(join(ctx.proc, 'net/sockstat6'))));
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
    return v4;
  }
}
