// uptime's three outputs: the classic line, -p's and -s's.
import { prettyUptime, uptimeLine } from '../../format/uptime.js';
import type { UptimeFacts } from './collect.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

export function renderUptime(facts: UptimeFacts, pretty: boolean): string {
  return `${pretty ? prettyUptime(facts.seconds) : uptimeLine(facts.now, facts.seconds, facts.users, facts.loads)}\n`;
}

/** "%04d-%02d-%02d %02d:%02d:%02d" of the local time. */
export function renderSince(boot: Date): string {
  return `${String(boot.getFullYear()).padStart(4, '0')}-${pad2(boot.getMonth() + 1)}-${pad2(boot.getDate())} ${pad2(boot.getHours())}:${pad2(boot.getMinutes())}:${pad2(boot.getSeconds())}\n`;
}
