// What libsystemd's sd-login says of a process (sd_pid_get_unit, _user_unit, _slice, _session,
// _owner_uid, _machine_name, and sd_session_get_seat), which procps' ps shows as its unit, uunit,
// slice, lsession, ouid, machine and seat columns. Everything comes from the process's cgroup path
// (/proc/PID/cgroup), as systemd's cgroup-util.c reads it: the hierarchy named by how
// /sys/fs/cgroup is mounted, the path made relative to PID 1's own cgroup, then the unit names
// along it; a session's seat is in /run/systemd/sessions/ID and a machine is a symlink
// /run/systemd/machines/unit:UNIT.
import { readFileSync, readlinkSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { strtoul } from '../../util/number.js';
import { readBytes, type ProcfsContext } from '../procfs.js';

/** cg_unified_cached(): cgroup v2 alone, v2 for systemd beside v1 controllers, or v1 alone. */
export type CgroupLayout = 'unified' | 'hybrid' | 'legacy';

const CGROUP2_SUPER_MAGIC = 0x63677270;
const TMPFS_MAGIC = 0x01021994;

/**
 * How /sys/fs/cgroup is mounted, as cg_unified_cached() decides it; null where systemd gives up
 * (nothing or an unknown filesystem there), and then every sd-login answer fails.
 */
export function cgroupLayout(sys: string): CgroupLayout | null {
  const type = (path: string) => {
    try {
      return statfsSync(path).type;
    } catch {
      return null;
    }
  };
  const root = type(join(sys, 'fs/cgroup/'));
  if (root === CGROUP2_SUPER_MAGIC) return 'unified';
  if (root !== TMPFS_MAGIC) return null;
  if (type(join(sys, 'fs/cgroup/unified/')) === CGROUP2_SUPER_MAGIC) return 'hybrid';
  const named = type(join(sys, 'fs/cgroup/systemd/'));
  if (named === null) return null;
  // systemd v232 mounted cgroup2 on /sys/fs/cgroup/systemd itself; anything else there is taken
  // for the legacy named hierarchy.
  return named === CGROUP2_SUPER_MAGIC ? 'hybrid' : 'legacy';
}

/**
 * cg_pid_get_path(SYSTEMD_CGROUP_CONTROLLER): the path of the systemd hierarchy in a
 * /proc/PID/cgroup text: the "0::" line where systemd's hierarchy is cgroup v2, else the line
 * whose controllers include name=systemd. A zombie's " (deleted)" is dropped. Null without one.
 */
export function systemdCgroupPath(cgroup: string, layout: CgroupLayout): string | null {
  for (const line of cgroup.split('\n')) {
    let path: string | null = null;
    if (layout !== 'legacy') {
      if (!line.startsWith('0:')) continue;
      const colon = line.indexOf(':', 2);
      if (colon >= 0) path = line.slice(colon + 1);
    } else {
      const first = line.indexOf(':');
      const second = first < 0 ? -1 : line.indexOf(':', first + 1);
      if (second >= 0 && line.slice(first + 1, second).split(',').includes('name=systemd')) path = line.slice(second + 1);
    }
    if (path !== null) return path.endsWith(' (deleted)') ? path.slice(0, -' (deleted)'.length) : path;
  }
  return null;
}

/** cg_get_root_path(): PID 1's cgroup without its /init.scope (or legacy /system.slice, /system). */
export function rootCgroupPath(pid1Path: string): string {
  for (const suffix of ['/init.scope', '/system.slice', '/system']) {
    if (pid1Path.endsWith(suffix)) return pid1Path.slice(0, -suffix.length);
  }
  return pid1Path;
}

/**
 * path_find_first_component() from `at`: where the next component starts and ends, skipping
 * slashes and "." components; null at the end, and "invalid" for one longer than NAME_MAX.
 */
function nextComponent(path: string, at: number): { start: number; end: number } | null | 'invalid' {
  let start = at;
  while (start < path.length && (path[start] === '/' || (path[start] === '.' && (start + 1 === path.length || path[start + 1] === '/')))) start++;
  if (start >= path.length) return null;
  let end = path.indexOf('/', start);
  if (end < 0) end = path.length;
  return end - start > 255 ? 'invalid' : { start, end };
}

/**
 * cg_shift_path(): the cgroup path relative to the root, as path_startswith() matches the root's
 * components against the path's and the C pointer arithmetic takes what follows (from the
 * character before it); unchanged when the root is not a prefix. Only the components it reaches
 * are looked at, as there.
 */
export function shiftCgroupPath(path: string, root: string): string {
  if ((path[0] === '/') !== (root[0] === '/')) return path;
  let inPath = 0;
  let inRoot = 0;
  for (;;) {
    const mine = nextComponent(path, inPath);
    const theirs = nextComponent(root, inRoot);
    if (mine === 'invalid' || theirs === 'invalid') return path;
    if (theirs === null) {
      const rest = mine === null ? path.length : mine.start;
      return rest > 0 ? path.slice(rest - 1) : path;
    }
    if (mine === null || path.slice(mine.start, mine.end) !== root.slice(theirs.start, theirs.end)) return path;
    inPath = mine.end;
    inRoot = theirs.end;
  }
}

const UNIT_TYPES = new Set(['service', 'socket', 'target', 'device', 'mount', 'automount', 'swap', 'timer', 'path', 'slice', 'scope']);
const UNIT_NAME_CHARS = /^[0-9A-Za-z:\-_.\\@]*$/;

/** unit_name_is_valid() for plain names (foo.service) and, with `instance`, instances (getty@tty1.service). */
export function unitNameIsValid(name: string, instance: boolean): boolean {
  // UNIT_NAME_MAX is 256, with its NUL.
  if (name === '' || name.length >= 256) return false;
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || !UNIT_TYPES.has(name.slice(dot + 1))) return false;
  const stem = name.slice(0, dot);
  if (!UNIT_NAME_CHARS.test(stem)) return false;
  const at = stem.indexOf('@');
  if (at === 0) return false;
  return at < 0 || (instance && dot > at + 1);
}

/** cg_unescape(): one leading underscore, which cg_escape() adds to names a kernel file could clash with, dropped. */
const unescape = (name: string) => (name.startsWith('_') ? name.slice(1) : name);

/** session_id_valid(): letters and digits, at least one. */
const sessionIdValid = (id: string) => /^[A-Za-z0-9]+$/.test(id);

/**
 * parse_uid(): decimal digits only (no sign, no leading zero but "0" itself, no leading blank) up
 * to 2^32-1, and neither (uid_t)-1 nor the 16-bit -1.
 */
export function parseUid(text: string): number | null {
  if (/^[ \t\n\r+-]/.test(text) || (text.startsWith('0') && text !== '0')) return null;
  const [value, end] = strtoul(text, 10);
  if (end === 0 || end !== text.length || value > 0xffffffffn) return null;
  const uid = Number(value);
  return uid === 0xffffffff || uid === 0xffff ? null : uid;
}

/** The first component of a path and the rest: strcspn(p, "/"). */
const firstComponent = (path: string): string => {
  const slash = path.indexOf('/');
  return slash < 0 ? path : path.slice(0, slash);
};

const skipSlashes = (path: string): string => path.replace(/^\/+/, '');

/** valid_slice_name(): a component naming a slice unit. */
function isSliceName(name: string): boolean {
  return name.length >= 'x.slice'.length && name.endsWith('.slice') && unitNameIsValid(unescape(name), false);
}

/** skip_slices(): the path after its leading slice components. */
function skipSlices(path: string): string {
  let rest = path;
  for (;;) {
    rest = skipSlashes(rest);
    const name = firstComponent(rest);
    if (!isSliceName(name)) return rest;
    rest = rest.slice(name.length);
  }
}

/** cg_path_decode_unit(): the unit named by the path's first component, or null. */
function decodeUnit(path: string): string | null {
  const name = firstComponent(path);
  if (name.length < 3) return null;
  const unit = unescape(name);
  return unitNameIsValid(unit, true) ? unit : null;
}

/** cg_path_get_unit(): the first unit below the slices (never a slice), or null. */
export function unitOfCgroup(path: string): string | null {
  const unit = decodeUnit(skipSlices(path));
  return unit === null || unit.endsWith('.slice') ? null : unit;
}

/** skip_session() and skip_user_manager(): the path after a session-ID.scope or user@UID.service component, or null. */
function skipComponent(path: string, prefix: string, suffix: string, valid: (inner: string) => boolean): string | null {
  if (path === '') return null;
  const rest = skipSlashes(path);
  const name = firstComponent(rest);
  if (name.length < prefix.length + 1 + suffix.length || !name.startsWith(prefix) || !name.endsWith(suffix)) return null;
  if (!valid(name.slice(prefix.length, name.length - suffix.length))) return null;
  return skipSlashes(rest.slice(name.length));
}

/** cg_path_get_user_unit(): the unit inside a user's manager or session, or null. */
export function userUnitOfCgroup(path: string): string | null {
  const below = skipSlices(path);
  const inside = skipComponent(below, 'user@', '.service', (uid) => parseUid(uid) !== null) ?? skipComponent(below, 'session-', '.scope', sessionIdValid);
  return inside === null ? null : unitOfCgroup(inside);
}

/** cg_path_get_slice(): the innermost of the leading slices, or "-.slice" (the root slice) when there is none. */
export function sliceOfCgroup(path: string): string | null {
  let rest = path;
  let last: string | null = null;
  for (;;) {
    rest = skipSlashes(rest);
    const name = firstComponent(rest);
    if (!isSliceName(name)) return last === null ? '-.slice' : decodeUnit(last);
    last = rest;
    rest = rest.slice(name.length);
  }
}

/** cg_path_get_session(): ID of the session-ID.scope unit, or null. */
export function sessionOfCgroup(path: string): string | null {
  const unit = unitOfCgroup(path);
  if (unit === null || !unit.startsWith('session-') || !unit.endsWith('.scope')) return null;
  const id = unit.slice('session-'.length, -'.scope'.length);
  return sessionIdValid(id) ? id : null;
}

/** cg_path_get_owner_uid(): UID of a user-UID.slice, or null. */
export function ownerUidOfCgroup(path: string): number | null {
  const slice = sliceOfCgroup(path);
  if (slice === null || !slice.startsWith('user-') || !slice.endsWith('.slice')) return null;
  return parseUid(slice.slice('user-'.length, -'.slice'.length));
}

/**
 * The value of KEY in an environment file as logind writes its session files (KEY=value lines;
 * the last assignment counts, surrounding quotes are dropped), or null.
 */
export function envFileValue(text: string, key: string): string | null {
  let value: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith(`${key}=`)) continue;
    const found = line.slice(key.length + 1);
    value = /^(["']).*\1$/s.test(found) ? found.slice(1, -1) : found;
  }
  return value;
}

/** sd_session_get_seat(): the SEAT of /run/systemd/sessions/ID, as its bytes; null when the file or the value is missing or empty. */
export function sessionSeat(session: string, run = '/run'): Buffer | null {
  let text: string;
  try {
    text = readFileSync(join(run, 'systemd/sessions', session), 'latin1');
  } catch {
    return null;
  }
  const seat = envFileValue(text, 'SEAT');
  return seat ? Buffer.from(seat, 'latin1') : null;
}

/** sd_pid_get_machine_name(): where /run/systemd/machines/unit:UNIT points, as its bytes, or null. */
export function machineOfUnit(unit: string, run = '/run'): Buffer | null {
  try {
    return readlinkSync(join(run, 'systemd/machines', `unit:${unit}`), { encoding: 'buffer' });
  } catch {
    return null;
  }
}

/** How the cgroup paths of a /proc tree are read: the systemd hierarchy, and PID 1's cgroup (the root the paths are taken relative to). */
export interface SystemdCgroups {
  readonly layout: CgroupLayout;
  readonly root: string;
}

/**
 * The hierarchy and root for the processes of `ctx`, or null when libsystemd answers nothing for
 * any process: /sys/fs/cgroup is not a cgroup mount it knows, or PID 1's path cannot be read.
 */
export function systemdCgroups(ctx: ProcfsContext): SystemdCgroups | null {
  const layout = cgroupLayout(ctx.sys);
  if (layout === null) return null;
  let path: string | null;
  try {
    path = systemdCgroupPath(readBytes(join(ctx.proc, '1/cgroup')).toString('latin1'), layout);
  } catch {
    return null;
  }
  return path === null ? null : { layout, root: rootCgroupPath(path) };
}

/** sd-login's answers for one process: null where libsystemd fails (ps then prints "-"). */
export interface LoginFacts {
  readonly unit: string | null;
  readonly userUnit: string | null;
  readonly slice: string | null;
  readonly session: string | null;
  readonly ownerUid: number | null;
  /** The machine's name, as the bytes of its symlink. */
  readonly machine: Buffer | null;
  /** The seat of the session, as the bytes of its file. */
  readonly seat: Buffer | null;
}

export const NO_LOGIN_FACTS: LoginFacts = { unit: null, userUnit: null, slice: null, session: null, ownerUid: null, machine: null, seat: null };

/** What sd-login says of a process whose /proc/PID/cgroup reads `cgroup`. */
export function loginFacts(cgroup: string, cgroups: SystemdCgroups, run = '/run'): LoginFacts {
  const raw = systemdCgroupPath(cgroup, cgroups.layout);
  if (raw === null) return NO_LOGIN_FACTS;
  const path = shiftCgroupPath(raw, cgroups.root);
  const unit = unitOfCgroup(path);
  const session = sessionOfCgroup(path);
  return {
    unit,
    userUnit: userUnitOfCgroup(path),
    slice: sliceOfCgroup(path),
    session,
    ownerUid: ownerUidOfCgroup(path),
    machine: unit === null ? null : machineOfUnit(unit, run),
    seat: session === null ? null : sessionSeat(session, run),
  };
}
