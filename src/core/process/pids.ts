// The pids of a procfs tree and the numeric entries of its directories (task, fd).
import { promises } from 'node:fs';
import { binding } from '../native.js';
import { defaultContext, type ContextOption, type ProcfsContext } from '../procfs.js';

/**
 * Ascending order, or the order the directory lists its entries in: procfs lists pids
 * ascending, and procps keeps that listing order, so a tool cloning it reads any tree the way
 * the C tool would.
 */
export type ListingOrder = 'ascending' | 'directory';

export function numericEntries(path: string, order: ListingOrder): number[] {
  const ids = binding().listIds(path);
  return Array.from(order === 'directory' ? ids : ids.sort());
}

/** psutil's pids(): the pids of /proc (names made only of digits; threads are not listed), ascending by default. */
export function pids(options: { order?: ListingOrder } & ContextOption = {}): number[] {
  return numericEntries((options.ctx ?? defaultContext()).proc, options.order ?? 'ascending');
}

/** pids() ascending as an Int32Array, for a scan: listed by the addon, without a string per entry. */
export function ascendingPids(ctx: ProcfsContext): Int32Array {
  return binding().listIds(ctx.proc).sort();
}

/**
 * ascendingPids with the listing on libuv's threads: listing a large /proc takes milliseconds of
 * kernel time, which an async caller keeps off the JavaScript thread.
 */
export async function ascendingPidsAsync(ctx: ProcfsContext): Promise<Int32Array> {
  const names = await promises.readdir(ctx.proc);
  return Int32Array.from(names.filter((name) => /^\d+$/.test(name)), Number).sort();
}
