// pt-pidof: Debian 12's pidof (sysvinit-utils 3.06) over /proc.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { CommandFailed } from '../../core/errors.js';
import type { ToolContext } from '../../cli/context.js';
import { bytesOf } from '../../format/bytes.js';
import { jsonLine } from '../../format/json.js';
import { writeStderr } from '../../format/writer.js';
import { parsePidofCommand, USAGE } from './command.js';
import { matchProgram, readTable, resolvedProgram } from './collect.js';
import { pidofJson } from './json.js';
import { renderPidof } from './render.js';

/**
 * pidof's nsyslog: with a terminal on stdin the message goes to stderr as "pidof: MESSAGE\n",
 * otherwise to syslog, which ptools does not write to.
 */
function complain(message: string): void {
  if (process.stdin.isTTY) writeStderr(`pidof: ${message}\n`);
}

function rootOf(ctx: ToolContext['procfs'], pid: number): { dev: number; ino: number } | null {
  try {
    const st = statSync(join(ctx.proc, String(pid), 'root'));
    return { dev: st.dev, ino: st.ino };
  } catch {
    return null;
  }
}

export async function runPidof(argv: readonly string[], tool: ToolContext): Promise<void> {
  const command = parsePidofCommand(argv, process.ppid);
  if (command.kind === 'help') return tool.output.write(USAGE);
  if (command.kind === 'error') {
    complain(command.message);
    throw new CommandFailed('', 1);
  }
  const { options } = command;
  for (const warning of command.warnings) complain(warning);
  const ownRoot = options.rootCheck ? rootOf(tool.procfs, process.pid) : null;
  if (options.rootCheck && ownRoot === null) {
    complain(`stat failed for /proc/${process.pid}/root!\n`);
    throw new CommandFailed('', 1);
  }
  // pidof lists itself like any process; this process is node, which no one looks for by the
  // name pidof, so it is left out instead.
  const table = readTable(tool.procfs, options.zombies, options.programs.some((program) => program.startsWith('/'))).filter((entry) => entry.pid !== process.pid);
  const root = process.getuid?.() === 0;
  const pids: number[] = [];
  for (const program of options.programs) {
    let one = false;
    for (const entry of matchProgram(table, program, resolvedProgram(program), options.scripts, root)) {
      if (options.omit.includes(entry.pid)) continue;
      if (options.single) {
        if (one) continue;
        one = true;
      }
      if (ownRoot) {
        const theirs = rootOf(tool.procfs, entry.pid);
        if (!theirs || theirs.dev !== ownRoot.dev || theirs.ino !== ownRoot.ino) continue;
      }
      pids.push(entry.pid);
    }
  }
  if (options.json) tool.output.write(jsonLine(pidofJson(pids, options.quiet)));
  else if (!options.quiet) tool.output.write(bytesOf(renderPidof(pids, options.separator)));
  if (pids.length === 0) {
    await tool.output.flush();
    throw new CommandFailed('', 1);
  }
}
