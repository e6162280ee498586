// A process table for pstree, derived from the crafted ps table at test time: git keeps no file
// owners, and pstree takes a process's user from the owner of /proc/PID, so the copy is chowned
// to each process's Uid. Added to it: identical subtrees to fold (4*[sleep], 2*[sh---sleep]),
// a process whose parent is not listed, one listed before its parent, one that names itself as
// parent, threads with their own names (-t), a backslash in a name, a deep chain for the width
// cut, /proc/PID/ns entries as hard links (one inode per namespace) for -N and -S, and two
// attr/current files for -Z.
import { chownSync, cpSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { FIXTURES } from './harness.js';

interface Extra {
  pid: number;
  ppid: number;
  comm: string;
  cmdline: string;
  uid?: number;
  threads?: Array<[number, string]>;
  /** Namespace types this process does not share with pid 1. */
  ns?: string[];
}

const NAMESPACES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'user', 'uts', 'time'];

const EXTRAS: Extra[] = [
  { pid: 500, ppid: 200, comm: 'sleep', cmdline: 'sleep\x00600\0', uid: 1000 },
  { pid: 501, ppid: 200, comm: 'sleep', cmdline: 'sleep\x00601\0', uid: 1000 },
  { pid: 502, ppid: 200, comm: 'sleep', cmdline: 'sleep\x00602\0', uid: 1000 },
  // Same name, another user: sorted before alice's (by uid), folded with them unless -u.
  { pid: 503, ppid: 200, comm: 'sleep', cmdline: 'sleep\x00603\0', uid: 0 },
  // A child listed before its parent (pids wrapped around).
  { pid: 580, ppid: 590, comm: 'early-child', cmdline: 'early-child\0' },
  { pid: 590, ppid: 1, comm: 'late-parent', cmdline: 'late-parent\0' },
  { pid: 510, ppid: 303, comm: 'sh', cmdline: 'sh\0-c\0sleep 9\0', uid: 1001 },
  { pid: 511, ppid: 510, comm: 'sleep', cmdline: 'sleep\x009\0', uid: 1001 },
  { pid: 512, ppid: 303, comm: 'sh', cmdline: 'sh\0-c\0sleep 9\0', uid: 1001 },
  { pid: 513, ppid: 512, comm: 'sleep', cmdline: 'sleep\x009\0', uid: 1001 },
  { pid: 520, ppid: 519, comm: 'orphan', cmdline: 'orphan\0' },
  { pid: 521, ppid: 521, comm: 'selfparent', cmdline: 'selfparent\0' },
  { pid: 530, ppid: 1, comm: 'multi', cmdline: 'multi\0--pool\0', threads: [[531, 'worker-a'], [532, 'worker-b'], [533, 'worker-b']] },
  { pid: 540, ppid: 1, comm: 'back\\slash', cmdline: 'back\\slash\0a\\b\0' },
  { pid: 550, ppid: 1, comm: 'container', cmdline: 'unshare\0-n\0-u\0sh\0', ns: ['net', 'uts'] },
  { pid: 551, ppid: 550, comm: 'inside', cmdline: 'inside\0', ns: ['net', 'uts'] },
  { pid: 552, ppid: 550, comm: 'netonly', cmdline: 'netonly\0', ns: ['net', 'uts', 'mnt'] },
  ...Array.from({ length: 8 }, (_, i): Extra => ({ pid: 560 + i, ppid: i === 0 ? 1 : 559 + i, comm: `level-${i}-name`, cmdline: `/usr/lib/deep/level-${i}-name\0--depth=${i}\0` })),
];

function statLine(pid: number, comm: string, ppid: number, pgrp: number, threads: number): string {
  const rest = ['S', ppid, pgrp, pgrp, 0, -1, 4194560, 10, 0, 0, 0, 5, 5, 0, 0, 20, 0, threads, 0, 4320000000, 10485760, 512];
  return `${pid} (${comm}) ${rest.join(' ')} ${'0 '.repeat(29).trim()}\n`;
}

/** Builds the table in a new temporary directory; returns its name relative to test/fixtures and a cleanup. */
export function makePstreeFixture(): { fixture: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ptools-pstree-'));
  cpSync(join(FIXTURES, 'ps-crafted'), dir, { recursive: true });
  const proc = join(dir, 'proc');
  for (const extra of EXTRAS) {
    const base = join(proc, String(extra.pid));
    const threads = extra.threads ?? [];
    mkdirSync(join(base, 'task', String(extra.pid)), { recursive: true });
    writeFileSync(join(base, 'stat'), statLine(extra.pid, extra.comm, extra.ppid, extra.pid, threads.length + 1));
    writeFileSync(join(base, 'cmdline'), extra.cmdline, 'latin1');
    writeFileSync(join(base, 'status'), `Name:\t${extra.comm}\nUid:\t${extra.uid ?? 0}\t0\t0\t0\nGid:\t0\t0\t0\t0\n`);
    writeFileSync(join(base, 'task', String(extra.pid), 'stat'), statLine(extra.pid, extra.comm, extra.ppid, extra.pid, threads.length + 1));
    for (const [tid, name] of threads) {
      mkdirSync(join(base, 'task', String(tid)));
      writeFileSync(join(base, 'task', String(tid), 'stat'), statLine(tid, name, extra.ppid, extra.pid, threads.length + 1));
    }
  }
  // One file per namespace; a process outside pid 1's namespace of a type links its own.
  const nsFiles = join(dir, 'ns');
  mkdirSync(nsFiles);
  for (const type of NAMESPACES) writeFileSync(join(nsFiles, `init-${type}`), '');
  for (const type of ['net', 'uts', 'mnt']) writeFileSync(join(nsFiles, `other-${type}`), '');
  for (const entry of readdirSync(proc)) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const status = readFileSync(join(proc, entry, 'status'), 'latin1');
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    chownSync(join(proc, entry), uid, uid);
    const own = EXTRAS.find((extra) => extra.pid === pid)?.ns ?? [];
    mkdirSync(join(proc, entry, 'ns'));
    if (pid === 550 || pid === 551) mkdirSync(join(proc, entry, 'attr'));
    if (pid === 550) writeFileSync(join(proc, entry, 'attr', 'current'), 'docker-default (enforce)\n');
    if (pid === 551) writeFileSync(join(proc, entry, 'attr', 'current'), 'no-newline');
    for (const type of NAMESPACES) linkSync(join(nsFiles, `${own.includes(type) ? 'other' : 'init'}-${type}`), join(proc, entry, 'ns', type));
  }
  return { fixture: relative(FIXTURES, dir), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
