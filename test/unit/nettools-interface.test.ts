// net-tools' interface printers (lib/interface.c ife_print_long and ife_print_short, lib/hw.c),
// on interfaces shaped like the kernel reports them. Expected lines follow those printf formats:
// "%s: flags=%d<...>  mtu %d", "        inet %s  netmask %s  broadcast %s", "        inet6 %s
// prefixlen %d  scopeid 0x%x<...>", "        %s %s  txqueuelen %d  (%s)", the RX/TX lines with
// "(%lu.%lu %s)", "        device interrupt %d  memory 0x%lx-%lx  ", and "%-15.15s %5d %8llu ...".
import { describe, expect, it } from 'vitest';
import type { InterfaceDetails } from '../../src/core/net/interfaces.js';
import type { NetDevCounters } from '../../src/core/net/parsers.js';
import { flagLetters, flagNames, interfaceLong, interfaceShort, shortBytes } from '../../src/format/nettools-interface.js';

const NO_MAP = { memStart: 0, memEnd: 0, baseAddr: 0, irq: 0, dma: 0, port: 0 };

const counters = (values: Partial<NetDevCounters> = {}): NetDevCounters => ({
  rxBytes: 0, rxPackets: 0, rxErrors: 0, rxDropped: 0, rxFifo: 0, rxFrame: 0, rxCompressed: 0, rxMulticast: 0,
  txBytes: 0, txPackets: 0, txErrors: 0, txDropped: 0, txFifo: 0, txCollisions: 0, txCarrier: 0, txCompressed: 0,
  ...values,
});

const iface = (values: Partial<InterfaceDetails>): InterfaceDetails => ({
  name: 'eth0', flags: 0, mtu: 1500, hwType: 1, hwAddress: Buffer.alloc(0), txQueueLen: null, map: NO_MAP, ipv4: null, ipv6: [], counters: null, speed: 0, duplex: 'unknown',
  ...values,
});

const ETH0 = iface({
  flags: 4163,
  hwAddress: Buffer.from([0x02, 0x42, 0xac, 0x11, 0x00, 0x02, 0xff, 0xff]),
  txQueueLen: 1000,
  ipv4: { address: '10.0.0.2', netmask: '255.255.255.0', broadcast: '10.0.0.255', destination: '10.0.0.2' },
  ipv6: [{ address: 'fe80::42:acff:fe11:2', prefixLength: 64, scope: 0x20 }, { address: '2001:db8::2', prefixLength: 48, scope: 0 }],
  counters: counters({ rxPackets: 12, rxBytes: 11122491, rxErrors: 1, rxDropped: 2, rxFifo: 3, rxFrame: 4, txPackets: 5, txBytes: 1025, txErrors: 6, txDropped: 7, txFifo: 8, txCarrier: 9, txCollisions: 10 }),
});

describe('interfaceLong (ife_print_long)', () => {
  it('prints an Ethernet block with addresses and statistics', () => {
    expect(interfaceLong(ETH0)).toBe(
      'eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n' +
        '        inet 10.0.0.2  netmask 255.255.255.0  broadcast 10.0.0.255\n' +
        '        inet6 fe80::42:acff:fe11:2  prefixlen 64  scopeid 0x20<link>\n' +
        '        inet6 2001:db8::2  prefixlen 48  scopeid 0x0<global>\n' +
        '        ether 02:42:ac:11:00:02  txqueuelen 1000  (Ethernet)\n' +
        '        RX packets 12  bytes 11122491 (10.6 MiB)\n' +
        '        RX errors 1  dropped 2  overruns 3  frame 4\n' +
        '        TX packets 5  bytes 1025 (1.0 KiB)\n' +
        '        TX errors 6  dropped 7 overruns 8  carrier 9  collisions 10\n' +
        '\n',
    );
  });

  it('prints the loopback: no broadcast without IFF_BROADCAST, host scope, no hardware address', () => {
    const lo = iface({
      name: 'lo', flags: 73, mtu: 65536, hwType: 772, txQueueLen: 1000,
      ipv4: { address: '127.0.0.1', netmask: '255.0.0.0', broadcast: '0.0.0.0', destination: '127.0.0.1' },
      ipv6: [{ address: '::1', prefixLength: 128, scope: 0x10 }],
      counters: counters(),
    });
    expect(interfaceLong(lo)).toBe(
      'lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n' +
        '        inet 127.0.0.1  netmask 255.0.0.0\n' +
        '        inet6 ::1  prefixlen 128  scopeid 0x10<host>\n' +
        '        loop  txqueuelen 1000  (Local Loopback)\n' +
        '        RX packets 0  bytes 0 (0.0 B)\n' +
        '        RX errors 0  dropped 0  overruns 0  frame 0\n' +
        '        TX packets 0  bytes 0 (0.0 B)\n' +
        '        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n' +
        '\n',
    );
  });

  it('prints a point-to-point link: destination, an unknown hardware type as 16 unspec bytes', () => {
    const tun = iface({
      name: 'tun0', flags: 4305, hwType: 65534, hwAddress: Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), txQueueLen: 500,
      ipv4: { address: '10.8.0.1', netmask: '255.255.255.255', broadcast: '0.0.0.0', destination: '10.8.0.2' },
    });
    expect(interfaceLong(tun)).toBe(
      'tun0: flags=4305<UP,POINTOPOINT,RUNNING,NOARP,MULTICAST>  mtu 1500\n' +
        '        inet 10.8.0.1  netmask 255.255.255.255  destination 10.8.0.2\n' +
        '        unspec 01-02-03-04-05-06-07-08-00-00-00-00-00-00-00-00  txqueuelen 500  (UNSPEC)\n' +
        '\n',
    );
  });

  it('prints ppp, sit and IPIP tunnels by their hardware names, without txqueuelen when unknown', () => {
    expect(interfaceLong(iface({ name: 'ppp0', flags: 0x11, hwType: 512 })).split('\n')[1]).toBe('        ppp  (Point-to-Point Protocol)');
    expect(interfaceLong(iface({ name: 'sit0', flags: 0x80, hwType: 776, txQueueLen: 1000 })).split('\n')[1]).toBe('        sit  txqueuelen 1000  (IPv6-in-IPv4)');
    // pr_tunnel (lib/tunnel.c) prints no address, whatever the link's: only the blank before it.
    expect(interfaceLong(iface({ name: 'tunl0', flags: 0x80, hwType: 768, hwAddress: Buffer.from([192, 0, 2, 1]) })).split('\n')[1]).toBe('        tunnel   (IPIP Tunnel)');
  });

  it('prints the device line for an interrupt, a base address from 0x100, memory and DMA', () => {
    const line = (map: Partial<typeof NO_MAP>) => interfaceLong(iface({ map: { ...NO_MAP, ...map } })).split('\n')[2];
    expect(line({ irq: 17, memStart: 0xfe9e0000, memEnd: 0xfea00000 })).toBe('        device interrupt 17  memory 0xfe9e0000-fea00000  ');
    expect(line({ baseAddr: 0x300, dma: 3 })).toBe('        device base 0x300    dma 0x3');
    expect(line({ baseAddr: 0xff })).toBe('');
  });

  it('prints IFF_DYNAMIC as ifconfig does with its short flags: a negative number', () => {
    expect(interfaceLong(iface({ flags: 0x8000 | 4163 })).split('\n')[0]).toBe('eth0: flags=-28605<UP,BROADCAST,RUNNING,MULTICAST,DYNAMIC>  mtu 1500');
  });
});

describe('interfaceShort (ife_print_short)', () => {
  it('prints the statistics row, the name cut to 15 bytes', () => {
    expect(interfaceShort(ETH0)).toBe('eth0             1500       12      1      2 3             5      6      7      8 BMRU\n');
    expect(interfaceShort(iface({ name: 'a-very-long-interface', flags: 0, counters: null }))).toBe(`a-very-long-int  1500 ${'     - no statistics available -'.padEnd(56)}[NO FLAGS]\n`);
  });
});

describe('flags', () => {
  it('names every flag in ife_print_long order and letters them in ife_print_short order', () => {
    const all = 0xffff;
    expect(flagNames(all)).toEqual(['UP', 'BROADCAST', 'DEBUG', 'LOOPBACK', 'POINTOPOINT', 'NOTRAILERS', 'RUNNING', 'NOARP', 'PROMISC', 'ALLMULTI', 'SLAVE', 'MASTER', 'MULTICAST', 'DYNAMIC']);
    expect(flagLetters(all)).toBe('ABDLMdPNOPsmRU');
  });
});

describe('shortBytes', () => {
  it('moves to a unit only strictly above its size, up to EiB', () => {
    expect(shortBytes(1048576)).toBe('1024.0 KiB');
    expect(shortBytes(1048577)).toBe('1.0 MiB');
    expect(shortBytes(1073741825)).toBe('1.0 GiB');
    expect(shortBytes(2 ** 40 + 1)).toBe('1.0 TiB');
    expect(shortBytes(2 ** 50 + 2 ** 49)).toBe('1.5 PiB');
    expect(shortBytes(2 ** 60)).toBe('1024.0 PiB');
    expect(shortBytes(2 ** 61)).toBe('2.0 EiB');
  });
});
