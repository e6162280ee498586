// Socket addresses: the kernel's hex of /proc/net/* decoded, and the text glibc prints. Expected
// text comes from the C library itself (Python's socket.inet_ntop is glibc's inet_ntop) and from
// Python's ipaddress module.
import { describe, expect, it } from 'vitest';
import { decodeProcAddress, ipText, ipv4Text, ipv6Text, isUnspecified, isV4Mapped, prefixToNetmask } from '../../src/core/net/address.js';
import { runPython } from './python.js';

/** Runs a Python script that prints one answer per line for each input hex string. */
function python(script: string, inputs: readonly string[]): string[] {
  return runPython(script, inputs.join('\n')).trimEnd().split('\n');
}

const bytesOf = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

/**
 * IPv6 addresses that exercise inet_ntop's rules: every pattern of zero and non-zero words (so
 * every position and length of the longest zero run, ties included), and the IPv4-compatible
 * and -mapped shapes with their neighbours.
 */
function ipv6Cases(): string[] {
  const cases: string[] = [];
  for (let pattern = 0; pattern < 256; pattern++) {
    const words = Array.from({ length: 8 }, (_, i) => (pattern & (1 << i) ? [0x1, 0xab, 0x2001, 0xffff][i % 4] : 0) as number);
    cases.push(words.map((word) => word.toString(16).padStart(4, '0')).join(''));
  }
  for (const tail of ['7f000001', '0a000001', '00000001', '00010000', 'ffffffff', '00000000', '01000000']) {
    for (const word5 of ['0000', 'ffff', 'fffe', '0001']) {
      cases.push(`00000000000000000000${word5}${tail}`);
      cases.push(`00000000000000000001${word5}${tail}`);
    }
  }
  return cases;
}

describe('ipv6Text', () => {
  it('prints what glibc inet_ntop prints', () => {
    const cases = ipv6Cases();
    const expected = python(
      'import socket, sys\nfor line in sys.stdin.read().split():\n    print(socket.inet_ntop(socket.AF_INET6, bytes.fromhex(line)))',
      cases,
    );
    expect(cases.map((hex) => ipv6Text(bytesOf(hex)))).toEqual(expected);
  });
});

describe('ipText and ipv4Text', () => {
  it('print 4 bytes dotted and 16 bytes as inet_ntop does', () => {
    expect(ipText(bytesOf('c0a80a01'))).toBe('192.168.10.1');
    expect(ipText(bytesOf('fe800000000000000000000000000001'))).toBe('fe80::1');
    expect(ipv4Text(bytesOf('00000000000000000000ffffc0000201'), 12)).toBe('192.0.2.1');
  });
});

describe('decodeProcAddress', () => {
  // The kernel prints each 32-bit word of the address as it sits in memory, read as a host
  // integer with %08X (net/ipv4/tcp_ipv4.c get_tcp4_sock, net/ipv6/tcp_ipv6.c get_tcp6_sock):
  // on a little-endian machine every group of four bytes appears reversed.
  const kernelHex = (bytes: Uint8Array) => {
    const buffer = Buffer.from(bytes);
    let hex = '';
    for (let at = 0; at < buffer.length; at += 4) hex += buffer.readUInt32LE(at).toString(16).toUpperCase().padStart(8, '0');
    return hex;
  };

  it('gives back the network-order bytes of IPv4 and IPv6 words', () => {
    const samples = ['7f000001', 'c0a80001', '0a0b0c0d', '20010db8000000000000000000000001', 'fe80000000000000021122fffe334455'];
    for (const sample of samples) {
      const bytes = bytesOf(sample);
      expect(decodeProcAddress(kernelHex(bytes))).toEqual(bytes);
    }
    expect(kernelHex(bytesOf('7f000001'))).toBe('0100007F');
  });

  it('reads lower-case hex as sscanf %X does', () => {
    expect([...decodeProcAddress('0101a8c0')]).toEqual([192, 168, 1, 1]);
  });
});

describe('isUnspecified and isV4Mapped', () => {
  const cases = [
    '00000000000000000000000000000000',
    '00000000000000000000000000000001',
    '00000000000000000000ffff7f000001',
    '00000000000000000000ffff00000000',
    '00000000000000000000ff007f000001',
    '0000000000000000000000ff7f000001',
    '00000000000000000001ffff7f000001',
    '01000000000000000000ffff7f000001',
    '0000000000000000000000007f000001',
    '20010db8000000000000ffff7f000001',
  ];

  it('isV4Mapped agrees with ipaddress.IPv6Address.ipv4_mapped', () => {
    const expected = python(
      'import ipaddress, sys\nfor line in sys.stdin.read().split():\n    print(ipaddress.IPv6Address(bytes.fromhex(line)).ipv4_mapped is not None)',
      cases,
    );
    expect(cases.map((hex) => (isV4Mapped(bytesOf(hex)) ? 'True' : 'False'))).toEqual(expected);
  });

  it('isV4Mapped is false for an IPv4 address', () => {
    expect(isV4Mapped(bytesOf('0000ffff'))).toBe(false);
  });

  it('isUnspecified agrees with ipaddress is_unspecified, for IPv4 too', () => {
    const all = [...cases, '00000000', '00000001', '01000000', '7f000001'];
    const expected = python(
      'import ipaddress, sys\nfor line in sys.stdin.read().split():\n    print(ipaddress.ip_address(bytes.fromhex(line)).is_unspecified)',
      all,
    );
    expect(all.map((hex) => (isUnspecified(bytesOf(hex)) ? 'True' : 'False'))).toEqual(expected);
  });
});

describe('prefixToNetmask', () => {
  it('agrees with ipaddress for every prefix length', () => {
    const prefixes = Array.from({ length: 33 }, (_, i) => String(i));
    const expected = python(
      "import ipaddress, sys\nfor line in sys.stdin.read().split():\n    print(ipaddress.IPv4Network('0.0.0.0/' + line).netmask)",
      prefixes,
    );
    expect(prefixes.map((prefix) => prefixToNetmask(Number(prefix)))).toEqual(expected);
  });
});
