// pt-pwdx: procps-ng 4.0.2's pwdx: the cwd link of each pid given (NNN or /proc/NNN), an error
// line per pid that cannot be read, and a stop at the first argument that is not a pid.
import { CommandFailed } from '../../core/errors.js';
import type { ToolContext } from '../../cli/context.js';
import { argumentBytes, bytesOf } from '../../format/bytes.js';
import { jsonLine } from '../../format/json.js';
import { writeStderr } from '../../format/writer.js';
import { parsePwdxCommand, USAGE, validPid } from './command.js';
import { workingDirectory } from './collect.js';
import { pwdxJson, type PwdxJson } from './json.js';
import { renderCwd, renderFailure } from './render.js';

export async function runPwdx(argv: readonly string[], tool: ToolContext): Promise<void> {
  const command = parsePwdxCommand(argv);
  if (command.kind === 'help') return tool.output.write(USAGE);
  if (command.kind === 'version') return tool.output.write(`pwdx from procps-ng 4.0.2 (ptools ${tool.version})\n`);
  let status = 0;
  const rows: PwdxJson[] = [];
  for (const operand of command.pids) {
    const argument = argumentBytes(operand);
    if (!validPid(argument)) {
      if (command.json) tool.output.write(jsonLine(rows));
      await tool.output.flush();
      throw new CommandFailed(`pwdx: invalid process id: ${operand}\n`, 1);
    }
    const cwd = workingDirectory(tool.procfs, argument);
    if (!cwd.ok) {
      status = 1;
      writeStderr(bytesOf(renderFailure(argument, cwd.reason)));
    } else if (command.json) rows.push(pwdxJson(argument, cwd.path));
    else tool.output.write(bytesOf(renderCwd(argument, cwd.path)));
  }
  if (command.json) tool.output.write(jsonLine(rows));
  if (status !== 0) {
    await tool.output.flush();
    throw new CommandFailed('', status);
  }
}
