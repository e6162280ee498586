// Waiting longer than a Node timer can: setTimeout runs any delay beyond 2^31-1 ms after 1 ms,
// where the C tools sleep() or select() for as long as they were told.
import { setTimeout as sleep } from 'node:timers/promises';

/** setTimeout's longest delay, in milliseconds. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Waits `ms` milliseconds, in steps no timer can cut short. */
export async function sleepLong(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= MAX_TIMER_MS) await sleep(Math.min(left, MAX_TIMER_MS));
}
