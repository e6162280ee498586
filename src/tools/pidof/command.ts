// pidof's command line as Debian 12's pidof (sysvinit-utils 3.06, killall5.c) parses it: plain
// getopt "qhco:d:sxzn" with getopt's own messages turned off; a bad option ends it with status 1
// and a message that goes to syslog unless stdin is a terminal.
import { getoptLong } from '../../cli/getopt.js';
import { argumentBytes } from '../../format/bytes.js';
import { atoi } from '../../format/number.js';

export const USAGE = `pidof usage: [options] <program-name>

 -c           Return PIDs with the same root directory
 -d <sep>     Use the provided character as output separator
 -h           Display this help text
 -n           Avoid using stat system function on network shares
 -o <pid>     Omit results with a given PID
 -q           Quiet mode. Do not display output
 -s           Only return one PID
 -x           Return PIDs of shells running scripts with a matching name
 -z           List zombie and I/O waiting processes. May cause pidof to hang.

`;

export interface PidofOptions {
  readonly single: boolean;
  readonly quiet: boolean;
  readonly rootCheck: boolean;
  readonly scripts: boolean;
  readonly zombies: boolean;
  /** The first byte of -d's argument (NUL for an empty one), a space by default. */
  readonly separator: string;
  /** -o's pids; %PPID is our parent. */
  readonly omit: readonly number[];
  readonly programs: readonly string[];
  readonly json: boolean;
}

export type PidofCommand =
  | { readonly kind: 'run'; readonly options: PidofOptions; readonly warnings: readonly string[] }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };


export function parsePidofCommand(argv: readonly string[], parentPid: number): PidofCommand {
  // --json is ptools' own; sysvinit's getopt knows no long options at all.
  const json = argv.includes('--json');
  const args = argv.filter((arg) => arg !== '--json');
  const parsed = getoptLong(args, { program: 'pidof', shortOptions: 'qhco:d:sxzn', longOptions: [] });
  const o = { single: false, quiet: false, rootCheck: false, scripts: false, zombies: false, separator: ' ', omit: [] as number[], json };
  const warnings: string[] = [];
  for (const { key, value = '' } of parsed.options) {
    switch (key) {
      case 'c':
        o.rootCheck = process.geteuid?.() === 0;
        break;
      case 'h':
        return { kind: 'help' };
      case 'd':
        o.separator = argumentBytes(value).charAt(0) || '\0';
        break;
      case 'o':
        // strsep keeps empty items, which atoi makes 0 and pidof refuses.
        for (const token of value.split(/[,;:]/)) {
          const pid = token === '%PPID' ? parentPid : atoi(token);
          if (pid < 1) warnings.push(`illegal omit pid value (${token})!\n`);
          else o.omit.push(pid);
        }
        break;
      case 'q':
        o.quiet = true;
        break;
      case 's':
        o.single = true;
        break;
      case 'x':
        o.scripts = true;
        break;
      case 'z':
        o.zombies = true;
        break;
      default:
        // -n (network file systems) changes nothing here: no path is stat'ed.
        break;
    }
  }
  if (parsed.error !== undefined) return { kind: 'error', message: 'invalid options on command line!\n' };
  return { kind: 'run', options: { ...o, programs: parsed.operands.map(argumentBytes) }, warnings };
}
