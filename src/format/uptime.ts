// procps-ng 4.0.2's uptime lines (library/uptime.c): the classic one that uptime and w's header
// print, and the -p "pretty" one.
import { cInt, printfFixed } from './number.js';
import { pad2, strftime } from './time.js';

/** " HH:MM:SS up [D day(s), ]H:MM|M min,  N user(s),  load average: a, b, c" (procps_uptime_sprint). */
export function uptimeLine(now: Date, uptimeSeconds: number, users: number, loads: readonly [number, number, number]): string {
  // (int) uptime_secs, then C's int division and remainder (both toward zero).
  const whole = cInt(uptimeSeconds);
  const days = Math.trunc(whole / 86400);
  const hours = Math.trunc(whole / 3600) % 24;
  const minutes = Math.trunc(whole / 60) % 60;
  let line = ` ${strftime('%H:%M:%S', now.getTime() / 1000)} up `;
  if (days) line += `${days} ${days > 1 ? 'days' : 'day'}, `;
  line += hours ? `${String(hours).padStart(2)}:${pad2(minutes)}, ` : `${minutes} min, `;
  line += `${String(users).padStart(2)} ${users > 1 ? 'users' : 'user'},  load average: ${loads.map((l) => printfFixed(l, 2)).join(', ')}`;
  return line;
}

/**
 * "up 1 week, 2 days, 3 hours, 4 minutes" (procps_uptime_sprint_short): each unit taken off the
 * seconds only when they are strictly more than it, so exactly one hour reads "up 60 minutes"
 * and an hour and exactly one minute "up 1 hour"; "0 minutes" when less than a minute is left.
 */
export function prettyUptime(uptimeSeconds: number): string {
  let left = uptimeSeconds;
  const parts: string[] = [];
  const units: Array<[number, string, string]> = [
    [60 * 60 * 24 * 365 * 10, 'decade', 'decades'],
    [60 * 60 * 24 * 365, 'year', 'years'],
    [60 * 60 * 24 * 7, 'week', 'weeks'],
    [60 * 60 * 24, 'day', 'days'],
    [60 * 60, 'hour', 'hours'],
  ];
  for (const [size, one, many] of units) {
    if (left > size) {
      // (int) of the seconds, C's int division, then the whole units subtracted from the double.
      const count = Math.trunc(cInt(left) / size);
      left -= count * size;
      if (count) parts.push(`${count} ${count > 1 ? many : one}`);
    }
  }
  let minutes = 0;
  if (left > 60) {
    minutes = Math.trunc(cInt(left) / 60);
    left -= minutes * 60;
  }
  if (minutes || left < 60) parts.push(`${minutes} ${minutes !== 1 ? 'minutes' : 'minute'}`);
  return `up ${parts.join(', ')}`;
}
