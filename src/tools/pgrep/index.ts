// pt-pgrep: procps-ng 4.0.2's pgrep over /proc (pkill is left out: ptools changes nothing).
import { join } from 'node:path';
import { CommandFailed } from '../../core/errors.js';
import { parseStat } from '../../core/process/parsers.js';
import { readBytes } from '../../core/procfs.js';
import { decodeText } from '../../core/text.js';
import { groupByName, userByName } from '../../core/users.js';
import type { ToolContext } from '../../cli/context.js';
import { byteString, bytesOf } from '../../format/bytes.js';
import { isUtf8Locale } from '../../format/escape.js';
import { jsonLine } from '../../format/json.js';
import { posixExtended, PosixRegexError } from '../../format/posix-regex.js';
import { parsePgrepCommand, USAGE, type PgrepOptions } from './command.js';
import { readPidfile, selectProcesses } from './collect.js';
import { pgrepJson } from './json.js';
import { renderPgrep } from './render.js';

/**
 * regcomp of the pattern, wrapped in ^(...)$ for -x; a refused pattern ends pgrep with status 2.
 * In a UTF-8 locale glibc matches characters, not bytes ("." is one "é"), and a byte that is not
 * part of a well-formed sequence, in the pattern or the text, matches only itself.
 */
function compile(options: PgrepOptions, utf8: boolean): ((subject: Buffer) => boolean) | null {
  if (options.pattern === null) return null;
  const pattern = options.exact ? `^(${options.pattern})$` : options.pattern;
  try {
    if (!utf8) {
      const bytes = posixExtended(pattern, options.ignoreCase);
      return (subject) => bytes.test(byteString(subject));
    }
    const characters = posixExtended(decodeText(bytesOf(pattern)), options.ignoreCase, true);
    return (subject) => characters.test(decodeText(subject));
  } catch (error) {
    if (error instanceof PosixRegexError) throw new CommandFailed(`pgrep: regex error: ${error.message}\n`, 2);
    throw error;
  }
}

export async function runPgrep(argv: readonly string[], tool: ToolContext): Promise<void> {
  // -g 0 and -s 0 mean pgrep's own process group and session, read from its own stat.
  const own = () => parseStat(readBytes(join(tool.procfs.proc, 'self/stat')));
  const command = parsePgrepCommand(argv, {
    uid: (name) => userByName(name)?.uid ?? null,
    gid: (name) => groupByName(name)?.gid ?? null,
    ownPgrp: () => own().pgrp,
    ownSession: () => own().session,
    pidfile: (path, locked) => readPidfile(tool.procfs, path, locked),
  });
  if (command.kind === 'help') return tool.output.write(USAGE);
  if (command.kind === 'version') return tool.output.write(`pgrep from procps-ng 4.0.2 (ptools ${tool.version})\n`);
  const { options } = command;
  const utf8 = isUtf8Locale(tool.env);
  const test = compile(options, utf8);
  if (options.nsPid < 0) throw new CommandFailed('pgrep: Error reading reference namespace information\n\n', 3);
  const matches = selectProcesses(options, { ctx: tool.procfs, utf8, self: process.pid, matches: test });
  if (options.json) tool.output.write(jsonLine(pgrepJson(matches, options)));
  else tool.output.write(bytesOf(renderPgrep(matches, options.count, options.delimiter)));
  let warning = '';
  if (matches.length === 0 && !options.full && options.pattern !== null && options.pattern.length > 15) {
    warning =
      'pgrep: pattern that searches for process name longer than 15 characters will result in zero matches\n' +
      "Try `pgrep -f' option to match against the complete command line.\n";
  }
  // Status 0 when something was selected, 1 otherwise (pgrep returns !num).
  if (matches.length === 0) {
    await tool.output.flush();
    throw new CommandFailed(warning, 1);
  }
}
