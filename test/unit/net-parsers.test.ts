// Parsers of /proc/net/* and the net-tools formatting rules, on fixed and hostile text.
import { describe, expect, it } from 'vitest';
import { decodeProcAddress, ipv6Text, isV4Mapped, prefixToNetmask } from '../../src/core/net/address.js';
import { insertSorted, nstrcmp } from '../../src/core/net/interfaces.js';
import { netDevName, parseIfInet6, parseNetDev, parseUnixSockets } from '../../src/core/net/parsers.js';
import { InetTables } from './inet-tables.js';
import type { InterfaceDetails } from '../../src/core/net/interfaces.js';
import { flagLetters, flagNames, interfaceShort, shortBytes } from '../../src/format/nettools-interface.js';
import { ifconfigJson } from '../../src/tools/ifconfig/json.js';
import { parseIfconfigCommand } from '../../src/tools/ifconfig/command.js';
import { parseNetstatCommand } from '../../src/tools/netstat/command.js';
import { interfacesJson } from '../../src/tools/netstat/json.js';
import { unixFlagsText } from '../../src/tools/netstat/render.js';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000001 00:00000000 00000000     0        0 108532 1 0000000000000000 100 0 0 10 0
   1: 0100007F:83AE 0100007F:1F90 01 00000000:000003E8 02:00000A5B 00000000  1000        0 108595 2 0000000000000000 20 4 30 10 -1
   2: garbage line
`;

describe('addresses', () => {
  it('decodes the kernel hex of IPv4 and IPv6', () => {
    expect([...decodeProcAddress('0100007F')]).toEqual([127, 0, 0, 1]);
    expect(ipv6Text(decodeProcAddress('B80D0120BBBBAAAADDDDCCCC0100EEEE'))).toBe('2001:db8:aaaa:bbbb:cccc:dddd:eeee:1');
    expect(ipv6Text(decodeProcAddress('00000000000000000000000001000000'))).toBe('::1');
  });

  it('prints as glibc inet_ntop does', () => {
    const v6 = (hex: string) => ipv6Text(Uint8Array.from(Buffer.from(hex, 'hex')));
    expect(v6('00000000000000000000000000000000')).toBe('::');
    expect(v6('00000000000000000000ffff7f000001')).toBe('::ffff:127.0.0.1');
    expect(v6('0000000000000000000000000a000001')).toBe('::10.0.0.1');
    expect(v6('20010db8000000010000000000000001')).toBe('2001:db8:0:1::1');
    expect(v6('20010db8000100000001000000000001')).toBe('2001:db8:1:0:1::1');
    expect(isV4Mapped(Uint8Array.from(Buffer.from('00000000000000000000ffff7f000001', 'hex')))).toBe(true);
    expect(prefixToNetmask(20)).toBe('255.255.240.0');
  });
});

describe('/proc/net parsers', () => {
  it('reads tcp lines and counts a bogus one', () => {
    const tables = new InetTables();
    const { rows, bogus } = tables.read(TCP, 'tcp');
    tables.remove();
    expect(bogus).toBe(1);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ localPort: 0x83ae, remotePort: 8080, state: 1, rxQueue: 1000, timerActive: 2, timerExpires: 0xa5b, uid: 1000, inode: 108595 });
  });

  it('reads unix sockets with abstract names and paths cut at a blank', () => {
    const text = `Num       RefCount Protocol Flags    Type St Inode Path
0000000000000000: 00000002 00000000 00010000 0001 01 107486 /tmp/alice.sock
0000000000000000: 00000002 00000000 00000000 0002 01 110142 @abstract-name
0000000000000000: 00000003 00000000 00000000 0001 03 1120
0000000000000000: 00000002 00000000 00000000 0005 01 5 /tmp/with space
nonsense
`;
    const { rows, bogus, hasInode } = parseUnixSockets(text);
    expect(hasInode).toBe(true);
    expect(bogus).toBe(1);
    expect(rows.map((r) => r.path)).toEqual(['/tmp/alice.sock', '@abstract-name', '', '/tmp/with']);
    expect(unixFlagsText(rows[0]?.flags ?? 0)).toBe('[ ACC ]');
  });

  it('keeps unix paths as bytes, split only at C blanks (0xa0 is none)', () => {
    // /proc/net/unix read as latin1: "voil\xc3\xa0" ends in byte 0xa0, which JavaScript's \s matches.
    const text = `Num       RefCount Protocol Flags    Type St Inode Path
0000000000000000: 00000002 00000000 00010000 0001 01 107486 /tmp/voil\xc3\xa0.sock
0000000000000000: 00000002 00000000 00000000 0002 01 110142 @bad\xff\xfe\xa0tail
0000000000000000: 00000002 00000000 00000000 0001 01 110143 /tmp/a\tb
`;
    expect(parseUnixSockets(text).rows.map((r) => r.path)).toEqual(['/tmp/voil\xc3\xa0.sock', '@bad\xff\xfe\xa0tail', '/tmp/a']);
  });

  it('reads /proc/net/dev names as net-tools does, aliases included', () => {
    expect(netDevName('  eth0: 1 2')).toEqual(['eth0', ' 1 2']);
    expect(netDevName('eth0:1: 5')).toEqual(['eth0:1', ' 5']);
    expect(netDevName('lo:123')).toEqual(['lo', '123']);
    const dev = parseNetDev('h1\nh2\n    lo: 100 2 0 0 0 0 0 0 100 2 0 0 0 0 0 0\n');
    expect(dev[0]).toMatchObject({ name: 'lo', counters: { rxBytes: 100, rxPackets: 2, txPackets: 2 } });
  });

  it('reads if_inet6', () => {
    const [a] = parseIfInet6('fe800000000000000000000000001234 03 40 20 80     ifb0\n');
    expect(a).toMatchObject({ prefixLength: 64, scope: 0x20, name: 'ifb0' });
  });
});

describe('net-tools formatting', () => {
  it('sorts names with nstrcmp', () => {
    expect(nstrcmp('eth2', 'eth10')).toBeLessThan(0);
    expect(nstrcmp('eth0:1', 'eth0:2')).toBeLessThan(0);
    expect(nstrcmp('a1b12', 'a1b2')).toBeGreaterThan(0);
    expect(nstrcmp('eth01', 'eth1')).toBeLessThan(0);
    const list: string[] = [];
    for (const name of ['lo', 'eth10', 'eth2', 'lo:1', 'eth2', 'br0']) insertSorted(list, name);
    expect(list).toEqual(['br0', 'eth2', 'eth10', 'lo', 'lo:1']);
  });

  it('truncates byte units with strict thresholds', () => {
    expect(shortBytes(1024)).toBe('1024.0 B');
    expect(shortBytes(1025)).toBe('1.0 KiB');
    expect(shortBytes(11122491)).toBe('10.6 MiB');
    expect(shortBytes(0)).toBe('0.0 B');
  });

  it('names flags in ifconfig and netstat -i order', () => {
    expect(flagNames(4163)).toEqual(['UP', 'BROADCAST', 'RUNNING', 'MULTICAST']);
    expect(flagLetters(4163)).toBe('BMRU');
    expect(flagLetters(0)).toBe('[NO FLAGS]');
  });

  it('pads an interface name of bytes to 15 bytes in the short table', () => {
    const iface: InterfaceDetails = {
      name: 'caf\xc3\xa9',
      flags: 0x41,
      mtu: 1500,
      hwType: 1,
      hwAddress: Buffer.alloc(8),
      txQueueLen: null,
      map: { memStart: 0, memEnd: 0, baseAddr: 0, irq: 0, dma: 0, port: 0 },
      ipv4: null,
      ipv6: [],
      counters: null,
      speed: 0,
      duplex: 'unknown',
    };
    // "%-15.15s ": 5 bytes of name, 10 spaces, then the separating one.
    expect(interfaceShort(iface).startsWith(`caf\xc3\xa9${' '.repeat(10)}  1500 `)).toBe(true);
    expect(ifconfigJson([{ ...iface, name: 'bad\xff\xfe' }])[0]?.name).toBe('bad\ufffd\ufffd');
    expect(interfacesJson([iface])[0]?.iface).toBe('café');
  });
});

describe('command lines', () => {
  it('parses netstat options as getopt does, with exit 3 for a bad one', () => {
    const command = parseNetstatCommand(['-antpee', '--numeric-ports']);
    expect(command.kind).toBe('run');
    if (command.kind === 'run') expect(command.options).toMatchObject({ all: true, tcp: true, programs: true, extend: 3, numericPorts: true });
    expect(() => parseNetstatCommand(['-Q'])).toThrow(expect.objectContaining({ exitCode: 3 }));
    expect(() => parseNetstatCommand(['-A', 'nope'])).toThrow(expect.objectContaining({ exitCode: 1, text: "Unknown address family `nope'.\n" }));
    const six = parseNetstatCommand(['--ine', '-n']);
    if (six.kind === 'run') expect([...six.options.families]).toEqual(['inet']);
  });

  it('parses ifconfig and refuses configuration', () => {
    expect(parseIfconfigCommand(['-a', '-s', 'eth0'])).toEqual({ kind: 'run', options: { all: true, short: true, verbose: false, json: false, iface: 'eth0' } });
    expect(() => parseIfconfigCommand(['eth0', 'mtu', '1400'])).toThrow(/does not change interfaces/);
    expect(() => parseIfconfigCommand(['-as'])).toThrow(expect.objectContaining({ exitCode: 1 }));
  });
});
