// netstat's socket tables as text, byte for byte (netstat.c v2.10): fixed columns with their
// trailing pad, the 23-column address cut, names through NSS unless -n. Names, program labels
// and paths are byte strings (format/bytes.ts), cut and padded by bytes as printf does.
import { ipv4Text, ipv6Text, isUnspecified, isV4Mapped } from '../../core/net/address.js';
import { TCP_STATES } from '../../core/net/connections.js';
import { hostName, networkName, serviceName, type ServiceProto } from '../../core/net/names.js';
import type { InetSocket, UnixSocket } from '../../core/net/parsers.js';
import { userName } from '../../core/users.js';
import { byteString, bytesOf, cutBytes, padBytes } from '../../format/bytes.js';
import { printfFixed } from '../../format/number.js';
import type { NetstatOptions } from './command.js';
import type { Owner, ReportItem } from './collect.js';

/** The part of the options that decides how a row looks. */
export interface RenderContext {
  readonly options: NetstatOptions;
  /** sysconf(_SC_CLK_TCK): TCP timers are in clock ticks. */
  readonly clockTicks: number;
}

function title(kind: string, options: NetstatOptions): string {
  const which = options.all ? '(servers and established)' : options.listening ? '(only servers)' : '(w/o servers)';
  return `Active ${kind} ${which}\n`;
}

export function inetHeader(options: NetstatOptions): string {
  return (
    `${title('Internet connections', options)}Proto Recv-Q Send-Q Local Address           Foreign Address         State      ` +
    `${options.extend > 1 ? ' User       Inode     ' : ''}${options.programs ? ' PID/Program name    ' : ''}${options.timers ? ' Timer' : ''}\n`
  );
}

export function unixHeader(options: NetstatOptions): string {
  return `${title('UNIX domain sockets', options)}Proto RefCnt Flags       Type       State         I-Node  ${options.programs ? ' PID/Program name    ' : ''} Path\n`;
}

/** INET_sprint / INET6_sprint: an address as netstat shows it. */
export function hostText(address: Uint8Array, numeric: boolean): string {
  if (address.length === 4) {
    const dotted = ipv4Text(address);
    if (numeric || isUnspecified(address)) return dotted;
    // net-tools treats an address whose first byte is 0 as a network (netmask 0xffffff00 on LE).
    if (address[0] === 0) return networkName(Buffer.from(address).readUInt32BE(0)) ?? dotted;
    return hostName(address) ?? dotted;
  }
  if (!numeric && isUnspecified(address)) return '[::]';
  const text = numeric ? ipv6Text(address) : (hostName(address) ?? ipv6Text(address));
  return fixV4Address(text, address);
}

/** net-tools' fix_v4_address: an IPv4-mapped address printed with a dotted tail shows as IPv4. */
function fixV4Address(text: string, address: Uint8Array): string {
  if (!isV4Mapped(address)) return text;
  const dot = text.indexOf('.');
  if (dot < 0) return text;
  const colon = text.lastIndexOf(':', dot);
  return colon < 0 ? text : text.slice(colon + 1);
}

/** get_sname: "*" for port 0, the service name unless --numeric-ports, else the number. */
export function portText(port: number, proto: ServiceProto, numeric: boolean): string {
  if (port === 0) return '*';
  return (numeric ? null : serviceName(port, proto)) ?? String(port);
}

/** addr_do_one: "addr:port" (byte strings), cut to 23 bytes unless -W by keeping at most 18 of the port. */
export function endpointText(host: string, port: string, wide: boolean): string {
  if (wide || host.length + port.length <= 22) return `${host}:${port}`;
  const portLength = Math.min(port.length, 18);
  return `${cutBytes(host, 22 - portLength)}:${cutBytes(port, portLength)}`;
}

/** Which services table names a protocol's ports (and which kind of row it is). */
export function servicesOf(proto: string): ServiceProto {
  return proto.startsWith('tcp') ? 'tcp' : proto.startsWith('raw') ? 'raw' : 'udp';
}

/** The -o text of a socket. */
export function timerText(socket: InetSocket, clockTicks: number): string {
  const { timerActive: t, timeout } = socket;
  if (socket.proto.startsWith('tcp')) {
    const names = ['off', 'on', 'keepalive', 'timewait', 'probe'];
    const retr = socket.retransmits;
    if (t === 0) return `off (0.00/${retr}/${timeout})`;
    const secs = printfFixed(socket.timerExpires / clockTicks, 2);
    return `${names[t] ?? `unkn-${t}`} (${secs}/${retr}/${timeout})`;
  }
  // UDP's retransmit count is zeroed before printing; raw keeps it. Both divide by a fixed 100.
  const retr = socket.proto.startsWith('raw') ? socket.retransmits : 0;
  if (t === 0) return `off (0.00/${retr}/${timeout})`;
  const secs = printfFixed(socket.timerExpires / 100, 2);
  return `${t === 1 || t === 2 ? `on${t}` : `unkn-${t}`} (${secs}/${retr}/${timeout})`;
}

/** UDP shows ESTABLISHED or nothing (CLOSE), anything else UNKNOWN; TCP its state name. */
export function stateText(socket: InetSocket): string {
  if (socket.proto.startsWith('udp')) return socket.state === 1 ? 'ESTABLISHED' : socket.state === 7 ? '' : 'UNKNOWN';
  return TCP_STATES[socket.state] ?? '';
}

/** The user column (a byte string): the name NSS gives, as its UTF-8 bytes, or the uid. */
export function userText(uid: number, numeric: boolean): string {
  return numeric ? String(uid) : byteString(Buffer.from(userName(uid)));
}

/** finish_this_one: the -e, -p and -o columns and the newline. */
function finish(uid: number, inode: number, owner: Owner | null, timers: string, options: NetstatOptions): string {
  let out = '';
  if (options.extend > 1) out += ` ${padBytes(userText(uid, options.numericUsers), 10)} ${String(inode).padEnd(10)}`;
  if (options.programs) out += ` ${padBytes(owner?.label ?? '-', 20)}`;
  if (options.timers) out += ` ${timers}`;
  return `${out}\n`;
}

export function inetRow(socket: InetSocket, owner: Owner | null, ctx: RenderContext): string {
  const { options } = ctx;
  const services = servicesOf(socket.proto);
  const endpoint = (address: Uint8Array, port: number) =>
    endpointText(hostText(address, options.numericHosts), portText(port, services, options.numericPorts), options.wide);
  const local = endpoint(socket.localAddress, socket.localPort).padEnd(23);
  const remote = endpoint(socket.remoteAddress, socket.remotePort).padEnd(23);
  const queues = `${String(socket.rxQueue).padStart(6)} ${String(socket.txQueue).padStart(6)}`;
  // TCP and raw print the protocol in 4 columns and two spaces, UDP in 5 and one: the same width.
  const proto = services === 'udp' ? `${socket.proto.padEnd(5)} ` : `${socket.proto.padEnd(4)}  `;
  const state = services === 'raw' ? String(socket.state) : stateText(socket);
  const timers = options.timers ? timerText(socket, ctx.clockTicks) : '';
  return `${proto}${queues} ${local} ${remote} ${state.padEnd(11)}${finish(socket.uid, socket.inode, owner, timers, options)}`;
}

export const UNIX_TYPES: Readonly<Record<number, string>> = { 1: 'STREAM', 2: 'DGRAM', 3: 'RAW', 4: 'RDM', 5: 'SEQPACKET' };
const UNIX_STATES: readonly string[] = ['FREE', '', 'CONNECTING', 'CONNECTED', 'DISCONNECTING'];

export function unixFlagsText(flags: number): string {
  return `[ ${flags & (1 << 16) ? 'ACC ' : ''}${flags & (1 << 17) ? 'W ' : ''}${flags & (1 << 18) ? 'N ' : ''}]`;
}

export function unixStateText(socket: UnixSocket): string {
  if (socket.state === 1) return socket.flags & (1 << 16) ? 'LISTENING' : '';
  return UNIX_STATES[socket.state] ?? 'UNKNOWN';
}

export function unixRow(socket: UnixSocket, hasInode: boolean, owner: Owner | null, options: NetstatOptions): string {
  const proto = socket.protocol === 0 ? 'unix' : '??';
  const type = UNIX_TYPES[socket.type] ?? 'UNKNOWN';
  const inode = hasInode ? String(socket.inode).padEnd(8) : '-       ';
  const program = options.programs ? ` ${padBytes(hasInode ? (owner?.label ?? '-') : '-', 20)}` : '';
  // Without an Inode column the kernel's line has no path either: netstat prints the inode there.
  const path = hasInode ? socket.path : String(socket.inode ?? '');
  return (
    `${proto.padEnd(5)} ${String(socket.refCount).padEnd(6)} ${unixFlagsText(socket.flags).padEnd(11)} ` +
    `${type.padEnd(10)} ${unixStateText(socket).padEnd(13)} ${inode}${program} ${path}\n`
  );
}

/**
 * The stdout bytes of a socket report (diagnostics are written separately), a byte string encoded
 * back to its bytes 64 KiB at a time: one string grown over thousands of rows stays a tree of pieces until it is written, and
 * keeping that tree alive costs the garbage collector more than formatting the rows.
 */
export function renderSockets(items: readonly ReportItem[], ctx: RenderContext): Buffer {
  const chunks: Buffer[] = [];
  let out = '';
  for (const item of items) {
    if (out.length > 1 << 16) {
      chunks.push(bytesOf(out));
      out = '';
    }
    if (item.type === 'inet-title') out += inetHeader(ctx.options);
    else if (item.type === 'unix-title') out += unixHeader(ctx.options);
    else if (item.type === 'groups-title') out += 'IPv6/IPv4 Group Memberships\nInterface       RefCnt Group\n--------------- ------ ---------------------\n';
    else if (item.type === 'group') {
      const { device, refCount, address } = item.group;
      out += `${padBytes(device, 15)} ${String(refCount).padEnd(6)} ${hostText(address, ctx.options.numericHosts)}\n`;
    }
    else if (item.type === 'inet') out += inetRow(item.socket, item.owner, ctx);
    else if (item.type === 'unix') out += unixRow(item.socket, item.hasInode, item.owner, ctx.options);
  }
  chunks.push(bytesOf(out));
  return Buffer.concat(chunks);
}
