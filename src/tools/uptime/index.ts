// pt-uptime: procps-ng 4.0.2's uptime over /proc/uptime, /proc/loadavg and /var/run/utmp.
import { UsageError } from '../../core/errors.js';
import { loadAverage, uptime } from '../../core/system.js';
import { countUsers, readUtmp } from '../../core/utmp.js';
import { getoptLong } from '../../cli/getopt.js';
import type { ToolContext } from '../../cli/tool.js';
import { jsonLine } from '../../format/json.js';
import { prettyUptime, uptimeLine } from '../../format/uptime.js';

export const USAGE = `
Usage:
 uptime [options]

Options:
 -p, --pretty   show uptime in pretty format
 -h, --help     display this help and exit
 -s, --since    system up since
 -V, --version  output version information and exit

For more details see uptime(1).
`;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** uptime -s: the boot time, now minus the uptime, rounded to the second, in local time. */
function since(uptimeSeconds: number): string {
  const boot = new Date(Math.trunc(Date.now() / 1000 - uptimeSeconds + 0.5) * 1000);
  return `${String(boot.getFullYear()).padStart(4, '0')}-${pad2(boot.getMonth() + 1)}-${pad2(boot.getDate())} ${pad2(boot.getHours())}:${pad2(boot.getMinutes())}:${pad2(boot.getSeconds())}\n`;
}

/** jc's uptime parser fields. */
function uptimeJson(now: Date, seconds: number, users: number, loads: readonly [number, number, number]) {
  const whole = Math.trunc(seconds);
  const days = Math.trunc(whole / 86400);
  const hours = Math.trunc(whole / 3600) % 24;
  const minutes = Math.trunc(whole / 60) % 60;
  const time = `${pad2(now.getHours())}:${pad2(now.getMinutes())}:${pad2(now.getSeconds())}`;
  return {
    time,
    uptime: uptimeLine(now, seconds, users, loads).replace(/^ \S+ up (.*?),\s+\d+ users?,.*$/, '$1'),
    users,
    load_1m: loads[0],
    load_5m: loads[1],
    load_15m: loads[2],
    time_hour: now.getHours(),
    time_minute: now.getMinutes(),
    time_second: now.getSeconds(),
    uptime_days: days,
    uptime_hours: hours,
    uptime_minutes: minutes,
    uptime_total_seconds: days * 86400 + hours * 3600 + minutes * 60,
  };
}

export async function runUptime(argv: readonly string[], tool: ToolContext): Promise<void> {
  const parsed = getoptLong(argv, {
    program: 'uptime',
    shortOptions: 'phsV',
    longOptions: [
      { name: 'pretty', argument: 'none', key: 'p' },
      { name: 'help', argument: 'none', key: 'h' },
      { name: 'since', argument: 'none', key: 's' },
      { name: 'version', argument: 'none', key: 'V' },
      { name: 'json', argument: 'none', key: 'json' },
    ],
  });
  let pretty = false;
  let json = false;
  // Options act as getopt meets them: -s prints and ends uptime before a later bad option is seen.
  for (const { key } of parsed.options) {
    if (key === 'p') pretty = true;
    else if (key === 'json') json = true;
    else if (key === 'h') return tool.output.write(USAGE);
    else if (key === 'V') return tool.output.write(`uptime from procps-ng 4.0.2 (ptools ${tool.version})\n`);
    else if (key === 's') return tool.output.write(since(uptime(tool.procfs).uptime));
  }
  if (parsed.error !== undefined) throw new UsageError(`${parsed.error}\n${USAGE}`, 1);
  if (parsed.operands.length > 0) throw new UsageError(USAGE, 1);
  const now = new Date();
  const seconds = uptime(tool.procfs).uptime;
  const users = countUsers(readUtmp());
  const load = loadAverage(tool.procfs);
  const loads: [number, number, number] = [load.one, load.five, load.fifteen];
  if (json) tool.output.write(jsonLine(uptimeJson(now, seconds, users, loads)));
  else tool.output.write(`${pretty ? prettyUptime(seconds) : uptimeLine(now, seconds, users, loads)}\n`);
}
