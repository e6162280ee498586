// The process tree as psmisc's pstree builds it from /proc: every process (and, unless -T, each
// of its threads as a child named {comm}), linked to its parent; a parent that is not listed
// becomes a "?" placeholder, and placeholders left without a parent hang under pid 1 (hidepid
// mounts, pid namespaces). Children are kept in pstree's order: by name then uid (by pid with
// -n), ties in the order pstree met them.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcfsContext } from '../../core/procfs.js';
import { readBytes } from '../../core/procfs.js';
import { numericEntries } from '../../core/process/pids.js';
import { rowBytes, scanError, scanProcesses, STAT, STAT_WIDTH, ScanField } from '../../core/process/scan.js';
import { sysconf, uptime } from '../../core/system.js';
import { byteString, cutBytes } from '../../format/bytes.js';
import { NAMESPACES, type PstreeOptions } from './command.js';

/** psmisc keeps COMM_LEN + 1 bytes of a name (COMM_LEN 64, plus room for a thread's braces). */
const NAME_MAX = 65;
/** BUFSIZ + 1: how much of a cmdline pstree reads with -l. */
const LONG_CMDLINE = 8193;

export interface TreeNode {
  readonly pid: number;
  /** The name as a byte string: comm, "{comm}" for a thread, "?" for a placeholder. */
  name: string;
  uid: number;
  pgid: number;
  /** -a: the arguments after argv[0] as pstree splits them; null for an empty cmdline. */
  args: string[] | null;
  thread: boolean;
  /** Seconds since the process started (for -C age). */
  age: number;
  /** Inode of each namespace (NAMESPACES order), 0 when unknown; read only for -N and -S. */
  ns: number[];
  highlight: boolean;
  /** -Z: the first line of /proc/PID/attr/current without its last byte, or null when unreadable. */
  context: string | null;
  children: TreeNode[];
  parent: TreeNode | null;
}

export interface ProcessTree {
  readonly nodes: Map<number, TreeNode>;
  /** Whether /proc listed any process at all. */
  readonly empty: boolean;
}

/**
 * pstree's set_args over the cmdline bytes it read (with the NUL it adds): a count of NUL runs,
 * and the strings that follow the first NUL. The last "argument" is usually the empty string
 * after the final NUL, which is why pstree prints a space before every argument but the last.
 */
export function splitArguments(cmdline: string): string[] | null {
  if (cmdline.length === 0) return null;
  const args = `${cmdline}\0`;
  const size = args.length;
  let argc = 0;
  for (let i = 0; i < size - 1; i++) {
    if (args.charCodeAt(i) === 0) {
      argc++;
      while (args.charCodeAt(i) === 0 && i < size - 1) i++;
    }
  }
  const argv: string[] = [];
  if (argc === 0) return argv;
  let start = args.indexOf('\0') + 1;
  for (let i = 0; i < argc; i++) {
    const end = args.indexOf('\0', start);
    if (end < 0) {
      argv.push('');
      continue;
    }
    argv.push(args.slice(start, end));
    start = end + 1;
  }
  return argv;
}

/** The comm between the first "(" and the last ")" of the first line of a stat file, as pstree reads a thread's. */
function threadComm(ctx: ProcfsContext, pid: number, tid: number): string | null {
  try {
    let text = readBytes(join(ctx.proc, String(pid), 'task', String(tid), 'stat')).toString('latin1');
    const newline = text.indexOf('\n');
    if (newline >= 0) text = text.slice(0, newline + 1);
    const open = text.indexOf('(');
    const close = text.lastIndexOf(')');
    return open >= 0 && close > open ? text.slice(open + 1, close) : null;
  } catch {
    return null;
  }
}

function namespaceInodes(ctx: ProcfsContext, pid: number): number[] {
  return NAMESPACES.map((type) => {
    try {
      return statSync(join(ctx.proc, String(pid), 'ns', type)).ino;
    } catch {
      return 0;
    }
  });
}

/**
 * pstree's fallback when neither SELinux nor AppArmor answers: fgets() of attr/current, its last
 * byte (the newline) dropped.
 */
function securityContext(ctx: ProcfsContext, pid: number): string | null {
  try {
    const text = readBytes(join(ctx.proc, String(pid), 'attr', 'current')).toString('latin1');
    const newline = text.indexOf('\n');
    const line = newline >= 0 ? text.slice(0, newline + 1) : text;
    return line === '' ? null : line.slice(0, -1);
  } catch {
    return null;
  }
}

/** How much of a cmdline pstree reads: its buffer of width + 1 bytes, one kept for the NUL. */
function cmdlineLimit(options: PstreeOptions, width: number): number {
  return (options.long ? LONG_CMDLINE : width + 1) - 1;
}

export function collectTree(ctx: ProcfsContext, options: PstreeOptions, width: number): ProcessTree {
  const fields = ScanField.stat | ScanField.owner | (options.arguments ? ScanField.cmdline : 0);
  const scan = scanProcesses(ctx, fields);
  const owners = scan.owners as Float64Array;
  const cmdlines = options.arguments ? scan.cmdline : undefined;
  const nodes = new Map<number, TreeNode>();
  // pstree's list is newest first; fix_orphans walks it in that order.
  const created: TreeNode[] = [];
  const newNode = (name: string, pid: number, uid: number): TreeNode => {
    const node: TreeNode = { pid, name, uid, pgid: 0, args: [], thread: false, age: 0, ns: [], highlight: false, context: null, children: [], parent: null };
    nodes.set(pid, node);
    created.push(node);
    return node;
  };
  const add = (name: string, pid: number, ppidRead: number, pgid: number, uid: number, args: string[] | null, thread: boolean, age: number) => {
    let node = nodes.get(pid);
    if (node === undefined) node = newNode(name, pid, uid);
    else {
      node.name = name;
      node.uid = uid;
    }
    node.args = args;
    node.pgid = pgid;
    node.age = age;
    if (thread) node.thread = true;
    const ppid = pid === ppidRead ? 0 : ppidRead;
    const parent = nodes.get(ppid) ?? newNode('?', ppid, 0);
    if (pid !== 0) {
      parent.children.push(node);
      node.parent = parent;
    }
  };

  const hz = sysconf().clockTicks;
  const now = options.colorAge ? uptime(ctx).uptime : 0;
  const limit = cmdlineLimit(options, width);
  for (let row = 0; row < scan.count; row++) {
    const uid = owners[row] as number;
    if (uid < 0) continue;
    if (options.arguments && scanError(scan, row, 'cmdline') !== 0) continue;
    const base = row * STAT_WIDTH;
    const pid = scan.stat[base + STAT.pid] as number;
    const ppid = scan.stat[base + STAT.ppid] as number;
    const pgid = scan.stat[base + STAT.pgrp] as number;
    const comm = cutBytes(byteString(rowBytes(scan.comm, row)), NAME_MAX);
    const age = options.colorAge ? Math.max(0, now - (scan.stat[base + STAT.starttime] as number) / hz) : 0;
    // A process's threads are met before the process itself, as pstree reads task/ first. pstree
    // lists task/ of every process; one whose stat counts a single thread has nothing else there.
    if (!options.hideThreads && (scan.stat[base + STAT.numThreads] as number) > 1) {
      let tids: number[] = [];
      try {
        tids = numericEntries(join(ctx.proc, String(pid), 'task'), 'directory');
      } catch {
        // gone, or never had a task directory
      }
      for (const tid of tids) {
        if (tid === 0 || tid === pid) continue;
        const name = cutBytes(`{${cutBytes((options.threadNames ? threadComm(ctx, pid, tid) : null) ?? comm, 64)}}`, NAME_MAX);
        add(name, tid, pid, pgid, uid, [], true, age);
      }
    }
    const args = cmdlines ? splitArguments(cutBytes(byteString(rowBytes(cmdlines, row)), limit)) : [];
    add(comm, pid, ppid, pgid, uid, args, false, age);
  }
  const root = nodes.get(1) ?? newNode('?', 1, 0);
  for (let i = created.length - 1; i >= 0; i--) {
    const node = created[i] as TreeNode;
    if (node.pid === 0 || node.pid === 1 || node.parent !== null) continue;
    root.children.push(node);
    node.parent = root;
  }
  const order = options.numericSort
    ? (a: TreeNode, b: TreeNode) => a.pid - b.pid
    : (a: TreeNode, b: TreeNode) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.uid - b.uid);
  for (const node of nodes.values()) {
    if (node.children.length > 1) node.children.sort(order);
    if (options.nsSort >= 0 || options.nsChanges) node.ns = namespaceInodes(ctx, node.pid);
    if (options.securityContext) node.context = securityContext(ctx, node.pid);
  }
  return { nodes, empty: scan.count === 0 };
}
