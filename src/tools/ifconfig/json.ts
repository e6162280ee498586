// ifconfig --json: jc's `ifconfig` shape, one object per interface shown. The legacy single-address
// fields hold the primary IPv4 address and the last IPv6 address, as jc's do; every address is
// in `ipv4` / `ipv6`. Counters are null for alias labels, which have none. Names are bytes: JSON
// gets them decoded as UTF-8, an invalid sequence as U+FFFD.
import type { InterfaceDetails } from '../../core/net/interfaces.js';
import { jsonText } from '../../format/bytes.js';
import { flagNames } from '../../format/nettools-interface.js';

const TYPES: Readonly<Record<number, string>> = { 1: 'Ethernet', 772: 'Local Loopback', 512: 'Point-to-Point Protocol', 768: 'IPIP Tunnel', 776: 'IPv6-in-IPv4' };

function scopeName(scope: number): string {
  const base = scope & ~0x80;
  return base === 0 ? 'global' : base & 0x20 ? 'link' : base & 0x40 ? 'site' : base & 0x10 ? 'host' : String(base);
}

export function ifconfigJson(list: readonly InterfaceDetails[]): Array<Record<string, unknown>> {
  return list.map((iface) => {
    const c = iface.counters;
    const ipv6 = iface.ipv6.map((a) => ({ address: a.address, mask: a.prefixLength, scope: `0x${a.scope.toString(16)}`, type: scopeName(a.scope) }));
    const last = ipv6[ipv6.length - 1];
    return {
      name: jsonText(iface.name),
      flags: iface.flags,
      state: flagNames(iface.flags),
      mtu: iface.mtu,
      type: TYPES[iface.hwType] ?? 'UNSPEC',
      mac_addr: iface.hwType === 1 ? [...iface.hwAddress.subarray(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join(':') : null,
      ipv4_addr: iface.ipv4?.address ?? null,
      ipv4_mask: iface.ipv4?.netmask ?? null,
      ipv4_bcast: iface.ipv4 && iface.flags & 0x2 ? iface.ipv4.broadcast : null,
      ipv6_addr: last?.address ?? null,
      ipv6_mask: last?.mask ?? null,
      ipv6_scope: last?.scope ?? null,
      ipv6_type: last?.type ?? null,
      metric: null,
      rx_packets: c?.rxPackets ?? null,
      rx_bytes: c?.rxBytes ?? null,
      rx_errors: c?.rxErrors ?? null,
      rx_dropped: c?.rxDropped ?? null,
      rx_overruns: c?.rxFifo ?? null,
      rx_frame: c?.rxFrame ?? null,
      tx_packets: c?.txPackets ?? null,
      tx_bytes: c?.txBytes ?? null,
      tx_errors: c?.txErrors ?? null,
      tx_dropped: c?.txDropped ?? null,
      tx_overruns: c?.txFifo ?? null,
      tx_carrier: c?.txCarrier ?? null,
      tx_collisions: c?.txCollisions ?? null,
      txqueuelen: iface.txQueueLen,
      ipv4: iface.ipv4
        ? [{ address: iface.ipv4.address, mask: iface.ipv4.netmask, broadcast: iface.flags & 0x2 ? iface.ipv4.broadcast : null }]
        : [],
      ipv6,
    };
  });
}
