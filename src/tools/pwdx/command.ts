// pwdx's command line as procps-ng 4.0.2 parses it (getopt_long "Vh"): the pids are checked
// one by one while the directories are printed, so a bad one is found by the run, not here.
import { UsageError } from '../../core/errors.js';
import { getoptLong } from '../../cli/getopt.js';

export const USAGE = `
Usage:
 pwdx [options] pid...

Options:
 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see pwdx(1).
`;

export type PwdxCommand =
  | { readonly kind: 'run'; readonly pids: readonly string[]; readonly json: boolean }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' };

export function parsePwdxCommand(argv: readonly string[]): PwdxCommand {
  const parsed = getoptLong(argv, {
    program: 'pwdx',
    shortOptions: 'Vh',
    longOptions: [
      { name: 'version', argument: 'none', key: 'V' },
      { name: 'help', argument: 'none', key: 'h' },
      // ptools' addition.
      { name: 'json', argument: 'none', key: 'json' },
    ],
  });
  let json = false;
  for (const { key } of parsed.options) {
    if (key === 'V') return { kind: 'version' };
    if (key === 'h') return { kind: 'help' };
    if (key === 'json') json = true;
  }
  if (parsed.error !== undefined) throw new UsageError(`${parsed.error}\n${USAGE}`, 1);
  if (parsed.operands.length === 0) throw new UsageError(USAGE, 1);
  return { kind: 'run', pids: parsed.operands, json };
}

/** check_pid_argument: NNN or /proc/NNN, strtol's syntax, a pid of at least 1. */
export function validPid(argument: string): boolean {
  const text = argument.startsWith('/proc/') ? argument.slice(6) : argument;
  if (!/^[ \t\n\v\f\r]*[+-]?\d+$/.test(text)) return false;
  const value = BigInt(text.trim());
  return value >= 1n && value <= 0x7fffffffffffffffn;
}
