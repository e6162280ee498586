// Property tests of the /proc/net/* parsers on this machine's own files (cut short, spliced with
// noise) and on noise: rows with no undefined or NaN, bad lines counted as bogus, never a throw.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseIfInet6, parseInetSockets, parseIpv6Routes, parseNetDev, parseRoutes, parseSnmp, parseUnixSockets, type InetProto } from '../../src/core/net/parsers.js';
import { RUNS, expectClean, kernelText } from './fuzz.js';

const net = (name: string) => readFileSync(`/proc/net/${name}`);

// A listening and a connected line of each family, as the kernel prints them, so that the samples
// hold rows even on a machine with no sockets of a kind.
const TCP4 = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 17211 1 0000000000000000 100 0 0 10 0\n';
const TCP6 = '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 17212 1 0000000000000000 100 0 0 10 0\n';

describe('fuzzed /proc/net parsers', () => {
  const protos: InetProto[] = ['tcp', 'tcp6', 'udp', 'udp6', 'raw', 'raw6'];
  it.each(protos)('parseInetSockets(%s)', (proto) => {
    const samples = [net(proto), Buffer.from(proto.endsWith('6') ? TCP6 : TCP4)];
    fc.assert(
      fc.property(kernelText(samples), (data) => {
        expectClean(parseInetSockets(data.toString('latin1'), proto));
      }),
      { numRuns: RUNS },
    );
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

  it('parseSnmp of snmp, snmp6 and netstat', () => {
    fc.assert(
      fc.property(kernelText([net('snmp'), net('netstat'), net('snmp6')]), (data) => {
        expectClean(parseSnmp(data.toString('latin1')));
      }),
      { numRuns: RUNS },
    );
  });
});
