// The system-wide kernel files a metrics scrape reads, fetched in one trip to the addon's worker
// thread (a few hundred microseconds, off the JavaScript thread) and parsed. A file that cannot
// be read is null: that figure is left out, the rest still reported.
import { join } from 'node:path';
import { parseProcStatCpus, parseStatCounters, type CpuLine, type StatCounters } from './cpu.js';
import { parseDiskstats, type DiskstatsEntry } from './disk.js';
import { parseMeminfoLines, type MeminfoLine } from './memory.js';
import { parseMounts, type MountEntry } from './mounts.js';
import { parseSockstat, type SockstatFigure } from './net/sockstat.js';
import { readFilesAsync, type ProcfsContext } from './procfs.js';
import { parseLoadavg, type LoadAverage } from './system.js';

export interface HostFiles {
  readonly meminfo: MeminfoLine[] | null;
  /** /proc/stat's `cpuN` lines and the system-wide counters after them. */
  readonly stat: { readonly cpus: CpuLine[]; readonly counters: StatCounters } | null;
  readonly loadavg: LoadAverage | null;
  readonly diskstats: DiskstatsEntry[] | null;
  /** sockstat's figures, then sockstat6's (absent without IPv6). */
  readonly sockstat: SockstatFigure[] | null;
  /** PID 1's mount table (the host's, seen from a container sharing its /proc), else our own. */
  readonly mounts: MountEntry[] | null;
}

const FILES = ['meminfo', 'stat', 'loadavg', 'diskstats', 'net/sockstat', 'net/sockstat6', '1/mounts', 'self/mounts'] as const;

export async function readHostFiles(ctx: ProcfsContext): Promise<HostFiles> {
  const read = await readFilesAsync(FILES.map((file) => join(ctx.proc, file)));
  const text = (file: (typeof FILES)[number]) => {
    const bytes = read[FILES.indexOf(file)];
    return bytes === undefined || typeof bytes === 'number' ? null : bytes.toString('latin1');
  };
  const parsed = <T>(file: (typeof FILES)[number], parse: (text: string) => T): T | null => {
    const content = text(file);
    return content === null ? null : parse(content);
  };
  const sockstat = parsed('net/sockstat', parseSockstat);
  return {
    meminfo: parsed('meminfo', parseMeminfoLines),
    stat: parsed('stat', (content) => ({ cpus: parseProcStatCpus(content), counters: parseStatCounters(content) })),
    loadavg: parsed('loadavg', parseLoadavg),
    diskstats: parsed('diskstats', parseDiskstats),
    sockstat: sockstat && sockstat.concat(parsed('net/sockstat6', parseSockstat) ?? []),
    mounts: parsed('1/mounts', parseMounts) ?? parsed('self/mounts', parseMounts),
  };
}
