// Network interfaces: every link (up or down) with flags, MTU, hardware address, txqueuelen,
// IPv4 addresses with their labels, IPv6 addresses, counters, speed and duplex; and psutil's
// net_io_counters. Flags and the rest come from the ioctls ifconfig makes (the addon), counters
// from /proc/net/dev, IPv6 from /proc/net/if_inet6.
import { join } from 'node:path';
import type { InterfaceInfo, InterfaceMap } from '../../../native/index.js';
import { errnoCode, strerror } from '../errors.js';
import { binding } from '../native.js';
import { defaultContext, readText, type ContextOption, type ProcfsContext } from '../procfs.js';
import { IFF } from '../../util/if-flags.js';
import { atoi } from '../../util/number.js';
import { ipv6Text } from './address.js';
import { parseIfInet6, parseNetDev, type IfInet6Address, type NetDevCounters } from './parsers.js';

/** /proc/net/dev, or null when it cannot be read (ifconfig then prints no statistics). */
export function readNetDev(ctx: ProcfsContext = defaultContext()): Map<string, NetDevCounters> | null {
  return netDevOrError(ctx).counters;
}

/** /proc/net/dev's counters by interface, or null and the errno error that kept the file from being read. */
export function netDevOrError(ctx: ProcfsContext): { counters: Map<string, NetDevCounters>; error: null } | { counters: null; error: Error } {
  try {
    return { counters: new Map(parseNetDev(readText(join(ctx.proc, 'net/dev'))).map(({ name, counters }) => [name, counters])), error: null };
  } catch (error) {
    if (errnoCode(error) === undefined || !(error instanceof Error)) throw error;
    return { counters: null, error };
  }
}

/**
 * net-tools' if_readlist_proc when /proc/net/dev cannot be opened: it warns, and the listing falls
 * back to SIOCGIFCONF's (interfaces with an IPv4 address), without statistics.
 */
export function netDevWarning(ctx: ProcfsContext, error: Error): string {
  return `Warning: cannot open ${join(ctx.proc, 'net/dev')} (${strerror(error)}). Limited output.\n`;
}

export function readIfInet6(ctx: ProcfsContext = defaultContext()): IfInet6Address[] {
  try {
    return parseIfInet6(readText(join(ctx.proc, 'net/if_inet6')));
  } catch (error) {
    if (errnoCode(error) === undefined) throw error;
    return [];
  }
}

/** psutil's snetio: counts since boot (bytes and packets). */
export interface NetIoCounters {
  /** Bytes sent. */
  bytesSent: number;
  /** Bytes received. */
  bytesRecv: number;
  /** Packets sent. */
  packetsSent: number;
  /** Packets received. */
  packetsRecv: number;
  /** Receive errors, count. */
  errin: number;
  /** Transmit errors, count. */
  errout: number;
  /** Incoming packets dropped. */
  dropin: number;
  /** Outgoing packets dropped. */
  dropout: number;
}

function ioCounters(c: NetDevCounters): NetIoCounters {
  return {
    bytesSent: c.txBytes,
    bytesRecv: c.rxBytes,
    packetsSent: c.txPackets,
    packetsRecv: c.rxPackets,
    errin: c.rxErrors,
    errout: c.txErrors,
    dropin: c.rxDropped,
    dropout: c.txDropped,
  };
}

/** psutil's net_io_counters(): the sum over the interfaces of /proc/net/dev, or with `{ pernic: true }` each by name. */
export function netIoCounters(options?: { pernic?: false } & ContextOption): NetIoCounters;
export function netIoCounters(options: { pernic: true } & ContextOption): Record<string, NetIoCounters>;
export function netIoCounters(options: { pernic?: boolean } & ContextOption = {}): Record<string, NetIoCounters> | NetIoCounters {
  const perNic = [...(readNetDev(options.ctx) ?? new Map<string, NetDevCounters>())].map(([name, c]) => [name, ioCounters(c)] as const);
  if (options.pernic) return Object.fromEntries(perNic);
  const total: NetIoCounters = { bytesSent: 0, bytesRecv: 0, packetsSent: 0, packetsRecv: 0, errin: 0, errout: 0, dropin: 0, dropout: 0 };
  for (const [, c] of perNic) for (const key of Object.keys(total) as Array<keyof NetIoCounters>) total[key] += c[key];
  return total;
}

/** psutil's snicaddr: one address of an interface, as text. */
export interface NetIfAddress {
  /** IPv4, IPv6, or the link layer. */
  family: 'AF_INET' | 'AF_INET6' | 'AF_PACKET';
  /** Dotted IPv4, IPv6 text (link-local ones end in %name, as psutil has them), or the MAC as aa:bb:... */
  address: string;
  /** The netmask as text; null for the link layer. */
  netmask: string | null;
  /** The IPv4 broadcast address, or ff:ff:ff:ff:ff:ff for a link that broadcasts; else null. */
  broadcast: string | null;
  /** The peer of a point-to-point link. */
  ptp: string | null;
}

const FAMILIES: ReadonlyArray<readonly [number, NetIfAddress['family']]> = [
  [2, 'AF_INET'],
  [10, 'AF_INET6'],
  [17, 'AF_PACKET'],
];

/** psutil's net_if_addrs(): every address of every interface (getifaddrs(3)), IPv4, then IPv6, then the link's MAC. */
export function netIfAddrs(): Record<string, NetIfAddress[]> {
  // Gathered in a Map and made an object at the end, so that any name is a key of its own: an
  // interface may be called "constructor" or "__proto__".
  const byName = new Map<string, NetIfAddress[]>();
  const all = binding().getifaddrs();
  for (const [number, family] of FAMILIES) {
    for (const entry of all.filter((a) => a.family === number)) {
      const name = entry.name.split(':')[0] ?? entry.name;
      const address = family === 'AF_INET6' && /^fe80:/i.test(entry.address) ? `${entry.address}%${name}` : entry.address;
      const list = byName.get(name) ?? [];
      list.push({ family, address, netmask: entry.netmask === '' ? null : entry.netmask, broadcast: entry.broadcast, ptp: entry.destination });
      byName.set(name, list);
    }
  }
  return Object.fromEntries(byName);
}

/** psutil's snicstats. */
export interface NetIfStats {
  /** IFF_RUNNING (psutil's test): the link is up and carrying. */
  isup: boolean;
  /** The link's duplex (ETHTOOL_GSET), as far as the driver tells. */
  duplex: 'full' | 'half' | 'unknown';
  /** The link speed in megabits per second (Mb/s); 0 when unknown. */
  speed: number;
  /** The maximum transmission unit, bytes. */
  mtu: number;
  /** The IFF_* flags by psutil's names, comma-separated (up,broadcast,running,multicast). */
  flags: string;
}

/** psutil's names of the IFF_* flags, in bit order. */
const FLAG_NAMES = Object.keys(IFF).map((name) => name.toLowerCase());

/** psutil's net_if_stats(): for each interface of /proc/net/dev, its state from the ioctls ifconfig makes. */
export function netIfStats(options: ContextOption = {}): Record<string, NetIfStats> {
  const entries: Array<[string, NetIfStats]> = [];
  for (const name of readNetDev(options.ctx)?.keys() ?? []) {
    const info = binding().interfaceInfo(name, true);
    if ('errno' in info) continue; // gone since /proc/net/dev listed it
    const flags = Object.values(IFF).flatMap((bit, i) => ((info.flags & bit) !== 0 ? [FLAG_NAMES[i] as string] : []));
    entries.push([name, { isup: (info.flags & IFF.RUNNING) !== 0, duplex: info.duplex ?? 'unknown', speed: info.speed ?? 0, mtu: info.mtu, flags: flags.join(',') }]);
  }
  // Own keys whatever the names (see netIfAddrs).
  return Object.fromEntries(entries);
}

/**
 * net-tools' nstrcmp: names compare as a stem, then the number that ends the stem, then an
 * ":N" alias number ("eth2" < "eth10", "eth0" < "eth0:1" < "eth0:2").
 */
export function nstrcmp(a: string, b: string): number {
  const split = (name: string): [string, string | null] => {
    const alias = /:(\d+)$/.exec(name);
    return alias ? [name.slice(0, alias.index), alias[1] as string] : [name, null];
  };
  const [an, aAlias] = split(a);
  const [bn, bAlias] = split(b);
  const aIndex = an.length - (/\d*$/.exec(an)?.[0].length ?? 0);
  const bIndex = bn.length - (/\d*$/.exec(bn)?.[0].length ?? 0);
  const common = Math.min(aIndex, bIndex);
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const head = cmp(an.slice(0, common), bn.slice(0, common));
  if (head !== 0) return head;
  if (aIndex !== bIndex) return aIndex > bIndex ? 1 : -1;
  // atoi: a number past an int wraps (strtol's long cut to 32 bits), "123456789012345" below 0.
  const av = atoi(an.slice(aIndex));
  const bv = atoi(bn.slice(bIndex));
  if (av !== bv) return av < bv ? -1 : 1;
  const whole = cmp(an, bn);
  if (whole !== 0) return whole;
  const aa = aAlias === null ? -1 : Number.parseInt(aAlias, 10);
  const ba = bAlias === null ? -1 : Number.parseInt(bAlias, 10);
  if (aa !== ba) return aa < ba ? -1 : 1;
  return aAlias !== null && bAlias !== null ? cmp(aAlias, bAlias) : 0;
}

/**
 * Adds NAME to a list kept in ifconfig's order: its cache is an insertion sort from the tail by
 * nstrcmp that drops duplicates.
 */
export function insertSorted(list: string[], name: string): void {
  let at = list.length;
  while (at > 0) {
    const n = nstrcmp(list[at - 1] as string, name);
    if (n === 0) return;
    if (n < 0) break;
    at--;
  }
  list.splice(at, 0, name);
}

/**
 * The names ifconfig and netstat -i walk: /proc/net/dev's interfaces plus every IPv4 address
 * label (SIOCGIFCONF's list, "eth0:1"), in nstrcmp order.
 */
export function interfaceNames(ctx: ProcfsContext = defaultContext(), netDev = readNetDev(ctx)): string[] {
  const names: string[] = [];
  for (const name of netDev?.keys() ?? []) insertSorted(names, name);
  for (const entry of binding().getifaddrs()) if (entry.family === 2) insertSorted(names, entry.name);
  return names;
}

/** What the kernel answers for one interface name (a device or an IPv4 label). */
export interface InterfaceDetails {
  /** The name as the kernel has it, a byte string (format/bytes.ts): names need not be UTF-8. */
  readonly name: string;
  readonly flags: number;
  readonly mtu: number;
  /** ARPHRD_* of the link. */
  readonly hwType: number;
  readonly hwAddress: Buffer;
  /** null when unknown. */
  readonly txQueueLen: number | null;
  readonly map: InterfaceMap;
  /** The address SIOCGIFADDR gives for this name: the first one with this label. */
  readonly ipv4: { address: string; netmask: string; broadcast: string; destination: string } | null;
  readonly ipv6: ReadonlyArray<{ address: string; prefixLength: number; scope: number }>;
  /** From /proc/net/dev; null for alias labels, which have no line there. */
  readonly counters: NetDevCounters | null;
  /** Mb/s, 0 when unknown (ETHTOOL_GSET, as psutil). */
  readonly speed: number;
  readonly duplex: 'full' | 'half' | 'unknown';
}

export class InterfaceError extends Error {
  override name = 'InterfaceError';
  constructor(
    readonly iface: string,
    readonly code: string,
  ) {
    super(`${iface}: ${code}`);
  }
}

export function interfaceDetails(
  name: string,
  ctx: ProcfsContext = defaultContext(),
  netDev = readNetDev(ctx),
  inet6 = readIfInet6(ctx),
): InterfaceDetails {
  const info: InterfaceInfo = binding().interfaceInfo(name, true);
  if ('errno' in info) throw new InterfaceError(name, info.code);
  return {
    name,
    flags: info.flags,
    mtu: info.mtu,
    hwType: info.hwType,
    hwAddress: info.hwAddress,
    txQueueLen: info.txQueueLen < 0 ? null : info.txQueueLen,
    map: info.map,
    ipv4: info.ipv4,
    ipv6: inet6.filter((a) => a.name === name).map((a) => ({ address: ipv6Text(a.address), prefixLength: a.prefixLength, scope: a.scope })),
    counters: netDev?.get(name) ?? null,
    speed: info.speed ?? 0,
    duplex: info.duplex ?? 'unknown',
  };
}
