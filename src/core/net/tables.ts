// Routing tables, SNMP counters and multicast memberships under /proc/net, read as net-tools'
// netstat reads them (-r, -s, -g): missing files are null, lines keep the kernel's order.
import { join } from 'node:path';
import { defaultContext, readOptionalBytes, type ProcfsContext } from '../procfs.js';
import { decodeProcAddress } from './address.js';
import { parseIpv6Routes, parseRoutes, type Route4, type Route6 } from './parsers.js';
import { strtoul } from '../../util/number.js';

function readOptional(path: string): string | null {
  return readOptionalBytes(path)?.toString('latin1') ?? null;
}

/** /proc/net/route, or null when IPv4 is not there. */
export function readRoutes(ctx: ProcfsContext = defaultContext()): Route4[] | null {
  const text = readOptional(join(ctx.proc, 'net/route'));
  return text === null ? null : parseRoutes(text);
}

/** /proc/net/ipv6_route, or null when IPv6 is not there. */
export function readIpv6Routes(ctx: ProcfsContext = defaultContext()): Route6[] | null {
  const text = readOptional(join(ctx.proc, 'net/ipv6_route'));
  return text === null ? null : parseIpv6Routes(text);
}

export interface SnmpGroup {
  readonly group: string;
  readonly counters: ReadonlyArray<readonly [string, bigint]>;
}

/**
 * /proc/net/snmp and /proc/net/netstat: pairs of lines "Group: Name ..." / "Group: value ...".
 * A first empty line is skipped; a pair without its ':' ends the file (netstat's format error).
 */
export function parseSnmpGroups(text: string): SnmpGroup[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const out: SnmpGroup[] = [];
  let i = 0;
  while (i < lines.length) {
    const names = lines[i++] as string;
    if (names === '') continue;
    if (i >= lines.length) break;
    const values = lines[i++] as string;
    const sp = names.indexOf(':');
    const np = values.indexOf(':');
    if (sp < 0 || np < 0) break;
    const valueFields = values.slice(np + 1).trim().split(/\s+/).filter((v) => v !== '');
    const counters = names
      .slice(sp + 1)
      .split(/[ \t]+/)
      .filter((name) => name !== '')
      .map((name, j): readonly [string, bigint] => [name, strtoul(valueFields[j] ?? '', 10)[0]]);
    out.push({ group: names.slice(0, sp), counters });
  }
  return out;
}

/** /proc/net/snmp6: "Name value" lines in the kernel's order. */
export function parseSnmp6(text: string): Array<readonly [string, bigint]> {
  const out: Array<readonly [string, bigint]> = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (!f[0]) continue;
    out.push([f[0], strtoul(f[1] ?? '', 10)[0]]);
  }
  return out;
}

/** The SNMP files netstat -s reads, null where missing. */
export function readSnmpFiles(ctx: ProcfsContext = defaultContext()): { snmp: string | null; netstat: string | null; snmp6: string | null } {
  return {
    snmp: readOptional(join(ctx.proc, 'net/snmp')),
    netstat: readOptional(join(ctx.proc, 'net/netstat')),
    snmp6: readOptional(join(ctx.proc, 'net/snmp6')),
  };
}

/** One multicast membership of /proc/net/igmp or igmp6. */
export interface GroupMembership {
  /** The device as netstat keeps it (IPv4: up to 15 bytes of the name column). */
  readonly device: string;
  readonly refCount: number;
  /** Network-order bytes (4 or 16). */
  readonly address: Uint8Array;
}

export type GroupLine = { readonly type: 'group'; readonly group: GroupMembership } | { readonly type: 'bogus'; readonly line: number; readonly v6: boolean };

/**
 * /proc/net/igmp: a device line "Idx\tName      :  Count Querier" followed by one "\t\t\t\tGROUP Users
 * Timer Reporter" line per group. The device is the 15 bytes after the index, cut at their last ':'.
 */
export function parseIgmp(text: string): GroupLine[] {
  const out: GroupLine[] = [];
  const lines = splitLines(text);
  let device = '';
  const withIndex = (lines[0] ?? '').startsWith('Idx');
  for (let lnr = 1; lnr < lines.length; lnr++) {
    const line = lines[lnr] as string;
    if (line[0] !== '\t') {
      const match = withIndex ? /^\s*[+-]?\d+\s*([^]{15})/.exec(line) : /^([^]{15})/.exec(line);
      if (!match) {
        out.push({ type: 'bogus', line: lnr, v6: false });
        continue;
      }
      const name = match[1] as string;
      const colon = name.lastIndexOf(':');
      device = colon < 0 ? name : name.slice(0, colon);
      continue;
    }
    const match = /^\s*([0-9A-Fa-f]{1,8})\s*([+-]?\d+)/.exec(line);
    if (!match) {
      out.push({ type: 'bogus', line: lnr, v6: false });
      continue;
    }
    const hex = (match[1] as string).padStart(8, '0');
    out.push({ type: 'group', group: { device, refCount: Number(match[2]) | 0, address: decodeProcAddress(hex) } });
  }
  return out;
}

/** /proc/net/igmp6: "Idx Device Group(32 hex) Users Flags Timer", no header. */
export function parseIgmp6(text: string): GroupLine[] {
  const out: GroupLine[] = [];
  splitLines(text).forEach((line, lnr) => {
    const match = /^\s*[+-]?\d+\s+(\S{1,15})\S*\s+([0-9A-Fa-f]{1,64})\s*([+-]?\d+)/.exec(line);
    if (!match) {
      out.push({ type: 'bogus', line: lnr, v6: true });
      return;
    }
    const hex = (match[2] as string).padEnd(32, '0').slice(0, 32);
    out.push({ type: 'group', group: { device: match[1] as string, refCount: Number(match[3]) | 0, address: Uint8Array.from(Buffer.from(hex, 'hex')) } });
  });
  return out;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The multicast files as text, null where missing. */
export function readGroupFiles(ctx: ProcfsContext = defaultContext()): { igmp: string | null; igmp6: string | null } {
  return { igmp: readOptional(join(ctx.proc, 'net/igmp')), igmp6: readOptional(join(ctx.proc, 'net/igmp6')) };
}
