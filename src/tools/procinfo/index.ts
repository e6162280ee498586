// pt-procinfo: psutil's scripts/procinfo.py, everything known about one process, sectioned.
import { terminalOn } from '../../core/terminal.js';
import { encodeText } from '../../format/python.js';
import { useColor } from '../../format/color.js';
import { jsonLine } from '../../format/json.js';
import type { ToolContext } from '../../cli/context.js';
import { collectProcinfo } from './collect.js';
import { parseProcinfoCommand, USAGE } from './command.js';
import { procinfoJson } from './json.js';
import { renderProcinfo } from './render.js';

export async function runProcinfo(argv: readonly string[], tool: ToolContext): Promise<void> {
  const command = parseProcinfoCommand(argv);
  if (command.kind === 'help') return tool.output.write(USAGE);
  const report = collectProcinfo(command.pid ?? BigInt(process.pid), tool.procfs);
  if (command.json) return tool.output.write(jsonLine(procinfoJson(report)));
  tool.output.write(encodeText(renderProcinfo(report, command.verbose, useColor(command.color, tool.env, terminalOn(1) !== null))));
}
