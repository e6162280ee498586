// pt-procinfo against Python psutil (Debian's python3-psutil) on live processes: a python3
// child set up to have something in every section (a temporary file open for append, a loopback
// TCP listener on IPv4 and IPv6, a UDP socket, a second thread, an I/O priority, a lowered
// resource limit, a one-CPU affinity, an extra environment variable), pid 1 read as nobody (the
// sections the kernel refuses), a zombie, a kernel thread and a pid that does not exist.
// Figures that move while a process sleeps (CPU times, context switches, memory) are compared
// within psutil's own tolerances.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeBytes, IN_CI, ours, run as runCommand, shown } from './harness.js';
import { PSUTIL_DUMP } from './psutil-dump.js';

const PYTHON = '/usr/bin/python3';
const psutilMissing = spawnSync(PYTHON, ['-c', 'import psutil'], { stdio: 'ignore' }).status !== 0 ? 'python3-psutil is not installed' : null;
if (psutilMissing && IN_CI) throw new Error(psutilMissing);

const AS_NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
const MiB = 1024 * 1024;

// The child: everything set up, then "ready" and a wait on stdin.
const CHILD = `
import os, resource, socket, sys, threading, psutil
f = open(sys.argv[1], "a+"); f.write("hello"); f.flush()
r = open("/etc/hostname", "r")
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM); tcp.bind(("127.0.0.1", 0)); tcp.listen()
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); udp.bind(("127.0.0.1", 0))
try:
    tcp6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM); tcp6.bind(("::1", 0)); tcp6.listen()
except OSError:
    pass
resource.setrlimit(resource.RLIMIT_NOFILE, (100, 200))
os.sched_setaffinity(0, {0})
psutil.Process().ionice(psutil.IOPRIO_CLASS_BE, 5)
threading.Thread(target=sys.stdin.read, daemon=True).start()
print("ready", flush=True)
sys.stdin.read()
`;

/** A run with its output shown as the harness shows bytes (printable ASCII as it is, other bytes as \xHH). */
const run = (command: readonly string[]) => shown(runCommand(command, { env: process.env }));

type Json = Record<string, unknown> & { unavailable: Record<string, string> };

/** The NUL-separated parts of some bytes. */
function splitNul(bytes: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (let start = 0; ; ) {
    const end = bytes.indexOf(0, start);
    parts.push(bytes.subarray(start, end < 0 ? bytes.length : end));
    if (end < 0) return parts;
    start = end + 1;
  }
}

/** JSON is text: decoded here, at the edge. */
function jsonOf(command: readonly string[]): unknown {
  const result = runCommand(command, { env: process.env });
  expect(escapeBytes(result.stderr)).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout.toString());
}

function oursJson(pid: number, prefix: readonly string[] = []): Json {
  return jsonOf([...prefix, ...ours('procinfo', ['--json', String(pid)])]) as Json;
}

function psutilDump(pid: number, prefix: readonly string[] = [], inside: readonly string[] = []): Record<string, unknown> {
  return jsonOf([...prefix, PYTHON, '-c', PSUTIL_DUMP, String(pid), ...inside]) as Record<string, unknown>;
}

const close = (a: unknown, b: unknown, tolerance: number) => expect(Math.abs(Number(a) - Number(b))).toBeLessThanOrEqual(tolerance);

describe.skipIf(psutilMissing !== null && !IN_CI)(`pt-procinfo = psutil ${psutilMissing ?? ''}`, () => {
  let child: ChildProcessWithoutNullStreams;
  let dir: string;
  let pid: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ptools-procinfo-'));
    child = spawn(PYTHON, ['-c', CHILD, join(dir, 'open.txt')], { cwd: dir, env: { ...process.env, PTOOLS_MARK: 'procinfo test' } });
    await once(child.stdout, 'data');
    pid = child.pid as number;
  });
  afterAll(() => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('agrees field by field on a live child', () => {
    const theirs = psutilDump(pid, [], ours('procinfo', ['--json', String(pid)]));
    const mine = JSON.parse(theirs.ours as string) as Json;
    expect(mine.unavailable).toEqual({});
    for (const key of ['name', 'ppid', 'exe', 'cwd', 'cmdline', 'cpu_affinity', 'username', 'uids', 'gids', 'terminal', 'status', 'nice', 'ionice', 'num_threads', 'num_fds', 'io_counters', 'children', 'environ']) {
      expect([key, mine[key]]).toEqual([key, theirs[key]]);
    }
    expect(mine.ionice).toEqual({ ioclass: 'IOPRIO_CLASS_BE', value: 5 });
    expect(mine.cpu_affinity).toEqual([0]);
    expect((mine.environ as Record<string, string>).PTOOLS_MARK).toBe('procinfo test');
    close(mine.create_time, theirs.create_time, 0.02);
    const times = mine.cpu_times as Record<string, number>;
    for (const [name, value] of Object.entries(theirs.cpu_times as Record<string, number>)) close(times[name], value, 0.1);
    const memory = mine.memory_info as Record<string, number>;
    for (const [name, value] of Object.entries(theirs.memory_info as Record<string, number>)) close(memory[name], value, MiB);
    const footprint = mine.memory_footprint as Record<string, number>;
    for (const [name, value] of Object.entries(theirs.memory_footprint as Record<string, number>)) close(footprint[name], value, MiB);
    const switches = mine.num_ctx_switches as Record<string, number>;
    for (const [name, value] of Object.entries(theirs.num_ctx_switches as Record<string, number>)) close(switches[name], value, 50);
    // Open files: the temporary file in append mode after its 5 bytes, and /etc/hostname read-only.
    const files = (mine.open_files as Array<Record<string, unknown>>).map((f) => [f.path, f.fd, f.position, f.mode, f.flags]);
    expect(files.sort()).toEqual(theirs.open_files);
    expect(files).toContainEqual([join(dir, 'open.txt'), expect.any(Number), 5, 'a+', expect.any(Number)]);
    const sockets = (mine.connections as Array<Record<string, { ip: string; port: number } | null | string | number>>).map((c) => {
      const address = (value: unknown) => (value === null ? null : [(value as { ip: string }).ip, (value as { port: number }).port]);
      return [c.fd, c.family, c.type, address(c.laddr), address(c.raddr), c.status];
    });
    expect(sockets.sort()).toEqual(theirs.connections);
    expect(sockets.filter((s) => s[5] === 'LISTEN').length).toBeGreaterThanOrEqual(1);
    expect(sockets.filter((s) => s[2] === 'SOCK_DGRAM').length).toBe(1);
    const threads = (mine.threads as Array<{ id: number; user_time: number; system_time: number }>).map((t) => t.id);
    expect(threads).toEqual((theirs.threads as number[][]).map((t) => t[0] as number).sort((a, b) => a - b));
    expect(threads.length).toBe(2);
    const limits = mine.rlimits as Record<string, { soft: number; hard: number }>;
    expect(Object.fromEntries(Object.entries(limits).map(([name, l]) => [name, [l.soft, l.hard]]))).toEqual(theirs.rlimits);
    expect(limits.RLIMIT_NOFILE).toEqual({ soft: 100, hard: 200 });
    const maps = Object.fromEntries((mine.memory_maps as Array<{ path: string; rss: number }>).map((m) => [m.path, m.rss]));
    expect(Object.keys(maps).sort()).toEqual(Object.keys(theirs.memory_maps as object).sort());
    for (const [path, rss] of Object.entries(theirs.memory_maps as Record<string, number>)) close(maps[path], rss, MiB);
  });

  it('prints every section of the text, each list cut to four rows without --verbose', () => {
    const text = run(ours('procinfo', [String(pid)]));
    expect(text.status).toBe(0);
    const keys = text.stdout
      .split('\n')
      .map((line) => line.slice(0, 13).trim())
      .filter((key) => key !== '');
    expect(keys).toEqual([
      'pid', 'name', 'parent', 'exe', 'cwd', 'cmdline', 'started', 'cpu-tspent', 'cpu-times', 'cpu %', 'cpu-affinity', 'cpu-num',
      'memory', 'footprint', 'memory %', 'user', 'uids', 'gids', 'terminal', 'status', 'nice', 'ionice', 'num-threads', 'num-fds',
      'I/O', 'ctx-switches', 'children', 'open-files', 'connections', 'threads', 'res-limits', 'environ', 'mem-maps',
    ]);
    expect(text.stdout).toContain(`${'ionice'.padEnd(13)} class=IOPRIO_CLASS_BE, value=5\n`);
    expect(text.stdout).toContain(`${''.padEnd(13)} ${'openfiles'.padEnd(12)} ${'100'.padStart(15)} ${'200'.padStart(15)}\n`);
    expect(text.stdout).toContain('[...]');
    expect(text.stdout).not.toContain('\x1b');
    expect(run(ours('procinfo', ['-v', String(pid)])).stdout).not.toContain('[...]');
  });

  it('says "access denied" where the kernel refuses nobody, as psutil does, and exits 0', () => {
    const mine = oursJson(1, AS_NOBODY);
    const theirs = psutilDump(1, AS_NOBODY);
    const denied = Object.keys(theirs)
      .filter((key) => theirs[key] === 'denied')
      .sort();
    expect(denied).toEqual(expect.arrayContaining(['cwd', 'environ', 'exe', 'memory_footprint']));
    expect(Object.keys(mine.unavailable).sort()).toEqual(denied);
    expect(new Set(Object.values(mine.unavailable))).toEqual(new Set(['access denied']));
    const text = run([...AS_NOBODY, ...ours('procinfo', ['1'])]);
    expect(text.status).toBe(0);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain(`${'environ'.padEnd(13)} (access denied)\n`);
    expect(text.stdout).toContain(`${'cwd'.padEnd(13)} (access denied)\n`);
  });

  it('reads a zombie: its status and what a zombie still has, the rest marked', async () => {
    const parent = spawn(PYTHON, ['-c', 'import os, sys\npid = os.fork()\nif pid == 0:\n    os._exit(0)\nprint(pid, flush=True)\nsys.stdin.read()']);
    try {
      const [line] = (await once(parent.stdout, 'data')) as [Buffer];
      const zombie = Number(line.toString().trim());
      // Wait until the kernel has made it a zombie.
      while (!run(['cat', `/proc/${zombie}/stat`]).stdout.includes(') Z ')) await new Promise((resolve) => setTimeout(resolve, 20));
      const mine = oursJson(zombie);
      const theirs = psutilDump(zombie);
      expect(mine.status).toBe('zombie');
      expect(theirs.status).toBe('zombie');
      expect(mine.ppid).toBe(parent.pid);
      // A zombie's arguments and executable are what psutil (5.9) gives: [] (its cmdline file is
      // empty) and '' (the exe link is gone while /proc/PID is there), not marks.
      expect(theirs.cmdline).toEqual([]);
      expect(theirs.exe).toBe('');
      for (const key of ['name', 'ppid', 'uids', 'gids', 'nice', 'num_threads', 'cmdline', 'exe']) expect([key, mine[key]]).toEqual([key, theirs[key]]);
      expect(mine.unavailable.cmdline).toBeUndefined();
      const text = run(ours('procinfo', [String(zombie)]));
      expect(text.status).toBe(0);
      expect(text.stdout).toContain(`\n${'exe'.padEnd(13)} \n`);
      expect(text.stdout).toContain(`\n${'cmdline'.padEnd(13)} \n`);
      expect(text.stdout).toContain(`\n${'cwd'.padEnd(13)} (zombie process)\n`);
    } finally {
      parent.kill();
    }
  });

  it('reads a kernel thread (pid 2), which psutil 5.9 cannot (its environ answers ESRCH)', () => {
    const mine = oursJson(2);
    expect(mine.name).toBe('kthreadd');
    expect(mine.exe).toBe('');
    expect(mine.cmdline).toEqual([]);
    expect(mine.environ).toEqual({});
    expect(mine.memory_info).toEqual({ rss: 0, vms: 0, shared: 0, text: 0, data: 0 });
    expect(mine.unavailable).toEqual({});
    const theirs = run([PYTHON, '-c', 'import psutil; p = psutil.Process(2); print(p.name(), p.ppid(), p.exe() == "", p.cmdline())']);
    expect(theirs.stdout).toBe(`kthreadd ${String(mine.ppid)} True []\n`);
  });

  it('prints a name, arguments and a directory that are not UTF-8 as their bytes, and JSON holds what psutil holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptools-procinfo-bytes-'));
    // The child renames itself (comm), runs with argv[0] and an argument that are not UTF-8, and
    // works in a directory whose name is not UTF-8 either.
    const child = spawn(PYTHON, [
      '-c',
      'import os, sys; os.execv(sys.executable, [b"py\\xffthon", b"-c", sys.argv[1].encode(), b"x\\xfe y", sys.argv[2].encode()])',
      'import os, sys; os.mkdir(os.fsencode(sys.argv[2]) + b"/caf\\xc3\\xa9\\xff"); os.chdir(os.fsencode(sys.argv[2]) + b"/caf\\xc3\\xa9\\xff"); ' +
        'open("/proc/self/comm", "wb").write(b"n\\xc3\\xa9\\xff\\xfe"); print("ready", flush=True); sys.stdin.read()',
      dir,
    ]);
    try {
      await once(child.stdout, 'data');
      const pid = String(child.pid);
      const theirs = runCommand(
        [PYTHON, '-c', 'import os, sys, psutil; p = psutil.Process(int(sys.argv[1])); sys.stdout.buffer.write(b"\\0".join(os.fsencode(t) for t in [p.name(), " ".join(p.cmdline()), p.cwd()]))', pid],
        { env: process.env },
      );
      expect(theirs.status, theirs.stderr.toString()).toBe(0);
      const [name, cmdline, cwd] = splitNul(theirs.stdout);
      expect(name).toEqual(Buffer.from([0x6e, 0xc3, 0xa9, 0xff, 0xfe]));
      const text = runCommand(ours('procinfo', [pid]), { env: process.env });
      expect(text.status).toBe(0);
      for (const [key, value] of [['name', name], ['cmdline', cmdline], ['cwd', cwd]] as const) {
        const line = Buffer.concat([Buffer.from(`${key.padEnd(13)} `), value as Buffer, Buffer.from('\n')]);
        expect(text.stdout.includes(line), `${key}: ${escapeBytes(line)} in\n${escapeBytes(text.stdout)}`).toBe(true);
      }
      const mine = oursJson(Number(pid));
      const dump = psutilDump(Number(pid));
      for (const key of ['name', 'cmdline', 'cwd']) expect([key, mine[key]]).toEqual([key, dump[key]]);
    } finally {
      child.kill();
      rmSync(Buffer.from(dir), { recursive: true, force: true });
    }
  });

  it('ends with a message and status 1 for a pid that does not exist, 2 for a bad argument', () => {
    const missing = run(ours('procinfo', ['4194304']));
    expect(missing).toEqual({ stdout: '', stderr: 'pt-procinfo: no process found with pid 4194304\n', status: 1, signal: null });
    const bad = run(ours('procinfo', ['abc']));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("usage: procinfo [-h] [--verbose] [--json] [--color WHEN] [pid]\nprocinfo: error: argument pid: invalid int value: 'abc'\n");
  });
});
