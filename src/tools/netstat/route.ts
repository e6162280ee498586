// netstat -r: the kernel's IPv4 and IPv6 forwarding tables in net-tools 2.10's layouts
// (lib/inet_gr.c, lib/inet6_gr.c): -r (MSS Window irtt), -re (Metric Ref Use), -ree (both).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ipv4Text } from '../../core/net/address.js';
import { hostName, networkName } from '../../core/net/names.js';
import type { Route4, Route6 } from '../../core/net/parsers.js';
import { readIpv6Routes, readRoutes } from '../../core/net/tables.js';
import type { ProcfsContext } from '../../core/procfs.js';
import { cutBytes } from '../../format/bytes.js';
import type { NetstatOptions } from './command.js';
import { hostText } from './render.js';

const RTF = {
  UP: 0x0001, GATEWAY: 0x0002, HOST: 0x0004, REINSTATE: 0x0008, DYNAMIC: 0x0010, MODIFIED: 0x0020, MTU: 0x0040, WINDOW: 0x0080,
  IRTT: 0x0100, REJECT: 0x0200, NOTCACHED: 0x0400, DEFAULT: 0x00010000, ALLONLINK: 0x00020000, ADDRCONF: 0x00040000,
  NONEXTHOP: 0x00200000, EXPIRES: 0x00400000, CACHE: 0x01000000, FLOW: 0x02000000, POLICY: 0x04000000, LOCAL: 0x80000000,
} as const;

export interface RouteReport {
  /** A byte string: interface and NSS names are bytes. */
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** C's "%-Ns" / "%Nd" helpers. */
const left = (text: string | number, width: number) => String(text).padEnd(width);
const right = (text: string | number, width: number) => String(text).padStart(width);
const int32 = (value: number) => value | 0;

/** INET_rresolve: "default"/"*" for 0.0.0.0/0, a host name for a host address, a network name otherwise. */
function inetName(address: Uint8Array, numeric: boolean, mask: number, flags: { asDestination: boolean; host: boolean }): string {
  const dotted = ipv4Text(address);
  if (numeric) return dotted;
  const value = ((address[0] as number) << 24) | ((address[1] as number) << 16) | ((address[2] as number) << 8) | (address[3] as number);
  if (value === 0) return mask === 0 ? (flags.asDestination ? 'default' : '*') : '0.0.0.0';
  const isHost = (value & ~mask) !== 0 || flags.host;
  return (isHost ? hostName(address) : networkName(value >>> 0)) ?? dotted;
}


function ipv4Flags(f: number): string {
  let flags = '';
  if (f & RTF.UP) flags += 'U';
  if (f & RTF.GATEWAY) flags += 'G';
  if (f & RTF.REJECT) flags = '!';
  if (f & RTF.HOST) flags += 'H';
  if (f & RTF.REINSTATE) flags += 'R';
  if (f & RTF.DYNAMIC) flags += 'D';
  if (f & RTF.MODIFIED) flags += 'M';
  if (f & RTF.DEFAULT) flags += 'd';
  if (f & RTF.ALLONLINK) flags += 'a';
  if (f & RTF.ADDRCONF) flags += 'c';
  if (f & RTF.NONEXTHOP) flags += 'o';
  if (f & RTF.EXPIRES) flags += 'e';
  if (f & RTF.CACHE) flags += 'c';
  if (f & RTF.FLOW) flags += 'f';
  if (f & RTF.POLICY) flags += 'p';
  if (f & RTF.LOCAL) flags += 'l';
  if (f & RTF.MTU) flags += 'u';
  if (f & RTF.WINDOW) flags += 'w';
  if (f & RTF.IRTT) flags += 'i';
  if (f & RTF.NOTCACHED) flags += 'n';
  return flags;
}

function ipv4Row(route: Route4, ext: number, numeric: boolean): string {
  const mask = Buffer.from(route.mask).readUInt32BE(0);
  const destination = cutBytes(inetName(route.destination, numeric, mask, { asDestination: true, host: (route.flags & RTF.HOST) !== 0 }), 15);
  const gateway = cutBytes(inetName(route.gateway, numeric, 0xffffff00, { asDestination: false, host: true }), 15);
  const genmask = cutBytes(ipv4Text(route.mask), 15);
  const flags = ipv4Flags(route.flags);
  const reject = (route.flags & RTF.REJECT) !== 0;
  const head = reject ? `${left(destination, 15)} -               ${left(genmask, 15)} ${left(flags, 5)}` : `${left(destination, 15)} ${left(gateway, 15)} ${left(genmask, 15)} ${left(flags, 5)}`;
  if (ext === 1) return reject ? `${head} ${left(route.metric, 6)} -  ${right(route.use, 7)} -\n` : `${head} ${left(route.metric, 6)} ${left(route.refCount, 2)} ${right(route.use, 7)} ${route.iface}\n`;
  if (ext === 2) return reject ? `${head}     - -          - -\n` : `${head} ${right(route.mtu, 5)} ${left(route.window, 5)} ${right(route.irtt, 6)} ${route.iface}\n`;
  if (ext >= 3) {
    if (reject) return `${head} ${left(route.metric, 6)} -  ${right(route.use, 7)} -        -     -      -\n`;
    return `${head} ${left(route.metric, 6)} ${left(route.refCount, 3)} ${right(route.use, 6)} ${left(cutBytes(route.iface, 6), 6)}   ${left(route.mtu, 5)} ${left(route.window, 6)} ${route.irtt}\n`;
  }
  return '';
}

const IPV4_HEADERS: Readonly<Record<number, string>> = {
  1: 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n',
  2: 'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n',
  3: 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt\n',
};

function ipv6Flags(f: number): string {
  let flags = '';
  if (f & RTF.UP) flags += 'U';
  if (f & RTF.REJECT) flags += '!';
  if (f & RTF.GATEWAY) flags += 'G';
  if (f & RTF.HOST) flags += 'H';
  if (f & RTF.DEFAULT) flags += 'D';
  if (f & RTF.ADDRCONF) flags += 'A';
  if (f & RTF.CACHE) flags += 'C';
  if (f & RTF.ALLONLINK) flags += 'a';
  if (f & RTF.EXPIRES) flags += 'e';
  if (f & RTF.MODIFIED) flags += 'm';
  if (f & RTF.NONEXTHOP) flags += 'n';
  if (f & RTF.FLOW) flags += 'f';
  return flags;
}

function ipv6Row(route: Route6, numeric: boolean): string {
  const destination = `${hostText(route.destination, numeric)}/${route.destinationPrefix}`;
  const nextHop = hostText(route.nextHop, numeric);
  return `${left(destination, 30)} ${left(nextHop, 26)} ${left(ipv6Flags(route.flags), 4)} ${left(int32(route.metric), 3)} ${left(int32(route.refCount), 1)} ${right(int32(route.use), 6)} ${route.iface}\n`;
}

/** route_info: each family of the -A list in order; the first failure ends the run. */
export function routeReport(ctx: ProcfsContext, options: NetstatOptions): RouteReport {
  // netstat swaps the meaning of one -e for routes: plain -r is the MSS layout (2), -re the metrics (1).
  const flagExp = options.extend === 2 ? 1 : options.extend === 1 ? 2 : options.extend;
  const ext = flagExp & 3;
  // FLAG_NUM_HOST or FLAG_SYM (-N) both make addresses numeric.
  const numeric = options.numericHosts || options.symbolic;
  const fib = options.fib || !options.cache;
  let stdout = '';
  let stderr = '';
  const names = (options.afname || 'inet').split(',').filter((name) => name !== '');
  for (const name of names) {
    if (name === 'inet') {
      if (fib) {
        const routes = readRoutes(ctx);
        if (routes === null) {
          stderr += '/proc/net/route: No such file or directory\n';
          stdout += 'INET (IPv4) not configured in this system.\n';
          return { stdout, stderr, exitCode: 1 };
        }
        stdout += 'Kernel IP routing table\n';
        stdout += IPV4_HEADERS[Math.min(ext, 3)] ?? '';
        for (const route of routes) if (route.flags & RTF.UP) stdout += ipv4Row(route, ext, numeric);
      }
      if (options.cache) {
        // Since Linux 3.6 /proc/net/rt_cache holds only its header: the title and column header remain.
        if (!existsSync(join(ctx.proc, 'net/rt_cache'))) {
          stderr += '/proc/net/rt_cache: No such file or directory\n';
          stdout += 'INET (IPv4) not configured in this system.\n';
          return { stdout, stderr, exitCode: 1 };
        }
        stdout += 'Kernel IP routing cache\n';
        stdout += CACHE_HEADERS[Math.min(ext, 3)] ?? '';
      }
    } else if (name === 'inet6') {
      const routes = readIpv6Routes(ctx);
      const missing = () => {
        stderr += '/proc/net/ipv6_route: No such file or directory\n';
        stdout += 'INET6 (IPv6) not configured in this system.\n';
        return { stdout, stderr, exitCode: 1 };
      };
      const table = (cache: boolean) => {
        stdout += cache ? 'Kernel IPv6 routing cache\n' : 'Kernel IPv6 routing table\n';
        stdout += 'Destination                    Next Hop                   Flag Met Ref  Use If\n';
        for (const route of routes ?? []) if (((route.flags & RTF.CACHE) !== 0) === cache) stdout += ipv6Row(route, numeric);
      };
      if (fib) {
        if (routes === null) return missing();
        table(false);
      }
      // No /proc/net/ndisc on Linux: -C falls back to the cache entries of the route file.
      if (options.cache) {
        if (routes === null) return missing();
        table(true);
      }
    } else {
      const known = UNSUPPORTED[name];
      if (known) return { stdout: stdout + known[1], stderr: stderr + known[0], exitCode: 1 };
      return { stdout, stderr: `${stderr}No routing for address family \`${name}'.\n`, exitCode: 3 };
    }
  }
  return { stdout, stderr, exitCode: 0 };
}

const CACHE_HEADERS: Readonly<Record<number, string>> = {
  1: 'Source          Destination     Gateway         Flags Metric Ref    Use Iface\n',
  2: 'Source          Destination     Gateway         Flags   MSS Window  irtt Iface\n',
  3: 'Source          Destination     Gateway         Flags Metric Ref    Use Iface    MSS   Window irtt  TOS HHRef HHUptod     SpecDst\n',
};

/** Families whose route printers read files this kernel never has: [stderr, stdout] of net-tools. */
const UNSUPPORTED: Readonly<Record<string, readonly [string, string]>> = {
  ax25: ['/proc/net/ax25_route: No such file or directory\n', 'AX.25 not configured in this system.\n'],
  ipx: ['No such file or directory\n', 'IPX routing not in file /proc/net/ipx/route or /proc/net/ipx_route found.\n'],
  netrom: ['/proc/net/nr_nodes: No such file or directory\n/proc/net/nr_neigh: Invalid argument\n', 'NET/ROM not configured in this system.\n'],
  rose: ['/proc/net/rose_nodes: No such file or directory\nROSE not configured in this system.\n', ''],
  ddp: ['Error opening /proc/net/atalk_route: No such file or directory\nDDP (AppleTalk) not configured on this system.\n', ''],
  x25: ['', 'X.25 not configured in this system.\n'],
};
