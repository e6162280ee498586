// The /proc/net tables read as netstat reads them. Expected records follow the kernel's seq_file
// formats field by field (net/ipv4/tcp_ipv4.c get_tcp4_sock: "%4d: %08X:%04X %08X:%04X %02X
// %08X:%08X %02X:%08lX %08X %5u %8d %lu ...", net/unix/af_unix.c, net/core/net-procfs.c,
// net/ipv6/addrconf.c, net/ipv4/fib_trie.c, net/ipv6/route.c) and net-tools' sscanf rules; live
// sockets of this process are checked against what Node and /proc/self/fd say about them.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIfInet6, parseIpv6Routes, parseNetDev, parseRoutes, parseUnixSockets } from '../../src/core/net/parsers.js';
import { InetTables } from './inet-tables.js';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const bytes = (...values: number[]) => Uint8Array.from(values);

// 192.168.1.10:22 <- 192.168.1.20:50000, ESTABLISHED, 31 bytes queued to send and 42 to read,
// a keepalive timer due in 0xA5B jiffies, 3 retransmits, uid 1000, timeout 7, inode 123456.
const TCP4_LINE = '   5: 0A01A8C0:0016 1401A8C0:C350 01 0000001F:0000002A 02:00000A5B 00000003  1000        7 123456 1 0000000000000000 20 4 30 10 -1';
const TCP4_RECORD = {
  proto: 'tcp',
  family: 4,
  localAddress: bytes(192, 168, 1, 10),
  localPort: 22,
  remoteAddress: bytes(192, 168, 1, 20),
  remotePort: 50000,
  state: 1,
  txQueue: 31,
  rxQueue: 42,
  timerActive: 2,
  timerExpires: 0xa5b,
  retransmits: 3,
  uid: 1000,
  timeout: 7,
  inode: 123456,
};

// [2001:db8::1]:443 listening; each 32-bit word printed from little-endian memory.
const TCP6_LINE = '   0: B80D0120000000000000000001000000:01BB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000000000000 100 0 0 10 0';

describe('inet socket tables', () => {
  const tables = new InetTables();
  afterAll(() => tables.remove());
  it('reads every field of a kernel tcp line', () => {
    const { rows, bogus } = tables.read(HEADER + TCP4_LINE + '\n', 'tcp');
    expect(bogus).toBe(0);
    expect(rows).toEqual([TCP4_RECORD]);
  });

  it('reads the same record when blanks are tabs or doubled (sscanf skips any white space)', () => {
    const loose = TCP4_LINE.replaceAll(' ', '\t').replace('0A01A8C0:0016\t', '0A01A8C0:0016  ');
    expect(tables.read(HEADER + loose + '\n', 'tcp')).toEqual({ rows: [TCP4_RECORD], bogus: 0 });
  });

  it('reads lower-case hex as %X does', () => {
    const lower = TCP4_LINE.replace('0A01A8C0:0016 1401A8C0:C350', '0a01a8c0:0016 1401a8c0:c350').replace('02:00000A5B', '02:00000a5b');
    expect(tables.read(HEADER + lower, 'tcp').rows).toEqual([TCP4_RECORD]);
  });

  it('reads IPv6 words and the protocol given', () => {
    const { rows } = tables.read(HEADER + TCP6_LINE + '\n', 'tcp6');
    expect(rows).toEqual([
      {
        proto: 'tcp6',
        family: 6,
        localAddress: bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
        localPort: 443,
        remoteAddress: new Uint8Array(16),
        remotePort: 0,
        state: 0x0a,
        txQueue: 0,
        rxQueue: 0,
        timerActive: 0,
        timerExpires: 0,
        retransmits: 0,
        uid: 0,
        timeout: 0,
        inode: 777,
      },
    ]);
  });

  it('skips the header and blank lines, and reads a last line without its newline', () => {
    expect(tables.read(HEADER + '\n   \n' + TCP4_LINE, 'tcp')).toEqual({ rows: [TCP4_RECORD], bogus: 0 });
    expect(tables.read(HEADER, 'tcp')).toEqual({ rows: [], bogus: 0 });
    expect(tables.read('', 'udp')).toEqual({ rows: [], bogus: 0 });
  });

  // netstat's tcp_do_one warns "got bogus tcp line" below 11 conversions (through retrnsmt);
  // udp_do_one and raw_do_one below 10 (through tm->when).
  const TEN = '   0: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000';

  it('needs 11 conversions for tcp and 10 for udp and raw', () => {
    expect(tables.read(`${HEADER}${TEN}\n`, 'tcp')).toEqual({ rows: [], bogus: 1 });
    for (const proto of ['udp', 'raw'] as const) {
      const { rows, bogus } = tables.read(`${HEADER}${TEN}\n`, proto);
      expect(bogus).toBe(0);
      expect(rows).toEqual([
        { ...TCP4_RECORD, proto, localAddress: bytes(127, 0, 0, 1), localPort: 53, remoteAddress: bytes(0, 0, 0, 0), remotePort: 0, state: 7, txQueue: 0, rxQueue: 0, timerActive: 0, timerExpires: 0, retransmits: 0, uid: 0, timeout: 0, inode: 0 },
      ]);
    }
    const eleven = tables.read(`${HEADER}${TEN} 00000004\n`, 'tcp');
    expect(eleven.bogus).toBe(0);
    expect(eleven.rows[0]).toMatchObject({ state: 7, retransmits: 4, uid: 0, inode: 0 });
    expect(tables.read(`${HEADER}${TEN.replace(' 00:00000000', '')}\n`, 'udp')).toEqual({ rows: [], bogus: 1 });
  });

  it('counts lines that do not scan as bogus', () => {
    const lines = [
      'garbage',
      '   0: 0100007F 00000000:0000 0A',
      '   0: 0100007F:0035 zz:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1',
      '   x: 0100007F:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1',
      '   0: 0100007F:0035 00000000:0000 0A 00000000 00:00000000 00000000 0 0 1',
    ];
    expect(tables.read(HEADER + lines.join('\n') + '\n', 'tcp')).toEqual({ rows: [], bogus: lines.length });
  });

  it('finds this process own sockets with their ports, states, uid and inodes', async () => {
    const servers: Server[] = [];
    const clients: Socket[] = [];
    try {
      const server = createServer((socket) => clients.push(socket));
      servers.push(server);
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const port = (server.address() as AddressInfo).port;
      const client = createConnection(port, '127.0.0.1');
      clients.push(client);
      await once(client, 'connect');
      const clientPort = client.localPort as number;

      const { rows, bogus } = tables.read(readFileSync('/proc/net/tcp', 'latin1'), 'tcp');
      expect(bogus).toBe(0);
      const loopback = bytes(127, 0, 0, 1);
      const listener = rows.find((row) => row.localPort === port && row.state === 0x0a);
      const outgoing = rows.find((row) => row.localPort === clientPort && row.remotePort === port);
      const incoming = rows.find((row) => row.localPort === port && row.remotePort === clientPort);
      expect(listener).toMatchObject({ family: 4, localAddress: loopback, remoteAddress: bytes(0, 0, 0, 0), remotePort: 0 });
      expect(outgoing).toMatchObject({ state: 1, localAddress: loopback, remoteAddress: loopback });
      expect(incoming).toMatchObject({ state: 1 });
      const uid = process.getuid?.() ?? -1;
      expect([listener?.uid, outgoing?.uid, incoming?.uid]).toEqual([uid, uid, uid]);

      const ours = new Set(
        readdirSync('/proc/self/fd').flatMap((fd) => {
          try {
            const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
            return match ? [Number(match[1])] : [];
          } catch {
            return [];
          }
        }),
      );
      for (const row of [listener, outgoing, incoming]) expect(ours.has(row?.inode ?? -1)).toBe(true);
    } finally {
      for (const client of clients) client.destroy();
      for (const server of servers) server.close();
    }
  });
});

describe('parseUnixSockets', () => {
  // unix_seq_show: "%pK: %08X %08X %08X %04X %02X %5lu" and the path after a space.
  it('reads the hex columns and the decimal inode', () => {
    const text = 'Num       RefCount Protocol Flags    Type St Inode Path\n' + '0000000000000000: 0000001A 000000B0 00010000 0005 03 98765 /run/x.sock\n';
    expect(parseUnixSockets(text)).toEqual({
      rows: [{ refCount: 26, protocol: 176, flags: 0x10000, type: 5, state: 3, inode: 98765, path: '/run/x.sock' }],
      bogus: 0,
      hasInode: true,
    });
  });

  it('has no inode under a header without the Inode column, and counts a line without "Num:" as bogus', () => {
    const text = 'Num       RefCount Protocol Flags    Type St Path\n' + '0000000000000000: 00000002 00000000 00000000 0001 01 4242\n' + '00000000 00000002 00000000 00000000 0001 01 4243\n';
    const { rows, bogus, hasInode } = parseUnixSockets(text);
    expect(hasInode).toBe(false);
    expect(bogus).toBe(1);
    expect(rows).toEqual([{ refCount: 2, protocol: 0, flags: 0, type: 1, state: 1, inode: null, path: '' }]);
  });

  it('counts a line with a column that is not hex as bogus', () => {
    const text = 'Num       RefCount Protocol Flags    Type St Inode Path\n0000000000000000: 00000002 00000000 00000000 0001 zz 5\n';
    expect(parseUnixSockets(text)).toEqual({ rows: [], bogus: 1, hasInode: true });
  });
});

describe('parseNetDev', () => {
  // dev_seq_printf_stats: rx bytes packets errs drop fifo frame compressed multicast, then tx
  // bytes packets errs drop fifo colls carrier compressed.
  it('maps the sixteen counters in the kernel order', () => {
    const text = 'Inter-|   Receive\n face |bytes\n  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n\n';
    expect(parseNetDev(text)).toEqual([
      {
        name: 'eth0',
        counters: {
          rxBytes: 1, rxPackets: 2, rxErrors: 3, rxDropped: 4, rxFifo: 5, rxFrame: 6, rxCompressed: 7, rxMulticast: 8,
          txBytes: 9, txPackets: 10, txErrors: 11, txDropped: 12, txFifo: 13, txCollisions: 14, txCarrier: 15, txCompressed: 16,
        },
      },
    ]);
  });

  it('reads missing or unreadable counters as 0', () => {
    const [entry] = parseNetDev('h\nh\nwlan0:5 x\n');
    expect(entry?.name).toBe('wlan0');
    expect(Object.values(entry?.counters ?? {})).toEqual([5, ...Array<number>(15).fill(0)]);
  });
});

describe('parseIfInet6', () => {
  // if6_seq_show: "%pi6 %02x %02x %02x %02x %8s": ifindex, prefix length, scope and flags in hex.
  it('reads the hex columns and the name', () => {
    expect(parseIfInet6('20010db8000000000000000000000001 1a 40 00 80     eth0\nshort line\n')).toEqual([
      { address: bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), ifindex: 26, prefixLength: 64, scope: 0, flags: 0x80, name: 'eth0' },
    ]);
  });

  it('skips an address that is not 32 hex digits', () => {
    expect(parseIfInet6('20010db800000000000000000000001 01 40 00 80 eth0\n2001:db8::1 01 40 00 80 eth0\n')).toEqual([]);
  });
});

describe('parseRoutes', () => {
  // fib_route_seq_show: "%s\t%08X\t%08X\t%04X\t%d\t%u\t%d\t%08X\t%d\t%u\t%u", addresses as
  // little-endian words; flags in hex, the rest decimal.
  it('reads a route line field by field', () => {
    const text = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n' + 'eth0\t0001A8C0\t0101A8C0\t0013\t2\t30\t100\t00FFFFFF\t1500\t64\t12\n';
    expect(parseRoutes(text)).toEqual([
      { iface: 'eth0', destination: bytes(192, 168, 1, 0), gateway: bytes(192, 168, 1, 1), flags: 0x13, refCount: 2, use: 30, metric: 100, mask: bytes(255, 255, 255, 0), mtu: 1500, window: 64, irtt: 12 },
    ]);
  });

  it('skips the header and short lines', () => {
    expect(parseRoutes('Iface\tDestination\neth0\t00000000\t00000000\t0001\n')).toEqual([]);
  });
});

describe('parseIpv6Routes', () => {
  // ipv6_route_native_seq_show: "%pi6 %02x %pi6 %02x %pi6 %08x %08x %08x %08x %8s", all hex.
  it('reads a route line field by field', () => {
    const text = '20010db8000000000000000000000000 40 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 0000001a 0000002b 00000003     eth0\n';
    expect(parseIpv6Routes(text)).toEqual([
      {
        destination: bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        destinationPrefix: 64,
        source: new Uint8Array(16),
        sourcePrefix: 0,
        nextHop: bytes(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
        metric: 0x400,
        refCount: 0x1a,
        use: 0x2b,
        flags: 3,
        iface: 'eth0',
      },
    ]);
    expect(parseIpv6Routes('00000000000000000000000000000000 00 short\n')).toEqual([]);
  });
});
