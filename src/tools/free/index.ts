// pt-free: procps-ng 4.0.2's free over /proc/meminfo.
import { CommandFailed, errnoCode } from '../../core/errors.js';
import { jsonLine } from '../../format/json.js';
import { MAX_TIMER_MS, sleep } from '../../util/sleep.js';
import type { ToolContext } from '../../cli/context.js';
import { parseFreeCommand, USAGE, type FreeOptions } from './command.js';
import { collectFree } from './collect.js';
import { freeJson } from './json.js';
import { renderFree } from './render.js';

// free's usleep() takes 32 bits of microseconds: no wait of free is longer than a timer's.

function report(tool: ToolContext, options: FreeOptions): string {
  let rows;
  try {
    rows = collectFree(tool.procfs, options);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      throw new CommandFailed('free: Memory information file /proc/meminfo does not exist\n', 1, { cause: error });
    }
    throw error;
  }
  return options.json ? jsonLine(freeJson(rows, options.scale)) : renderFree(rows, options.scale);
}

export async function runFree(argv: readonly string[], tool: ToolContext): Promise<void> {
  const command = parseFreeCommand(argv);
  if (command.kind === 'help') return tool.output.write(USAGE);
  if (command.kind === 'version') return tool.output.write(`free from procps-ng 4.0.2 (ptools ${tool.version})\n`);
  const { options } = command;
  for (let printed = 1; ; printed++) {
    tool.output.write(report(tool, options));
    await tool.output.flush();
    // free never checks its writes: a full disk leaves it reporting until its count runs out
    // (then `write error`), and only a closed pipe ends it.
    if (!options.repeat || tool.output.brokenPipe) return;
    if (options.repeat.count !== null && printed >= options.repeat.count) return;
    // Reports are separated by one blank line (in JSON mode each report is one line instead).
    if (!options.json) tool.output.write('\n');
    await sleep(Math.min(options.repeat.intervalMicros / 1000, MAX_TIMER_MS));
  }
}
