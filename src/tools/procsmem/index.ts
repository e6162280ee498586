// pt-procsmem: psutil's scripts/procsmem.py, every readable process's USS, PSS, swap and RSS.
import { encodeText } from '../../format/python.js';
import { jsonLine } from '../../format/json.js';
import { writeStderr } from '../../format/writer.js';
import type { ToolContext } from '../../cli/context.js';
import { collectProcsmem } from './collect.js';
import { parseProcsmemCommand, USAGE } from './command.js';
import { procsmemJson } from './json.js';
import { accessDeniedWarning, printRows, renderProcsmem } from './render.js';

export async function runProcsmem(argv: readonly string[], tool: ToolContext): Promise<void> {
  const command = parseProcsmemCommand(argv);
  if (command.kind === 'help') return tool.output.write(USAGE);
  const table = collectProcsmem(tool.procfs);
  if (command.json) return tool.output.write(jsonLine(procsmemJson(table)));
  tool.output.write(encodeText(renderProcsmem([])));
  printRows(table, (bytes) => tool.output.write(bytes));
  await tool.output.flush();
  writeStderr(accessDeniedWarning(table.accessDenied));
}
