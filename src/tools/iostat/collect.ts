// The state iostat keeps between reports and the figures of each report (iostat.c 12.6.1): a list
// of devices and groups in iostat's own order, each with its current and previous counters, the
// CPU counters and the uptime of the two last samples. Devices are read from /sys/block (or
// /proc/diskstats with -p), kept when they vanish (and hidden until they come back), and each
// report is computed over the delta of /proc/uptime, not over wall time.
import { join } from 'node:path';
import { CommandFailed, strerror } from '../../core/errors.js';
import { parseProcStatCpu, ZERO_JIFFIES, type CpuJiffies } from '../../core/cpu.js';
import {
  deviceMapperMajor,
  deviceMapperName,
  deviceMapperTarget,
  isWholeDevice,
  kernelNameOf,
  parseBlockStat,
  parseDiskstats,
  parseUptimeHundredths,
  persistentNameFromPretty,
  prettyNameFromPersistent,
  sampleInterval,
  ZERO_BLOCK_STAT,
  type BlockFs,
  type BlockStat,
} from '../../core/disk.js';
import { readText } from '../../core/procfs.js';
import { MAX_NAME_LEN, type DeviceSpec, type IostatOptions } from './command.js';

/** Where one sample is read from: the procfs, sysfs and /dev roots and how to list and stat. */
export interface SampleSource {
  readonly proc: string;
  readonly sys: string;
  readonly dev: string;
  readonly fs: BlockFs;
}

// iostat.h's device kinds; a group's kind is T_GROUP plus the number of devices counted into it.
const T_PART = 0;
const T_DEV = 1;
const T_PART_DEV = 2;
const T_GROUP = 3;

interface IoDevice {
  name: string;
  kind: number;
  exist: boolean;
  major: number;
  minor: number;
  stats: [BlockStat, BlockStat];
}

export interface CpuFigures {
  readonly user: number;
  readonly nice: number;
  readonly system: number;
  readonly iowait: number;
  readonly steal: number;
  readonly idle: number;
}

/** One device row: rates per second and sizes in 512-byte sectors, times in ms. */
export interface DeviceFigures {
  readonly name: string;
  readonly tps: number;
  readonly rSectors: number;
  readonly wSectors: number;
  readonly dSectors: number;
  /** Sectors read, written and discarded over the interval (32-bit wrap corrected). */
  readonly rdSec: bigint;
  readonly wrSec: bigint;
  readonly dcSec: bigint;
  readonly rIos: number;
  readonly wIos: number;
  readonly dIos: number;
  readonly fIos: number;
  readonly rMerges: number;
  readonly wMerges: number;
  readonly dMerges: number;
  readonly rrqm: number;
  readonly wrqm: number;
  readonly drqm: number;
  readonly rAwait: number;
  readonly wAwait: number;
  readonly dAwait: number;
  readonly fAwait: number;
  readonly rArqsz: number;
  readonly wArqsz: number;
  readonly dArqsz: number;
  readonly aquSz: number;
  readonly util: number;
  /** -s: all requests together. */
  readonly await: number;
  readonly arqsz: number;
  readonly merges: number;
}

export interface DeviceTable {
  /** 0 for the whole extended (or basic) table, 1-4 for the r/w/d/f parts of `--pretty -x`. */
  readonly part: number;
  /**
   * The rows in iostat's order. null is a group without members in an extended report: iostat
   * prints nothing for it, but its JSON output still writes the separator it had started.
   */
  readonly rows: ReadonlyArray<DeviceFigures | null>;
}

export interface Report {
  /** Seconds since the epoch when the sample was taken. */
  readonly time: number;
  readonly cpu: CpuFigures | null;
  readonly tables: readonly DeviceTable[] | null;
}

/** Which of the two sample buffers (iostat's curr and !curr). */
type Slot = 0 | 1;
const other = (slot: Slot): Slot => (slot === 0 ? 1 : 0);

const U32 = (value: number) => value >>> 0;
const u64 = (value: bigint) => BigInt.asUintN(64, value);
/** sysstat's S_VALUE: a counter's delta per second, the interval being in hundredths. */
const perSecond = (delta: bigint | number, itv: bigint) => (Number(delta) / Number(itv)) * 100;

/** sysstat's ll_sp_value: a CPU counter's share of the interval, 0 when it went backwards. */
function share(before: bigint, after: bigint, total: bigint): number {
  return after < before ? 0 : perSecond(u64(after - before), total);
}

function totalJiffies(c: CpuJiffies): bigint {
  // guest and guest_nice are already counted in user and nice.
  return u64(c.user + c.nice + c.system + c.idle + c.iowait + c.irq + c.steal + c.softirq);
}

function cpuFigures(before: CpuJiffies, after: CpuJiffies, total: bigint): CpuFigures {
  return {
    user: share(before.user, after.user, total),
    nice: share(before.nice, after.nice, total),
    // %system includes the time spent servicing hard and soft interrupts.
    system: share(u64(before.system + before.softirq + before.irq), u64(after.system + after.softirq + after.irq), total),
    iowait: share(before.iowait, after.iowait, total),
    steal: share(before.steal, after.steal, total),
    idle: after.idle < before.idle ? 0 : share(before.idle, after.idle, total),
  };
}

/** The figures of one device over an interval (write_ext_stat, write_basic_stat, compute_ext_disk_stats). */
export function deviceFigures(name: string, i: BlockStat, j: BlockStat, itv: bigint, members: number): DeviceFigures {
  const d = (a: bigint, b: bigint) => u64(a - b);
  const rIos = d(i.rdIos, j.rdIos);
  const wIos = d(i.wrIos, j.wrIos);
  const dIos = d(i.dcIos, j.dcIos);
  const fIos = d(i.flIos, j.flIos);
  const rMerges = d(i.rdMerges, j.rdMerges);
  const wMerges = d(i.wrMerges, j.wrMerges);
  const dMerges = d(i.dcMerges, j.dcMerges);
  const rSect = d(i.rdSectors, j.rdSectors);
  const wSect = d(i.wrSectors, j.wrSectors);
  const dSect = d(i.dcSectors, j.dcSectors);
  const ratio = (part: bigint, whole: bigint) => (whole === 0n ? 0 : (Number(part) / Number(whole)) * 100);
  const average = (amount: bigint | number, ios: bigint) => (ios === 0n ? 0 : Number(amount) / Number(ios));
  // Sector totals: a 32-bit counter that wrapped is corrected (it cannot have gone backwards otherwise).
  const total = (now: bigint, before: bigint) => {
    const delta = u64(now - before);
    return now < before && before <= 0xffffffffn ? delta & 0xffffffffn : delta;
  };
  const allIos = u64(u64(i.rdIos + i.wrIos + i.dcIos) - u64(j.rdIos + j.wrIos + j.dcIos));
  return {
    name,
    // Flush requests are not counted as transfers.
    tps: perSecond(allIos, itv),
    rSectors: perSecond(rSect, itv),
    wSectors: perSecond(wSect, itv),
    dSectors: perSecond(dSect, itv),
    rdSec: total(i.rdSectors, j.rdSectors),
    wrSec: total(i.wrSectors, j.wrSectors),
    dcSec: total(i.dcSectors, j.dcSectors),
    rIos: perSecond(rIos, itv),
    wIos: perSecond(wIos, itv),
    dIos: perSecond(dIos, itv),
    fIos: perSecond(fIos, itv),
    rMerges: perSecond(rMerges, itv),
    wMerges: perSecond(wMerges, itv),
    dMerges: perSecond(dMerges, itv),
    rrqm: ratio(rMerges, u64(rMerges + rIos)),
    wrqm: ratio(wMerges, u64(wMerges + wIos)),
    drqm: ratio(dMerges, u64(dMerges + dIos)),
    rAwait: average(U32(i.rdTicks - j.rdTicks), rIos),
    wAwait: average(U32(i.wrTicks - j.wrTicks), wIos),
    dAwait: average(U32(i.dcTicks - j.dcTicks), dIos),
    fAwait: average(U32(i.flTicks - j.flTicks), fIos),
    rArqsz: average(rSect, rIos),
    wArqsz: average(wSect, wIos),
    dArqsz: average(dSect, dIos),
    aquSz: perSecond(U32(i.rqTicks - j.rqTicks), itv) / 1000,
    // io_ticks are milliseconds: /10 makes a percentage; a group's is the average of its members.
    util: perSecond(U32(i.totTicks - j.totTicks), itv) / 10 / members,
    await: average(U32(U32(i.rdTicks - j.rdTicks) + U32(i.wrTicks - j.wrTicks) + U32(i.dcTicks - j.dcTicks)), allIos),
    arqsz: average(u64(rSect + wSect + dSect), allIos),
    merges: perSecond(u64(u64(i.rdMerges + i.wrMerges + i.dcMerges) - u64(j.rdMerges + j.wrMerges + j.dcMerges)), itv),
  };
}

/** compute_device_groups_stats: C sums, each wrapping at its type's width. */
function addInto(g: BlockStat, d: BlockStat): BlockStat {
  return {
    rdIos: u64(g.rdIos + d.rdIos),
    rdMerges: u64(g.rdMerges + d.rdMerges),
    rdSectors: u64(g.rdSectors + d.rdSectors),
    rdTicks: U32(g.rdTicks + d.rdTicks),
    wrIos: u64(g.wrIos + d.wrIos),
    wrMerges: u64(g.wrMerges + d.wrMerges),
    wrSectors: u64(g.wrSectors + d.wrSectors),
    wrTicks: U32(g.wrTicks + d.wrTicks),
    dcIos: u64(g.dcIos + d.dcIos),
    dcMerges: u64(g.dcMerges + d.dcMerges),
    dcSectors: u64(g.dcSectors + d.dcSectors),
    dcTicks: U32(g.dcTicks + d.dcTicks),
    flIos: u64(g.flIos + d.flIos),
    flTicks: U32(g.flTicks + d.flTicks),
    iosPgr: U32(g.iosPgr + d.iosPgr),
    totTicks: U32(g.totTicks + d.totTicks),
    rqTicks: U32(g.rqTicks + d.rqTicks),
  };
}

const noActivity = (s: BlockStat) => s.rdIos === 0n && s.wrIos === 0n && s.dcIos === 0n && s.flIos === 0n;


export class IostatState {
  /** iostat's linked list of devices and groups, in its order. */
  private readonly list: IoDevice[] = [];
  private curr: Slot = 1;
  private readonly cpu: [CpuJiffies, CpuJiffies] = [ZERO_JIFFIES, ZERO_JIFFIES];
  private readonly uptime: [bigint, bigint] = [0n, 0n];
  private readonly jiffies: [bigint, bigint] = [0n, 0n];
  private dmMajor: number | null | undefined;

  constructor(
    private readonly options: IostatOptions,
    source: SampleSource,
  ) {
    // The names of the command line are stored while parsing, with the flags of that moment.
    for (const spec of options.devices) this.addSpec(spec, source);
  }

  private addSpec(spec: DeviceSpec, source: SampleSource): void {
    if (spec.kind === 'group') {
      this.add(spec.name, T_GROUP, 0, 0, source, { sorted: spec.sorted, devmap: spec.devmap });
      return;
    }
    let name = this.deviceName(spec.name, source);
    if (spec.persistentType !== null) name = prettyNameFromPersistent(source.dev, spec.persistentType, name) ?? name;
    this.add(name, spec.kind === 'partitions' ? T_PART_DEV : 0, 0, 0, source, { sorted: spec.sorted, devmap: spec.devmap });
  }

  /** common.c device_name(): the canonical path without /dev/, a `/` inside the name made `!`. */
  private deviceName(name: string, source: SampleSource): string {
    const resolved = source.fs.realpath(name);
    if (resolved === null) return name;
    return (resolved.startsWith('/dev/') ? resolved.slice(5) : resolved).replaceAll('/', '!');
  }

  /** add_list_device(): finds or inserts a device, deciding its kind and device number on insertion. */
  private add(
    name: string,
    kind: number,
    major: number,
    minor: number,
    source: SampleSource,
    at: { sorted: boolean; devmap: boolean } = { sorted: !this.options.groupDefined && !this.options.everything, devmap: this.options.devmap },
  ): IoDevice | null {
    if (Buffer.byteLength(name, 'latin1') >= MAX_NAME_LEN) return null;
    let index = 0;
    for (; index < this.list.length; index++) {
      const d = this.list[index] as IoDevice;
      if (d.name === name) {
        if (kind === T_PART_DEV && d.kind === T_DEV) d.kind = kind;
        d.exist = true;
        return d;
      }
      if (at.sorted && d.name > name) break;
    }
    const stored = at.devmap ? (deviceMapperTarget(source.dev, name) ?? name) : name;
    const device: IoDevice = {
      name: stored.slice(0, MAX_NAME_LEN - 1),
      kind,
      exist: true,
      major: 0,
      minor: 0,
      stats: [ZERO_BLOCK_STAT, ZERO_BLOCK_STAT],
    };
    this.list.splice(index, 0, device);
    if (kind === T_GROUP) return device;
    const whole = this.sysRoots(source, (sys) => isWholeDevice(sys, name), (found) => found);
    device.kind = whole ? (kind === T_PART_DEV ? T_PART_DEV : T_DEV) : T_PART;
    if (major !== 0) {
      device.major = major;
      device.minor = minor;
    } else {
      const path = (device.name.startsWith('/') ? device.name : join(source.dev, device.name)).replaceAll('!', '/');
      const number = source.fs.deviceNumber(path);
      if (number) {
        device.major = number.major;
        device.minor = number.minor;
      }
    }
    return device;
  }

  /**
   * The -f/+f rule of every sysfs read: /sys alone without -f; the alternate directory alone with
   * -f; with +f, /sys first and the alternate directory when /sys did not answer.
   */
  private sysRoots<T>(source: SampleSource, read: (sys: string) => T, answered: (result: T) => boolean): T {
    const { altDir, altDirAlso } = this.options;
    if (altDir === null) return read(source.sys);
    if (altDirAlso) {
      const result = read(source.sys);
      if (answered(result)) return result;
    }
    return read(altDir);
  }

  private readStat(path: string): BlockStat | null {
    try {
      return parseBlockStat(readText(path));
    } catch {
      return null;
    }
  }

  private next(d: IoDevice): IoDevice | undefined {
    return this.list[this.list.indexOf(d) + 1];
  }

  /** read_sysfs_dlist_stat(): named devices from /sys, then every whole device for ALL. */
  private readSysfs(source: SampleSource): void {
    const curr = this.curr;
    for (let d = this.list[0]; d !== undefined; d = this.next(d)) {
      if (d.exist) continue;
      if (d.kind === T_PART) {
        const part = d;
        const stat = this.sysRoots(source, (sys) => this.readStat(join(sys, 'dev/block', `${part.major}:${part.minor}`, 'stat')), (s) => s !== null);
        if (stat) {
          d.stats[curr] = stat;
          d.exist = true;
        }
      } else if (d.kind === T_PART_DEV || d.kind === T_DEV) {
        const name = d.name;
        const stat = this.sysRoots(source, (sys) => this.readStat(join(sys, 'block', name, 'stat')), (s) => s !== null);
        if (stat) {
          d.stats[curr] = stat;
          d.exist = true;
        }
        if (d.kind === T_PART_DEV) this.sysRoots(source, (sys) => this.readPartitions(join(sys, 'block', name), source), (ok) => ok);
      }
    }
    if (this.options.allDevices) {
      const readAll = (block: string) => {
        const names = source.fs.listBlockDir(block);
        for (const name of names ?? []) {
          if (name === '.' || name === '..') continue;
          const stat = this.readStat(join(block, name, 'stat'));
          if (!stat) continue;
          const d = this.add(name, 0, 0, 0, source);
          if (d) d.stats[curr] = stat;
        }
      };
      if (this.options.altDir === null || this.options.altDirAlso) readAll(join(source.sys, 'block'));
      if (this.options.altDir !== null) readAll(join(this.options.altDir, 'block'));
    }
  }

  /** read_sysfs_device_part_stat_work(): every entry of /sys/block/DEV that has a stat file. */
  private readPartitions(dir: string, source: SampleSource): boolean {
    const names = source.fs.listBlockDir(dir);
    if (names === null) return false;
    for (const name of names) {
      if (name === '.' || name === '..') continue;
      const stat = this.readStat(join(dir, name, 'stat'));
      if (!stat) continue;
      const d = this.add(name, 0, 0, 0, source);
      if (d) d.stats[this.curr] = stat;
    }
    return true;
  }

  /** read_diskstats_stat(): /proc/diskstats (and/or the alternate directory's diskstats). */
  private readDiskstats(source: SampleSource): void {
    const readFrom = (path: string) => {
      let text: string;
      try {
        text = readText(path);
      } catch {
        return;
      }
      for (const entry of parseDiskstats(text)) {
        // Partitions of old kernels have no extended statistics.
        if (entry.legacy && this.options.extended) continue;
        const d = this.add(entry.name, 0, entry.major, entry.minor, source);
        if (d) d.stats[this.curr] = entry.stat;
      }
    };
    if (this.options.altDir === null || this.options.altDirAlso) readFrom(join(source.proc, 'diskstats'));
    if (this.options.altDir !== null) readFrom(join(this.options.altDir, 'diskstats'));
  }

  /** Reads one sample (rw_io_stat_loop's reading half). */
  read(source: SampleSource): void {
    const curr = this.curr;
    for (const d of this.list) d.exist = false;
    const uptimePath = join(source.proc, 'uptime');
    let uptime: bigint | null = null;
    try {
      uptime = parseUptimeHundredths(readText(uptimePath));
    } catch {
      uptime = null;
    }
    if (uptime === null) throw new CommandFailed(`Cannot read ${uptimePath}\n`, 2);
    this.uptime[curr] = uptime;
    const statPath = join(source.proc, 'stat');
    let statText: string;
    try {
      statText = readText(statPath);
    } catch (error) {
      throw new CommandFailed(`Cannot open ${statPath}: ${strerror(error)}\n`, 2, { cause: error });
    }
    // Without a cpu line the buffer keeps what it held.
    this.cpu[curr] = parseProcStatCpu(statText) ?? this.cpu[curr];
    this.jiffies[curr] = totalJiffies(this.cpu[curr]);
    if (this.options.everything) this.readDiskstats(source);
    else this.readSysfs(source);
  }

  /** The next sample goes into the other buffer. */
  advance(): void {
    this.curr = other(this.curr);
  }

  /**
   * write_stats(): the report of the sample just read. With `skip` (-y's first report) nothing is
   * shown, but group totals are still accumulated, as iostat does.
   */
  report(time: number, skip: boolean, source: SampleSource): Report | null {
    const o = this.options;
    const curr = this.curr;
    const prev = other(curr);
    const cpu = o.cpu
      ? cpuFigures(this.cpu[prev], this.cpu[curr], sampleInterval(this.jiffies[prev], this.jiffies[curr]))
      : null;
    const itv = sampleInterval(this.uptime[prev], this.uptime[curr]);
    let tables: DeviceTable[] | null = null;
    if (o.disk) {
      tables = [];
      const split = o.pretty && o.extended && !o.short && !o.sysstatJson && !o.compact;
      const [first, last] = split ? [1, 4] : [0, 0];
      for (let part = first; part <= last; part++) {
        tables.push({ part, rows: this.rows(part === first, itv, source) });
      }
    }
    return skip ? null : { time, cpu, tables };
  }

  /** One pass over the list: rows to show, and (on the first pass) the group totals. */
  private rows(firstPass: boolean, itv: bigint, source: SampleSource): Array<DeviceFigures | null> {
    const o = this.options;
    const curr = this.curr;
    const prev = other(curr);
    const rows: Array<DeviceFigures | null> = [];
    let group: IoDevice | null = null;
    let index = 0;
    for (;;) {
      let d: IoDevice;
      if (index >= this.list.length) {
        if (group === null) break;
        // The last group is shown after its members.
        d = group;
        group = null;
      } else {
        d = this.list[index++] as IoDevice;
        if (d.kind >= T_GROUP) {
          const previous: IoDevice | null = group;
          group = d;
          group.stats[curr] = ZERO_BLOCK_STAT;
          // A new group: show the one before it, if any.
          if (previous === null) continue;
          d = previous;
        }
      }
      if (!d.exist && d.kind < T_GROUP) continue;
      if (group !== null && firstPass && d.kind < T_GROUP) {
        group.kind++;
        if (o.unfiltered || !noActivity(d.stats[curr])) group.stats[curr] = addInto(group.stats[curr], d.stats[curr]);
      }
      if (o.groupTotalOnly && group !== null && d.kind < T_GROUP) continue;
      const ioi = d.stats[curr];
      let ioj = d.stats[prev];
      if (!o.unfiltered && noActivity(ioi)) continue;
      if (o.zeroOmit && ioi.rdIos === ioj.rdIos && ioi.wrIos === ioj.wrIos && ioi.dcIos === ioj.dcIos && ioi.flIos === ioj.flIos) {
        continue;
      }
      // A device removed and inserted again counts from zero.
      const sum = (s: BlockStat) => u64(s.rdIos + s.wrIos + s.dcIos + s.flIos);
      if (
        sum(ioi) < sum(ioj) &&
        (ioj.rdSectors === 0n || ioi.rdSectors < ioj.rdSectors) &&
        (ioj.wrSectors === 0n || ioi.wrSectors < ioj.wrSectors) &&
        (ioj.dcSectors === 0n || ioi.dcSectors < ioj.dcSectors)
      ) {
        ioj = ZERO_BLOCK_STAT;
      }
      const name = this.displayName(d, source);
      // An extended report skips a group that has no member.
      if (o.extended && d.kind === T_GROUP) {
        rows.push(null);
        continue;
      }
      const members = d.kind > T_GROUP ? d.kind - T_GROUP : 1;
      rows.push(deviceFigures(name, ioi, ioj, itv, members));
    }
    return rows;
  }

  /** get_device_name(): a persistent name (-j), a device-mapper name (-N), or the stored name. */
  private displayName(d: IoDevice, source: SampleSource): string {
    const o = this.options;
    let name: string | null = null;
    if (o.persistentType !== null) {
      const number = { major: d.major, minor: d.minor };
      const kernel = kernelNameOf(source.sys, number) ?? `dev${d.major}-${d.minor}`;
      name = persistentNameFromPretty(source.dev, o.persistentType, kernel);
    }
    if (name === null && o.devmap) {
      this.dmMajor ??= deviceMapperMajor(source.proc);
      if (d.major === this.dmMajor) {
        try {
          name = deviceMapperName(source.dev, { major: d.major, minor: d.minor }, source.fs);
        } catch (error) {
          throw new CommandFailed(`Cannot open ${join(source.dev, 'mapper')}: ${strerror(error)}\n`, 4, { cause: error });
        }
      }
    }
    return (name ?? d.name).replaceAll('!', '/');
  }
}
