// The SNMP counters and multicast memberships of /proc/net as netstat -s and -g read them:
// the files in the kernel's layouts
// (net/ipv4/proc.c, net/ipv6/proc.c, net/ipv4/igmp.c igmp_mc_seq_show, net/ipv6/mcast.c
// igmp6_mc_seq_show) and net-tools' statistics.c pairing rules.
import { describe, expect, it } from 'vitest';
import { parseIgmp, parseIgmp6, parseSnmp6, parseSnmpGroups } from '../../src/core/net/tables.js';

const MAX = (1n << 64n) - 1n;

describe('parseSnmpGroups', () => {
  it('pairs name and value lines by group, values as unsigned 64-bit', () => {
    const text = 'Ip: Forwarding DefaultTTL\nIp: 2 64\nTcp: RtoAlgorithm MaxConn\nTcp: 1 -1\n';
    expect(parseSnmpGroups(text)).toEqual([
      { group: 'Ip', counters: [['Forwarding', 2n], ['DefaultTTL', 64n]] },
      { group: 'Tcp', counters: [['RtoAlgorithm', 1n], ['MaxConn', MAX]] },
    ]);
  });

  it('skips empty lines before a pair (2.6 kernels start with one)', () => {
    expect(parseSnmpGroups('\nIp: A\nIp: 1\n\nUdp: B\nUdp: 2')).toEqual([
      { group: 'Ip', counters: [['A', 1n]] },
      { group: 'Udp', counters: [['B', 2n]] },
    ]);
  });

  it('reads a counter without a value as 0 and splits names on blanks', () => {
    expect(parseSnmpGroups('IpExt: InNoRoutes\tInTruncatedPkts  InMcastPkts\nIpExt:  5\n')).toEqual([
      { group: 'IpExt', counters: [['InNoRoutes', 5n], ['InTruncatedPkts', 0n], ['InMcastPkts', 0n]] },
    ]);
  });

  it('stops at a pair without its colon, and at a names line without values', () => {
    expect(parseSnmpGroups('Ip: A\nIp: 1\nTcp B\nTcp: 2\nUdp: C\nUdp: 3\n')).toEqual([{ group: 'Ip', counters: [['A', 1n]] }]);
    expect(parseSnmpGroups('Ip: A\nIp 1\n')).toEqual([]);
    expect(parseSnmpGroups('Ip: A\nIp: 1\nTcp: B\n')).toEqual([{ group: 'Ip', counters: [['A', 1n]] }]);
  });
});

describe('parseSnmp6', () => {
  // snmp6_seq_show_item: "%-32s\t%lu\n".
  it('reads name and value pairs in order, skipping blank lines', () => {
    const text = 'Ip6InReceives                   \t1\nIp6InHdrErrors                  \t18446744073709551615\n\nIcmp6OutMsgs\n';
    expect(parseSnmp6(text)).toEqual([
      ['Ip6InReceives', 1n],
      ['Ip6InHdrErrors', MAX],
      ['Icmp6OutMsgs', 0n],
    ]);
  });
});

describe('parseIgmp', () => {
  // The device line is "%d\t%-10s: %5d %7s", the group line "\t\t\t\t%08X %5d %d:%08lX\t\t%d" with
  // the group address as the host-order print of a network-order word.
  const HEADER = 'Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n';

  // netstat copies the name column with %c, so the kernel's padding before the ':' stays.
  it('gives each group the device above it', () => {
    const text = `${HEADER}1\tlo        :     1      V3\n\t\t\t\t010000E0     1 0:00000000\t\t0\n4\teth0      :     2      V3\n\t\t\t\tFB0000E0     3 0:00000000\t\t0\n\t\t\t\t010000E0     1 0:00000000\t\t0\n`;
    expect(parseIgmp(text)).toEqual([
      { type: 'group', group: { device: 'lo        ', refCount: 1, address: Uint8Array.from([224, 0, 0, 1]) } },
      { type: 'group', group: { device: 'eth0      ', refCount: 3, address: Uint8Array.from([224, 0, 0, 251]) } },
      { type: 'group', group: { device: 'eth0      ', refCount: 1, address: Uint8Array.from([224, 0, 0, 1]) } },
    ]);
  });

  it('reads the older layout without the index column', () => {
    const text = 'Device    : Count Querier\tGroup    Users Timer\tReporter\nlo        :     1      V2\n\t\t\t\t010000E0     1 0:00000000\t\t0\n';
    expect(parseIgmp(text)).toEqual([{ type: 'group', group: { device: 'lo        ', refCount: 1, address: Uint8Array.from([224, 0, 0, 1]) } }]);
  });

  it('reports lines that do not scan with their line numbers', () => {
    const text = `${HEADER}1\tlo\n\t\t\t\tnothex\n`;
    expect(parseIgmp(text)).toEqual([
      { type: 'bogus', line: 1, v6: false },
      { type: 'bogus', line: 2, v6: false },
    ]);
  });
});

describe('parseIgmp6', () => {
  // "%-4d %-15s %pi6 %5d %08X %ld", no header.
  it('reads device, group and users', () => {
    const text = '1    lo              ff020000000000000000000000000001     1 0000000C 0\n2    eth0            ff0200000000000000000001ff000001     2 00000004 0\n';
    expect(parseIgmp6(text)).toEqual([
      { type: 'group', group: { device: 'lo', refCount: 1, address: Uint8Array.from([0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]) } },
      { type: 'group', group: { device: 'eth0', refCount: 2, address: Uint8Array.from([0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 1]) } },
    ]);
  });

  it('reports a line that does not scan with its line number', () => {
    expect(parseIgmp6('1    lo              ff020000000000000000000000000001     1 0000000C 0\nnonsense\n')).toEqual([
      { type: 'group', group: { device: 'lo', refCount: 1, address: Uint8Array.from([0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]) } },
      { type: 'bogus', line: 1, v6: true },
    ]);
  });
});
