// pt-ps's columns read from the cgroup file against procps-ng's ps: the systemd ones (unit,
// uunit, slice, lsession, ouid, seat, machine), which procps asks libsystemd, and lxc: the crafted process table with each process moved into a cgroup of
// its own, under each way /sys/fs/cgroup can be mounted (cgroup2 alone, cgroup2 beside the v1
// name=systemd hierarchy, that hierarchy alone, nothing libsystemd knows), with logind's session
// files and machined's links in a /run/systemd of the test's own.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectSameRun, FIXTURES, IN_CI, ours, REPO, unavailableReason, type RunResult } from './harness.js';

type Layout = 'unified' | 'hybrid' | 'legacy' | 'none';

// How each layout is mounted over /sys/fs/cgroup in the test's mount namespace.
const MOUNT_LAYOUT: Record<Layout, string> = {
  unified: 'mount -t cgroup2 none /sys/fs/cgroup',
  hybrid: 'mount -t tmpfs none /sys/fs/cgroup && mkdir /sys/fs/cgroup/systemd /sys/fs/cgroup/unified && mount -t cgroup2 none /sys/fs/cgroup/unified',
  legacy: 'mount -t tmpfs none /sys/fs/cgroup && mkdir /sys/fs/cgroup/systemd && mount -t cgroup -o none,name=systemd none /sys/fs/cgroup/systemd',
  none: 'mount -t tmpfs none /sys/fs/cgroup',
};

// Binds the tree's proc, passwd, group and run-systemd, mounts the layout ($2), then execs; in a
// pid namespace of its own, so that the command is the tree's pid 1 (its /proc/self).
const SCRIPT =
  'mount --bind "$1/proc" /proc || exit 99; ' +
  'for f in passwd group; do mount --bind "$1/etc/$f" "/etc/$f" || exit 99; done; ' +
  'mkdir -p /run/systemd && mount --bind "$1/run-systemd" /run/systemd || exit 99; ' +
  'eval "$2" || exit 99; shift 2; exec "$@"';

function runIn(tree: string, layout: Layout, command: readonly string[]): RunResult {
  const result = spawnSync('unshare', ['-m', '-p', '-f', '--propagation', 'private', 'sh', '-c', SCRIPT, 'sh', tree, MOUNT_LAYOUT[layout], ...command], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
    encoding: 'buffer',
  });
  if (result.error) throw result.error;
  if (result.status === 99) throw new Error(`mounting the tree failed: ${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, signal: result.signal };
}

/**
 * Each process's cgroup path (the v2 line; the v1 name=systemd line says `legacy` when given, so
 * that the layout decides which one counts). Slices, services and instances, sessions and user
 * managers, a machine, escaped and invalid names, owners that are not valid uids, a zombie's
 * " (deleted)", and paths outside PID 1's root.
 */
const PATHS: ReadonlyArray<readonly [pid: number, v2: string, legacy?: string]> = [
  [100, '/system.slice/ssh.service', '/system.slice/cron.service'],
  [200, '/user.slice/user-1000.slice/session-2.scope'],
  [300, '/user.slice/user-1000.slice/user@1000.service/app.slice/dbus.service'],
  [301, '/user.slice/user-1000.slice/user@1000.service/init.scope'],
  [302, '/system.slice/system-getty.slice/getty@tty1.service'],
  [303, '/machine.slice/machine-guest.scope/payload/system.slice/x.service'],
  [304, '/_cpu.service/inner'],
  [305, '/system.slice/docker-abc.scope (deleted)'],
  [306, '/system.slice/foo@.service'],
  [307, '/user.slice/user-65535.slice/session-c1.scope'],
  [310, '/user.slice/user-4294967294.slice/session-7.scope'],
  [311, '/user.slice/user-0100.slice/session-8.scope'],
  [312, '/a.slice/b.slice'],
  [313, '/system.slice/weird name.service'],
  [314, `/system.slice/${'x'.repeat(250)}.service`],
  [316, '/system.slice/x.nosuchtype'],
  [320, '/user.slice/user-1001.slice/user@1001.service/session-9.scope/y.service'],
  [330, '//system.slice//./sshd.service//'],
  [331, '/user.slice/user-1000.slice/session-3.scope'],
  [332, '/user.slice/user-1000.slice/user@x.service/z.service'],
  [333, '/-.slice/foo.service'],
  [334, '/system.slice/_x.slice/y.service'],
  // Made from 310 (extraProcess): a machine named in bytes, an owner past INT_MAX, dots and
  // dot-dots, a v1 line without name=systemd.
  [400, '/machine.slice/machine-cafe.scope'],
  [401, '/user.slice/user-2147483648.slice/session-5.scope'],
  [402, '/system.slice/../system.slice/./a.service'],
  [403, '/system.slice/b.service', '/'],
];
const EXTRA_PIDS = [400, 401, 402, 403, 404, 405, 406, 407];

/** Whole cgroup files for lxc's name (lxc_containers): nested containers, each delimiter, a later line's newer one. */
const LXC_FILES: ReadonlyArray<readonly [pid: number, cgroup: string]> = [
  [404, '10:cpuset:/lxc/lxc-P/lxc/lxc-P-nested\n0::/\n'],
  [405, '1:cpu:/lxc.payload.web/x\n0::/lxc.payload.web\n'],
  [406, '12:name=systemd:/\n1:cpuset:/lxc.payload/old/y\n0::/\n'],
  [407, '0::/a/lxc/b\n5:x:/lxc.payload.z\n'],
];

/** One more process, a copy of 310 under another pid. */
function extraProcess(tree: string, pid: number): void {
  const dir = join(tree, 'proc', String(pid));
  cpSync(join(tree, 'proc/310'), dir, { recursive: true });
  renameSync(join(dir, 'task/310'), join(dir, `task/${pid}`));
  for (const file of ['stat', 'status', `task/${pid}/stat`, `task/${pid}/status`]) {
    const text = readFileSync(join(dir, file), 'latin1');
    writeFileSync(join(dir, file), text.replace(/^310 /, `${pid} `).replace(/^(Tgid|Pid):\t310$/gm, `$1:\t${pid}`), 'latin1');
  }
}

/** A copy of the crafted table with PID 1 in `pid1` and the other processes in PATHS. */
function makeTree(pid1: string, prefix: string): string {
  const tree = mkdtempSync(join(tmpdir(), 'ptools-systemd-'));
  cpSync(join(FIXTURES, 'ps-crafted'), tree, { recursive: true });
  const cgroup = (v2: string, legacy = v2) => `12:name=systemd:${legacy}\n5:memory:/\n0::${v2}\n`;
  for (const pid of EXTRA_PIDS) extraProcess(tree, pid);
  writeFileSync(join(tree, 'proc/1/cgroup'), cgroup(pid1));
  // A thread's own cgroup, which procps does not read (it asks for /proc/TID/cgroup, absent here).
  writeFileSync(join(tree, 'proc/307/task/308/cgroup'), cgroup(`${prefix}/system.slice/thread.service`));
  for (const [pid, text] of LXC_FILES) writeFileSync(join(tree, `proc/${pid}/cgroup`), text);
  // A process without the name=systemd hierarchy in its v1 lines.
  writeFileSync(join(tree, 'proc/403/cgroup'), `5:memory:/\n0::${prefix}/system.slice/b.service\n`);
  for (const [pid, v2, legacy] of PATHS) writeFileSync(join(tree, `proc/${pid}/cgroup`), cgroup(`${prefix}${v2}`, legacy && `${prefix}${legacy}`));
  const run = join(tree, 'run-systemd');
  mkdirSync(join(run, 'sessions'), { recursive: true });
  mkdirSync(join(run, 'machines'));
  writeFileSync(join(run, 'sessions/2'), 'UID=1000\nUSER=alice\nACTIVE=1\nSEAT=seat0\nTTY=tty2\n');
  writeFileSync(join(run, 'sessions/3'), 'UID=1000\nSEAT=\n');
  writeFileSync(join(run, 'sessions/7'), '# written by logind\nSEAT="seat1"\n');
  symlinkSync('guest', join(run, 'machines/unit:machine-guest.scope'));
  // A name that is not text: a latin-1 byte, then UTF-8.
  symlinkSync(Buffer.from('g\xe4st\xc3\xa9', 'latin1'), join(run, 'machines/unit:machine-cafe.scope'));
  return tree;
}

const COLUMNS = 'pid,unit,uunit,slice,lsession,ouid,seat,machine';
const CASES: string[][] = [
  ['-eo', COLUMNS],
  ['-eo', 'pid,unit=,slice='],
  ['-eo', 'pid,uunit,ouid', '--sort=uunit'],
  ['-eo', 'pid,unit', '--sort=-unit,pid'],
  ['-eLo', 'pid,lwp,unit,slice'],
  ['-o', 'unit,machine,seat', '-p', '200,303,310'],
  ['ax', '-o', 'pid,lsession,seat,ouid'],
  ['-eo', 'pid,lxc,unit'],
  ['-eLo', 'pid,lwp,lxc', '--sort=lxc'],
];

const reason = unavailableReason('ps');

describe(`ps cgroup columns${reason ? ` (cannot run: ${reason})` : ''}`, () => {
  if (reason) {
    it.runIf(IN_CI)('has ps and unshare', () => {
      throw new Error(reason);
    });
    it.skipIf(IN_CI)(`skipped: ${reason}`, () => {});
    return;
  }
  const trees = {
    // PID 1 in init.scope: the root is "", which path_startswith() never matches.
    host: makeTree('/init.scope', ''),
    // A container's PID 1 below /lxc/ct1: every path is taken relative to it.
    container: makeTree('/lxc/ct1/init.scope', '/lxc/ct1'),
  };
  afterAll(() => {
    for (const tree of Object.values(trees)) rmSync(tree, { recursive: true, force: true });
  });
  const layouts: Layout[] = ['unified', 'hybrid', 'legacy', 'none'];
  for (const [name, tree] of Object.entries(trees)) {
    for (const layout of layouts) {
      for (const args of CASES) {
        it(`${name}, ${layout}: ps ${args.join(' ')}`, () => {
          const classic = runIn(tree, layout, ['ps', ...args]);
          expect(classic.stderr.length).toBe(0);
          expect(classic.stdout.length).toBeGreaterThan(0);
          expectSameRun(runIn(tree, layout, ours('ps', args)), classic);
        });
      }
    }
  }
  it("has procps name each kind of case: the fixture's units, sessions, seats, machines and containers", () => {
    const shown = runIn(trees.container, 'unified', ['ps', '-eo', `${COLUMNS},lxc`]).stdout.toString('latin1');
    for (const name of ['ssh.service', 'dbus.service', 'getty@tty1.service', 'user-1000.slice', 'seat0', 'seat1', 'guest', 'g\xe4st\xc3\xa9', '-2147483648', 'lxc-P-nested', 'web', 'old', ' z\n']) {
      expect(shown).toContain(name);
    }
  });
  it('the tree names processes in every case', () => {
    const pids = new Set(readdirSync(join(trees.host, 'proc')));
    for (const [pid] of PATHS) expect(pids.has(String(pid))).toBe(true);
  });
});
