// One snapshot of the machine as metric families: host figures under node_exporter 1.5's names,
// labels and help texts (its meminfo, cpu, stat, loadavg, diskstats, netdev, sockstat and
// filesystem collectors, with Debian's default exclusions), and process groups in
// process-exporter's model. Every read is asynchronous: kernel files through libuv's threads,
// the process table through the addon's scan workers.
import { udevProperties, type BlockStat } from '../../core/disk.js';
import { errnoCode } from '../../core/errors.js';
import { readHostFiles, type HostFiles } from '../../core/host.js';
import { filesystemUsage } from '../../core/mounts.js';
import { readLinkStatistics, type LinkStatistic } from '../../core/net/statistics.js';
import { parseIo } from '../../core/process/details.js';
import { ascendingPidsAsync } from '../../core/process/pids.js';
import { ROLLUP, ROLLUP_WIDTH, rowBytes, scanError, ScanField, scanInBatches, STAT, STAT_WIDTH, STATUS, STATUS_WIDTH, type ProcessScan } from '../../core/process/scan.js';
import type { ProcfsContext } from '../../core/procfs.js';
import { sysconf } from '../../core/system.js';
import { decodeText } from '../../core/text.js';
import { userName } from '../../core/users.js';
import type { ExporterOptions } from './command.js';
import type { Family, Labels, Sample } from './render.js';

const gauge = (name: string, help: string, samples: Sample[] = []): Family => ({ name, help, type: 'gauge', samples });
const counter = (name: string, help: string, samples: Sample[] = []): Family => ({ name, help, type: 'counter', samples });
const one = (value: number): Sample[] => [{ labels: [], value }];

// node_exporter multiplies ticks by these constants (not divides): 26 ms is 0.026000000000000002.
const SECONDS_PER_MS = 0.001;
// procfs' diskstats sector unit.
const SECTOR_BYTES = 512;

/** node_exporter's meminfo collector: `Active(anon)` becomes Active_anon, kB values bytes with `_bytes`. */
/** The input a collector needs; a file that could not be read leaves its collector out. */
function needed<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`${what} could not be read`);
  return value;
}

function memoryFamilies(files: HostFiles): Family[] {
  return needed(files.meminfo, 'meminfo').map((line) => {
    let key = line.key.replace(/\((.*)\)/, '_$1');
    if (line.kilobytes) key += '_bytes';
    return gauge(`node_memory_${key}`, `Memory information field ${key}.`, [{ labels: [], value: line.kilobytes ? line.value * 1024 : line.value }]);
  });
}

/** The cpu and stat collectors: per-CPU seconds by mode, and /proc/stat's system counters. */
function statFamilies(files: HostFiles): Family[] {
  const stat = needed(files.stat, 'stat');
  const ticks = sysconf().clockTicks;
  const cpu = counter('node_cpu_seconds_total', 'Seconds the CPUs spent in each mode.');
  const guest = counter('node_cpu_guest_seconds_total', 'Seconds the CPUs spent in guests (VMs) for each mode.');
  for (const { id, jiffies } of stat.cpus) {
    const modes = [
      ['idle', jiffies.idle],
      ['iowait', jiffies.iowait],
      ['irq', jiffies.irq],
      ['nice', jiffies.nice],
      ['softirq', jiffies.softirq],
      ['steal', jiffies.steal],
      ['system', jiffies.system],
      ['user', jiffies.user],
    ] as const;
    const labels = (mode: string): Labels => [['cpu', String(id)], ['mode', mode]];
    for (const [mode, value] of modes) cpu.samples.push({ labels: labels(mode), value: Number(value) / ticks });
    guest.samples.push({ labels: labels('nice'), value: Number(jiffies.guestNice) / ticks });
    guest.samples.push({ labels: labels('user'), value: Number(jiffies.guest) / ticks });
  }
  // As procfs' stat parser, node_exporter's source: a line the file lacks reads 0.
  const { counters } = stat;
  return [
    cpu,
    guest,
    gauge('node_boot_time_seconds', 'Node boot time, in unixtime.', one(Number(counters.btime))),
    counter('node_context_switches_total', 'Total number of context switches.', one(Number(counters.ctxt))),
    counter('node_forks_total', 'Total number of forks.', one(Number(counters.processes))),
    counter('node_intr_total', 'Total number of interrupts serviced.', one(Number(counters.intr))),
    gauge('node_procs_blocked', 'Number of processes blocked waiting for I/O to complete.', one(Number(counters.procsBlocked))),
    gauge('node_procs_running', 'Number of processes in runnable state.', one(Number(counters.procsRunning))),
  ];
}

function loadFamilies(files: HostFiles): Family[] {
  const load = needed(files.loadavg, 'loadavg');
  return [
    gauge('node_load1', '1m load average.', one(load.one)),
    gauge('node_load5', '5m load average.', one(load.five)),
    gauge('node_load15', '15m load average.', one(load.fifteen)),
  ];
}

/** node_exporter's --collector.diskstats.device-exclude default: partitions of sd/vd/hd/xvd/nvme, ram, loop, fd. */
export const DISK_EXCLUDE = /^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$/;

const DISK_COUNTERS = [
  ['reads_completed_total', 'The total number of reads completed successfully.', (s) => Number(s.rdIos)],
  ['reads_merged_total', 'The total number of reads merged.', (s) => Number(s.rdMerges)],
  ['read_bytes_total', 'The total number of bytes read successfully.', (s) => Number(s.rdSectors) * SECTOR_BYTES],
  ['read_time_seconds_total', 'The total number of seconds spent by all reads.', (s) => s.rdTicks * SECONDS_PER_MS],
  ['writes_completed_total', 'The total number of writes completed successfully.', (s) => Number(s.wrIos)],
  ['writes_merged_total', 'The number of writes merged.', (s) => Number(s.wrMerges)],
  ['written_bytes_total', 'The total number of bytes written successfully.', (s) => Number(s.wrSectors) * SECTOR_BYTES],
  ['write_time_seconds_total', 'This is the total number of seconds spent by all writes.', (s) => s.wrTicks * SECONDS_PER_MS],
  ['io_time_seconds_total', 'Total seconds spent doing I/Os.', (s) => s.totTicks * SECONDS_PER_MS],
  ['io_time_weighted_seconds_total', 'The weighted # of seconds spent doing I/Os.', (s) => s.rqTicks * SECONDS_PER_MS],
  ['discards_completed_total', 'The total number of discards completed successfully.', (s) => Number(s.dcIos)],
  ['discards_merged_total', 'The total number of discards merged.', (s) => Number(s.dcMerges)],
  ['discarded_sectors_total', 'The total number of sectors discarded successfully.', (s) => Number(s.dcSectors)],
  ['discard_time_seconds_total', 'This is the total number of seconds spent by all discards.', (s) => s.dcTicks * SECONDS_PER_MS],
  ['flush_requests_total', 'The total number of flush requests completed successfully', (s) => Number(s.flIos)],
  ['flush_requests_time_seconds_total', 'This is the total number of seconds spent by all flush requests.', (s) => s.flTicks * SECONDS_PER_MS],
] as const satisfies ReadonlyArray<readonly [string, string, (s: BlockStat) => number]>;

async function diskFamilies(files: HostFiles): Promise<Family[]> {
  const entries = needed(files.diskstats, 'diskstats').filter((entry) => !entry.legacy && !DISK_EXCLUDE.test(entry.name));
  const families = DISK_COUNTERS.map(([name, help]) => counter(`node_disk_${name}`, help));
  const ioNow = gauge('node_disk_io_now', 'The number of I/Os currently in progress.');
  const info = gauge('node_disk_info', 'Info of /sys/block/<block_device>.');
  for (const entry of entries) {
    const device: Labels = [['device', entry.name]];
    DISK_COUNTERS.forEach(([, , value], i) => (families[i] as Family).samples.push({ labels: device, value: value(entry.stat) }));
    ioNow.samples.push({ labels: device, value: entry.stat.iosPgr });
    const udev = await udevProperties(entry);
    info.samples.push({
      labels: [
        ['device', entry.name],
        ['major', String(entry.major)],
        ['minor', String(entry.minor)],
        ['model', udev.get('ID_MODEL') ?? ''],
        ['path', udev.get('ID_PATH') ?? ''],
        ['revision', udev.get('ID_REVISION') ?? ''],
        ['serial', udev.get('ID_SERIAL_SHORT') ?? ''],
        ['wwn', udev.get('ID_WWN') ?? ''],
      ],
      value: 1,
    });
  }
  return [...families, ioNow, info];
}

/** Debian's --collector.netdev.device-exclude default. */
export const NETDEV_EXCLUDE = /^lo$/;

/** node_exporter's netlink statistic names and the sysfs file each comes from. */
const NETDEV_COUNTERS: ReadonlyArray<readonly [string, LinkStatistic]> = [
  ['receive_bytes', 'rx_bytes'],
  ['receive_compressed', 'rx_compressed'],
  ['receive_drop', 'rx_dropped'],
  ['receive_errs', 'rx_errors'],
  ['receive_fifo', 'rx_fifo_errors'],
  ['receive_frame', 'rx_frame_errors'],
  ['receive_multicast', 'multicast'],
  ['receive_nohandler', 'rx_nohandler'],
  ['receive_packets', 'rx_packets'],
  ['transmit_bytes', 'tx_bytes'],
  ['transmit_carrier', 'tx_carrier_errors'],
  ['transmit_colls', 'collisions'],
  ['transmit_compressed', 'tx_compressed'],
  ['transmit_drop', 'tx_dropped'],
  ['transmit_errs', 'tx_errors'],
  ['transmit_fifo', 'tx_fifo_errors'],
  ['transmit_packets', 'tx_packets'],
];

async function networkFamilies(ctx: ProcfsContext): Promise<Family[]> {
  const links = (await readLinkStatistics(ctx)).filter((link) => !NETDEV_EXCLUDE.test(link.name));
  return NETDEV_COUNTERS.map(([name, file]) =>
    counter(
      `node_network_${name}_total`,
      `Network device statistic ${name}.`,
      links.flatMap((link) => {
        const value = link.counters.get(file);
        return value === undefined ? [] : [{ labels: [['device', decodeText(Buffer.from(link.name, 'latin1'))]] as Labels, value }];
      }),
    ),
  );
}

/** node_exporter's sockstat collector: `mem` (pages) gets a `mem_bytes` twin. */
function sockstatFamilies(files: HostFiles): Family[] {
  const families: Family[] = [];
  for (const { protocol, key, value } of needed(files.sockstat, 'sockstat')) {
    if (protocol === 'sockets') {
      if (key === 'used') families.push(gauge('node_sockstat_sockets_used', 'Number of IPv4 sockets in use.', one(value)));
      continue;
    }
    families.push(gauge(`node_sockstat_${protocol}_${key}`, `Number of ${protocol} sockets in state ${key}.`, one(value)));
    if (key === 'mem') {
      families.push(gauge(`node_sockstat_${protocol}_mem_bytes`, `Number of ${protocol} sockets in state mem_bytes.`, one(value * sysconf().pageSize)));
    }
  }
  return families;
}

/** Debian's --collector.filesystem.mount-points-exclude and fs-types-exclude defaults. */
export const MOUNT_POINT_EXCLUDE = /^\/(dev|proc|run|sys|mnt|media|var\/lib\/docker\/.+|var\/lib\/containers\/storage\/.+)($|\/)/;
export const FS_TYPE_EXCLUDE =
  /^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$/;

async function filesystemFamilies(files: HostFiles): Promise<Family[]> {
  // node_exporter reads PID 1's table (the host's, from inside a container with the host's /proc).
  const mounts = needed(files.mounts, 'mounts');
  const seen = new Set<string>();
  const kept = mounts.filter((mount) => {
    if (MOUNT_POINT_EXCLUDE.test(mount.mountPoint) || FS_TYPE_EXCLUDE.test(mount.fsType)) return false;
    const key = JSON.stringify([mount.device, mount.mountPoint, mount.fsType, mount.options]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const names = [
    ['avail_bytes', 'Filesystem space available to non-root users in bytes.'],
    ['device_error', 'Whether an error occurred while getting statistics for the given device.'],
    ['files', 'Filesystem total file nodes.'],
    ['files_free', 'Filesystem total free file nodes.'],
    ['free_bytes', 'Filesystem free space in bytes.'],
    ['readonly', 'Filesystem read-only status.'],
    ['size_bytes', 'Filesystem size in bytes.'],
  ] as const;
  const families = new Map(names.map(([name, help]) => [name, gauge(`node_filesystem_${name}`, help)]));
  const push = (name: (typeof names)[number][0], labels: Labels, value: number) => families.get(name)?.samples.push({ labels, value });
  await Promise.all(
    kept.map(async (mount) => {
      const labels: Labels = [
        ['device', decodeText(Buffer.from(mount.device, 'latin1'))],
        ['fstype', mount.fsType],
        ['mountpoint', decodeText(Buffer.from(mount.mountPoint, 'latin1'))],
      ];
      let usage;
      try {
        usage = await filesystemUsage(mount.mountPoint);
      } catch (error) {
        if (errnoCode(error) === undefined) throw error;
        push('device_error', labels, 1);
        return;
      }
      push('avail_bytes', labels, usage.blocksAvailable * usage.blockSize);
      push('device_error', labels, 0);
      push('files', labels, usage.files);
      push('files_free', labels, usage.filesFree);
      push('free_bytes', labels, usage.blocksFree * usage.blockSize);
      push('readonly', labels, mount.options.includes('ro') ? 1 : 0);
      push('size_bytes', labels, usage.blocks * usage.blockSize);
    }),
  );
  return [...families.values()];
}

/** Host families; a collector whose files are missing (a kernel without diskstats) is left out. */
export async function collectHost(ctx: ProcfsContext): Promise<Family[]> {
  const [files, network] = await Promise.allSettled([readHostFiles(ctx), networkFamilies(ctx)]);
  if (files.status === 'rejected') throw files.reason;
  const collectors = [memoryFamilies, statFamilies, loadFamilies, diskFamilies, sockstatFamilies, filesystemFamilies];
  const results = [network, ...(await Promise.allSettled(collectors.map(async (collector) => collector(files.value))))];
  return results.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
}

/** What one group sums. */
interface GroupTotals {
  count: number;
  user: number;
  system: number;
  resident: number;
  uss: number;
  pss: number;
  swap: number;
  fds: number;
  threads: number;
  readBytes: number;
  writeBytes: number;
}

const emptyTotals = (): GroupTotals => ({ count: 0, user: 0, system: 0, resident: 0, uss: 0, pss: 0, swap: 0, fds: 0, threads: 0, readBytes: 0, writeBytes: 0 });

/**
 * The group of a cgroup file: the unified hierarchy's path (`0::PATH`), else the named systemd
 * hierarchy's, else the first line's.
 */
export function cgroupGroup(text: string): string {
  const lines = text.split('\n').filter((line) => line !== '');
  const pathOf = (line: string) => line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
  const pick = lines.find((line) => line.startsWith('0::')) ?? lines.find((line) => line.split(':')[1] === 'name=systemd') ?? lines[0];
  return pick === undefined ? '' : pathOf(pick);
}

function groupOf(scan: ProcessScan, row: number, by: ExporterOptions['groupBy'], comm: string): string | null {
  if (by === 'comm') return comm;
  if (by === 'user') {
    if (scanError(scan, row, 'status') !== 0) return null;
    return userName((scan.status as Float64Array)[row * STATUS_WIDTH + STATUS.uid] as number);
  }
  if (scanError(scan, row, 'cgroup') !== 0 || !scan.cgroup) return null;
  return decodeText(rowBytes(scan.cgroup, row));
}

function addRow(totals: GroupTotals, scan: ProcessScan, row: number, pageSize: number): void {
  const stat = (offset: number) => scan.stat[row * STAT_WIDTH + offset] as number;
  totals.count++;
  // Ticks are summed and divided once at the end, so that 0.58 s does not read 0.5800000000000001.
  totals.user += stat(STAT.utime);
  totals.system += stat(STAT.stime);
  totals.threads += stat(STAT.numThreads);
  totals.resident += stat(STAT.rss) * pageSize;
  const rollup = scan.rollup as Float64Array;
  // Kernel threads and zombies have no smaps_rollup (NaN): they own no user memory.
  const figure = (offset: number) => {
    const value = rollup[row * ROLLUP_WIDTH + offset] as number;
    return Number.isNaN(value) ? 0 : value;
  };
  totals.uss += figure(ROLLUP.uss);
  totals.pss += figure(ROLLUP.pss);
  totals.swap += figure(ROLLUP.swap);
  const fds = (scan.fds as Float64Array)[row] as number;
  if (fds > 0) totals.fds += fds;
  if (scanError(scan, row, 'io') === 0 && scan.io) {
    const io = rowBytes(scan.io, row);
    if (io.length > 0) {
      const counters = parseIo(io.toString('latin1'));
      totals.readBytes += counters.readBytes;
      totals.writeBytes += counters.writeBytes;
    }
  }
}

/** Per group, every process matched; the scan is read a batch at a time off the JavaScript thread. */
export async function scanGroups(ctx: ProcfsContext, options: Pick<ExporterOptions, 'groupBy' | 'match'>): Promise<Map<string, GroupTotals>> {
  const pids = await ascendingPidsAsync(ctx);
  let fields = ScanField.stat | ScanField.io | ScanField.rollup | ScanField.fds;
  if (options.groupBy === 'user') fields |= ScanField.status;
  if (options.groupBy === 'cgroup') fields |= ScanField.cgroup;
  const { clockTicks, pageSize } = sysconf();
  const groups = new Map<string, GroupTotals>();
  for await (const scan of scanInBatches(ctx, fields, pids, 256)) {
    for (let row = 0; row < scan.count; row++) {
      const comm = decodeText(rowBytes(scan.comm, row));
      if (options.match && !options.match.test(comm)) continue;
      const group = groupOf(scan, row, options.groupBy, comm);
      if (group === null) continue;
      let totals = groups.get(group);
      if (!totals) groups.set(group, (totals = emptyTotals()));
      addRow(totals, scan, row, pageSize);
    }
  }
  for (const totals of groups.values()) {
    totals.user /= clockTicks;
    totals.system /= clockTicks;
  }
  return groups;
}

const PROCESS_METRICS: ReadonlyArray<readonly [name: string, type: Family['type'], help: string, values: (t: GroupTotals) => Array<readonly [Labels, number]>]> = [
  ['ptools_process_num_procs', 'gauge', 'Processes in the group.', (t) => [[[], t.count]]],
  [
    'ptools_process_cpu_seconds_total',
    'counter',
    'CPU time of the group\'s processes by mode, from /proc/PID/stat utime and stime.',
    (t) => [
      [[['mode', 'system']], t.system],
      [[['mode', 'user']], t.user],
    ],
  ],
  ['ptools_process_resident_bytes', 'gauge', 'Resident set size, from /proc/PID/stat rss.', (t) => [[[], t.resident]]],
  ['ptools_process_uss_bytes', 'gauge', 'Unique set size (private pages), from /proc/PID/smaps_rollup.', (t) => [[[], t.uss]]],
  ['ptools_process_pss_bytes', 'gauge', 'Proportional set size, from /proc/PID/smaps_rollup.', (t) => [[[], t.pss]]],
  ['ptools_process_swap_bytes', 'gauge', 'Swapped-out anonymous memory, from /proc/PID/smaps_rollup.', (t) => [[[], t.swap]]],
  ['ptools_process_open_fds', 'gauge', 'Open file descriptors, the entries of /proc/PID/fd.', (t) => [[[], t.fds]]],
  ['ptools_process_threads', 'gauge', 'Threads, from /proc/PID/stat num_threads.', (t) => [[[], t.threads]]],
  ['ptools_process_read_bytes_total', 'counter', 'Bytes read from storage, from /proc/PID/io read_bytes.', (t) => [[[], t.readBytes]]],
  ['ptools_process_write_bytes_total', 'counter', 'Bytes written to storage, from /proc/PID/io write_bytes.', (t) => [[[], t.writeBytes]]],
];

/**
 * The group families. With `top`, each metric keeps its `top` largest groups (by the sum of the
 * group's samples) and adds the rest under group="other", so that series stay bounded.
 */
export function groupFamilies(groups: ReadonlyMap<string, GroupTotals>, top: number): Family[] {
  return PROCESS_METRICS.map(([name, type, help, values]) => {
    const rows = [...groups].map(([group, totals]) => ({ group, values: values(totals) }));
    const size = (row: (typeof rows)[number]) => row.values.reduce((sum, [, value]) => sum + value, 0);
    let kept = rows;
    const other = new Map<string, [Labels, number]>();
    if (top > 0 && rows.length > top) {
      rows.sort((a, b) => size(b) - size(a) || (a.group < b.group ? -1 : 1));
      kept = rows.slice(0, top);
      for (const row of rows.slice(top)) {
        for (const [labels, value] of row.values) {
          const key = JSON.stringify(labels);
          const sum = other.get(key);
          other.set(key, [labels, (sum?.[1] ?? 0) + value]);
        }
      }
    }
    const samples: Sample[] = [];
    const merged = new Map<string, Map<string, [Labels, number]>>();
    for (const row of kept) merged.set(row.group, new Map(row.values.map(([labels, value]) => [JSON.stringify(labels), [labels, value]])));
    // A real group named "other" and the summed rest are one series.
    if (other.size > 0) {
      const existing = merged.get('other') ?? new Map<string, [Labels, number]>();
      for (const [key, [labels, value]] of other) existing.set(key, [labels, (existing.get(key)?.[1] ?? 0) + value]);
      merged.set('other', existing);
    }
    for (const [group, series] of merged) {
      for (const [labels, value] of series.values()) samples.push({ labels: [['group', group], ...labels], value });
    }
    return { name, type, help, samples };
  });
}
