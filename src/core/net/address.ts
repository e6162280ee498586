// Socket addresses as /proc/net/* writes them (hex of the kernel's in-memory words) and as the
// classic tools print them (glibc's inet_ntop).

/** 8 hex digits of a little-endian u32 (IPv4) or 32 of four such words (IPv6) -> network-order bytes. */
export function decodeProcAddress(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length >> 1);
  // Each 32-bit word was printed with %08X from host (little-endian) order: reverse its bytes.
  for (let word = 0; word < bytes.length; word += 4) {
    for (let i = 0; i < 4; i++) {
      const at = (word + 3 - i) * 2;
      bytes[word + i] = Number.parseInt(hex.slice(at, at + 2), 16);
    }
  }
  return bytes;
}

export function ipv4Text(bytes: Uint8Array, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/** glibc's inet_ntop(AF_INET6): the first longest run of two or more zero words becomes "::", and
 * an IPv4-compatible or -mapped address ends in dotted form. */
export function ipv6Text(bytes: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  let best = { base: -1, len: 0 };
  let current = { base: -1, len: 0 };
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      current = current.base === -1 ? { base: i, len: 1 } : { base: current.base, len: current.len + 1 };
      if (current.len > best.len) best = current;
    } else {
      current = { base: -1, len: 0 };
    }
  }
  if (best.len < 2) best = { base: -1, len: 0 };
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (best.base !== -1 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff))) {
      return out + ipv4Text(bytes, 12);
    }
    out += (words[i] as number).toString(16);
  }
  if (best.base !== -1 && best.base + best.len === 8) out += ':';
  return out;
}

export function ipText(bytes: Uint8Array): string {
  return bytes.length === 4 ? ipv4Text(bytes) : ipv6Text(bytes);
}

export function isUnspecified(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte === 0);
}

/** ::ffff:0:0/96 */
export function isV4Mapped(bytes: Uint8Array): boolean {
  if (bytes.length !== 16) return false;
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** Dotted netmask of a prefix length. */
export function prefixToNetmask(prefix: number): string {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (mask >>> shift) & 0xff).join('.');
}
