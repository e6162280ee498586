// uid/gid to names through NSS (the addon's getpwuid_r/getgrgid_r), cached for the process's life
// as procps does: ps or netstat -e look up the same few ids thousands of times.
import { binding } from './native.js';

import type { GroupEntry, PasswdEntry as UserEntry } from '../../native/index.js';

export type { GroupEntry, UserEntry };

const users = new Map<number, UserEntry | null>();
const groups = new Map<number, GroupEntry | null>();

/** The passwd entry of a uid, or null when NSS knows none. */
export function userById(uid: number): UserEntry | null {
  let entry = users.get(uid);
  if (entry === undefined) {
    entry = binding().getpwuid(uid);
    users.set(uid, entry);
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
