// net-tools' lib/interface.c printers, shared by ifconfig and netstat -i (as in net-tools):
// ife_print_long (ifconfig's blocks, netstat -ie) and ife_print_short (ifconfig -s, netstat -i).
// Interface names are byte strings (format/bytes.ts), and so is the text made here.
import { IFF } from '../util/if-flags.js';
import { padBytes } from './bytes.js';

type Counter = 'rxBytes' | 'rxPackets' | 'rxErrors' | 'rxDropped' | 'rxFifo' | 'rxFrame' | 'txBytes' | 'txPackets' | 'txErrors' | 'txDropped' | 'txFifo' | 'txCollisions' | 'txCarrier';

/** What the printers read of an interface: the answers of ifconfig's ioctls and /proc/net/dev's counters. */
export interface InterfaceDetails {
  /** A byte string (format/bytes.ts). */
  readonly name: string;
  readonly flags: number;
  readonly mtu: number;
  /** ARPHRD_* of the link. */
  readonly hwType: number;
  readonly hwAddress: Uint8Array;
  readonly txQueueLen: number | null;
  readonly map: { readonly memStart: number; readonly memEnd: number; readonly baseAddr: number; readonly irq: number; readonly dma: number };
  readonly ipv4: { readonly address: string; readonly netmask: string; readonly broadcast: string; readonly destination: string } | null;
  readonly ipv6: ReadonlyArray<{ readonly address: string; readonly prefixLength: number; readonly scope: number }>;
  readonly counters: Readonly<Record<Counter, number>> | null;
}

/** Flag names in ife_print_long's order. */
const LONG_FLAGS: ReadonlyArray<[number, string]> = [
  [IFF.UP, 'UP'],
  [IFF.BROADCAST, 'BROADCAST'],
  [IFF.DEBUG, 'DEBUG'],
  [IFF.LOOPBACK, 'LOOPBACK'],
  [IFF.POINTOPOINT, 'POINTOPOINT'],
  [IFF.NOTRAILERS, 'NOTRAILERS'],
  [IFF.RUNNING, 'RUNNING'],
  [IFF.NOARP, 'NOARP'],
  [IFF.PROMISC, 'PROMISC'],
  [IFF.ALLMULTI, 'ALLMULTI'],
  [IFF.SLAVE, 'SLAVE'],
  [IFF.MASTER, 'MASTER'],
  [IFF.MULTICAST, 'MULTICAST'],
  [IFF.DYNAMIC, 'DYNAMIC'],
];

/** Flag letters in ife_print_short's order (P appears twice: PROMISC and POINTOPOINT). */
const SHORT_FLAGS: ReadonlyArray<[number, string]> = [
  [IFF.ALLMULTI, 'A'],
  [IFF.BROADCAST, 'B'],
  [IFF.DEBUG, 'D'],
  [IFF.LOOPBACK, 'L'],
  [IFF.MULTICAST, 'M'],
  [IFF.DYNAMIC, 'd'],
  [IFF.PROMISC, 'P'],
  [IFF.NOTRAILERS, 'N'],
  [IFF.NOARP, 'O'],
  [IFF.POINTOPOINT, 'P'],
  [IFF.SLAVE, 's'],
  [IFF.MASTER, 'm'],
  [IFF.RUNNING, 'R'],
  [IFF.UP, 'U'],
];

export function flagNames(flags: number): string[] {
  return LONG_FLAGS.filter(([bit]) => flags & bit).map(([, name]) => name);
}

export function flagLetters(flags: number): string {
  return (flags === 0 ? '[NO FLAGS]' : '') + SHORT_FLAGS.filter(([bit]) => flags & bit).map(([, letter]) => letter).join('');
}

/** ifconfig keeps the flags in a C short: IFF_DYNAMIC (0x8000) makes the printed number negative. */
function shortInt(flags: number): number {
  return flags & 0x8000 ? flags - 0x10000 : flags;
}

/** Hardware types of lib/hw.c that a Linux link can have; anything else prints as "unspec". */
const HW_TYPES: Readonly<Record<number, { name: string; title: string; print: 'ether' | 'none' | 'tunnel' }>> = {
  1: { name: 'ether', title: 'Ethernet', print: 'ether' },
  772: { name: 'loop', title: 'Local Loopback', print: 'none' },
  512: { name: 'ppp', title: 'Point-to-Point Protocol', print: 'none' },
  768: { name: 'tunnel', title: 'IPIP Tunnel', print: 'tunnel' },
  776: { name: 'sit', title: 'IPv6-in-IPv4', print: 'none' },
};

const hex2 = (byte: number) => byte.toString(16).padStart(2, '0');

function hardwareLine(iface: InterfaceDetails): string {
  const hw = HW_TYPES[iface.hwType];
  let text: string;
  if (!hw) {
    // pr_unspec: the 16 bytes of a struct sockaddr's worth, of which ifconfig copied 8.
    const bytes = [...iface.hwAddress.subarray(0, 8), ...Array<number>(8).fill(0)];
    text = `        unspec ${bytes.map((b) => hex2(b).toUpperCase()).join('-')}`;
  } else if (hw.print === 'ether') {
    text = `        ${hw.name} ${[...iface.hwAddress.subarray(0, 6)].map(hex2).join(':')}`;
  } else if (hw.print === 'tunnel') {
    // pr_tunnel (lib/tunnel.c) prints no address at all, only the blank before it.
    text = `        ${hw.name} `;
  } else {
    text = `        ${hw.name}`;
  }
  if (iface.txQueueLen !== null) text += `  txqueuelen ${iface.txQueueLen}`;
  return `${text}  (${hw?.title ?? 'UNSPEC'})\n`;
}

const UNITS: ReadonlyArray<[bigint, string]> = [
  [1125899906842624n, 'PiB'],
  [1099511627776n, 'TiB'],
  [1073741824n, 'GiB'],
  [1048576n, 'MiB'],
  [1024n, 'KiB'],
];

/** "(10.6 MiB)": tenths by truncating integer division, a unit only above (strictly) its size. */
export function shortBytes(bytes: number): string {
  const value = BigInt(bytes);
  let tenths = value * 10n;
  let unit = 'B';
  if (value > 1152921504606846976n) {
    tenths = value / 115292150460684697n;
    unit = 'EiB';
  } else {
    const found = UNITS.find(([size]) => value > size);
    if (found) {
      tenths /= found[0];
      unit = found[1];
    }
  }
  return `${tenths / 10n}.${tenths % 10n} ${unit}`;
}

function scopeText(scope: number): string {
  const words: string[] = [];
  let rest = scope;
  if (rest & 0x80) {
    words.push('compat');
    rest -= 0x80;
  }
  if (rest === 0) words.push('global');
  if (rest & 0x20) words.push('link');
  if (rest & 0x40) words.push('site');
  if (rest & 0x10) words.push('host');
  return words.length ? `<${words.join(',')}>` : '';
}

/** INET6_sprint's fix_v4_address: an IPv4-mapped address ("::ffff:5.6.7.8") shows as IPv4. */
function v4MappedAsIpv4(text: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(text) ? text.slice('::ffff:'.length) : text;
}

/** ife_print_long: one interface's block, ending with its blank line. */
export function interfaceLong(iface: InterfaceDetails): string {
  const names = flagNames(iface.flags);
  let out = `${iface.name}: flags=${shortInt(iface.flags)}<${names.join(',')}>  mtu ${iface.mtu}\n`;
  if (iface.ipv4) {
    out += `        inet ${iface.ipv4.address}  netmask ${iface.ipv4.netmask}`;
    if (iface.flags & IFF.BROADCAST) out += `  broadcast ${iface.ipv4.broadcast}`;
    if (iface.flags & IFF.POINTOPOINT) out += `  destination ${iface.ipv4.destination}`;
    out += '\n';
  }
  for (const address of iface.ipv6) {
    out += `        inet6 ${v4MappedAsIpv4(address.address)}  prefixlen ${address.prefixLength}  scopeid 0x${address.scope.toString(16)}${scopeText(address.scope)}\n`;
  }
  out += hardwareLine(iface);
  const c = iface.counters;
  if (c) {
    out += `        RX packets ${c.rxPackets}  bytes ${c.rxBytes} (${shortBytes(c.rxBytes)})\n`;
    out += `        RX errors ${c.rxErrors}  dropped ${c.rxDropped}  overruns ${c.rxFifo}  frame ${c.rxFrame}\n`;
    out += `        TX packets ${c.txPackets}  bytes ${c.txBytes} (${shortBytes(c.txBytes)})\n`;
    // The single space before "overruns" is net-tools'.
    out += `        TX errors ${c.txErrors}  dropped ${c.txDropped} overruns ${c.txFifo}  carrier ${c.txCarrier}  collisions ${c.txCollisions}\n`;
  }
  const { map } = iface;
  if (map.irq || map.memStart || map.dma || map.baseAddr >= 0x100) {
    out += '        device ';
    if (map.irq) out += `interrupt ${map.irq}  `;
    if (map.baseAddr >= 0x100) out += `base 0x${map.baseAddr.toString(16)}  `;
    if (map.memStart) out += `memory 0x${map.memStart.toString(16)}-${map.memEnd.toString(16)}  `;
    if (map.dma) out += `  dma 0x${map.dma.toString(16)}`;
    out += '\n';
  }
  return `${out}\n`;
}

/** ife_print_short: one row of `netstat -i` / `ifconfig -s`. */
export function interfaceShort(iface: InterfaceDetails): string {
  let out = `${padBytes(iface.name, 15, 15)} ${String(iface.mtu).padStart(5)} `;
  const c = iface.counters;
  if (c) {
    const r = (value: number, width: number) => String(value).padStart(width);
    out += `${r(c.rxPackets, 8)} ${r(c.rxErrors, 6)} ${r(c.rxDropped, 6)} ${String(c.rxFifo).padEnd(6)} `;
    out += `${r(c.txPackets, 8)} ${r(c.txErrors, 6)} ${r(c.txDropped, 6)} ${r(c.txFifo, 6)} `;
  } else {
    out += '     - no statistics available -'.padEnd(56);
  }
  return `${out}${flagLetters(iface.flags)}\n`;
}
