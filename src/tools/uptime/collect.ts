// What uptime reports: the clock, the seconds since boot, the logged-in users and the loads.
import { CommandFailed, strerror } from '../../core/errors.js';
import { loadAverage, uptime } from '../../core/system.js';
import type { ProcfsContext } from '../../core/procfs.js';
import { countUsers, readUtmp } from '../../core/utmp.js';

export interface UptimeFacts {
  readonly now: Date;
  readonly seconds: number;
  readonly users: number;
  readonly loads: readonly [number, number, number];
}

export function collectUptime(ctx: ProcfsContext): UptimeFacts {
  const seconds = uptimeSeconds(ctx);
  const load = loadAverage(ctx);
  return { now: new Date(), seconds, users: countUsers(readUtmp()), loads: [load.one, load.five, load.fifteen] };
}

/** uptime -s: now minus the uptime, rounded to the second as procps rounds it (+ 0.5, truncated). */
export function bootDate(ctx: ProcfsContext): Date {
  return new Date(Math.trunc(Date.now() / 1000 - uptimeSeconds(ctx) + 0.5) * 1000);
}

/** /proc/uptime's first figure; uptime gives up at once (xerr) when it cannot be read. */
function uptimeSeconds(ctx: ProcfsContext): number {
  try {
    return uptime(ctx).uptime;
  } catch (error) {
    throw new CommandFailed(`uptime: Cannot get system uptime: ${strerror(error)}\n`, 1, { cause: error });
  }
}
