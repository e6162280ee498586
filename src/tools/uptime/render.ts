// uptime's three outputs: the classic line, -p's and -s's.
import { strftime } from '../../format/time.js';
import { prettyUptime, uptimeLine } from '../../format/uptime.js';
import type { UptimeFacts } from './collect.js';

export function renderUptime(facts: UptimeFacts, pretty: boolean): string {
  return `${pretty ? prettyUptime(facts.seconds) : uptimeLine(facts.now, facts.seconds, facts.users, facts.loads)}\n`;
}

/** "%04d-%02d-%02d %02d:%02d:%02d" of the local time. */
export function renderSince(boot: Date): string {
  return `${strftime('%Y-%m-%d %H:%M:%S', boot.getTime() / 1000)}\n`;
}
