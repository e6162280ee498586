// Pure parsers of /proc/net/*: text in, records out. Field positions follow the kernel's
// seq_file formats (net/unix/af_unix.c, net/core/net-procfs.c, net/ipv6/addrconf.c,
// net/ipv4/fib_trie.c) and net-tools' sscanf patterns, which skip a bogus line with a warning
// instead of failing. The inet tables (tcp, udp, raw) are read by the addon (columns.ts), whose
// rows are InetSocket records.
import { decodeProcAddress } from './address.js';

export type InetProto = 'tcp' | 'tcp6' | 'udp' | 'udp6' | 'udpl' | 'udpl6' | 'raw' | 'raw6';

/** One line of /proc/net/{tcp,udp,udplite,raw}{,6}. */
export interface InetSocket {
  readonly proto: InetProto;
  readonly family: 4 | 6;
  /** Network-order bytes (4 or 16). */
  readonly localAddress: Uint8Array;
  readonly localPort: number;
  readonly remoteAddress: Uint8Array;
  readonly remotePort: number;
  /** The kernel's TCP state number (01 ESTABLISHED ... 0A LISTEN); raw sockets keep it as a number too. */
  readonly state: number;
  readonly txQueue: number;
  readonly rxQueue: number;
  /** 0 none, 1 retransmit, 2 keepalive, 3 TIME_WAIT, 4 zero-window probe. */
  readonly timerActive: number;
  /** Jiffies until the timer fires. */
  readonly timerExpires: number;
  readonly retransmits: number;
  readonly uid: number;
  readonly timeout: number;
  readonly inode: number;
}

export interface ParsedTable<T> {
  readonly rows: T[];
  /** Lines that did not scan (netstat warns "got bogus ... line" for each). */
  readonly bogus: number;
}

// strtoul saturates at ULONG_MAX: so does a hex or decimal field here, where a double would
// otherwise overflow to Infinity on a line of a few hundred digits.
const ULONG_MAX = 18446744073709551615;
const hex = (text: string | undefined) => Math.min(Number.parseInt(text ?? '', 16), ULONG_MAX);

/** One line of /proc/net/unix. */
export interface UnixSocket {
  readonly refCount: number;
  readonly protocol: number;
  /** __SO_ACCEPTCON (1<<16) marks a listener; net-tools also knows WAITDATA and NOSPACE. */
  readonly flags: number;
  /** SOCK_STREAM 1, SOCK_DGRAM 2, SOCK_RAW 3, SOCK_RDM 4, SOCK_SEQPACKET 5. */
  readonly type: number;
  /** SS_FREE 0, SS_UNCONNECTED 1, SS_CONNECTING 2, SS_CONNECTED 3, SS_DISCONNECTING 4. */
  readonly state: number;
  readonly inode: number | null;
  /** The bound path as netstat's "%s" reads it (up to the first blank), a byte string; abstract names start with "@". */
  readonly path: string;
}

/**
 * /proc/net/unix read as a byte string. Fields are split at C's isspace (sscanf's "%s"), not at
 * JavaScript's \s, which also takes byte 0xa0 (in UTF-8 'à' is c3 a0) for a blank.
 */
export function parseUnixSockets(text: string): ParsedTable<UnixSocket> & { hasInode: boolean } {
  const lines = text.split('\n');
  const hasInode = (lines[0] ?? '').includes('Inode');
  const rows: UnixSocket[] = [];
  let bogus = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const f = line.split(/[ \t\n\v\f\r]+/).filter((field) => field !== '');
    if (f.length === 0) continue;
    const numbers = [f[1], f[2], f[3], f[4], f[5]].map(hex);
    if (!(f[0] ?? '').endsWith(':') || numbers.some((n) => !Number.isFinite(n))) {
      bogus++;
      continue;
    }
    const inode = Number.parseInt(f[6] ?? '', 10);
    const [refCount, protocol, flags, type, state] = numbers as [number, number, number, number, number];
    rows.push({ refCount, protocol, flags, type, state, inode: hasInode && Number.isFinite(inode) ? inode : null, path: f[7] ?? '' });
  }
  return { rows, bogus, hasInode };
}

/** The counters of one /proc/net/dev line. */
export interface NetDevCounters {
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDropped: number;
  rxFifo: number;
  rxFrame: number;
  rxCompressed: number;
  rxMulticast: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDropped: number;
  txFifo: number;
  txCollisions: number;
  txCarrier: number;
  txCompressed: number;
}

const NET_DEV_FIELDS: ReadonlyArray<keyof NetDevCounters> = [
  'rxBytes', 'rxPackets', 'rxErrors', 'rxDropped', 'rxFifo', 'rxFrame', 'rxCompressed', 'rxMulticast',
  'txBytes', 'txPackets', 'txErrors', 'txDropped', 'txFifo', 'txCollisions', 'txCarrier', 'txCompressed',
];

/**
 * The interface name of a /proc/net/dev line, as net-tools' get_name reads it: up to the ':'
 * that ends the name, except that "NAME:DIGITS:" is an alias name kept whole. Returns the name
 * and the rest of the line.
 */
export function netDevName(line: string): [string, string] {
  let at = 0;
  while (at < line.length && /\s/.test(line[at] as string)) at++;
  let name = '';
  while (at < line.length && !/\s/.test(line[at] as string)) {
    if (line[at] === ':') {
      const alias = /^:(\d*):/.exec(line.slice(at));
      if (alias) {
        name += `:${alias[1]}`;
        at += 1 + (alias[1] as string).length;
      }
      return [name, line.slice(at + 1)];
    }
    name += line[at++];
  }
  return [name, line.slice(at)];
}

/** /proc/net/dev in file order. */
export function parseNetDev(text: string): Array<{ name: string; counters: NetDevCounters }> {
  const out: Array<{ name: string; counters: NetDevCounters }> = [];
  for (const line of text.split('\n').slice(2)) {
    if (line.trim() === '') continue;
    const [name, rest] = netDevName(line);
    const values = rest.trim().split(/\s+/).map(Number);
    const counters = {} as NetDevCounters;
    NET_DEV_FIELDS.forEach((field, i) => {
      const value = values[i];
      counters[field] = value !== undefined && Number.isFinite(value) ? value : 0;
    });
    out.push({ name, counters });
  }
  return out;
}

/** One line of /proc/net/if_inet6. */
export interface IfInet6Address {
  readonly address: Uint8Array;
  readonly ifindex: number;
  readonly prefixLength: number;
  /** The kernel's scope bits: 0x00 global, 0x10 host, 0x20 link, 0x40 site, 0x80 v4-compat. */
  readonly scope: number;
  readonly flags: number;
  readonly name: string;
}

// net-tools reads if_inet6 and the routing tables with sscanf and skips a line that converts fewer fields than
// it needs (lib/inet_gr.c, lib/inet6_gr.c: `if (num < N) continue`; ifconfig's if_inet6 scan likewise), so a line whose numbers do
// not read as numbers is skipped here.
const allNumbers = (values: readonly number[]) => values.every(Number.isFinite);

export function parseIfInet6(text: string): IfInet6Address[] {
  const out: IfInet6Address[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || !/^[0-9a-fA-F]{32}$/.test(f[0] as string) || !allNumbers([1, 2, 3, 4].map((n) => hex(f[n])))) continue;
    const address = Uint8Array.from(Buffer.from(f[0] as string, 'hex'));
    out.push({ address, ifindex: hex(f[1]), prefixLength: hex(f[2]), scope: hex(f[3]), flags: hex(f[4]), name: f[5] as string });
  }
  return out;
}

/** One line of /proc/net/route (IPv4 FIB). Addresses are network-order bytes. */
export interface Route4 {
  readonly iface: string;
  readonly destination: Uint8Array;
  readonly gateway: Uint8Array;
  readonly flags: number;
  readonly refCount: number;
  readonly use: number;
  readonly metric: number;
  readonly mask: Uint8Array;
  readonly mtu: number;
  readonly window: number;
  readonly irtt: number;
}

export function parseRoutes(text: string): Route4[] {
  const out: Route4[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 11 || !allNumbers([hex(f[3]), ...[4, 5, 6, 8, 9, 10].map((n) => Number(f[n]))])) continue;
    out.push({
      iface: f[0] as string,
      destination: decodeProcAddress(f[1] as string),
      gateway: decodeProcAddress(f[2] as string),
      flags: hex(f[3]),
      refCount: Number(f[4]),
      use: Number(f[5]),
      metric: Number(f[6]),
      mask: decodeProcAddress(f[7] as string),
      mtu: Number(f[8]),
      window: Number(f[9]),
      irtt: Number(f[10]),
    });
  }
  return out;
}

/** One line of /proc/net/ipv6_route. */
export interface Route6 {
  readonly destination: Uint8Array;
  readonly destinationPrefix: number;
  readonly source: Uint8Array;
  readonly sourcePrefix: number;
  readonly nextHop: Uint8Array;
  readonly metric: number;
  readonly refCount: number;
  readonly use: number;
  readonly flags: number;
  readonly iface: string;
}

const bytesOf = (text: string | undefined) => Uint8Array.from(Buffer.from(text ?? '', 'hex'));

export function parseIpv6Routes(text: string): Route6[] {
  const out: Route6[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !allNumbers([1, 3, 5, 6, 7, 8].map((n) => hex(f[n])))) continue;
    out.push({
      destination: bytesOf(f[0]),
      destinationPrefix: hex(f[1]),
      source: bytesOf(f[2]),
      sourcePrefix: hex(f[3]),
      nextHop: bytesOf(f[4]),
      metric: hex(f[5]),
      refCount: hex(f[6]),
      use: hex(f[7]),
      flags: hex(f[8]),
      iface: f[9] as string,
    });
  }
  return out;
}
