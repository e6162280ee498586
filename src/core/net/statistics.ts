// Per-link counters from /sys/class/net/NAME/statistics/: the kernel's rtnl_link_stats64 fields
// one file each, unmerged (/proc/net/dev folds rx_missed_errors into its drop column and four
// error counters into frame), and the link's ARPHRD type.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../errors.js';
import { readTextAsync, type ProcfsContext } from '../procfs.js';

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

async function optionalNumber(path: string): Promise<number | null> {
  try {
    const value = Number((await readTextAsync(path)).trim());
    return Number.isFinite(value) ? value : null;
  } catch (error) {
    if (errnoCode(error) === undefined) throw error;
    return null;
  }
}

/** Every link of the reader's network namespace; a link removed meanwhile is left out. */
export async function readLinkStatistics(ctx: ProcfsContext): Promise<LinkStatistics[]> {
  const root = join(ctx.sys, 'class/net');
  const names = (await readdir(root, { encoding: 'buffer' })).map((name) => name.toString('latin1')).sort();
  const links = await Promise.all(
    names.map(async (name): Promise<LinkStatistics | null> => {
      const dir = join(root, name);
      const values = await Promise.all(LINK_STATISTICS.map((key) => optionalNumber(join(dir, 'statistics', key))));
      if (values.every((value) => value === null)) return null;
      const counters = new Map<LinkStatistic, number>();
      values.forEach((value, i) => {
        if (value !== null) counters.set(LINK_STATISTICS[i] as LinkStatistic, value);
      });
      return { name, type: await optionalNumber(join(dir, 'type')), counters };
    }),
  );
  return links.filter((link): link is LinkStatistics => link !== null);
}
