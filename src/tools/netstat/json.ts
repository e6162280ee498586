// netstat --json: jc's `netstat` shape. Sockets carry `kind: "network"` (inet) or "socket" (unix),
// and interface rows `kind: "interface"`. Addresses are never cut (as -W);
// ports are as printed (a service name without -n) plus `*_port_num`; unknown is null. Names and
// paths are bytes: JSON gets them decoded as UTF-8, an invalid sequence as U+FFFD.
import { inetSocketAt, unixSocketAt } from '../../core/net/columns.js';
import { TCP_STATES } from '../../core/net/connections.js';
import type { InetSocket, UnixSocket } from '../../core/net/parsers.js';
import type { InterfaceDetails } from '../../core/net/interfaces.js';
import { jsonText } from '../../format/bytes.js';
import { flagLetters } from '../../format/nettools-interface.js';
import type { NetstatOptions } from './command.js';
import { inetShown, unixShown, type Owner, type ReportItem } from './collect.js';
import { hostText, portText, servicesOf, stateText, timerText, UNIX_TYPES, unixFlagsText, unixStateText, userText, type RenderContext } from './render.js';

export type JsonRow = Record<string, string | number | null>;

function ownerFields(owner: Owner | null, options: NetstatOptions): JsonRow {
  const name = owner ? jsonText(owner.name) : null;
  return options.programs ? { program_name: name, pid: owner?.pid ?? null } : {};
}

type ShownSocket =
  | { readonly kind: 'inet'; readonly socket: InetSocket; readonly owner: Owner | null }
  | { readonly kind: 'unix'; readonly socket: UnixSocket; readonly owner: Owner | null };

/** The shown rows of the report's tables, with their holders. */
function* shownSockets(items: readonly ReportItem[], ctx: RenderContext): Generator<ShownSocket> {
  const { options } = ctx;
  const { inodes, pids, owners } = ctx.holders;
  const firstPid = new Map<number, number>();
  for (let i = 0; i < inodes.length; i++) if (!firstPid.has(inodes[i] as number)) firstPid.set(inodes[i] as number, pids[i] as number);
  const owner = (inode: number | null) => {
    const pid = inode === null ? undefined : firstPid.get(inode);
    return pid === undefined ? null : (owners.get(pid) ?? null);
  };
  for (const item of items) {
    if (item.type === 'inet') {
      for (let i = 0; i < item.table.count; i++) {
        const socket = inetSocketAt(item.table, i, item.proto);
        if (inetShown(socket, options)) yield { kind: 'inet', socket, owner: owner(socket.inode) };
      }
    } else if (item.type === 'unix') {
      for (let i = 0; i < item.table.count; i++) {
        const socket = unixSocketAt(item.table, i);
        if (unixShown(socket, options)) yield { kind: 'unix', socket, owner: item.table.hasInode ? owner(socket.inode) : null };
      }
    }
  }
}

export function socketsJson(items: readonly ReportItem[], ctx: RenderContext): JsonRow[] {
  const { options } = ctx;
  const rows: JsonRow[] = [];
  for (const item of shownSockets(items, ctx)) {
    if (item.kind === 'inet') {
      const s = item.socket;
      const transport = servicesOf(s.proto);
      const state = transport === 'raw' ? String(s.state) : transport === 'tcp' ? (TCP_STATES[s.state] ?? null) : stateText(s) || null;
      rows.push({
        proto: s.proto,
        recv_q: s.rxQueue,
        send_q: s.txQueue,
        local_address: jsonText(hostText(s.localAddress, options.numericHosts)),
        local_port: jsonText(portText(s.localPort, transport, options.numericPorts)),
        local_port_num: s.localPort === 0 ? null : s.localPort,
        foreign_address: jsonText(hostText(s.remoteAddress, options.numericHosts)),
        foreign_port: jsonText(portText(s.remotePort, transport, options.numericPorts)),
        foreign_port_num: s.remotePort === 0 ? null : s.remotePort,
        state,
        ...(options.extend > 1 ? { user: jsonText(userText(s.uid, options.numericUsers)), inode: s.inode } : {}),
        ...ownerFields(item.owner, options),
        ...(options.timers ? { timer: timerText(s, ctx.clockTicks) } : {}),
        kind: 'network',
        transport_protocol: transport,
        network_protocol: s.family === 4 ? 'ipv4' : 'ipv6',
      });
    } else {
      const s = item.socket;
      const flags = unixFlagsText(s.flags).slice(1, -1).trim();
      rows.push({
        proto: s.protocol === 0 ? 'unix' : '??',
        refcnt: s.refCount,
        flags: flags || null,
        type: UNIX_TYPES[s.type] ?? 'UNKNOWN',
        state: unixStateText(s) || null,
        inode: s.inode,
        ...ownerFields(item.owner, options),
        path: s.path ? jsonText(s.path) : null,
        kind: 'socket',
      });
    }
  }
  return rows;
}

export function interfacesJson(list: readonly InterfaceDetails[]): JsonRow[] {
  return list.map((iface) => ({
    kind: 'interface',
    iface: jsonText(iface.name),
    mtu: iface.mtu,
    rx_ok: iface.counters?.rxPackets ?? null,
    rx_err: iface.counters?.rxErrors ?? null,
    rx_drp: iface.counters?.rxDropped ?? null,
    rx_ovr: iface.counters?.rxFifo ?? null,
    tx_ok: iface.counters?.txPackets ?? null,
    tx_err: iface.counters?.txErrors ?? null,
    tx_drp: iface.counters?.txDropped ?? null,
    tx_ovr: iface.counters?.txFifo ?? null,
    flg: flagLetters(iface.flags),
  }));
}
