// The library's system functions and Process methods against psutil 5.9.4 (/usr/bin/python3)
// asked the same question on the same machine.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IN_CI } from '../conformance/harness.js';
import { netnsUnavailable } from '../conformance/netns.js';
import {
  bootTime,
  cpuCount,
  cpuFreq,
  cpuPercent,
  cpuTimes,
  diskIoCounters,
  diskPartitions,
  diskUsage,
  findProcesses,
  InvalidArgument,
  loadAvg,
  netIfAddrs,
  netIfStats,
  netIoCounters,
  pidExists,
  pids,
  Process,
  processTree,
  users,
  virtualMemory,
} from '../../src/index.js';

/** Runs a psutil script whose last line prints JSON; returns it parsed. */
function psutil<T>(script: string): T {
  const run = spawnSync('/usr/bin/python3', ['-c', `import json, os, psutil\n${script}`], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as T;
}

/** Asks both until two answers agree (a counter may tick between two reads), at most five times. */
function settled<T>(ours: () => T, theirs: () => T): [T, T] {
  let pair: [T, T] = [ours(), theirs()];
  for (let round = 0; round < 5 && JSON.stringify(pair[0]) !== JSON.stringify(pair[1]); round++) pair = [ours(), theirs()];
  return pair;
}

describe('system functions', () => {
  it('count CPUs and read the boot time as psutil does', () => {
    expect([cpuCount(), cpuCount({ logical: false }), bootTime()]).toEqual(psutil('print(json.dumps([psutil.cpu_count(), psutil.cpu_count(logical=False), psutil.boot_time()]))'));
  });

  it('read the load averages, CPU frequencies and per-CPU times psutil reads', () => {
    const [ours, theirs] = settled(
      () => ({ load: loadAvg(), freq: cpuFreq(), perCpu: cpuFreq({ percpu: true }).length, times: cpuTimes({ percpu: true }).length }),
      () =>
        psutil<{ load: [number, number, number]; freq: { current: number; min: number; max: number }; perCpu: number; times: number }>(
          "f = psutil.cpu_freq()\nprint(json.dumps({'load': list(os.getloadavg()), 'freq': {'current': f.current, 'min': f.min, 'max': f.max}, 'perCpu': len(psutil.cpu_freq(percpu=True)), 'times': len(psutil.cpu_times(percpu=True))}))",
        ),
    );
    expect(ours).toEqual(theirs);
  });

  it('answer cpuPercent at once without an interval (0.0 the first time) and as a Promise with one', async () => {
    const fresh = { proc: '/proc/', sys: '/sys' }; // another root spelling: a series of its own
    expect(cpuPercent({ ctx: fresh })).toBe(0);
    const percent = await cpuPercent({ interval: 0.2, percpu: true });
    expect(percent).toHaveLength(cpuCount() ?? 0);
    for (const value of percent) expect(value).toBeGreaterThanOrEqual(0);
    const busy = cpuPercent({ ctx: fresh });
    expect(busy).toBeGreaterThanOrEqual(0);
    expect(busy).toBeLessThanOrEqual(100);
  });

  it('list the partitions psutil lists, with and without all', () => {
    const theirs = psutil<string[][][]>('print(json.dumps([[list(p) for p in psutil.disk_partitions(all=a)] for a in (False, True)]))');
    const ours = [false, true].map((all) => diskPartitions({ all }).map((p) => [p.device, p.mountpoint, p.fstype, p.opts, null, null]));
    // psutil 5.9.4 adds maxfile and maxpath (pathconf); the library leaves them out.
    expect(ours).toEqual(theirs.map((list) => list.map((p) => [...p.slice(0, 4), null, null])));
  });

  it('measure a filesystem as psutil does', () => {
    const ours = diskUsage('/');
    const theirs = psutil<{ total: number; used: number; free: number; percent: number }>("u = psutil.disk_usage('/')\nprint(json.dumps(u._asdict()))");
    // Files come and go between the two reads; the size and the root reserve (total - used - free) do not.
    expect([ours.total, ours.total - ours.used - ours.free]).toEqual([theirs.total, theirs.total - theirs.used - theirs.free]);
    expect(Math.abs(ours.percent - theirs.percent)).toBeLessThan(1);
    expect(ours.percent).toBe(Math.round((ours.used / (ours.used + ours.free)) * 1000) / 10);
  });

  it('name the addresses and link states of the interfaces as psutil does', () => {
    const theirs = psutil<Record<string, Array<[string, string, string | null, string | null, string | null]>>>(
      'print(json.dumps({n: [[a.family.name, a.address, a.netmask, a.broadcast, a.ptp] for a in l] for n, l in psutil.net_if_addrs().items()}))',
    );
    const ours = Object.fromEntries(Object.entries(netIfAddrs()).map(([name, list]) => [name, list.map((a) => [a.family, a.address, a.netmask, a.broadcast, a.ptp])]));
    expect(ours).toEqual(theirs);
    const stats = psutil<Record<string, { isup: boolean; duplex: string; speed: number; mtu: number; flags: string }>>(
      "print(json.dumps({n: {'isup': s.isup, 'duplex': {0: 'unknown', 1: 'half', 2: 'full'}[s.duplex], 'speed': s.speed, 'mtu': s.mtu, 'flags': s.flags} for n, s in psutil.net_if_stats().items()}))",
    );
    expect(netIfStats()).toEqual(stats);
  });

  it('sum the counters psutil sums, and key them by name', () => {
    const disks = Object.keys(diskIoCounters({ perdisk: true }));
    const nics = Object.keys(netIoCounters({ pernic: true }));
    expect([disks.sort(), nics.sort()]).toEqual(psutil('print(json.dumps([sorted(psutil.disk_io_counters(perdisk=True)), sorted(psutil.net_io_counters(pernic=True))]))'));
    expect(diskIoCounters().readCount).toBeGreaterThan(0);
    expect(netIoCounters().bytesRecv).toBeGreaterThan(0);
  });

  it('read the logins of utmp as psutil does (none when there is no utmp)', () => {
    expect(users().map((u) => [u.name, u.terminal, u.host, u.started, u.pid])).toEqual(psutil('print(json.dumps([list(u) for u in psutil.users()]))'));
  });

  it('read a utmp file as who(1) reads it: the user processes, with their line, time, pid and host', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptools-utmp-'));
    try {
      const record = (type: number, pid: number, line: string, user: string, host: string, seconds: number) => {
        const data = Buffer.alloc(384);
        data.writeInt32LE(type, 0);
        data.writeInt32LE(pid, 4);
        data.write(line, 8, 'utf8');
        data.write(user, 44, 'utf8');
        data.write(host, 76, 'utf8');
        data.writeInt32LE(seconds, 340);
        return data;
      };
      // glibc's struct utmp (bits/utmp.h): a boot record and two logins, one on the X display.
      const file = join(dir, 'utmp');
      writeFileSync(file, Buffer.concat([record(2, 0, '~', 'reboot', '6.1.0', 1700000000), record(7, 4242, 'pts/3', 'alice', ':0', 1700000100), record(7, 4343, 'tty1', 'bob', '', 1700000200)]));
      const who = spawnSync('who', ['-u', file], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } }).stdout;
      const minute = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
      // psutil names the display :0 "localhost"; who prints it as it is.
      const ours = users({ utmp: file }).map((u) => [u.name, u.terminal, minute(u.started), u.pid, u.host === 'localhost' ? ':0' : u.host]);
      const theirs = who
        .trim()
        .split('\n')
        .map((line) => {
          const [name, terminal, day, time, , pid, host] = line.split(/\s+/);
          return [name, terminal, `${day} ${time}`, Number(pid), host?.replace(/^\((.*)\)$/, '$1') ?? ''];
        });
      expect(ours).toEqual(theirs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tell processes from threads in pidExists, and lists pids as psutil does', () => {
    const thread = spawnSync('sh', ['-c', `ls /proc/${process.pid}/task`], { encoding: 'utf8' }).stdout.split('\n').map(Number).find((tid) => tid > 0 && tid !== process.pid);
    expect(thread).toBeDefined();
    const [ours, theirs] = settled(
      () => [pidExists(process.pid), pidExists(thread ?? 0), pidExists(1)],
      () => psutil<boolean[]>(`print(json.dumps([psutil.pid_exists(${process.pid}), psutil.pid_exists(${thread}), psutil.pid_exists(1)]))`),
    );
    expect(ours).toEqual(theirs);
    expect(pids()).toContain(process.pid);
    expect(pids()).not.toContain(thread);
  });
});

describe('processTree and findProcesses', () => {
  it('put a child under its parent and find it by name, command line and parent', async () => {
    const child = spawn('sleep', ['300']);
    await once(child, 'spawn');
    try {
      const find = (nodes: Awaited<ReturnType<typeof processTree>>, pid: number): (typeof nodes)[number] | undefined => {
        for (const node of nodes) {
          if (node.pid === pid) return node;
          const below = find(node.children, pid);
          if (below) return below;
        }
        return undefined;
      };
      const tree = await processTree();
      const node = find(tree, child.pid as number);
      expect(node?.parent?.pid).toBe(process.pid);
      expect(find(tree, 1)?.parent).toBeNull();
      expect(JSON.parse(JSON.stringify(node))).toEqual({ pid: child.pid, ppid: process.pid, name: 'sleep', children: [] });
      const found = await findProcesses({ name: 'sleep', cmdline: /^sleep 300$/, parent: process.pid, user: 'root' });
      expect(found.map((p) => p.pid)).toEqual([child.pid]);
      expect(await findProcesses({ name: 'sleep', parent: process.pid, user: 65534 })).toEqual([]);
    } finally {
      child.kill();
    }
  });
});

describe('Process against psutil', () => {
  it('answers what psutil.Process answers for the same child', async () => {
    const child = spawn('sleep', ['300'], { cwd: '/tmp' });
    await once(child, 'spawn');
    try {
      const p = new Process(child.pid as number);
      // Until it has exec'd and gone to sleep, its name and state are still changing.
      while (p.status() !== 'sleeping' || p.name() !== 'sleep') await new Promise((resolve) => setTimeout(resolve, 10));
      const names = ['name', 'exe', 'cmdline', 'status', 'ppid', 'username', 'terminal', 'nice', 'cwd', 'numThreads', 'numFds', 'memoryPercent'] as const;
      const ours = p.asDict([...names, 'uids', 'gids', 'ionice', 'cpuAffinity', 'createTime']);
      const theirs = psutil<Record<string, unknown>>(
        `p = psutil.Process(${child.pid})\nd = p.as_dict(['name', 'exe', 'cmdline', 'status', 'ppid', 'username', 'terminal', 'nice', 'cwd', 'num_threads', 'num_fds', 'memory_percent', 'uids', 'gids', 'ionice', 'cpu_affinity', 'create_time'])\n` +
          "print(json.dumps({'name': d['name'], 'exe': d['exe'], 'cmdline': d['cmdline'], 'status': d['status'], 'ppid': d['ppid'], 'username': d['username'], 'terminal': d['terminal'], 'nice': d['nice'], 'cwd': d['cwd'], 'numThreads': d['num_threads'], 'numFds': d['num_fds'], 'memoryPercent': d['memory_percent'], 'ussPercent': p.memory_percent('uss'), 'uids': list(d['uids']), 'gids': list(d['gids']), 'ionice': [int(d['ionice'].ioclass), d['ionice'].value], 'cpuAffinity': d['cpu_affinity'], 'createTime': d['create_time']}))",
      );
      expect({
        ...Object.fromEntries(names.map((name) => [name, ours[name]])),
        // psutil's uids and gids stop at the saved id; the library also gives the filesystem id.
        uids: Object.values(ours.uids ?? {}).slice(0, 3),
        gids: Object.values(ours.gids ?? {}).slice(0, 3),
        ionice: [ours.ionice?.ioclass, ours.ionice?.value],
        cpuAffinity: ours.cpuAffinity,
        createTime: ours.createTime,
        ussPercent: theirs.ussPercent,
      }).toEqual(theirs);
      // USS moves between two reads: a page of sleep's binary or libc stops counting as private
      // when another process (a parallel test's sleep) maps it. Same formula, same magnitude.
      const uss = p.memoryPercent('uss') / (theirs.ussPercent as number);
      expect(uss).toBeGreaterThan(0.5);
      expect(uss).toBeLessThan(2);
      expect(Object.keys(p.asDict())).toEqual(['pid', ...Object.keys(p.asDict()).slice(1)]);
      const mine = new Process(process.pid);
      expect((await mine.children()).map((q) => q.pid)).toContain(child.pid);
      expect(mine.parents().map((q) => q.pid)).toEqual(psutil<number[]>(`print(json.dumps([q.pid for q in psutil.Process(${process.pid}).parents()]))`));
      expect(virtualMemory().total).toBe(psutil<number>('print(json.dumps(psutil.virtual_memory().total))'));
    } finally {
      child.kill();
    }
  });

  it('finds children and grandchildren as psutil does', async () => {
    const shell = spawn('sh', ['-c', 'sleep 300 & sleep 300 & echo started; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
    await once(shell.stdout, 'data');
    let sleepers: number[] = [];
    try {
      const p = new Process(shell.pid as number);
      sleepers = p.childrenSync().map((q) => q.pid);
      const ours = [(await p.children()).map((q) => q.pid), (await new Process(process.pid).children({ recursive: true })).map((q) => q.pid).sort((a, b) => a - b)];
      // The synchronous form answers the same, in the same order.
      expect(p.childrenSync().map((q) => q.pid)).toEqual(ours[0]);
      expect(new Process(process.pid).childrenSync({ recursive: true }).map((q) => q.pid).sort((a, b) => a - b)).toEqual(ours[1]);
      const theirs = psutil<number[][]>(
        `print(json.dumps([[q.pid for q in psutil.Process(${shell.pid}).children()], sorted(q.pid for q in psutil.Process(${process.pid}).children(recursive=True))]))`,
      );
      // psutil's own python3 is a child of this process too while it answers: ours must be among its answer.
      expect(ours).toEqual([theirs[0], (theirs[1] ?? []).filter((pid) => ours[1]?.includes(pid))]);
      expect(ours[0]).toHaveLength(2);
      expect(ours[1]).toEqual(expect.arrayContaining([shell.pid, ...(ours[0] ?? [])]));
    } finally {
      for (const pid of sleepers) process.kill(pid);
      shell.kill();
    }
  });

  it('reads a kernel thread (kthreadd, pid 2) where psutil reads it, and its environment as {} where psutil 5.9.4 fails', () => {
    const names = ['name', 'exe', 'cmdline', 'ppid', 'username', 'terminal', 'nice', 'cwd', 'numThreads', 'numFds', 'openFiles'] as const;
    const theirs = psutil<Record<string, unknown>>(
      "p = psutil.Process(2)\nd = p.as_dict(['name', 'exe', 'cmdline', 'ppid', 'username', 'terminal', 'nice', 'cwd', 'num_threads', 'num_fds', 'open_files'])\n" +
        "try:\n    p.environ()\n    environ = 'answered'\nexcept psutil.NoSuchProcess:\n    environ = 'NoSuchProcess'\n" +
        "print(json.dumps({'name': d['name'], 'exe': d['exe'], 'cmdline': d['cmdline'], 'ppid': d['ppid'], 'username': d['username'], 'terminal': d['terminal'], 'nice': d['nice'], 'cwd': d['cwd'], 'numThreads': d['num_threads'], 'numFds': d['num_fds'], 'openFiles': d['open_files'], 'environ': environ, 'running': p.is_running()}))",
    );
    const p = new Process(2);
    // psutil turns the kernel's ESRCH for a task without an address space into NoSuchProcess,
    // although the process runs on: ours is the empty environment of a kernel thread.
    expect([theirs.environ, theirs.running]).toEqual(['NoSuchProcess', true]);
    expect(p.environ()).toEqual({});
    const all = p.asDict();
    expect(all.environ).toEqual({});
    expect({ ...p.asDict(names), pid: undefined }).toEqual({ ...theirs, environ: undefined, running: undefined, pid: undefined });
    expect(Object.keys(all).length).toBeGreaterThanOrEqual(names.length);
  });

  it('refuses the resources and memtypes psutil refuses with ValueError', () => {
    const resources = [99, 16, -1];
    const theirs = psutil<string[]>(
      `p = psutil.Process()\nout = []\nfor call in [${resources.map((r) => `lambda: p.rlimit(${r})`).join(', ')}, lambda: p.memory_percent('bogus')]:\n    try:\n        call()\n        out.append('answered')\n    except ValueError:\n        out.append('ValueError')\nprint(json.dumps(out))`,
    );
    const self = new Process(process.pid);
    const ours = [...resources.map((r) => () => self.rlimit(r)), () => self.memoryPercent('bogus' as 'rss')].map((call) => {
      try {
        call();
        return 'answered';
      } catch (error) {
        return error instanceof InvalidArgument ? 'ValueError' : String(error);
      }
    });
    expect(ours).toEqual(theirs);
    expect(theirs).toEqual(['ValueError', 'ValueError', 'ValueError', 'ValueError']);
  });

  it('reads loadAvg from a procfs tree elsewhere, and refuses a damaged /proc/loadavg instead of answering NaN', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptools-load-'));
    try {
      const ctx = { proc: dir, sys: join(dir, 'sys') };
      writeFileSync(join(dir, 'loadavg'), '0.52 0.58 0.59 1/467 12345\n');
      expect(loadAvg({ ctx })).toEqual([0.52, 0.58, 0.59]);
      // A damaged field read as NaN; a doubled blank shifted the averages (an empty field read 0).
      writeFileSync(join(dir, 'loadavg'), '0.52 x 0.59 1/467 12345\n');
      expect(() => loadAvg({ ctx })).toThrow(/not three averages/);
      writeFileSync(join(dir, 'loadavg'), '0.52  0.58 0.59 1/467 12345\n');
      expect(loadAvg({ ctx })).toEqual([0.52, 0.58, 0.59]);
      writeFileSync(join(dir, 'loadavg'), '0.52 0.58');
      expect(() => loadAvg({ ctx })).toThrow(/not three averages/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses signals and syscalls on a procfs tree that is not the live one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptools-tree-'));
    try {
      writeFileSync(join(dir, 'stat'), 'btime 1700000000\n');
      spawnSync('mkdir', [join(dir, '7')]);
      writeFileSync(join(dir, '7', 'stat'), '7 (x) S 1 7 7 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 5 0 0\n');
      const p = new Process(7, { ctx: { proc: dir, sys: join(dir, 'sys') } });
      for (const call of [() => p.kill(), () => p.ionice(), () => p.cpuAffinity(), () => p.rlimit('RLIMIT_NOFILE')]) expect(call).toThrow(expect.objectContaining({ name: 'Unsupported' }));
      // As psutil's as_dict: what cannot be answered here is raised when asked for by name.
      expect(() => p.asDict(['name', 'ionice'])).toThrow(expect.objectContaining({ name: 'Unsupported' }));
      expect(p.asDict(['name'])).toEqual({ pid: 7, name: 'x' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const netnsReason = netnsUnavailable();

describe.skipIf(netnsReason !== null && !IN_CI)(`interfaces named as Object.prototype's keys${netnsReason ? ` (${netnsReason})` : ''}`, () => {
  // A namespace of its own with ifb links called "constructor" (up, with an address) and
  // "__proto__": psutil and the built library, each run inside it, answer for the same links.
  it('are keys of their own in netIfAddrs and netIfStats, as in psutil', () => {
    const ns = `ptools-keys-${process.pid}`;
    const ip = (...args: string[]) => expect(spawnSync('ip', args, { encoding: 'utf8' }).stderr).toBe('');
    ip('netns', 'add', ns);
    try {
      ip('-n', ns, 'link', 'add', 'constructor', 'type', 'ifb');
      ip('-n', ns, 'link', 'add', '__proto__', 'type', 'ifb');
      ip('-n', ns, 'addr', 'add', '10.9.8.7/24', 'dev', 'constructor');
      ip('-n', ns, 'link', 'set', 'constructor', 'up');
      const inside = (argv: string[]) => {
        const run = spawnSync('ip', ['netns', 'exec', ns, ...argv], { encoding: 'utf8' });
        expect(run.stderr).toBe('');
        return JSON.parse(run.stdout) as unknown;
      };
      const library = new URL('../../dist/lib/index.js', import.meta.url).pathname;
      const ours = inside([
        process.execPath,
        '--input-type=module',
        '-e',
        `import { netIfAddrs, netIfStats } from ${JSON.stringify(library)};
const addrs = Object.entries(netIfAddrs()).map(([name, list]) => [name, list.filter((a) => a.family === 'AF_INET').map((a) => a.address)]);
const stats = Object.entries(netIfStats()).map(([name, s]) => [name, s.isup, s.mtu]);
console.log(JSON.stringify([addrs.sort(), stats.sort()]));`,
      ]);
      const theirs = inside([
        '/usr/bin/python3',
        '-c',
        `import json, socket, psutil
addrs = sorted([n, [a.address for a in l if a.family == socket.AF_INET]] for n, l in psutil.net_if_addrs().items())
stats = sorted([n, s.isup, s.mtu] for n, s in psutil.net_if_stats().items())
print(json.dumps([addrs, stats]))`,
      ]);
      expect(ours).toEqual(theirs);
      expect(JSON.stringify(ours)).toContain('["constructor",["10.9.8.7"]]');
      expect(JSON.stringify(ours)).toContain('["__proto__",false,1500]');
    } finally {
      spawnSync('ip', ['netns', 'del', ns]);
    }
  });
});
