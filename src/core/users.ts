// Who is logged in (utmp), and uid/gid to names through NSS (the addon's getpwuid_r/getgrgid_r), cached for the process's life
// as procps does: ps or netstat -e look up the same few ids thousands of times.
import { readFileSync } from 'node:fs';
import { errnoCode } from './errors.js';
import { binding } from './native.js';

import type { GroupEntry, PasswdEntry as UserEntry } from '../../native/index.js';

export type { GroupEntry, UserEntry };

const passwdCache = new Map<number, UserEntry | null>();
const groups = new Map<number, GroupEntry | null>();

/** The passwd entry of a uid, or null when NSS knows none. */
export function userById(uid: number): UserEntry | null {
  let entry = passwdCache.get(uid);
  if (entry === undefined) {
    entry = binding().getpwuid(uid);
    passwdCache.set(uid, entry);
  }
  return entry;
}

/** The group entry of a gid, or null when NSS knows none. */
export function groupById(gid: number): GroupEntry | null {
  let entry = groups.get(gid);
  if (entry === undefined) {
    entry = binding().getgrgid(gid);
    groups.set(gid, entry);
  }
  return entry;
}

/** The passwd entry of a user name, or null (not cached: command lines name few users). */
export function userByName(name: string): UserEntry | null {
  return binding().getpwnam(name);
}

/** The group entry of a group name, or null. */
export function groupByName(name: string): GroupEntry | null {
  return binding().getgrnam(name);
}

/** The user name of a uid, or the uid in decimal when it has none (what ps and psutil show). */
export function userName(uid: number): string {
  return userById(uid)?.name ?? String(uid);
}

/** The group name of a gid, or the gid in decimal when it has none. */
export function groupName(gid: number): string {
  return groupById(gid)?.name ?? String(gid);
}

/** psutil's suser: one login session of utmp. */
export interface User {
  /** The login name. */
  name: string;
  /** The tty (pts/0), or null. */
  terminal: string | null;
  /** The remote host, or "localhost" for the X display :0; "" when local. */
  host: string;
  /** Login time, seconds since the epoch. */
  started: number;
  /** The session leader's pid. */
  pid: number;
}

/** glibc's struct utmp on 64-bit Linux (bits/utmp.h): 384 bytes. */
const UTMP = { size: 384, type: 0, pid: 4, line: 8, lineLength: 32, user: 44, userLength: 32, host: 76, hostLength: 256, seconds: 340 } as const;
const USER_PROCESS = 7;

function cString(data: Buffer, offset: number, length: number): string {
  const field = data.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString('utf8');
}

/** psutil's users(): the USER_PROCESS records of utmp (none when the file does not exist). */
export function users(options: { utmp?: string } = {}): User[] {
  let data: Buffer;
  try {
    data = readFileSync(options.utmp ?? '/var/run/utmp');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw error;
  }
  const out: User[] = [];
  for (let at = 0; at + UTMP.size <= data.length; at += UTMP.size) {
    if (data.readInt32LE(at + UTMP.type) !== USER_PROCESS) continue;
    const host = cString(data, at + UTMP.host, UTMP.hostLength);
    const line = cString(data, at + UTMP.line, UTMP.lineLength);
    out.push({
      name: cString(data, at + UTMP.user, UTMP.userLength),
      terminal: line === '' ? null : line,
      host: host === ':0' || host === ':0.0' ? 'localhost' : host,
      started: data.readInt32LE(at + UTMP.seconds),
      pid: data.readInt32LE(at + UTMP.pid),
    });
  }
  return out;
}
