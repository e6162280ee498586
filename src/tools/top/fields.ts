// -o FIELD for every field of top's table, shown or not: each field sorts on its library item
// (Fieldstab's .item), compared as procps_pids_sort compares that item's type — numbers as
// numbers, strings with strcoll (byte order in the C locale), TTY with strverscmp, nDRT not at all
// (PIDS_noop) — and read only when it is the sort field, from the file readproc reads it from.
import { readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { numaNodeOfCpu } from '../../core/cpu.js';
import { rowBytes, scanError, ScanField, STAT, STAT_WIDTH, STATM_WIDTH, STATUS, STATUS_WIDTH } from '../../core/process/scan.js';
import type { TtyNames } from '../../core/tty.js';
import { groupName, userName } from '../../core/users.js';
import { escapeProcText } from '../../format/escape.js';
import type { FieldName, ShownField } from './command.js';
import type { TaskRow } from './collect.js';

/** How procps_pids_sort compares an item: its sort function. */
export type SortKind = 'number' | 'string' | 'version' | 'none';

export function sortKind(field: FieldName): SortKind {
  switch (field) {
    case 'nDRT':
      return 'none';
    case 'TTY':
      return 'version';
    case 'USER':
    case 'RUSER':
    case 'SUSER':
    case 'GROUP':
    case 'COMMAND':
    case 'WCHAN':
    case 'CGROUPS':
    case 'SUPGIDS':
    case 'SUPGRPS':
    case 'ENVIRON':
    case 'LXC':
    case 'CGNAME':
    case 'EXE':
      return 'string';
    default:
      return 'number';
  }
}

/** The files the scan must read for the field (stat, statm and the owner are always read). */
export function scanFieldsFor(field: FieldName): number {
  switch (field) {
    case 'RUID':
    case 'RUSER':
    case 'SUID':
    case 'SUSER':
    case 'SWAP':
    case 'USED':
    case 'RSlk':
      return ScanField.status;
    case 'RSan':
    case 'RSfd':
    case 'RSsh':
    case 'SUPGIDS':
    case 'SUPGRPS':
      return ScanField.status | ScanField.statusText;
    case 'ENVIRON':
      return ScanField.environ;
    case 'CGROUPS':
    case 'CGNAME':
    case 'LXC':
      return ScanField.cgroup;
    case 'ioR':
    case 'ioRop':
    case 'ioW':
    case 'ioWop':
      return ScanField.io;
    case 'RSS':
    case 'PSS':
    case 'PSan':
    case 'PSfd':
    case 'PSsh':
    case 'USS':
      return ScanField.smapsRollup;
    default:
      return 0;
  }
}

/**
 * The field's item is one readproc fills from status (f_status, x_ouser, x_supgrp): status is
 * then read, and status2proc's Uid and Gid lines replace the owner of /proc/PID as the effective ids.
 */
export function readsStatus(field: FieldName): boolean {
  return (scanFieldsFor(field) & ScanField.status) !== 0;
}

export interface FieldContext {
  readonly proc: string;
  readonly sys: string;
  readonly hz: number;
  readonly pageKib: number;
  /** procps' boot_tics: the uptime in whole clock ticks. */
  readonly bootTicks: number;
  /** status was read: the effective gid is status's, not the owner group of /proc/PID. */
  readonly statusRead: boolean;
  readonly utf8: boolean;
  readonly ttys: TtyNames;
  /** Major and minor faults of the previous sample, by task id (vMj, vMn). */
  readonly faultsBefore: ReadonlyMap<number, readonly [number, number]>;
}

const known = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 0 : v);

/** "Key: N" of a status-like text (0 when absent, as the zeroed proc_t has it). */
function keyed(text: string, key: string): number {
  const m = new RegExp(`^${key}:\\s*(\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return fallback;
  }
}

/** read_unvectored + escape_str: NULs and newlines as blanks, one trailing blank dropped. */
function unvectored(bytes: Buffer, utf8: boolean): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const copy = Buffer.from(bytes.subarray(0, end));
  for (let i = 0; i < copy.length; i++) if (copy[i] === 0 || copy[i] === 10) copy[i] = 32;
  const trimmed = copy.length > 0 && copy[copy.length - 1] === 32 ? copy.subarray(0, copy.length - 1) : copy;
  return escapeProcText(trimmed, utf8).toString('latin1');
}

/** fill_cgroup_cvt: the lines that are not an empty root, joined with ','; "-" for none. */
function cgroupText(bytes: Buffer, utf8: boolean): string {
  const groups = bytes
    .toString('latin1')
    .split(/[\n\0]/)
    .filter((line) => line !== '' && !line.endsWith('/'))
    .map((line) => escapeProcText(Buffer.from(line, 'latin1'), utf8).toString('latin1'));
  return groups.length > 0 ? groups.join(',') : '-';
}

/** lxc_containers: the container name after the last lxc delimiter on its cgroup line, or "-". */
function lxcName(cgroup: string): string {
  for (const delim of ['lxc.payload.', 'lxc.payload/', 'lxc/']) {
    const at = cgroup.indexOf(delim);
    if (at < 0) continue;
    const newline = cgroup.indexOf('\n', at);
    let line = cgroup.slice(at, newline < 0 ? undefined : newline);
    for (let next = line.indexOf(delim); next >= 0; next = line.indexOf(delim)) line = line.slice(next + delim.length);
    const slash = line.indexOf('/');
    return slash < 0 ? line : line.slice(0, slash);
  }
  return '-';
}

/** The inode of /proc/TID/ns/NAME (procps_ns_read_pid), 0 when unreadable. */
function namespace(proc: string, tid: number, name: string): number {
  try {
    const m = /\[(\d+)\]/.exec(readlinkSync(join(proc, String(tid), 'ns', name)));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The value procps sorts the task on for the field. */
export function sortValue(field: FieldName, task: TaskRow, c: FieldContext): number | string {
  // The default window's fields first: they are the usual sort, and need nothing read.
  switch (field) {
    case 'PID':
      return task.pid;
    case 'USER':
      return task.user;
    case 'PR':
      return task.priority;
    case 'NI':
      return task.nice;
    case 'VIRT':
      return task.virt;
    case 'RES':
    case '%MEM':
      return task.res;
    case 'SHR':
      return task.shr;
    case 'S':
      // s_ch, compared as a number.
      return task.state.charCodeAt(0);
    case '%CPU':
      return task.pcpu;
    case 'TIME':
    case 'TIME+':
      return task.tics;
    case 'COMMAND':
      return task.command;
    default:
      return otherValue(field, task, c);
  }
}

/** The fields top does not show, read for the sort alone. */
type OtherField = Exclude<FieldName, ShownField | 'TIME'>;

function otherValue(field: OtherField, task: TaskRow, c: FieldContext): number | string {
  const { scan, row } = task;
  const stat = (i: number) => known(scan.stat[row * STAT_WIDTH + i]);
  const status = (i: number) => known(scan.status?.[row * STATUS_WIDTH + i]);
  const statm = (i: number) => known(scan.statm?.[row * STATM_WIDTH + i]);
  const statusText = () => (scan.statusText && scanError(scan, row, 'statusText') === 0 ? rowBytes(scan.statusText, row).toString('latin1') : '');
  const bytesOf = (column: 'io' | 'smapsRollup' | 'environ' | 'cgroup') => {
    const bytes = scan[column];
    return bytes && scanError(scan, row, column) === 0 ? rowBytes(bytes, row) : Buffer.alloc(0);
  };
  // The task's directory, built only for the fields read from a file of their own.
  const dirOf = () => join(task.root, String(task.pid));
  const egid = () => {
    if (c.statusRead) return status(STATUS.gid + 1);
    try {
      return statSync(dirOf()).gid;
    } catch {
      return 0;
    }
  };
  const elapsedTicks = () => {
    // boot_tics - start_time in unsigned long long, as a double.
    const t = c.bootTicks - stat(STAT.starttime);
    return t < 0 ? 2 ** 64 + t : t;
  };
  const rollup = (key: string) => keyed(bytesOf('smapsRollup').toString('latin1'), key);
  const io = (key: string) => keyed(bytesOf('io').toString('latin1'), key);
  const faults = c.faultsBefore.get(task.pid);
  switch (field) {
    case 'PPID':
      return stat(STAT.ppid);
    case 'UID':
      return task.euid;
    case 'RUID':
      return status(STATUS.uid);
    case 'RUSER':
      return Buffer.from(userName(status(STATUS.uid)), 'utf8').toString('latin1');
    case 'SUID':
      return status(STATUS.uid + 2);
    case 'SUSER':
      return Buffer.from(userName(status(STATUS.uid + 2)), 'utf8').toString('latin1');
    case 'GID':
      return egid();
    case 'GROUP':
      return Buffer.from(groupName(egid()), 'utf8').toString('latin1');
    case 'PGRP':
      return stat(STAT.pgrp);
    case 'TTY':
      return c.ttys.name(stat(STAT.ttyNr), task.pid);
    case 'TPGID':
      return stat(STAT.tpgid);
    case 'SID':
      return stat(STAT.session);
    case 'nTH':
      return task.threads;
    case 'P':
      return stat(STAT.processor);
    case 'SWAP':
      return status(STATUS.VmSwap);
    case 'CODE':
      return statm(3) * c.pageKib;
    case 'DATA':
      return statm(5) * c.pageKib;
    case 'nMaj':
      return stat(STAT.majflt);
    case 'nMin':
      return stat(STAT.minflt);
    case 'nDRT':
      return 0;
    case 'WCHAN': {
      // lookup_wchan reads /proc/TID/wchan: "?" unreadable, "-" for 0, leading '.' and '_' dropped.
      const raw = readOr(join(c.proc, String(task.pid), 'wchan'), '');
      if (raw === '') return '?';
      if (raw === '0') return '-';
      return raw.replace(/^\./, '').replace(/^_+/, '');
    }
    case 'Flags':
      return stat(STAT.flags);
    case 'CGROUPS':
      return cgroupText(bytesOf('cgroup'), c.utf8);
    case 'CGNAME': {
      const groups = cgroupText(bytesOf('cgroup'), c.utf8);
      const at = groups.indexOf(':name=');
      return at >= 0 && at + 6 < groups.length ? groups.slice(at + 6) : groups;
    }
    case 'SUPGIDS':
    case 'SUPGRPS': {
      const m = /^Groups:[ \t]*(.*)$/m.exec(statusText());
      const gids = m ? (m[1] as string).trim().split(/\s+/).filter(Boolean) : [];
      if (gids.length === 0) return '-';
      if (field === 'SUPGIDS') return gids.join(',');
      return gids.map((gid) => Buffer.from(groupName(Number(gid)), 'utf8').toString('latin1')).join(',');
    }
    case 'TGID':
      return task.tgid;
    case 'OOMa':
      return Number.parseInt(readOr(join(dirOf(), 'oom_score_adj'), '0'), 10) || 0;
    case 'OOMs':
      return Number.parseInt(readOr(join(dirOf(), 'oom_score'), '0'), 10) || 0;
    case 'ENVIRON': {
      const text = unvectored(bytesOf('environ'), c.utf8);
      return text === '' ? '-' : text;
    }
    case 'vMj':
      return faults ? stat(STAT.majflt) - faults[0] : 0;
    case 'vMn':
      return faults ? stat(STAT.minflt) - faults[1] : 0;
    case 'USED':
      return status(STATUS.VmRSS) + status(STATUS.VmSwap);
    case 'nsIPC':
      return namespace(c.proc, task.pid, 'ipc');
    case 'nsMNT':
      return namespace(c.proc, task.pid, 'mnt');
    case 'nsNET':
      return namespace(c.proc, task.pid, 'net');
    case 'nsPID':
      return namespace(c.proc, task.pid, 'pid');
    case 'nsUSER':
      return namespace(c.proc, task.pid, 'user');
    case 'nsUTS':
      return namespace(c.proc, task.pid, 'uts');
    case 'nsCGROUP':
      return namespace(c.proc, task.pid, 'cgroup');
    case 'nsTIME':
      return namespace(c.proc, task.pid, 'time');
    case 'LXC':
      return lxcName(bytesOf('cgroup').toString('latin1'));
    case 'RSan':
      return keyed(statusText(), 'RssAnon');
    case 'RSfd':
      return keyed(statusText(), 'RssFile');
    case 'RSlk':
      return status(STATUS.VmLck);
    case 'RSsh':
      return keyed(statusText(), 'RssShmem');
    case 'NU':
      return numaNodeOfCpu(c.sys, stat(STAT.processor));
    case 'LOGID': {
      const text = readOr(join(dirOf(), 'loginuid'), '');
      // login_uid's atoi: an unset "4294967295" becomes -1 as an int.
      return text === '' ? -1 : Number.parseInt(text, 10) | 0;
    }
    case 'EXE': {
      try {
        return escapeProcText(Buffer.from(readlinkSync(join(dirOf(), 'exe'), 'latin1'), 'latin1'), c.utf8).toString('latin1');
      } catch {
        return '-';
      }
    }
    case 'RSS':
      return rollup('Rss');
    case 'PSS':
      return rollup('Pss');
    case 'PSan':
      return rollup('Pss_Anon');
    case 'PSfd':
      return rollup('Pss_File');
    case 'PSsh':
      return rollup('Pss_Shmem');
    case 'USS':
      return rollup('Private_Clean') + rollup('Private_Dirty');
    case 'ioR':
      return io('read_bytes');
    case 'ioRop':
      return io('syscr');
    case 'ioW':
      return io('write_bytes');
    case 'ioWop':
      return io('syscw');
    case 'AGID':
    case 'AGNI': {
      const m = /^\/autogroup-(-?\d+) nice (-?\d+)/.exec(readOr(join(dirOf(), 'autogroup'), ''));
      if (field === 'AGID') return m ? Number(m[1]) : -1;
      return m ? Number(m[2]) : 0;
    }
    case 'STARTED':
      return stat(STAT.starttime);
    case 'ELAPSED':
      return elapsedTicks() / c.hz;
    case '%CUU':
    case '%CUC': {
      const t = elapsedTicks();
      if (t <= 0) return 0;
      const tics = stat(STAT.utime) + stat(STAT.stime) + (field === '%CUC' ? stat(STAT.cutime) + stat(STAT.cstime) : 0);
      // (tics * 100.0f) is a float product.
      return Math.fround(Math.fround(tics) * 100) / t;
    }
  }
}

/** glibc's strverscmp: digits compared as numbers, runs of leading zeros as fractions. */
export function strverscmp(a: string, b: string): number {
  const S_N = 0;
  const S_I = 3;
  const S_F = 6;
  const S_Z = 9;
  const CMP = 2;
  const LEN = 3;
  const next = [S_N, S_I, S_Z, S_N, S_I, S_I, S_N, S_F, S_F, S_N, S_F, S_Z];
  const result = [CMP, CMP, CMP, CMP, LEN, CMP, CMP, CMP, CMP, CMP, -1, -1, 1, LEN, LEN, 1, LEN, LEN, CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP, 1, 1, -1, CMP, CMP, -1, CMP, CMP];
  if (a === b) return 0;
  const at = (s: string, i: number) => (i < s.length ? s.charCodeAt(i) : 0);
  const isDigit = (c: number) => c >= 48 && c <= 57;
  const cls = (c: number) => (c === 48 ? 1 : 0) + (isDigit(c) ? 1 : 0);
  let i = 0;
  let c1 = at(a, i);
  let c2 = at(b, i);
  i++;
  let state = S_N + cls(c1);
  let diff: number;
  while ((diff = c1 - c2) === 0) {
    if (c1 === 0) return diff;
    state = next[state] as number;
    c1 = at(a, i);
    c2 = at(b, i);
    i++;
    state += cls(c1);
  }
  const type = result[state * 3 + cls(c2)] as number;
  if (type === CMP) return diff;
  if (type === LEN) {
    let j = i;
    while (isDigit(at(a, j))) {
      if (!isDigit(at(b, j))) return 1;
      j++;
    }
    return isDigit(at(b, j)) ? -1 : diff;
  }
  return type;
}
