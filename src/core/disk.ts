// Block-device I/O counters: /proc/diskstats and /sys/block/DEV/stat parsed the way sysstat parses
// them (C integer types and all), the uptime in hundredths that sysstat divides by, device names
// (whole disk or partition, device-mapper and persistent names), and psutil's disk_io_counters().
import { accessSync, existsSync, opendirSync, readdirSync, readlinkSync, realpathSync, statfsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { scanUnsigned } from './cpu.js';
import { errnoCode } from './errors.js';
import { parseMounts } from './mounts.js';
import { decodeText, fgetsLines } from './text.js';
import { defaultContext, readText, readTextAsync, type ContextOption } from './procfs.js';

/**
 * One device's counters with sysstat's types (iostat.h struct io_stats): operation, merge and sector
 * counts are C `unsigned long` (bigint here, wrapping at 2^64); times and the queue figures are
 * `unsigned int` (numbers below 2^32).
 */
export interface BlockStat {
  readonly rdIos: bigint;
  readonly rdMerges: bigint;
  readonly rdSectors: bigint;
  readonly rdTicks: number;
  readonly wrIos: bigint;
  readonly wrMerges: bigint;
  readonly wrSectors: bigint;
  readonly wrTicks: number;
  readonly iosPgr: number;
  readonly totTicks: number;
  readonly rqTicks: number;
  readonly dcIos: bigint;
  readonly dcMerges: bigint;
  readonly dcSectors: bigint;
  readonly dcTicks: number;
  readonly flIos: bigint;
  readonly flTicks: number;
}

export const ZERO_BLOCK_STAT: BlockStat = Object.freeze({
  rdIos: 0n,
  rdMerges: 0n,
  rdSectors: 0n,
  rdTicks: 0,
  wrIos: 0n,
  wrMerges: 0n,
  wrSectors: 0n,
  wrTicks: 0,
  iosPgr: 0,
  totTicks: 0,
  rqTicks: 0,
  dcIos: 0n,
  dcMerges: 0n,
  dcSectors: 0n,
  dcTicks: 0,
  flIos: 0n,
  flTicks: 0,
});

/** C's conversion of an unsigned long to unsigned int: the low 32 bits. */
const u32 = (value: bigint | undefined): number => Number(BigInt.asUintN(32, value ?? 0n));

/** scanf over numbers only: the values converted before the first failure. */
function scanNumbers(text: string, max: number): bigint[] {
  const values: bigint[] = [];
  let at = 0;
  while (values.length < max) {
    const scanned = scanUnsigned(text, at);
    if (!scanned) break;
    values.push(scanned.value);
    at = scanned.end;
  }
  return values;
}

/**
 * The 11, 15 or 17 counters that follow a device in diskstats (or fill a sysfs stat file), by
 * how many scanf converted: 4 is the old partition format (reads, read sectors, writes, write
 * sectors); fewer than 11 otherwise gives zeros, as in iostat.c.
 */
function blockStatOf(v: readonly bigint[]): BlockStat {
  const n = v.length;
  if (n === 4) return { ...ZERO_BLOCK_STAT, rdIos: v[0] ?? 0n, rdSectors: v[1] ?? 0n, wrIos: v[2] ?? 0n, wrSectors: v[3] ?? 0n };
  if (n < 11) return ZERO_BLOCK_STAT;
  const base = {
    ...ZERO_BLOCK_STAT,
    rdIos: v[0] ?? 0n,
    rdMerges: v[1] ?? 0n,
    rdSectors: v[2] ?? 0n,
    rdTicks: u32(v[3]),
    wrIos: v[4] ?? 0n,
    wrMerges: v[5] ?? 0n,
    wrSectors: v[6] ?? 0n,
    wrTicks: u32(v[7]),
    iosPgr: u32(v[8]),
    totTicks: u32(v[9]),
    rqTicks: u32(v[10]),
  };
  const discard = n >= 15 ? { dcIos: v[11] ?? 0n, dcMerges: v[12] ?? 0n, dcSectors: v[13] ?? 0n, dcTicks: u32(v[14]) } : {};
  const flush = n >= 17 ? { flIos: v[15] ?? 0n, flTicks: u32(v[16]) } : {};
  return { ...base, ...discard, ...flush };
}

/** /sys/block/DEV/stat (or DEV/PART/stat). */
export function parseBlockStat(text: string): BlockStat {
  return blockStatOf(scanNumbers(text, 17));
}

export interface DiskstatsEntry {
  readonly major: number;
  readonly minor: number;
  readonly name: string;
  readonly stat: BlockStat;
  /** The 4-counter partition line of 2.6.0-2.6.24 kernels: no merges, times or queue figures. */
  readonly legacy: boolean;
}

/**
 * /proc/diskstats as iostat reads it: lines through fgets() into 256 bytes (a longer line is read
 * as several), `%u %u %s` then the counters; 11 or more counters make a device, exactly 4 the
 * legacy partition format, anything else is ignored.
 */
export function parseDiskstats(text: string): DiskstatsEntry[] {
  const entries: DiskstatsEntry[] = [];
  for (const line of fgetsLines(text, 256)) {
    const major = scanUnsigned(line, 0);
    const minor = major && scanUnsigned(line, major.end);
    if (!major || !minor) continue;
    const name = /^[ \t\n\v\f\r]*(\S+)/.exec(line.slice(minor.end));
    if (!name) continue;
    const counters = scanNumbers(line.slice(minor.end + name[0].length), 17);
    if (counters.length < 11 && counters.length !== 4) continue;
    entries.push({
      major: u32(major.value),
      minor: u32(minor.value),
      name: name[1] as string,
      stat: blockStatOf(counters),
      legacy: counters.length === 4,
    });
  }
  return entries;
}

/**
 * /proc/uptime in hundredths of a second, as sysstat reads it (`%lu.%lu`: seconds * 100 plus the
 * digits after the point taken as an integer). Interval figures are divided by its delta, not by
 * wall time. Null when the file does not hold that shape.
 */
export function parseUptimeHundredths(text: string): bigint | null {
  const match = /^[ \t\n\v\f\r]*\+?(\d+)\.[ \t\n\v\f\r]*\+?(\d+)/.exec(text);
  if (!match) return null;
  return BigInt.asUintN(64, BigInt(match[1] as string) * 100n + BigInt(match[2] as string));
}

/** sysstat's get_interval(): the delta, or 1 when it is 0 (so that nothing divides by zero). */
export function sampleInterval(previous: bigint, current: bigint): bigint {
  const delta = BigInt.asUintN(64, current - previous);
  return delta === 0n ? 1n : delta;
}

export interface DeviceNumber {
  readonly major: number;
  readonly minor: number;
}

/**
 * How directory listings and device numbers are obtained. Live, these are readdir(3) (in the
 * filesystem's own order) and stat(2)'s st_rdev. sysstat's test corpus (tests/rootN) emulates
 * them with `_list` files and with regular files holding "major minor"; iostat's corpus reader
 * (src/tools/iostat/corpus.ts) reads that layout so that the corpus can be replayed.
 */
export interface BlockFs {
  /** Entries of a /sys/block-like directory, or null when it cannot be opened. */
  listBlockDir(path: string): string[] | null;
  deviceNumber(path: string): DeviceNumber | null;
  /** realpath(3), or null when the path does not resolve. */
  realpath(path: string): string | null;
}

/** glibc's major()/minor() of a dev_t. */
export function decodeDev(rdev: number): DeviceNumber {
  const dev = BigInt(rdev);
  return {
    major: Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn)),
    minor: Number((dev & 0xffn) | ((dev >> 12n) & 0xffffff00n)),
  };
}

/**
 * The entries of a directory in readdir(3) order. fs.readdirSync sorts them (libuv's scandir), but
 * iostat lists devices in the order the filesystem gives, so the order is part of the output.
 */
export function readdirOrder(path: string): string[] {
  const dir = opendirSync(path);
  const names: string[] = [];
  try {
    for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) names.push(entry.name);
  } finally {
    dir.closeSync();
  }
  return names;
}

export const liveBlockFs: BlockFs = {
  listBlockDir(path) {
    try {
      return readdirOrder(path);
    } catch {
      return null;
    }
  },
  deviceNumber(path) {
    try {
      return decodeDev(statSync(path).rdev);
    } catch {
      return null;
    }
  },
  realpath(path) {
    try {
      // realpathSync.native is realpath(3) itself.
      return realpathSync.native(path);
    } catch {
      return null;
    }
  },
};

const exists = (path: string): boolean => {
  try {
    accessSync(path);
    return true;
  } catch {
    return false;
  }
};

/** sysstat's and psutil's test for a whole device: /sys/block/NAME exists (a `/` in NAME is `!` there). */
export function isWholeDevice(sys: string, name: string): boolean {
  return exists(join(sys, 'block', name.replaceAll('/', '!')));
}

/** The device-mapper major number from /proc/devices, or null when device-mapper is not loaded. */
export function deviceMapperMajor(proc: string): number | null {
  let text: string;
  try {
    text = readText(join(proc, 'devices'));
  } catch {
    return null;
  }
  let major: number | null = null;
  for (const line of text.split('\n')) {
    if (!line.includes('device-mapper')) continue;
    const scanned = scanUnsigned(line, 0);
    if (scanned) major = u32(scanned.value);
  }
  return major;
}

/**
 * The registered name of a device-mapper device (`vg0-root` for dm-0): the entry of /dev/mapper
 * whose device number matches. Throws the readdir error when /dev/mapper cannot be opened.
 */
export function deviceMapperName(dev: string, number: DeviceNumber, fs: BlockFs): string | null {
  const dir = join(dev, 'mapper');
  for (const name of ['.', '..', ...readdirOrder(dir)]) {
    const found = fs.deviceNumber(join(dir, name));
    if (found && found.major === number.major && found.minor === number.minor) return name;
  }
  return null;
}

/** The dm-N name a /dev/mapper/NAME symlink points at, or null. */
export function deviceMapperTarget(dev: string, registered: string): string | null {
  try {
    return basename(readlinkSync(join(dev, 'mapper', registered)));
  } catch {
    return null;
  }
}

/** /dev/disk/by-TYPE when it exists and is readable (sysstat's get_persistent_type_dir). */
export function persistentTypeDir(dev: string, type: string): string | null {
  const dir = join(dev, 'disk', `by-${type}`);
  try {
    accessSync(dir, 4);
    return dir;
  } catch {
    return null;
  }
}

/** The kernel name (`sda1`) a persistent name links to, or null. */
export function prettyNameFromPersistent(dev: string, type: string, persistent: string): string | null {
  const dir = persistentTypeDir(dev, type);
  if (!dir) return null;
  try {
    const name = basename(readlinkSync(join(dir, persistent)));
    return name === '' ? null : name;
  } catch {
    return null;
  }
}

/** The first persistent name, in byte order, that links to a kernel name, or null. */
export function persistentNameFromPretty(dev: string, type: string, pretty: string): string | null {
  const dir = persistentTypeDir(dev, type);
  if (!dir) return null;
  let names: string[];
  try {
    names = readdirSync(dir).sort(compareBytes);
  } catch {
    return null;
  }
  for (const name of names) {
    try {
      if (basename(readlinkSync(join(dir, name))) === pretty) return name;
    } catch {
      // not a symlink: skipped, as in sysstat
    }
  }
  return null;
}

/** strcmp order (alphasort in the C locale). */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'));
}

/** The kernel name of a device number, from the /sys/dev/block/MAJ:MIN link, or null. */
export function kernelNameOf(sys: string, number: DeviceNumber): string | null {
  try {
    const name = basename(readlinkSync(join(sys, 'dev/block', `${number.major}:${number.minor}`)));
    return name === '' ? null : name;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// psutil's disk_io_counters()

/** psutil's sdiskio: counts, bytes (sectors * 512) and milliseconds, since boot. */
export interface DiskIoCounters {
  /** Reads completed, count. */
  readCount: number;
  /** Writes completed, count. */
  writeCount: number;
  /** Bytes read. */
  readBytes: number;
  /** Bytes written. */
  writeBytes: number;
  /** Milliseconds spent reading. */
  readTime: number;
  /** Milliseconds spent writing. */
  writeTime: number;
  /** Reads merged with adjacent ones, count. */
  readMergedCount: number;
  /** Writes merged with adjacent ones, count. */
  writeMergedCount: number;
  /** Milliseconds with I/O in flight. */
  busyTime: number;
}

const SECTOR_SIZE = 512;

export function diskIoCountersOf(stat: BlockStat): DiskIoCounters {
  return {
    readCount: Number(stat.rdIos),
    writeCount: Number(stat.wrIos),
    readBytes: Number(stat.rdSectors) * SECTOR_SIZE,
    writeBytes: Number(stat.wrSectors) * SECTOR_SIZE,
    readTime: stat.rdTicks,
    writeTime: stat.wrTicks,
    readMergedCount: Number(stat.rdMerges),
    writeMergedCount: Number(stat.wrMerges),
    busyTime: stat.totTicks,
  };
}

/**
 * psutil.disk_io_counters(): the sum over whole devices of /proc/diskstats (partitions are not
 * counted twice), or with `{ perdisk: true }` every device by name.
 */
export function diskIoCounters(options?: { perdisk?: false } & ContextOption): DiskIoCounters;
export function diskIoCounters(options: { perdisk: true } & ContextOption): Record<string, DiskIoCounters>;
export function diskIoCounters(options: { perdisk?: boolean } & ContextOption = {}): DiskIoCounters | Record<string, DiskIoCounters> {
  const ctx = options.ctx ?? defaultContext();
  const entries = parseDiskstats(readText(join(ctx.proc, 'diskstats')));
  if (options.perdisk) return Object.fromEntries(entries.map((entry) => [entry.name, diskIoCountersOf(entry.stat)]));
  const total = diskIoCountersOf(ZERO_BLOCK_STAT);
  const keys = Object.keys(total) as Array<keyof DiskIoCounters>;
  for (const entry of entries) {
    if (!isWholeDevice(ctx.sys, entry.name)) continue;
    const counters = diskIoCountersOf(entry.stat);
    for (const key of keys) total[key] += counters[key];
  }
  return total;
}

/**
 * psutil's nowrap: counters that went down (a 32-bit kernel field wrapped, or a device was
 * re-added) keep growing, by adding the value they had before the drop. One instance per series.
 */
export class CounterWrap {
  private readonly last = new Map<string, DiskIoCounters>();
  private readonly reminders = new Map<string, DiskIoCounters>();

  apply(key: string, counters: DiskIoCounters): DiskIoCounters {
    const previous = this.last.get(key);
    const reminder = this.reminders.get(key) ?? diskIoCountersOf(ZERO_BLOCK_STAT);
    const fields = Object.keys(counters) as Array<keyof DiskIoCounters>;
    if (previous) for (const field of fields) if (counters[field] < previous[field]) reminder[field] += previous[field];
    this.last.set(key, counters);
    this.reminders.set(key, reminder);
    const adjusted = { ...counters };
    for (const field of fields) adjusted[field] += reminder[field];
    return adjusted;
  }
}

/**
 * udev's database entry of a block device (/run/udev/data/bMAJOR:MINOR): its `E:KEY=VALUE`
 * properties, empty when udev keeps none (no udevd, as in most containers).
 */
export async function udevProperties(number: DeviceNumber, dataDir = '/run/udev/data'): Promise<Map<string, string>> {
  const properties = new Map<string, string>();
  let text: string;
  try {
    text = await readTextAsync(join(dataDir, `b${number.major}:${number.minor}`));
  } catch (error) {
    if (errnoCode(error) === undefined) throw error;
    return properties;
  }
  for (const line of text.split('\n')) {
    const equals = line.indexOf('=');
    if (line.startsWith('E:') && equals > 2) properties.set(line.slice(2, equals), line.slice(equals + 1));
  }
  return properties;
}

// ---------------------------------------------------------------------------------------------
// psutil's disk_usage() and disk_partitions()

/** psutil's sdiskusage: bytes, and the used share of what an unprivileged user may fill, in percent. */
export interface DiskUsage {
  /** Bytes of the filesystem. */
  total: number;
  /** Bytes in use. */
  used: number;
  /** Bytes an unprivileged user may still write (the root reserve left out). */
  free: number;
  /** used / (used + free) in percent, rounded to one decimal. */
  percent: number;
}

/** psutil's disk_usage(path): statfs(2) of the filesystem holding path. */
export function diskUsage(path: string): DiskUsage {
  const fs = statfsSync(path);
  const total = fs.blocks * fs.bsize;
  const used = total - fs.bfree * fs.bsize;
  const free = fs.bavail * fs.bsize;
  const userTotal = used + free;
  return { total, used, free, percent: userTotal > 0 ? Math.round((used / userTotal) * 1000) / 10 : 0 };
}

/** psutil's sdiskpart: one mounted filesystem. */
export interface DiskPartition {
  /** The mounted device ("" for none). */
  device: string;
  /** Where it is mounted. */
  mountpoint: string;
  /** The filesystem type (ext4, xfs, tmpfs...). */
  fstype: string;
  /** The mount options, comma-separated. */
  opts: string;
}

/**
 * psutil's disk_partitions(): the mounts of /proc/self/mounts on block-device filesystems (those
 * /proc/filesystems does not mark nodev, and zfs), or every mount with `{ all: true }`.
 */
export function diskPartitions(options: { all?: boolean } & ContextOption = {}): DiskPartition[] {
  const ctx = options.ctx ?? defaultContext();
  const physical = new Set<string>();
  if (!options.all) {
    for (const line of readText(join(ctx.proc, 'filesystems')).split('\n')) {
      const [flag, name] = line.split('\t');
      if (flag === '' && name) physical.add(name.trim());
      else if (flag === 'nodev' && name === 'zfs') physical.add('zfs');
    }
  }
  const out: DiskPartition[] = [];
  const table = existsSync(join(ctx.proc, 'self/mounts')) ? join(ctx.proc, 'self/mounts') : join(ctx.proc, 'mounts');
  // Paths are bytes: decoded as psutil decodes them (UTF-8, surrogateescape).
  const text = (field: string) => decodeText(Buffer.from(field, 'latin1'));
  for (const mount of parseMounts(readText(table))) {
    const named = mount.device === 'none' ? '' : mount.device;
    if (!options.all && (named === '' || !physical.has(mount.fsType))) continue;
    out.push({ device: text(named), mountpoint: text(mount.mountPoint), fstype: mount.fsType, opts: mount.options.join(',') });
  }
  return out;
}

/** One line of /proc/diskstats as procps-ng 4's library reads it (library/diskstats.c). */
export interface ProcpsDiskstat {
  readonly name: string;
  /** reads, merged, sectors, ms; writes, merged, sectors, ms; in progress, io ms, weighted io ms. */
  readonly counters: readonly bigint[];
}

/**
 * procps' diskstats_read_failed: fgets() into 1024 bytes, then sscanf("%d %d %34s" and eleven
 * "%lu"), and every piece must scan all 14 conversions or the whole read fails (null). A name longer
 * than 34 bytes leaves its tail where a number is expected, which fails the same way.
 */
export function parseProcpsDiskstats(text: string): ProcpsDiskstat[] | null {
  const entries: ProcpsDiskstat[] = [];
  for (const line of fgetsLines(text, 1024)) {
    const major = scanUnsigned(line, 0);
    const minor = major && scanUnsigned(line, major.end);
    if (!minor) return null;
    const name = /^[ \t\n\v\f\r]*([^ \t\n\v\f\r]{1,34})/.exec(line.slice(minor.end));
    if (!name) return null;
    const counters = scanNumbers(line.slice(minor.end + name[0].length), 11);
    if (counters.length < 11) return null;
    entries.push({ name: name[1] as string, counters });
  }
  return entries;
}

/** The entries of /sys/block, or null when the directory cannot be read (procps then takes every device for a disk). */
export function sysBlockNames(sys: string): Set<string> | null {
  try {
    return new Set(readdirSync(join(sys, 'block')));
  } catch {
    return null;
  }
}
