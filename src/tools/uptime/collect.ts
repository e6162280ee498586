// What uptime reports: the clock, the seconds since boot, the logged-in users and the loads.
import { CommandFailed, strerror } from '../../core/errors.js';
import { loadAverage, uptime, type Uptime } from '../../core/system.js';
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

/**
 * uptime -s: now minus the uptime, rounded to the second as procps rounds it (+ 0.5, then the
 * (time_t) cast). A time localtime() cannot take ends uptime with "localtime": a NaN or a value
 * past time_t's range, which x86's cast makes INT64_MIN (and any time beyond what a Date holds).
 */
export function bootDate(ctx: ProcfsContext): Date {
  const boot = new Date(Math.trunc(Date.now() / 1000 - uptimeSeconds(ctx) + 0.5) * 1000);
  if (Number.isNaN(boot.getTime())) throw new CommandFailed('uptime: localtime\n', 1);
  return boot;
}

/**
 * /proc/uptime's first figure; uptime gives up at once (xerr) when it cannot be read or scanned.
 * error() adds the reason that errno holds: the open's, or, for a file fscanf could not take,
 * the ENOENT that glibc 2.36's scanf leaves when a figure ends the file or something else stands
 * where one should (measured against procps-ng 4.0.2: "1", "x", "1 x"), and none when the file
 * ran out between figures ("", "1 ").
 */
function uptimeSeconds(ctx: ProcfsContext): number {
  let up: Uptime;
  try {
    up = uptime(ctx);
  } catch (error) {
    throw new CommandFailed(`uptime: Cannot get system uptime: ${strerror(error)}\n`, 1, { cause: error });
  }
  if (up.scan === 'broken') throw new CommandFailed('uptime: Cannot get system uptime: No such file or directory\n', 1);
  if (up.scan === 'ran out') throw new CommandFailed('uptime: Cannot get system uptime\n', 1);
  return up.uptime;
}
