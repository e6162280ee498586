// Questions about the whole process table: does a pid exist, the tree of parents and children,
// and the processes matching a name, a command line, a user or a parent.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkedPid } from '../errors.js';
import { defaultContext, readOptionalBytes, type ContextOption } from '../procfs.js';
import { iterProcesses } from './iterate.js';
import { parseStatus } from './parsers.js';
import type { ProcessInfo } from './process.js';

/**
 * psutil's pid_exists(): a process (not a thread: /proc also answers for thread ids) with this
 * pid exists, a zombie included.
 */
export function pidExists(pid: number, options: ContextOption = {}): boolean {
  checkedPid(pid);
  const ctx = options.ctx ?? defaultContext();
  if (!existsSync(join(ctx.proc, String(pid)))) return false;
  const status = readOptionalBytes(join(ctx.proc, String(pid), 'status'));
  return status === null || parseStatus(status).get('Tgid') === String(pid);
}

/** One process of processTree(). `parent` is not enumerable, so that a tree survives JSON.stringify. */
export interface ProcessNode {
  /** The process id. */
  pid: number;
  /** The parent's pid, as /proc/PID/stat gives it (0 for pid 1 and kthreadd). */
  ppid: number;
  /** The process name, as Process.name() gives it. */
  name: string;
  /** The child processes' nodes, by ascending pid. */
  children: ProcessNode[];
  /** The parent's node; null at a root. */
  readonly parent: ProcessNode | null;
}

/**
 * Every process as a tree (the `proc` package's ProcessNode): the roots are the processes whose
 * parent is not in the table (pid 1 and kthreadd, or an orphan's reused ppid), children by pid.
 */
export async function processTree(options: ContextOption = {}): Promise<ProcessNode[]> {
  const nodes = new Map<number, ProcessNode & { parent: ProcessNode | null }>();
  const starts = new Map<number, number>();
  for await (const info of iterProcesses({ attrs: ['name', 'ppid', 'createTime'], ...options })) {
    const node = { pid: info.pid, ppid: info.ppid ?? 0, name: info.name ?? '', children: [] as ProcessNode[], parent: null };
    Object.defineProperty(node, 'parent', { enumerable: false, writable: true, value: null });
    nodes.set(info.pid, node);
    starts.set(info.pid, info.createTime ?? 0);
  }
  const roots: ProcessNode[] = [];
  for (const node of nodes.values()) {
    const parent = nodes.get(node.ppid);
    // A parent that started after its child is a reused pid, not the parent (psutil's rule).
    if (parent && node.ppid !== node.pid && (starts.get(parent.pid) ?? 0) <= (starts.get(node.pid) ?? 0)) {
      node.parent = parent;
      parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  return roots;
}

export interface FindOptions extends ContextOption {
  /** The process name (Process.name()), exactly. */
  name?: string;
  /** Tested against the arguments joined by blanks. */
  cmdline?: RegExp;
  /** The owner's user name, or a uid. */
  user?: string | number;
  /** The parent pid. */
  parent?: number;
}

/** The processes matching every criterion given, with their name, command line, user and parent. */
export async function findProcesses(options: FindOptions = {}): Promise<Array<ProcessInfo<'name' | 'cmdline' | 'username' | 'uids' | 'ppid'>>> {
  const found: Array<ProcessInfo<'name' | 'cmdline' | 'username' | 'uids' | 'ppid'>> = [];
  const { name, cmdline, user, parent } = options;
  const attrs = ['name', 'cmdline', 'username', 'uids', 'ppid'] as const;
  for await (const info of iterProcesses({ attrs, ...(options.ctx ? { ctx: options.ctx } : {}) })) {
    if (name !== undefined && info.name !== name) continue;
    if (cmdline !== undefined && (info.cmdline === null || !cmdline.test(info.cmdline.join(' ')))) continue;
    if (typeof user === 'string' && info.username !== user) continue;
    if (typeof user === 'number' && info.uids?.real !== user) continue;
    if (parent !== undefined && info.ppid !== parent) continue;
    found.push(info);
  }
  return found;
}
