// Lines of /proc/PID/maps and /proc/PID/smaps, parsed as procps' pmap scans them with sscanf:
// a mapping line "START-END PERMS OFFSET MAJOR:MINOR INODE [NAME]" (hex, hex, text, hex, hex:hex,
// decimal), smaps' "Key:   N kB" detail lines and the "VmFlags: rd wr ..." line. Addresses are
// 64-bit, so they stay bigint. Text is a latin1 byte string.

export interface MapsLine {
  readonly start: bigint;
  readonly end: bigint;
  readonly perms: string;
  readonly offset: bigint;
  readonly major: number;
  readonly minor: number;
  readonly inode: bigint;
}

/** sscanf("%lx-%lx %31s %llx %x:%x %llu"); null when not even the range scans. */
export function parseMapsLine(line: string): MapsLine | null {
  const match = /^\s*([0-9a-fA-F]+)-([0-9a-fA-F]+)\s+(\S{1,31})?\s*([0-9a-fA-F]+)?\s*(?:([0-9a-fA-F]+):([0-9a-fA-F]+))?\s*(\d+)?/.exec(line);
  if (!match) return null;
  const hex = (text: string | undefined) => (text === undefined ? 0n : BigInt(`0x${text}`));
  return {
    start: hex(match[1]),
    end: hex(match[2]),
    perms: match[3] ?? '',
    offset: hex(match[4]),
    major: match[5] === undefined ? 0 : parseInt(match[5], 16),
    minor: match[6] === undefined ? 0 : parseInt(match[6], 16),
    inode: match[7] === undefined ? 0n : BigInt(match[7]),
  };
}

/** A mapping line of smaps as text fields (pmap -X prints them as read). */
export interface SmapsMappingText {
  readonly start: string;
  readonly end: string;
  readonly perms: string;
  readonly offset: string;
  readonly device: string;
  readonly inode: string;
  /** The name after the inode (at most 127 bytes), or "" for an anonymous mapping. */
  readonly name: string;
}

/**
 * sscanf("%20[0-9a-f]-%20[0-9a-f] %31s %20[0-9a-f] %63[0-9a-f:] %20s %127[^\n]"): null unless
 * the fields up to the inode scan.
 */
export function parseSmapsMapping(line: string): SmapsMappingText | null {
  const match = /^([0-9a-f]{1,20})-([0-9a-f]{1,20})\s*(\S{1,31})\s*([0-9a-f]{1,20})\s*([0-9a-f:]{1,63})\s*(\S{1,20})[ \t\v\f\r]*([^\n]{0,127})/.exec(line);
  if (!match) return null;
  const [, start = '', end = '', perms = '', offset = '', device = '', inode = '', name = ''] = match;
  return { start, end, perms, offset, device, inode, name };
}

/** sscanf("%31[^:]: %20[0-9] kB %c") with its two conversions: a smaps detail "Key: N", or null. */
export function parseSmapsDetail(line: string): { key: string; value: string } | null {
  const match = /^([^:\n]{1,31}):\s*(\d{1,20})/.exec(line);
  return match ? { key: match[1] as string, value: match[2] as string } : null;
}

/** sscanf("VmFlags: %127[a-z ]") with one trailing space dropped, or null. */
export function parseVmFlags(line: string): string | null {
  const match = /^VmFlags:\s*([a-z ]{1,127})/.exec(line);
  if (!match) return null;
  const flags = match[1] as string;
  return flags.endsWith(' ') ? flags.slice(0, -1) : flags;
}
