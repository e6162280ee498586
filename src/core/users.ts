// Who is logged in (utmp), and uid/gid to names through NSS (the addon's getpwuid_r/getgrgid_r), cached for the process's life
// as procps does: ps or netstat -e look up the same few ids thousands of times.
import { binding } from './native.js';
import { decodeText } from './text.js';
import { readUtmp, USER_PROCESS } from './utmp.js';

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

/** The bytes of a utmp text field decoded as psutil decodes them (UTF-8, surrogateescape). */
const text = (field: string) => decodeText(Buffer.from(field, 'latin1'));

/**
 * psutil's users(): the USER_PROCESS records of utmp (none when it cannot be read: glibc's
 * getutent finds none either).
 */
export function users(options: { utmp?: string } = {}): User[] {
  return readUtmp(options.utmp).filter((record) => record.type === USER_PROCESS).map((record) => {
    const host = text(record.host);
    return {
      name: text(record.user),
      terminal: record.line === '' ? null : text(record.line),
      host: host === ':0' || host === ':0.0' ? 'localhost' : host,
      started: record.seconds,
      pid: record.pid,
    };
  });
}
