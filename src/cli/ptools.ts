// `ptools` itself: the command list, --version, --completion SHELL, and --install DIR (classic-name
// symlinks and the completion scripts).
import { lstatSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { Command, CommanderError, Option } from 'commander';
import { packageRoot, packageVersion } from '../core/package.js';
import { useColor } from '../format/color.js';
import { COMPLETION_FILES, COMPLETION_MARK, completionScript, readOptionTable, SHELLS, type Shell } from './completion.js';
import { TOOLS } from './tool.js';
import { writeStderr, type Output } from '../format/writer.js';

function commandList(color: boolean): string {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const table = new Table({
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '  ', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const tool of TOOLS) table.push([chalk.bold(tool.name), tool.summary]);
  return `Commands (run as \`ptools NAME\`, \`pt-NAME\`, or through a symlink named NAME):\n${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}

/** Links DIR/<name> -> the ptools entry for every command; never replaces an existing file. */
export function installLinks(dir: string, target: string): { made: string[]; refused: string[] } {
  const made: string[] = [];
  const refused: string[] = [];
  for (const tool of TOOLS) {
    const link = join(dir, tool.name);
    let existing: string | undefined;
    try {
      existing = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : '';
    } catch {
      existing = undefined;
    }
    if (existing === target) continue;
    if (existing !== undefined) {
      refused.push(link);
      continue;
    }
    symlinkSync(target, link);
    made.push(link);
  }
  return { made, refused };
}

/**
 * Writes DIR/ptools.bash and DIR/_ptools, which also complete the classic names linked there. A
 * file of that name is replaced only when it is one of ours (an older ptools' script).
 */
export function installCompletions(dir: string): { made: string[]; refused: string[] } {
  const made: string[] = [];
  const refused: string[] = [];
  const table = readOptionTable();
  for (const shell of SHELLS) {
    const file = join(dir, COMPLETION_FILES[shell]);
    const script = completionScript(shell, table, true);
    let existing: string | undefined;
    try {
      existing = readFileSync(file, 'latin1');
    } catch {
      existing = undefined;
    }
    if (existing === script) continue;
    if (existing !== undefined && !existing.includes(COMPLETION_MARK)) {
      refused.push(file);
      continue;
    }
    writeFileSync(file, script);
    made.push(file);
  }
  return { made, refused };
}

export async function runPtools(argv: readonly string[], output: Output): Promise<void> {
  const program = new Command('ptools')
    .usage('[--install DIR | --completion SHELL] | <command> [options]')
    .description('Classic Linux inspection tools with identical output, reading /proc and /sys without spawning.')
    .version(packageVersion(), '-V, --version')
    .option('--install <dir>', 'make symlinks named after the classic tools (free, ...) in DIR, and shell completions')
    .addOption(new Option('--completion <shell>', 'print the completion script for SHELL').choices(SHELLS))
    .addOption(new Option('--color <when>', 'colour the command list').choices(['always', 'never', 'auto']).default('auto'))
    .argument('[command]', 'the command to run')
    .exitOverride()
    .configureOutput({ writeOut: (text) => output.write(text), outputError: (text, write) => write(text) });
  program.addHelpText('after', () => `\n${commandList(useColor(program.opts().color, process.env, process.stdout.isTTY === true))}`);

  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    throw error;
  }
  const options = program.opts<{ install?: string; completion?: Shell; color: 'always' | 'never' | 'auto' }>();
  const [unknown] = program.args;
  if (unknown !== undefined) {
    writeStderr(`ptools: '${unknown}' is not a ptools command; see 'ptools --help'\n`);
    process.exitCode = 1;
    return;
  }
  if (options.completion !== undefined) {
    output.write(completionScript(options.completion, readOptionTable(), false));
    return;
  }
  if (options.install === undefined) {
    output.write(commandList(useColor(options.color, process.env, process.stdout.isTTY === true)));
    return;
  }
  const dir = resolve(options.install);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    writeStderr(`ptools: ${dir}: not a directory\n`);
    process.exitCode = 1;
    return;
  }
  const links = installLinks(dir, join(packageRoot(), 'bin', 'ptools.js'));
  const scripts = installCompletions(dir);
  const refused = [...links.refused, ...scripts.refused];
  for (const link of links.made) output.write(`${link} -> ptools\n`);
  for (const file of scripts.made) output.write(`${file}\n`);
  for (const file of refused) writeStderr(`ptools: ${file} exists; not replacing it\n`);
  if (refused.length > 0) process.exitCode = 1;
}
