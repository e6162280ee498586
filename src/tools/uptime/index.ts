// pt-uptime: procps-ng 4.0.2's uptime over /proc/uptime, /proc/loadavg and /var/run/utmp.
import type { ToolContext } from '../../cli/context.js';
import { jsonLine } from '../../format/json.js';
import { parseUptimeCommand, USAGE } from './command.js';
import { bootDate, collectUptime } from './collect.js';
import { sinceJson, uptimeJson } from './json.js';
import { renderSince, renderUptime } from './render.js';

export async function runUptime(argv: readonly string[], tool: ToolContext): Promise<void> {
  const command = parseUptimeCommand(argv);
  if (command.kind === 'help') return tool.output.write(USAGE);
  if (command.kind === 'version') return tool.output.write(`uptime from procps-ng 4.0.2 (ptools ${tool.version})\n`);
  if (command.kind === 'since') {
    const boot = bootDate(tool.procfs);
    return tool.output.write(command.json ? jsonLine(sinceJson(boot)) : renderSince(boot));
  }
  const facts = collectUptime(tool.procfs);
  tool.output.write(command.json ? jsonLine(uptimeJson(facts)) : renderUptime(facts, command.pretty));
}
