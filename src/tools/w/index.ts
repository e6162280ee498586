// pt-w: procps-ng 4.0.2's w over /var/run/utmp and /proc.
import { loadAverage, sysconf, uptime, type Uptime } from '../../core/system.js';
import { terminalOn } from '../../core/terminal.js';
import type { ProcfsContext } from '../../core/procfs.js';
import { countUsers, readUtmp, type UtmpRecord } from '../../core/utmp.js';
import type { ToolContext } from '../../cli/context.js';
import { bytesOf } from '../../format/bytes.js';
import { isUtf8Locale } from '../../format/escape.js';
import { jsonLine } from '../../format/json.js';
import { uptimeLine } from '../../format/uptime.js';
import { writeStderr } from '../../format/writer.js';
import { parseWCommand, USAGE } from './command.js';
import { collectW } from './collect.js';
import { wJson } from './json.js';
import { renderHeader, renderRow } from './render.js';

export async function runW(argv: readonly string[], tool: ToolContext): Promise<void> {
  const command = parseWCommand(argv, tool.env, terminalOn(1)?.columns);
  if (command.kind === 'help') return tool.output.write(USAGE);
  if (command.kind === 'version') return tool.output.write(`w from procps-ng 4.0.2 (ptools ${tool.version})\n`);
  const { options } = command;
  if (command.warnings) writeStderr(command.warnings);
  const now = Date.now();
  const records = readUtmp();
  const hertz = sysconf().clockTicks;
  const rows = collectW(tool.procfs, records, options, isUtf8Locale(tool.env), now);
  if (options.json) return tool.output.write(jsonLine(wJson(rows, options, hertz, now)));
  let text = '';
  if (options.header) text += renderHeader(summaryLine(tool.procfs, now, records), options);
  for (const row of rows) text += renderRow(row, options, hertz, now);
  tool.output.write(bytesOf(text));
}

/** uptime's line, or an empty one when /proc/uptime cannot be read or scanned (procps_uptime_sprint gives ""). */
function summaryLine(ctx: ProcfsContext, now: number, records: readonly UtmpRecord[]): string {
  let up: Uptime;
  try {
    up = uptime(ctx);
  } catch {
    return '';
  }
  if (up.scan !== 'complete') return '';
  const load = loadAverage(ctx);
  return uptimeLine(new Date(now), up.uptime, countUsers(records), [load.one, load.five, load.fifteen]);
}
