// pt-ifconfig: net-tools 2.10's ifconfig, read only.
import type { ToolContext } from '../../cli/context.js';
import { argumentBytes, bytesOf, cutBytes } from '../../format/bytes.js';
import { jsonLine } from '../../format/json.js';
import { writeStderr } from '../../format/writer.js';
import { parseIfconfigCommand, TYPE_LISTS, USAGE } from './command.js';
import { collectIfconfig } from './collect.js';
import { ifconfigJson } from './json.js';
import { renderIfconfig } from './render.js';

export async function runIfconfig(argv: readonly string[], tool: ToolContext): Promise<void> {
  const command = parseIfconfigCommand(argv);
  if (command.kind === 'help') {
    tool.output.write(USAGE);
    await tool.output.flush();
    writeStderr(TYPE_LISTS);
    return;
  }
  // net-tools' version line, with ptools' own version as netstat -V has it.
  if (command.kind === 'version') return tool.output.write(`net-tools 2.10 (ptools ${tool.version})\n`);
  const { options } = command;
  // ifconfig copies the name's bytes into a 16-byte ifr_name: longer names are cut to 15 bytes,
  // even inside a UTF-8 sequence.
  const iface = options.iface === null ? null : cutBytes(argumentBytes(options.iface), 15);
  const report = collectIfconfig(tool.procfs, { ...options, iface });
  if (report.warning) writeStderr(report.warning);
  // Names are byte strings, and so are the blocks and the message that hold them; JSON is text.
  tool.output.write(options.json ? jsonLine(ifconfigJson(report.interfaces)) : bytesOf(renderIfconfig(report.interfaces, options.short)));
  if (report.error !== null) {
    await tool.output.flush();
    writeStderr(bytesOf(report.error));
    process.exitCode = 1;
  }
}
