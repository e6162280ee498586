// w's command line as procps-ng 4.0.2 parses it (getopt_long "husfoVi"), and the widths its
// environment sets (PROCPS_USERLEN, PROCPS_FROMLEN, the terminal or COLUMNS).
import { UsageError } from '../../core/errors.js';
import { getoptLong, type LongOption } from '../../cli/getopt.js';
import { argumentBytes } from '../../format/bytes.js';
import { atoi } from '../../format/number.js';

export const USAGE = `
Usage:
 w [options] [user]

Options:
 -h, --no-header     do not print header
 -u, --no-current    ignore current process username
 -s, --short         short format
 -f, --from          show remote hostname field
 -o, --old-style     old style output
 -i, --ip-addr       display IP address instead of hostname (if possible)

     --help     display this help and exit
 -V, --version  output version information and exit

For more details see w(1).
`;

export interface WOptions {
  readonly header: boolean;
  readonly longForm: boolean;
  readonly from: boolean;
  readonly ignoreUser: boolean;
  readonly oldStyle: boolean;
  readonly ipAddresses: boolean;
  readonly user: string | null;
  readonly userLength: number;
  readonly fromLength: number;
  /** Bytes of the WHAT column. */
  readonly maxCommand: number;
  readonly json: boolean;
}

export type WCommand =
  | { readonly kind: 'run'; readonly options: WOptions; readonly warnings: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' };

const LONG_OPTIONS: readonly LongOption[] = [
  { name: 'no-header', argument: 'none', key: 'h' },
  { name: 'no-current', argument: 'none', key: 'u' },
  { name: 'short', argument: 'none', key: 's' },
  { name: 'from', argument: 'none', key: 'f' },
  { name: 'old-style', argument: 'none', key: 'o' },
  { name: 'ip-addr', argument: 'none', key: 'i' },
  { name: 'help', argument: 'none', key: 'help' },
  { name: 'version', argument: 'none', key: 'V' },
  // ptools' addition; no other long option of w starts with "j".
  { name: 'json', argument: 'none', key: 'json' },
];

// UT_NAMESIZE and UT_HOSTSIZE of glibc's utmp.
const UT_NAMESIZE = 32;
const UT_HOSTSIZE = 256;
const MIN_CMD_WIDTH = 7;
const MAX_CMD_WIDTH = 512;


const clamp = (width: number) => Math.min(MAX_CMD_WIDTH, Math.max(MIN_CMD_WIDTH, width));

/** `terminalColumns` is the width of a terminal on stdout, if there is one. */
export function parseWCommand(argv: readonly string[], env: NodeJS.ProcessEnv, terminalColumns: number | undefined): WCommand {
  const parsed = getoptLong(argv, { program: 'w', shortOptions: 'husfoVi', longOptions: LONG_OPTIONS });
  const o = { header: true, longForm: true, from: true, ignoreUser: false, oldStyle: false, ipAddresses: false, json: false };
  for (const { key } of parsed.options) {
    switch (key) {
      case 'h':
        o.header = false;
        break;
      case 's':
        o.longForm = false;
        break;
      case 'f':
        o.from = !o.from;
        break;
      case 'V':
        return { kind: 'version' };
      case 'u':
        o.ignoreUser = true;
        break;
      case 'o':
        o.oldStyle = true;
        break;
      case 'i':
        o.ipAddresses = true;
        o.from = true;
        break;
      case 'json':
        o.json = true;
        break;
      case 'help':
        return { kind: 'help' };
    }
  }
  if (parsed.error !== undefined) throw new UsageError(`${parsed.error}\n${USAGE}`, 1);
  let warnings = '';
  let userLength = 8;
  if (env.PROCPS_USERLEN !== undefined) {
    userLength = atoi(env.PROCPS_USERLEN);
    if (userLength < 8 || userLength > UT_NAMESIZE) {
      warnings += `w: User length environment PROCPS_USERLEN must be between 8 and ${UT_NAMESIZE}, ignoring.\n\n`;
      userLength = 8;
    }
  }
  let fromLength = 16;
  if (env.PROCPS_FROMLEN !== undefined) {
    fromLength = atoi(env.PROCPS_FROMLEN);
    if (fromLength < 8 || fromLength > UT_HOSTSIZE) {
      warnings += `w: from length environment PROCPS_FROMLEN must be between 8 and ${UT_HOSTSIZE}, ignoring\n\n`;
      fromLength = 16;
    }
  }
  let maxCommand: number;
  if (terminalColumns !== undefined && terminalColumns > 0) maxCommand = terminalColumns;
  else if (env.COLUMNS !== undefined) maxCommand = atoi(env.COLUMNS);
  else maxCommand = MAX_CMD_WIDTH;
  maxCommand = clamp(clamp(maxCommand) - (21 + userLength + (o.from ? fromLength : 0) + (o.longForm ? 20 : 0)));
  const user = parsed.operands[0];
  return {
    kind: 'run',
    options: { ...o, user: user === undefined ? null : argumentBytes(user), userLength, fromLength, maxCommand },
    warnings,
  };
}
