// pt-pwdx: procps-ng 4.0.2's pwdx: the cwd link of each pid given (NNN or /proc/NNN), an error
// line per pid that cannot be read, and a stop at the first argument that is not a pid.
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CommandFailed, errnoCode, UsageError } from '../../core/errors.js';
import { getoptLong } from '../../cli/getopt.js';
import type { ToolContext } from '../../cli/tool.js';
import { argumentBytes, byteString, bytesOf, jsonText } from '../../format/bytes.js';
import { jsonLine } from '../../format/json.js';

export const USAGE = `
Usage:
 pwdx [options] pid...

Options:
 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see pwdx(1).
`;

// strerror(3) of the errors readlink meets on /proc/PID/cwd; ENOENT is reported as ESRCH.
const STRERROR: Readonly<Record<string, string>> = {
  ESRCH: 'No such process',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOTDIR: 'Not a directory',
  EINVAL: 'Invalid argument',
  ENAMETOOLONG: 'File name too long',
  ELOOP: 'Too many levels of symbolic links',
};

/** check_pid_argument: NNN or /proc/NNN, strtol's syntax, a pid of at least 1. */
function validPid(argument: string): boolean {
  const text = argument.startsWith('/proc/') ? argument.slice(6) : argument;
  const match = /^[ \t\n\v\f\r]*[+-]?\d+$/.exec(text);
  if (!match) return false;
  const value = BigInt(text.trim());
  return value >= 1n && value <= 0x7fffffffffffffffn;
}

export async function runPwdx(argv: readonly string[], tool: ToolContext): Promise<void> {
  const parsed = getoptLong(argv, {
    program: 'pwdx',
    shortOptions: 'Vh',
    longOptions: [
      { name: 'version', argument: 'none', key: 'V' },
      { name: 'help', argument: 'none', key: 'h' },
      { name: 'json', argument: 'none', key: 'json' },
    ],
  });
  let json = false;
  for (const { key } of parsed.options) {
    if (key === 'V') return tool.output.write(`pwdx from procps-ng 4.0.2 (ptools ${tool.version})\n`);
    if (key === 'h') return tool.output.write(USAGE);
    if (key === 'json') json = true;
  }
  if (parsed.error !== undefined) throw new UsageError(`${parsed.error}\n${USAGE}`, 1);
  if (parsed.operands.length === 0) throw new UsageError(USAGE, 1);
  let status = 0;
  const rows: Array<{ pid: number; cwd: string }> = [];
  for (const operand of parsed.operands) {
    const argument = argumentBytes(operand);
    if (!validPid(argument)) {
      if (json) tool.output.write(jsonLine(rows));
      await tool.output.flush();
      throw new CommandFailed(`pwdx: invalid process id: ${operand}\n`, 1);
    }
    // "/proc/NNN" is read as given (pwdx appends "/cwd"), a bare pid below the procfs root.
    const link = argument.startsWith('/') ? `${argument}/cwd` : join(tool.procfs.proc, argument, 'cwd');
    let cwd: string;
    try {
      cwd = byteString(readlinkSync(bytesOf(link), { encoding: 'buffer' }));
    } catch (error) {
      const code = errnoCode(error) ?? 'EIO';
      status = 1;
      process.stderr.write(bytesOf(`${argument}: ${STRERROR[code === 'ENOENT' ? 'ESRCH' : code] ?? code}\n`));
      continue;
    }
    if (json) rows.push({ pid: Number(argument.replace(/^\/proc\//, '').trim()), cwd: jsonText(cwd) });
    else tool.output.write(bytesOf(`${argument}: ${cwd}\n`));
  }
  if (json) tool.output.write(jsonLine(rows));
  if (status !== 0) {
    await tool.output.flush();
    throw new CommandFailed('', status);
  }
}
