// pt-exporter's pure parts: the parsers of the host files it reads, the exposition writers, the
// group cut, and its command line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMeminfoLines } from '../../src/core/memory.js';
import { parseMounts, unescapeMountField } from '../../src/core/mounts.js';
import { parseSockstat } from '../../src/core/net/sockstat.js';
import { readFilesAsync } from '../../src/core/procfs.js';
import { readHostFiles } from '../../src/core/host.js';
import { parseProcStatCpus, parseStatCounters } from '../../src/core/cpu.js';
import { parseLoadavg } from '../../src/core/system.js';
import { parseExporterCommand, parseListen } from '../../src/tools/exporter/command.js';
import { cgroupGroup, DISK_EXCLUDE, FS_TYPE_EXCLUDE, groupFamilies, MOUNT_POINT_EXCLUDE } from '../../src/tools/exporter/collect.js';
import { goFloat, openMetricsFloat, renderOpenMetrics, renderText, sortFamilies, wantsOpenMetrics, type Family } from '../../src/tools/exporter/render.js';

describe('host file parsers', () => {
  it('reads every cpuN line of /proc/stat and the counters after them', () => {
    const text =
      'cpu  100 2 30 4000 5 0 6 7 0 0\ncpu0 60 1 20 2000 3 0 4 5 8 9\ncpu1 40 1 10 2000 2 0 2 2\n' +
      'intr 302428 0 9 0\nctxt 628856\nbtime 1796237133\nprocesses 7134\nprocs_running 2\nprocs_blocked 0\nsoftirq 1 2 3\n';
    expect(parseProcStatCpus(text)).toEqual([
      { id: 0, counters: 10, jiffies: { user: 60n, nice: 1n, system: 20n, idle: 2000n, iowait: 3n, irq: 0n, softirq: 4n, steal: 5n, guest: 8n, guestNice: 9n } },
      // A kernel without the guest columns: they read 0.
      { id: 1, counters: 8, jiffies: { user: 40n, nice: 1n, system: 10n, idle: 2000n, iowait: 2n, irq: 0n, softirq: 2n, steal: 2n, guest: 0n, guestNice: 0n } },
    ]);
    expect(parseStatCounters(text)).toEqual({ intr: 302428n, ctxt: 628856n, btime: 1796237133n, processes: 7134n, procsRunning: 2n, procsBlocked: 0n });
    expect(parseProcStatCpus('cpu 1 2 3 4\n')).toEqual([]);
    // A damaged label read as cpu Infinity (the fuzz property of /proc/stat failed on it).
    expect(parseProcStatCpus(`cpu${'9'.repeat(400)} 1 2\ncpu2147483648 1\ncpu2147483647 3\n`).map((cpu) => cpu.id)).toEqual([2147483647]);
  });

  it('reads /proc/loadavg, and refuses anything else', () => {
    expect(parseLoadavg('0.83 0.40 0.16 2/109 7381\n')).toEqual({ one: 0.83, five: 0.4, fifteen: 0.16 });
    expect(parseLoadavg('')).toBeNull();
    expect(parseLoadavg('0.83 x 0.16')).toBeNull();
  });

  it('reads sockstat lines as protocol, key and value', () => {
    const figures = parseSockstat('sockets: used 16\nTCP: inuse 1 orphan 0 tw 2 alloc 1 mem 291\nFRAG6: inuse 0 memory 0\n');
    expect(figures).toEqual([
      { protocol: 'sockets', key: 'used', value: 16 },
      { protocol: 'TCP', key: 'inuse', value: 1 },
      { protocol: 'TCP', key: 'orphan', value: 0 },
      { protocol: 'TCP', key: 'tw', value: 2 },
      { protocol: 'TCP', key: 'alloc', value: 1 },
      { protocol: 'TCP', key: 'mem', value: 291 },
      { protocol: 'FRAG6', key: 'inuse', value: 0 },
      { protocol: 'FRAG6', key: 'memory', value: 0 },
    ]);
  });

  it('reads mounts with the kernel\'s octal escapes undone', () => {
    const mounts = parseMounts('/dev/vda / ext4 rw,relatime 0 0\n/dev/vdb /mnt/my\\040disk\\011x ext4 ro,nosuid 0 0\nbad line\n');
    expect(mounts).toEqual([
      { device: '/dev/vda', mountPoint: '/', fsType: 'ext4', options: ['rw', 'relatime'] },
      { device: '/dev/vdb', mountPoint: '/mnt/my disk\tx', fsType: 'ext4', options: ['ro', 'nosuid'] },
    ]);
    expect(unescapeMountField('a\\134b\\012c')).toBe('a\\b\nc');
  });

  it('keeps the unit of each meminfo line', () => {
    expect(parseMeminfoLines('MemTotal:       24683584 kB\nHugePages_Total:       0\nActive(anon):       1580 kB\n')).toEqual([
      { key: 'MemTotal', value: 24683584, kilobytes: true },
      { key: 'HugePages_Total', value: 0, kilobytes: false },
      { key: 'Active(anon)', value: 1580, kilobytes: true },
    ]);
  });
});

describe("node_exporter's default exclusions", () => {
  it('leaves partitions, RAM and loop devices out of diskstats', () => {
    expect(['vda', 'zram0', 'nvme0n1', 'sda', 'dm-0', 'md0'].filter((name) => DISK_EXCLUDE.test(name))).toEqual([]);
    expect(['vda1', 'sda12', 'loop0', 'ram15', 'nvme0n1p2', 'xvdb3', 'fd0'].every((name) => DISK_EXCLUDE.test(name))).toBe(true);
  });

  it('leaves pseudo filesystems and system mount points out', () => {
    expect(['/', '/home', '/srv/data', '/devices'].filter((path) => MOUNT_POINT_EXCLUDE.test(path))).toEqual([]);
    expect(['/dev', '/dev/shm', '/proc', '/run/user/0', '/sys/fs/cgroup', '/mnt/x', '/var/lib/docker/overlay'].every((path) => MOUNT_POINT_EXCLUDE.test(path))).toBe(true);
    expect(['ext4', 'xfs', 'tmpfs', 'btrfs'].filter((type) => FS_TYPE_EXCLUDE.test(type))).toEqual([]);
    expect(['proc', 'sysfs', 'cgroup', 'cgroup2', 'overlay', 'squashfs', 'devtmpfs'].every((type) => FS_TYPE_EXCLUDE.test(type))).toBe(true);
  });
});

describe('exposition', () => {
  it("writes numbers as Go's strconv 'g' does (values node_exporter 1.5.0 printed)", () => {
    const printed: Array<[number, string]> = [
      [1796237133, '1.796237133e+09'],
      [628856, '628856'],
      [26 * 0.001, '0.026000000000000002'],
      [78097 * 0.001, '78.09700000000001'],
      [5.9827e-5, '5.9827e-05'],
      [1191936, '1.191936e+06'],
      [270553174016, '2.70553174016e+11'],
      [2826.76, '2826.76'],
      [0, '0'],
      [1, '1'],
    ];
    for (const [value, text] of printed) expect(goFloat(value)).toBe(text);
    expect([NaN, Infinity, -Infinity, 1e-300, 1.5e300].map(goFloat)).toEqual(['NaN', '+Inf', '-Inf', '1e-300', '1.5e+300']);
    expect([0, 1, 12, 0.5, 1.5e6].map(openMetricsFloat)).toEqual(['0.0', '1.0', '12.0', '0.5', '1.5e+06']);
  });

  const families: Family[] = [
    { name: 'b_total', help: 'a "b"\\c\nd', type: 'counter', samples: [{ labels: [['x', 'q"\\\n']], value: 2 }, { labels: [['x', 'a']], value: 1 }] },
    { name: 'a', help: 'A.', type: 'gauge', samples: [{ labels: [], value: 3 }] },
    { name: 'empty', help: 'none', type: 'gauge', samples: [] },
  ];

  it('sorts families by name and samples by label values, escaping help and label values', () => {
    expect(renderText(sortFamilies(families))).toBe(
      '# HELP a A.\n# TYPE a gauge\na 3\n' + '# HELP b_total a "b"\\\\c\\nd\n# TYPE b_total counter\nb_total{x="a"} 1\nb_total{x="q\\"\\\\\\n"} 2\n',
    );
  });

  it('writes OpenMetrics counters under their base name, and # EOF', () => {
    expect(renderOpenMetrics(sortFamilies(families))).toBe(
      '# HELP a A.\n# TYPE a gauge\na 3.0\n' + '# HELP b a \\"b\\"\\\\c\\nd\n# TYPE b counter\nb_total{x="a"} 1.0\nb_total{x="q\\"\\\\\\n"} 2.0\n# EOF\n',
    );
  });

  it('takes OpenMetrics when Accept offers it with a non-zero q', () => {
    expect(wantsOpenMetrics('application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5')).toBe(true);
    expect(wantsOpenMetrics('text/plain;version=0.0.4;q=0.5,*/*;q=0.1')).toBe(false);
    expect(wantsOpenMetrics('application/openmetrics-text; q=0')).toBe(false);
    expect(wantsOpenMetrics(undefined)).toBe(false);
  });
});

describe('process groups', () => {
  const totals = (count: number, pss: number) => ({ count, user: 1, system: 2, resident: 0, uss: 0, pss, swap: 0, fds: 0, threads: count, readBytes: 0, writeBytes: 0 });

  it('keeps the N largest groups of each metric and sums the rest under "other"', () => {
    const groups = new Map([
      ['a', totals(1, 100)],
      ['b', totals(5, 10)],
      ['c', totals(2, 50)],
      ['other', totals(1, 1)],
    ]);
    const byName = new Map(groupFamilies(groups, 2).map((family) => [family.name, family.samples]));
    expect(byName.get('ptools_process_num_procs')).toEqual([
      { labels: [['group', 'b']], value: 5 },
      { labels: [['group', 'c']], value: 2 },
      // a (1) and the real "other" group (1).
      { labels: [['group', 'other']], value: 2 },
    ]);
    expect(byName.get('ptools_process_pss_bytes')?.map((s) => [s.labels[0]?.[1], s.value])).toEqual([
      ['a', 100],
      ['c', 50],
      ['other', 11],
    ]);
    expect(byName.get('ptools_process_cpu_seconds_total')?.filter((s) => s.labels[0]?.[1] === 'other')).toEqual([
      { labels: [['group', 'other'], ['mode', 'system']], value: 4 },
      { labels: [['group', 'other'], ['mode', 'user']], value: 2 },
    ]);
    expect(groupFamilies(groups, 0).find((f) => f.name === 'ptools_process_num_procs')?.samples).toHaveLength(4);
  });

  it('takes the unified hierarchy path of a cgroup file, then name=systemd, then the first line', () => {
    expect(cgroupGroup('12:pids:/a\n1:name=systemd:/b\n0::/system.slice/x.service\n')).toBe('/system.slice/x.service');
    expect(cgroupGroup('9:name=systemd:/user.slice\n8:pids:/\n')).toBe('/user.slice');
    expect(cgroupGroup('8:pids:/p:q\n')).toBe('/p:q');
    expect(cgroupGroup('')).toBe('');
  });
});

describe('command line', () => {
  it('takes ADDR:PORT, [IPv6]:PORT and :PORT', () => {
    expect(parseListen('127.0.0.1:9256')).toEqual({ host: '127.0.0.1', port: 9256 });
    expect(parseListen('[::1]:80')).toEqual({ host: '::1', port: 80 });
    expect(parseListen(':0')).toEqual({ host: '::', port: 0 });
    for (const bad of ['9256', 'host:99999', '::1:80', 'a:b']) expect(() => parseListen(bad)).toThrow(/invalid listen address/);
  });

  it('has defaults and modes, and refuses what contradicts itself', () => {
    const run = parseExporterCommand([]);
    expect(run).toMatchObject({ kind: 'run', options: { host: '127.0.0.1', port: 9256, mode: 'serve', minIntervalMs: 1000, timeoutMs: 10000, groupBy: 'comm', top: 20 } });
    expect(parseExporterCommand(['--once', '--open'])).toMatchObject({ options: { mode: 'once', openMetrics: true } });
    expect(parseExporterCommand(['-t', '/tmp/x', '-i', '0.5'])).toMatchObject({ options: { mode: 'textfile', textfileDir: '/tmp/x', intervalMs: 500 } });
    expect(parseExporterCommand(['--min-interval=0', '-n', '0', '-g', 'user', '-m', '^a'])).toMatchObject({ options: { minIntervalMs: 0, top: 0, groupBy: 'user' } });
    expect(parseExporterCommand(['-V'])).toEqual({ kind: 'version' });
    expect(parseExporterCommand(['-t', '/tmp/x', '-i', '0.001', '--min-interval', '2147483.647'])).toMatchObject({ options: { intervalMs: 1, minIntervalMs: 2147483647 } });
    for (const bad of [['--once', '-t', '/tmp'], ['--openmetrics'], ['-i', '0'], ['-m', '('],
      // Milliseconds a timer cannot wait: 0 (a spinning textfile loop), past 2^31-1, or Infinity.
      ['-i', '0.0004'], ['-i', '2147484'], ['--timeout', '0.0001'], ['--min-interval', '2147484'], ['-i', '9'.repeat(308)], ['extra'], ['-n', 'x']]) {
      expect(() => parseExporterCommand(bad), bad.join(' ')).toThrow(/^pt-exporter: /);
    }
  });
});

describe('readFilesAsync', () => {
  it('reads many files in one trip, each as bytes or its errno', async () => {
    const [loadavg, missing, meminfo] = await readFilesAsync(['/proc/loadavg', '/proc/no-such-file', '/proc/meminfo']);
    expect(Buffer.isBuffer(loadavg) && /^\d+\.\d+ /.test(loadavg.toString())).toBe(true);
    expect(missing).toBe(2); // ENOENT
    expect(Buffer.isBuffer(meminfo) && meminfo.toString().startsWith('MemTotal:')).toBe(true);
  });
});

describe('readHostFiles', () => {
  it('parses what it could read, null for the rest; our own mount table when PID 1\'s is refused', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ptools-host-'));
    try {
      mkdirSync(join(root, 'net'));
      mkdirSync(join(root, 'self'));
      writeFileSync(join(root, 'loadavg'), '1.00 2.00 3.00 1/100 42\n');
      writeFileSync(join(root, 'net/sockstat'), 'sockets: used 3\n');
      writeFileSync(join(root, 'self/mounts'), '/dev/vda / ext4 rw 0 0\n');
      const files = await readHostFiles({ proc: root, sys: join(root, 'sys') });
      expect(files).toEqual({
        meminfo: null,
        stat: null,
        loadavg: { one: 1, five: 2, fifteen: 3 },
        diskstats: null,
        // No sockstat6 (a kernel without IPv6): sockstat's figures alone.
        sockstat: [{ protocol: 'sockets', key: 'used', value: 3 }],
        mounts: [{ device: '/dev/vda', mountPoint: '/', fsType: 'ext4', options: ['rw'] }],
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
