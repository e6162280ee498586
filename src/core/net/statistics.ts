// Per-link counters from /sys/class/net/NAME/statistics/: the kernel's rtnl_link_stats64 fields
// one file each, unmerged (/proc/net/dev folds rx_missed_errors into its drop column and four
// error counters into frame), and the link's ARPHRD type.
import { promises } from 'node:fs';
import { join } from 'node:path';
import { readFilesAsync, type ProcfsContext } from '../procfs.js';

/** The statistics files read, as named in Documentation/ABI/testing/sysfs-class-net-statistics. */
export const LINK_STATISTICS = [
  'rx_bytes',
  'rx_packets',
  'rx_errors',
  'rx_dropped',
  'rx_fifo_errors',
  'rx_frame_errors',
  'rx_compressed',
  'multicast',
  'rx_nohandler',
  'tx_bytes',
  'tx_packets',
  'tx_errors',
  'tx_dropped',
  'tx_fifo_errors',
  'collisions',
  'tx_carrier_errors',
  'tx_compressed',
] as const;

export type LinkStatistic = (typeof LINK_STATISTICS)[number];

export interface LinkStatistics {
  /** The name as a byte string (latin1). */
  readonly name: string;
  /** ARPHRD_* (772 is loopback), or null when unreadable. */
  readonly type: number | null;
  /** A counter the kernel does not offer (rx_nohandler before 4.6) is absent. */
  readonly counters: ReadonlyMap<LinkStatistic, number>;
}

/** A one-number sysfs attribute, or null when it could not be read or does not hold a number. */
function numberOf(file: Buffer | number): number | null {
  if (typeof file === 'number') return null;
  const text = file.toString('latin1').trim();
  const value = text === '' ? NaN : Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * Every link of the reader's network namespace; a link removed meanwhile is left out. All the
 * files (18 per link) are read in one trip to the addon's worker thread.
 */
export async function readLinkStatistics(ctx: ProcfsContext): Promise<LinkStatistics[]> {
  const root = join(ctx.sys, 'class/net');
  const names = (await promises.readdir(root, { encoding: 'buffer' })).map((name) => name.toString('latin1')).sort();
  const files = ['type', ...LINK_STATISTICS.map((key) => `statistics/${key}`)];
  const read = await readFilesAsync(names.flatMap((name) => files.map((file) => join(root, name, file))));
  const links: LinkStatistics[] = [];
  names.forEach((name, n) => {
    const values = read.slice(n * files.length, (n + 1) * files.length).map(numberOf);
    const counters = new Map<LinkStatistic, number>();
    values.slice(1).forEach((value, i) => {
      if (value !== null) counters.set(LINK_STATISTICS[i] as LinkStatistic, value);
    });
    if (counters.size > 0) links.push({ name, type: values[0] ?? null, counters });
  });
  return links;
}
