// pt-vmstat: procps-ng 4.0.2's vmstat over /proc/stat, /proc/vmstat, /proc/meminfo and
// /proc/diskstats (disks are the devices named in /sys/block).
import { CommandFailed } from '../../core/errors.js';
import { sysconf } from '../../core/system.js';
import { terminalOn } from '../../core/terminal.js';
import { bytesOf } from '../../format/bytes.js';
import { jsonLine } from '../../format/json.js';
import { strftime } from '../../format/time.js';
import { sleepLong } from '../../util/sleep.js';
import { localTimeType } from '../../util/timezone.js';
import type { ToolContext } from '../../cli/context.js';
import { parseVmstatCommand, USAGE, type VmstatOptions } from './command.js';
import {
  collectSum,
  diskRow,
  diskSum,
  firstRow,
  LoopState,
  partitionRow,
  readDevices,
  readMemory,
  readPaging,
  readSlabs,
  readStat,
  type SystemConstants,
} from './collect.js';
import { diskRowJson, diskSumJson, partitionJson, slabJson, sumJson, vmRowJson, type Stamp } from './json.js';
import {
  renderDiskHeader,
  renderDiskRow,
  renderDiskSum,
  renderForks,
  renderPartitionHeader,
  renderPartitionRow,
  renderSlabHeader,
  renderSlabRow,
  renderSum,
  renderVmHeader,
  renderVmRow,
} from './render.js';

// vmstat's sleep() takes up to UINT_MAX seconds.
const sleepSeconds = (seconds: number): Promise<void> => sleepLong(seconds * 1000);

/** Lines between repeated headers: the terminal's rows less 3 (24 when stdout is no terminal), 22 if that is not positive. */
function headerHeight(): number {
  const terminal = terminalOn(1);
  const rows = terminal !== null && terminal.rows > 0 ? terminal.rows : 24;
  return rows - 3 > 0 ? rows - 3 : 22;
}


/** time(2) and its local "%Y-%m-%d %H:%M:%S", the -t column. */
function stampNow(): Stamp {
  const epoch = Math.floor(Date.now() / 1000);
  return { timestamp: strftime('%Y-%m-%d %H:%M:%S', epoch), timezone: localTimeType(epoch).abbreviation, epoch };
}

const zoneNow = () => localTimeType(Math.floor(Date.now() / 1000)).abbreviation;

/** Writes a run's text or JSON: in JSON mode a single report's objects make one array at the end, and with a delay each object is a line of its own. */
class Sink {
  private readonly objects: unknown[] = [];

  constructor(
    private readonly tool: ToolContext,
    private readonly options: VmstatOptions,
  ) {}

  text(text: string): void {
    if (!this.options.json) this.tool.output.write(bytesOf(text));
  }

  object(value: unknown): void {
    if (!this.options.json) return;
    if (this.options.interval) this.tool.output.write(jsonLine(value));
    else this.objects.push(value);
  }

  async flush(): Promise<boolean> {
    await this.tool.output.flush();
    return !this.tool.output.closed;
  }

  /** A report that is one object whatever the delay (-s, -D). */
  single(value: unknown): void {
    if (this.options.json) this.tool.output.write(jsonLine(value));
  }

  end(): void {
    if (this.options.json && !this.options.interval) this.tool.output.write(jsonLine(this.objects));
  }
}

function systemConstants(): SystemConstants {
  const { clockTicks, pageSize } = sysconf();
  return { hz: BigInt(clockTicks), kbPerPage: BigInt(Math.floor(pageSize / 1024)) };
}

async function vmReport(tool: ToolContext, options: VmstatOptions, sink: Sink): Promise<void> {
  const ctx = tool.procfs;
  const sys = systemConstants();
  // The structures are made (each with a priming read) in vmstat's order before anything is printed.
  readPaging(ctx);
  const primed = readStat(ctx);
  readMemory(ctx);
  const height = headerHeight();
  const header = () => sink.text(renderVmHeader({ wide: options.wide, active: options.active, zone: options.timestamp ? zoneNow() : null }));
  header();
  const paging = readPaging(ctx);
  // procps-ng 4.0.2 selects the memory figures once: every line shows the first read's.
  const meminfo = readMemory(ctx);
  let state: LoopState;
  let count = options.count;
  if (!options.noFirst) {
    const stamp = options.timestamp ? stampNow() : null;
    const stat = readStat(ctx, 'Unable to select stat information');
    const row = firstRow(stat, paging, meminfo, options, sys);
    sink.text(renderVmRow(row, options.wide, stamp?.timestamp ?? null));
    sink.object(vmRowJson(row, options, stamp));
    state = new LoopState(stat, paging, sys);
  } else {
    state = new LoopState(primed, paging, sys);
    count++;
  }
  if (!(await sink.flush())) return;
  for (let i = 1; i < count; i++) {
    await sleepSeconds(options.delay);
    if (options.moreHeaders && i % height === 0) header();
    const stat = readStat(ctx, 'Unable to select stat information');
    const next = readPaging(ctx);
    const stamp = options.timestamp ? stampNow() : null;
    const row = state.next(stat, next, meminfo, options);
    sink.text(renderVmRow(row, options.wide, stamp?.timestamp ?? null));
    sink.object(vmRowJson(row, options, stamp));
    if (!(await sink.flush())) return;
  }
}

async function diskReport(tool: ToolContext, options: VmstatOptions, sink: Sink): Promise<void> {
  readDevices(tool.procfs);
  const height = headerHeight();
  const header = () => sink.text(renderDiskHeader(options.wide, options.timestamp ? zoneNow() : null));
  if (!options.moreHeaders) header();
  for (let i = 0; i < options.count; i++) {
    const devices = readDevices(tool.procfs, 'Unable to retrieve disk statistics');
    const stamp = options.timestamp ? stampNow() : null;
    for (const [j, device] of devices.entries()) {
      if (!device.disk) continue;
      // j counts partitions too, so a header may fall on a partition and be skipped.
      if (options.moreHeaders && j % height === 0) header();
      const row = diskRow(device);
      sink.text(renderDiskRow(row, options.wide, stamp?.timestamp ?? null));
      sink.object(diskRowJson(row, stamp));
    }
    if (!(await sink.flush())) return;
    if (i + 1 < options.count) await sleepSeconds(options.delay);
  }
}

async function partitionReport(tool: ToolContext, options: VmstatOptions, sink: Sink): Promise<void> {
  const name = options.partition;
  const notFound = () => new CommandFailed(`vmstat: Disk/Partition ${name} not found\n`, 1);
  if (!partitionRow(readDevices(tool.procfs), name)) throw notFound();
  sink.text(renderPartitionHeader(name));
  for (let i = 0; i < options.count; i++) {
    const values = partitionRow(readDevices(tool.procfs, `Disk/Partition ${name} not found`), name);
    if (!values) throw notFound();
    sink.text(renderPartitionRow(values));
    sink.object(partitionJson(name, values));
    if (!(await sink.flush())) return;
    if (i + 1 < options.count) await sleepSeconds(options.delay);
  }
}

async function slabReport(tool: ToolContext, options: VmstatOptions, sink: Sink): Promise<void> {
  readSlabs(tool.procfs);
  const height = headerHeight();
  if (!options.moreHeaders) sink.text(renderSlabHeader());
  for (let i = 0; i < options.count; i++) {
    for (const [j, cache] of readSlabs(tool.procfs, 'Unable to get slabinfo node data').entries()) {
      if (options.moreHeaders && j % height === 0) sink.text(renderSlabHeader());
      sink.text(renderSlabRow(cache));
      sink.object(slabJson(cache));
    }
    if (!(await sink.flush())) return;
    if (i + 1 < options.count) await sleepSeconds(options.delay);
  }
}

export async function runVmstat(argv: readonly string[], tool: ToolContext): Promise<void> {
  const command = parseVmstatCommand(argv);
  if (command.kind === 'help') return tool.output.write(USAGE);
  if (command.kind === 'version') return tool.output.write(`vmstat from procps-ng 4.0.2 (ptools ${tool.version})\n`);
  if (command.kind === 'forks') {
    const forks = readStat(tool.procfs).counters.processes;
    return tool.output.write(command.json ? jsonLine({ forks: Number(forks) }) : renderForks(forks));
  }
  const { options } = command;
  const sink = new Sink(tool, options);
  switch (options.mode) {
    case 'vm':
      await vmReport(tool, options, sink);
      break;
    case 'sum': {
      const report = collectSum(tool.procfs, options);
      sink.text(renderSum(report, options.unit.letter));
      sink.single(sumJson(report, options.unit.letter));
      return;
    }
    case 'disk':
      await diskReport(tool, options, sink);
      break;
    case 'partition':
      await partitionReport(tool, options, sink);
      break;
    case 'disksum': {
      readDevices(tool.procfs);
      const { disks, partitions, sums } = diskSum(readDevices(tool.procfs, 'Unable to retrieve disk statistics'));
      sink.text(renderDiskSum(disks, partitions, sums));
      sink.single(diskSumJson(disks, partitions, sums));
      return;
    }
    case 'slab':
      await slabReport(tool, options, sink);
      break;
  }
  sink.end();
}
