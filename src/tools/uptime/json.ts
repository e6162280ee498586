// uptime --json: jc's uptime parser fields, computed from the same figures as the line.
import { localClock, pad2, strftime } from '../../format/time.js';
import type { UptimeFacts } from './collect.js';

export function uptimeJson(facts: UptimeFacts) {
  const { now, users, loads } = facts;
  const whole = Math.trunc(facts.seconds);
  const days = Math.trunc(whole / 86400);
  const hours = Math.trunc(whole / 3600) % 24;
  const minutes = Math.trunc(whole / 60) % 60;
  // The "uptime" text of the line: "3 days, 4:05", "3 days, 7 min", "4:05" or "7 min".
  const clock = hours ? `${hours}:${pad2(minutes)}` : `${minutes} min`;
  const clockNow = localClock(now.getTime() / 1000);
  return {
    time: strftime('%H:%M:%S', now.getTime() / 1000),
    uptime: days ? `${days} ${days > 1 ? 'days' : 'day'}, ${clock}` : clock,
    users,
    load_1m: loads[0],
    load_5m: loads[1],
    load_15m: loads[2],
    time_hour: clockNow.hours,
    time_minute: clockNow.minutes,
    time_second: clockNow.seconds,
    uptime_days: days,
    uptime_hours: hours,
    uptime_minutes: minutes,
    uptime_total_seconds: days * 86400 + hours * 3600 + minutes * 60,
  };
}

/** -s: the boot time as the line prints it, and in whole seconds since the epoch. */
export function sinceJson(boot: Date) {
  const seconds = Math.trunc(boot.getTime() / 1000);
  return { since: strftime('%Y-%m-%d %H:%M:%S', seconds), since_epoch: seconds };
}
