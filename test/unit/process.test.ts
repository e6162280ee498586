import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidArgument, InvalidPid, NoSuchProcess, ZombieProcess } from '../../src/core/errors.js';
import { processesSync } from '../../src/core/process/iterate.js';
import { pids } from '../../src/core/process/pids.js';
import { Process } from '../../src/core/process/process.js';
import { decodeText } from '../../src/core/text.js';
import { REPO } from '../conformance/harness.js';

// A small procfs tree: pid 10 is a normal process, 20 is listed but gone (no stat), 30 is a zombie.
const root = mkdtempSync(join(tmpdir(), 'ptools-proc-'));
const ctx = { proc: root, sys: join(root, 'sys') };
const stat = (pid: number, comm: string, state: string, ppid: number) =>
  `${pid} (${comm}) ${state} ${ppid} ${pid} ${pid} 0 -1 4194560 10 0 0 0 5 6 0 0 20 0 1 0 500 8192 3 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n`;
const write = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
write('stat', 'cpu  1 2 3 4\nbtime 1700000000\n');
write('10/stat', stat(10, 'my (odd) name', 'S', 1));
write('10/status', 'Name:\tmy (odd) name\nUid:\t1000\t1000\t1000\t1000\nGid:\t100\t100\t100\t100\nThreads:\t1\n');
write('10/cmdline', 'my\0--flag\0');
write('10/statm', '2 3 1 1 0 1 0\n');
mkdirSync(join(root, '20'));
write('30/stat', stat(30, 'defunct', 'Z', 10));
write('30/cmdline', '');
mkdirSync(join(root, 'self'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A procfs tree of its own for a describe block: its context, a writer of its files and its removal. */
function procTree(prefix: string) {
  const tree = mkdtempSync(join(tmpdir(), prefix));
  const put = (path: string, text: string) => {
    mkdirSync(join(tree, path, '..'), { recursive: true });
    writeFileSync(join(tree, path), text);
  };
  put('stat', 'cpu  1 2 3 4\nbtime 1700000000\n');
  afterAll(() => rmSync(tree, { recursive: true, force: true }));
  return { tree, ctx: { proc: tree, sys: join(tree, 'sys') }, put };
}

describe('Process', () => {
  it('reads the running process itself', () => {
    const self = new Process(process.pid);
    expect(self.ppid()).toBe(process.ppid);
    expect(self.uids().real).toBe(process.getuid?.());
    expect(self.cmdline()[0]).toBe(readFileSync('/proc/self/cmdline', 'utf8').split('\0')[0]);
    const started = Date.now() / 1000 - process.uptime();
    expect(Math.abs(self.createTime() - started)).toBeLessThan(2);
    expect(self.isRunning()).toBe(true);
  });

  it('parses names with parentheses and spaces from a fixture tree', () => {
    const p = new Process(10, { ctx });
    expect(p.name()).toBe('my (odd) name');
    expect(p.status()).toBe('sleeping');
    expect(p.cmdline()).toEqual(['my', '--flag']);
    expect(p.uids()).toEqual({ real: 1000, effective: 1000, saved: 1000, fs: 1000 });
    expect(p.createTime()).toBeCloseTo(1700000000 + 500 / 100, 5);
  });

  it('reads afresh on every call, and each file once inside oneshot()', () => {
    const p = new Process(10, { ctx });
    expect(p.ppid()).toBe(1);
    write('10/stat', stat(10, 'my (odd) name', 'S', 7));
    expect(p.ppid()).toBe(7);
    p.oneshot(() => {
      expect(p.ppid()).toBe(7);
      write('10/stat', stat(10, 'my (odd) name', 'S', 1));
      expect(p.ppid()).toBe(7);
    });
    expect(p.ppid()).toBe(1);
  });

  it('reads a link afresh on every call, and once inside oneshot()', () => {
    const p = new Process(10, { ctx });
    const link = join(root, '10/cwd');
    const point = (target: string) => {
      rmSync(link, { force: true });
      symlinkSync(target, link);
    };
    point('/first');
    expect(p.cwd()).toBe('/first');
    p.oneshot(() => {
      point('/second');
      expect(p.cwd()).toBe('/second');
      point('/third');
      expect(p.cwd()).toBe('/second');
    });
    expect(p.cwd()).toBe('/third');
    rmSync(link);
  });

  it('gives the files it read ahead, and the same error for one it could not read', () => {
    const p = new Process(10, { ctx });
    const errorOf = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        return error;
      }
      throw new Error('no error');
    };
    const plain = p.oneshot(() => [p.name(), p.cmdline(), errorOf(() => p.environ())]);
    const ahead = p.oneshot(() => {
      p.readAhead(['status', 'cmdline', 'environ']);
      return [p.name(), p.cmdline(), errorOf(() => p.environ())];
    });
    expect(ahead).toEqual(plain);
    expect(ahead[2]).toBeInstanceOf((plain[2] as Error).constructor);
  });

  it('keeps a oneshot scope open until the promise it returns settles', async () => {
    const p = new Process(10, { ctx });
    await p.oneshot(async () => {
      expect(p.ppid()).toBe(1);
      write('10/stat', stat(10, 'my (odd) name', 'S', 7));
      await sleep(1);
      expect(p.ppid()).toBe(1);
    });
    expect(p.ppid()).toBe(7);
    write('10/stat', stat(10, 'my (odd) name', 'S', 1));
  });

  it('raises NoSuchProcess for a pid whose stat is gone', () => {
    expect(() => new Process(20, { ctx })).toThrow(NoSuchProcess);
    expect(() => new Process(99, { ctx })).toThrow(NoSuchProcess);
  });

  it('raises ZombieProcess where a zombie has nothing left to give', () => {
    const zombie = new Process(30, { ctx });
    expect(zombie.status()).toBe('zombie');
    expect(() => zombie.cmdline()).toThrow(ZombieProcess);
    expect(() => zombie.statusFields()).toThrow(ZombieProcess);
  });

  it('keeps the raw error when a file is missing but the process lives', () => {
    expect(() => new Process(10, { ctx }).read('io')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});

describe('pids', () => {
  it('lists numeric entries in order', () => {
    expect(pids({ ctx })).toEqual([10, 20, 30]);
  });
});

describe('processes', () => {
  it('skips vanished pids and puts null where a zombie cannot answer', () => {
    const found = processesSync({ attrs: ['name', 'cmdline', 'status'], ctx });
    expect(found).toEqual([
      { pid: 10, name: 'my (odd) name', cmdline: ['my', '--flag'], status: 'sleeping' },
      { pid: 30, name: 'defunct', cmdline: null, status: 'zombie' },
    ]);
  });

  it('finds this process among the live ones', () => {
    const self = processesSync({ attrs: ['ppid'] }).find((p) => p.pid === process.pid);
    expect(self).toEqual({ pid: process.pid, ppid: process.ppid });
  });

  it('raises AccessDenied when the kernel refuses a read (as nobody, on the environ of pid 1)', () => {
    // Root bypasses file permissions, so the denial is observed from an unprivileged child, which
    // runs this checkout's src/ bundled on the spot (dist/ may be older than the source).
    const script = buildSync({
      stdin: {
        contents: `import { Process } from './src/index.ts';
          try { new Process(1).read('environ'); console.log('read'); } catch (e) { console.log(e.name, e.pid); }`,
        resolveDir: REPO,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
    }).outputFiles[0]?.text;
    expect(script).toBeDefined();
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script ?? ''], { cwd: REPO, uid: 65534, gid: 65534, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('AccessDenied 1\n');
  });
});

describe('Process getters on a live child', () => {
  it('match what the kernel and the child itself report', async () => {
    const child = spawn(process.execPath, ['-e', 'process.stdout.write(JSON.stringify({cwd: process.cwd(), nice: require("os").getPriority()})); setInterval(() => {}, 1000)'], {
      cwd: '/tmp',
      env: { PATH: '/usr/bin:/bin', PTOOLS_MARK: 'getters' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
      const reported = JSON.parse(chunk.toString()) as { cwd: string; nice: number };
      const p = new Process(child.pid as number);
      expect(p.exe()).toBe(realpathSync(process.execPath));
      expect(p.cwd()).toBe(reported.cwd);
      expect(p.environ()).toEqual({ PATH: '/usr/bin:/bin', PTOOLS_MARK: 'getters' });
      expect(p.nice()).toBe(reported.nice);
      expect(p.terminal()).toBeNull();
      expect(p.numFds()).toBeGreaterThanOrEqual(3);
      const times = p.cpuTimes();
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'latin1').split(') ')[1]?.split(' ') ?? [];
      // utime and stime are fields 14 and 15 of proc(5), in clock ticks (100 per second here).
      expect(times.user).toBeCloseTo(Number(stat[11]) / 100, 1);
      expect(times.system).toBeCloseTo(Number(stat[12]) / 100, 1);
      expect(p.cpuPercent()).toBe(0); // the first call has nothing to compare with
      await sleep(500);
      // The child sleeps in setInterval: it used next to no CPU over the half second.
      expect(p.cpuPercent()).toBeLessThan(5);
    } finally {
      child.kill();
    }
  });

  it('reads the open files, threads and fd links of a child in one call each, as the kernel lists them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptools-open-'));
    const file = join(dir, 'held (deleted) )');
    writeFileSync(file, 'x'.repeat(100));
    // A name that is not UTF-8: stat(2) must get its bytes back, as Python's os.stat does.
    const odd = Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xc3, 0xa9, 0xff])]);
    writeFileSync(odd, '');
    // Holds the file open at offset 7, in append mode, and the odd one read-only, and spins up libuv's four threads.
    const script = `const fs = require("fs"); const fd = fs.openSync(${JSON.stringify(file)}, "a+"); fs.readSync(fd, Buffer.alloc(7), 0, 7, null); fs.openSync(Buffer.from("${odd.toString('hex')}", "hex"), "r"); require("fs").readFile("/dev/null", () => process.stdout.write("ready")); setInterval(() => {}, 1000)`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await once(child.stdout, 'data');
      const p = new Process(child.pid as number);
      expect(p.openFiles()).toEqual([
        expect.objectContaining({ path: file, mode: 'a+', position: 7 }),
        expect.objectContaining({ path: decodeText(odd), mode: 'r', position: 0 }),
      ]);
      const tids = readdirSync(`/proc/${child.pid}/task`).map(Number).sort((a, b) => a - b);
      expect(p.threads().map((thread) => thread.id)).toEqual(tids);
      const fds = readdirSync(`/proc/${child.pid}/fd`).map(Number).sort((a, b) => a - b);
      const links = p.readLinksBytes([...fds.map((fd) => `fd/${fd}`), 'fd/100000']);
      expect(links.slice(0, -1)).toEqual(fds.map((fd) => ({ link: readlinkSync(`/proc/${child.pid}/fd/${fd}`, { encoding: 'buffer' }) })));
      // A descriptor the process does not have is ENOENT; the process itself is there.
      expect(links.at(-1)).toEqual({ error: expect.objectContaining({ code: 'ENOENT' }) });
    } finally {
      child.kill();
      rmSync(dir, { recursive: true });
    }
  });

  it('shows a busy child near a whole CPU in cpuPercent', async () => {
    // A bounded busy loop (at most a minute; killed once measured), announced once it spins.
    const child = spawn(process.execPath, ['-e', 'process.stdout.write("busy"); for (const end = Date.now() + 60000; Date.now() < end; );'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      await once(child.stdout, 'data');
      const p = new Process(child.pid as number);
      expect(p.cpuPercent()).toBe(0);
      await sleep(500);
      // A spinning thread uses one CPU; the two CPUs here are shared, so allow it a fair share.
      expect(p.cpuPercent()).toBeGreaterThan(30);
    } finally {
      child.kill();
    }
  });

  it('answers an empty exe and environment for kernel threads and NoSuchProcess for a pid that is gone', () => {
    expect(new Process(2).exe()).toBe('');
    // The kernel answers ESRCH for /proc/2/environ: translate() finds pid 2 running.
    expect(new Process(2).environ()).toEqual({});
    const info = new Process(2).asDict();
    expect([info.environ, info.exe, info.cmdline, info.name]).toEqual([{}, '', [], 'kthreadd']);
    expect(processesSync({ attrs: ['environ'] }).find((row) => row.pid === 2)?.environ).toEqual({});
    expect(() => new Process(99, { ctx }).exe()).toThrow(NoSuchProcess);
  });
});

describe('a procfs tree under a directory named in other than ASCII', () => {
  it('reads its links and files there, as node:fs names the directory (UTF-8)', () => {
    const { tree, ctx: oddCtx, put } = procTree('ptools-caf\u00e9-');
    put('40/stat', stat(40, 'x', 'S', 1));
    put('40/smaps', '7f00-7f01 r--p 0 00:00 0 /lib/x.so\nRss: 4 kB\n');
    put('40/smaps_rollup', 'Rss: 4 kB\nPss: 4 kB\nSwap: 0 kB\n');
    symlinkSync('/usr/bin/x', join(tree, '40', 'exe'));
    mkdirSync(join(tree, '40', 'fd'));
    symlinkSync('/dev/null', join(tree, '40', 'fd', '0'));
    const p = new Process(40, { ctx: oddCtx });
    expect(p.exe()).toBe('/usr/bin/x');
    expect(p.readLinksBytes(['fd/0'])).toEqual([{ link: Buffer.from('/dev/null') }]);
    // Read ahead on the addon's thread, then taken inside the scope.
    expect(p.oneshot(() => (p.readAhead(['smaps']), p.memoryMaps()))).toEqual([expect.objectContaining({ path: '/lib/x.so', rss: 4096 })]);
  });
});

describe('pids at the library edge', () => {
  it('refuses what is not an integer before building a path from it, and names no process outside the kernel range', () => {
    for (const bad of ['../some/dir', 'self', '1/task/1', 1.5, Number.NaN, undefined, null]) {
      expect(() => new Process(bad as unknown as number)).toThrow(InvalidPid);
    }
    expect(() => new Process(1, { tid: 0.5 })).toThrow(InvalidPid);
    for (const far of [-1, 2 ** 22 + 1, 2 ** 32 + 1, 2 ** 40]) expect(() => new Process(far)).toThrow(NoSuchProcess);
    expect(new InvalidPid('x')).toBeInstanceOf(TypeError);
    expect(new Process(1).pid).toBe(1);
  });

  it('refuses a resource, signal or memtype that is none before any system call, with InvalidArgument', () => {
    const self = new Process(process.pid);
    // 2^32 + 7 reached prlimit as 7 (RLIMIT_NOFILE), 1.5 as 1; 99 and 16 as a raw EINVAL.
    for (const resource of [2 ** 32 + 7, 1.5, 99, 16, -1, Number.NaN, 'RLIMIT_BOGUS']) expect(() => self.rlimit(resource)).toThrow(InvalidArgument);
    expect(self.rlimit(7)).toEqual(self.rlimit('RLIMIT_NOFILE'));
    // Only values kill(2) or Node would refuse: none of them can reach this process as a signal.
    for (const signal of [999, 65, -1, 1.5, 2 ** 32 + 15, 'SIGBOGUS']) expect(() => self.sendSignal(signal as NodeJS.Signals)).toThrow(InvalidArgument);
    expect(() => self.sendSignal(0)).not.toThrow();
    expect(() => self.memoryPercent('bogus' as 'rss')).toThrow(/memtype "bogus": should be one of rss, vms/);
    expect(() => self.asDict(['bogus' as 'name'])).toThrow(InvalidArgument);
    expect(new InvalidArgument('signal', 999, 'x')).toBeInstanceOf(RangeError);
  });
});

describe('Process children', () => {
  // 100 forked 101 and 102 and, from another thread, 104; 101 forked 103. 104's start is before
  // 100's: a reused pid, not a child.
  const { tree, ctx: kinCtx, put } = procTree('ptools-kin-');
  const kin = (pid: number, ppid: number, start: number) =>
    put(`${pid}/stat`, `${pid} (k${pid}) S ${ppid} ${pid} ${pid} 0 -1 4194560 10 0 0 0 5 6 0 0 20 0 1 0 ${start} 8192 3 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n`);
  kin(100, 1, 500);
  kin(101, 100, 600);
  kin(102, 100, 700);
  kin(103, 101, 800);
  kin(104, 100, 400);
  const pidsOf = (processes: Process[]) => processes.map((p) => p.pid);
  const answers = async () => {
    const parent = new Process(100, { ctx: kinCtx });
    return [pidsOf(parent.childrenSync()), pidsOf(await parent.children()), pidsOf(parent.childrenSync({ recursive: true })), pidsOf(await parent.children({ recursive: true }))];
  };

  it('finds them by every ppid when there are no children lists, and by the lists when there are', async () => {
    expect(await answers()).toEqual([[101, 102], [101, 102], [101, 102, 103], [101, 102, 103]]);
    put('100/task/100/children', '101 ');
    put('100/task/105/children', '104 102 ');
    expect(await answers()).toEqual([[101, 102], [101, 102], [101, 102, 103], [101, 102, 103]]);
    // Only the listed pids are read: a process the lists leave out is not found (recursion looks
    // at every process, as psutil does)...
    put('100/task/105/children', '');
    expect(await answers()).toEqual([[101], [101], [101, 102, 103], [101, 102, 103]]);
    // ...and a thread without its list, or too many threads, send the search back to every process.
    rmSync(join(tree, '100/task/105/children'));
    expect(await answers()).toEqual([[101, 102], [101, 102], [101, 102, 103], [101, 102, 103]]);
    put('100/task/105/children', '');
    for (let tid = 200; tid < 264; tid++) put(`100/task/${tid}/children`, '');
    expect(await answers()).toEqual([[101, 102], [101, 102], [101, 102, 103], [101, 102, 103]]);
  });
});

describe('Process connections', () => {
  // Process 100 holds sockets 5 (fd 3) and 7 (fd 4). The tables are crafted: inode 5 is in
  // /proc/net/unix and, impossibly, in /proc/net/tcp too, which tells whether tcp was read.
  const { tree, ctx: socketCtx, put } = procTree('ptools-sockets-');
  put('100/stat', '100 (holder) S 1 100 100 0 -1 4194560 10 0 0 0 5 6 0 0 20 0 1 0 500 8192 3 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n');
  mkdirSync(join(tree, '100/fd'));
  symlinkSync('socket:[5]', join(tree, '100/fd/3'));
  const TCP_HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
  const tcpLine = (slot: number, port: number, inode: number) =>
    `   ${slot}: 0100007F:${port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`;
  put('net/tcp', TCP_HEADER + tcpLine(0, 8080, 5) + tcpLine(1, 9090, 7));
  put('net/unix', 'Num       RefCount Protocol Flags    Type St Inode Path\n0000000000000000: 00000002 00000000 00010000 0001 01 5 /run/x.sock\n');
  const ports = () => new Process(100, { ctx: socketCtx }).connections('tcp').map((c) => [c.fd, c.localPort]);

  it('leaves the inet tables unread when every socket is a unix one, and reads them otherwise', () => {
    expect(ports()).toEqual([]);
    symlinkSync('socket:[7]', join(tree, '100/fd/4'));
    expect(ports()).toEqual([[3, 8080], [4, 9090]]);
    // Without /proc/net/unix nothing is known of the sockets' families.
    rmSync(join(tree, '100/fd/4'));
    rmSync(join(tree, 'net/unix'));
    expect(ports()).toEqual([[3, 8080]]);
  });
});
