// Property tests of the /proc/net/* parsers on this machine's own files (cut short, spliced with
// noise) and on noise: rows with no undefined or NaN, bad lines counted as bogus, never a throw.
// netstat -s reads snmp/netstat/snmp6, netstat -g igmp/igmp6, the exporter sockstat/sockstat6.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIfInet6, parseIpv6Routes, parseNetDev, parseRoutes, parseUnixSockets, type InetProto } from '../../src/core/net/parsers.js';
import { InetTables } from './inet-tables.js';
import { parseSockstat } from '../../src/core/net/sockstat.js';
import { parseIgmp, parseIgmp6, parseSnmp6, parseSnmpGroups, type GroupLine } from '../../src/core/net/tables.js';
import { RUNS, expectClean, kernelText } from './fuzz.js';

const net = (name: string) => readFileSync(`/proc/net/${name}`);

// A listening and a connected line of each family, as the kernel prints them, so that the samples
// hold rows even on a machine with no sockets of a kind.
const TCP4 = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 17211 1 0000000000000000 100 0 0 10 0\n';
const TCP6 = '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 17212 1 0000000000000000 100 0 0 10 0\n';

describe('fuzzed /proc/net parsers', () => {
  const protos: InetProto[] = ['tcp', 'tcp6', 'udp', 'udp6', 'raw', 'raw6'];
  it.each(protos)('the inet table reader (%s)', (proto) => {
    const tables = new InetTables();
    const samples = [net(proto), Buffer.from(proto.endsWith('6') ? TCP6 : TCP4)];
    fc.assert(
      fc.property(kernelText(samples), (data) => {
        expectClean(tables.read(data, proto));
      }),
      { numRuns: RUNS },
    );
    tables.remove();
  });

  it('parseUnixSockets', () => {
    fc.assert(
      fc.property(kernelText([net('unix')]), (data) => {
        expectClean(parseUnixSockets(data.toString('latin1')));
      }),
      { numRuns: RUNS },
    );
  });

  it('parseNetDev, parseIfInet6, parseRoutes and parseIpv6Routes', () => {
    fc.assert(
      fc.property(kernelText([net('dev'), net('if_inet6'), net('route'), net('ipv6_route')]), (data) => {
        const text = data.toString('latin1');
        expectClean(parseNetDev(text));
        expectClean(parseIfInet6(text));
        expectClean(parseRoutes(text));
        expectClean(parseIpv6Routes(text));
      }),
      { numRuns: RUNS },
    );
  });

  const U64 = (1n << 64n) - 1n;
  const counterInRange = (value: bigint) => value >= 0n && value <= U64;

  it('parseSnmpGroups of snmp and netstat, parseSnmp6 of snmp6: counters as strtoull reads them', () => {
    fc.assert(
      fc.property(kernelText([net('snmp'), net('netstat'), net('snmp6')]), (data) => {
        const text = data.toString('latin1');
        for (const group of parseSnmpGroups(text)) {
          expectClean(group);
          for (const [name, value] of group.counters) {
            expect(name).not.toBe('');
            expect(counterInRange(value)).toBe(true);
          }
        }
        for (const [name, value] of parseSnmp6(text)) {
          expect(name).not.toBe('');
          expect(counterInRange(value)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  // A device with an index and one group, as the kernel prints them (net/ipv4/igmp.c
  // igmp_mc_seq_show, net/ipv6/mcast.c igmp6_mc_seq_show), for a machine without multicast.
  const IGMP = 'Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n1\tlo        :     1      V3\n\t\t\t\t010000E0     1 0:00000000\t\t0\n';
  const IGMP6 = '1    lo              ff020000000000000000000000000001     1 0000000C 0\n';
  const checkGroups = (lines: GroupLine[], bytes: number) => {
    for (const line of lines) {
      expectClean(line);
      if (line.type === 'group') {
        expect(line.group.address.length).toBe(bytes);
        expect(Number.isInteger(line.group.refCount)).toBe(true);
      } else expect(Number.isInteger(line.line)).toBe(true);
    }
  };

  it('parseIgmp and parseIgmp6: memberships with a 4- or 16-byte address, or bogus lines', () => {
    fc.assert(
      fc.property(kernelText([net('igmp'), net('igmp6'), Buffer.from(IGMP), Buffer.from(IGMP6)]), (data) => {
        const text = data.toString('latin1');
        checkGroups(parseIgmp(text), 4);
        checkGroups(parseIgmp6(text), 16);
      }),
      { numRuns: RUNS },
    );
  });

  it('parseSockstat of sockstat and sockstat6: named, finite figures', () => {
    fc.assert(
      fc.property(kernelText([net('sockstat'), net('sockstat6')]), (data) => {
        for (const figure of parseSockstat(data.toString('latin1'))) {
          expectClean(figure);
          expect(figure.protocol).not.toBe('');
          expect(figure.key).not.toBe('');
        }
      }),
      { numRuns: RUNS },
    );
  });
});
