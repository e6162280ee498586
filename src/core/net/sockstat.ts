// /proc/net/sockstat and sockstat6: `PROTO: key value key value ...` lines (net/ipv4/proc.c
// sockstat_seq_show, net/ipv6/proc.c sockstat6_seq_show).

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
