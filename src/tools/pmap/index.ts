// pt-pmap: procps-ng 4.0.2's pmap over /proc/PID/maps and smaps.
import { join } from 'node:path';
import type { ToolContext } from '../../cli/context.js';
import { CommandFailed } from '../../core/errors.js';
import { readFilesAhead } from '../../core/procfs.js';
import { byteString, bytesOf } from '../../format/bytes.js';
import { isUtf8Locale } from '../../format/escape.js';
import { jsonLine } from '../../format/json.js';
import { writeStderr } from '../../format/writer.js';
import { parsePmapCommand, USAGE, type PmapOptions } from './command.js';
import { collectProcesses, mappingsJson, readMappings } from './collect.js';
import { processJson, type PmapJsonProcess } from './json.js';
import { createRc, defaultRcFile, readRc } from './rc.js';
import { ExtendedMaps, renderSimple } from './render.js';

/** pmap's status when some pid was not found (or'ed with 1 for a map it could not open). */
const NOT_FOUND = 42;

function warn(text: string): void {
  if (text !== '') writeStderr(text);
}

export async function runPmap(argv: readonly string[], tool: ToolContext): Promise<void> {
  const command = parsePmapCommand(argv);
  if (command.kind === 'help') return tool.output.write(USAGE);
  if (command.kind === 'version') return tool.output.write(`pmap from procps-ng 4.0.2 (ptools ${tool.version})\n`);
  warn(command.warnings);
  if (command.kind === 'create-rc') {
    const file = command.file ?? defaultRcFile(tool.env);
    if (file === null) throw new CommandFailed('pmap: HOME variable undefined\n', 1);
    const made = createRc(file);
    warn(made.warnings);
    if (command.file !== null) {
      if (made.created) throw new CommandFailed('pmap: rc file successfully created, feel free to edit the content\n', 0);
      throw new CommandFailed("pmap: couldn't create the rc file\n", 1);
    }
    if (made.created) throw new CommandFailed('pmap: ~/.pmaprc file successfully created, feel free to edit the content\n', 0);
    throw new CommandFailed("pmap: couldn't create ~/.pmaprc\n", 1);
  }
  let options: PmapOptions = command.options;
  let rcFields: Set<string> | null = null;
  if (options.readRc !== null) {
    const file = options.readRc.file ?? defaultRcFile(tool.env);
    if (file === null) throw new CommandFailed('pmap: HOME variable undefined\n', 1);
    const rc = readRc(file);
    if (rc === null) {
      throw new CommandFailed(options.readRc.file !== null ? "pmap: couldn't read the rc file\n" : "pmap: couldn't read ~/.pmaprc\n", 1);
    }
    warn(rc.warnings);
    rcFields = rc.fields;
    if (rc.showPathToggles % 2 === 1) options = { ...options, showPath: !options.showPath };
  }

  const wide = options.more > 0 || rcFields !== null;
  const smaps = wide || options.extended;
  // Each process's mappings read ahead on a thread of the addon while the processes are looked
  // up (the smaps of a large process takes the kernel milliseconds); a pid that names a thread,
  // whose leader's file pmap reads, is read again.
  const ahead = readFilesAhead(options.pids.map((pid) => join(tool.procfs.proc, String(pid), smaps ? 'smaps' : 'maps')));
  const found = collectProcesses(tool.procfs, options.pids, isUtf8Locale(tool.env));
  const extended = wide ? new ExtendedMaps(options, rcFields) : null;
  const json: PmapJsonProcess[] = [];
  let status = 0;
  let shown = 0;
  for (const [i, pid] of options.pids.entries()) {
    const proc = found.get(pid);
    if (proc === undefined) continue;
    shown++;
    const early = proc.pid === pid ? ahead()[i] : undefined;
    const text = early instanceof Buffer ? byteString(early) : readMappings(tool.procfs, proc.pid, smaps);
    if (options.json) {
      if (text === null) status |= 1;
      json.push(processJson(proc.pid, proc.command, text === null ? [] : mappingsJson(text)));
      continue;
    }
    tool.output.write(bytesOf(`${proc.pid}:   ${proc.command}\n`));
    if (text === null) {
      status |= 1;
      continue;
    }
    if (extended !== null) {
      const { out, error } = extended.render(text);
      tool.output.write(bytesOf(out));
      if (error !== null) {
        await tool.output.flush();
        throw error;
      }
    } else tool.output.write(bytesOf(renderSimple(proc, text, options)));
  }
  if (options.json) tool.output.write(jsonLine(json));
  if (shown < options.pids.length) status |= NOT_FOUND;
  if (status !== 0) {
    await tool.output.flush();
    throw new CommandFailed('', status);
  }
}
