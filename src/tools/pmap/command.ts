// pmap's command line, parsed as procps-ng 4.0.2 parses it: getopt_long "xXrdqA:hVcC:nN:p", the
// options applied in order (a bad -A range or -h ends the parse at once), then its checks of
// exclusive options, then the pids (a number in C's strtoul base 0, or /proc/PID).
import { CommandFailed, UsageError } from '../../core/errors.js';
import { getoptLong, type LongOption } from '../../cli/getopt.js';
import { strtoul, ULONG_MAX } from '../../util/number.js';

export const USAGE = `
Usage:
 pmap [options] PID [PID ...]

Options:
 -x, --extended              show details
 -X                          show even more details
            WARNING: format changes according to /proc/PID/smaps
 -XX                         show everything the kernel provides
 -c, --read-rc               read the default rc
 -C, --read-rc-from=<file>   read the rc from file
 -n, --create-rc             create new default rc
 -N, --create-rc-to=<file>   create new rc to file
            NOTE: pid arguments are not allowed with -n, -N
 -d, --device                show the device format
 -q, --quiet                 do not display header and footer
 -p, --show-path             show path in the mapping
 -A, --range=<low>[,<high>]  limit results to the given range

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see pmap(1).
`;

export interface PmapOptions {
  readonly extended: boolean;
  /** 0, 1 for -X, 2 or more for -XX. */
  readonly more: number;
  readonly device: boolean;
  readonly quiet: boolean;
  readonly showPath: boolean;
  readonly rangeLow: bigint;
  readonly rangeHigh: bigint;
  /** -c (null: ~/.pmaprc) or -C FILE: the rc file that selects -X's fields. */
  readonly readRc: { readonly file: string | null } | null;
  readonly pids: readonly number[];
  readonly json: boolean;
}

export type PmapCommand =
  | { readonly kind: 'run'; readonly options: PmapOptions; readonly warnings: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  /** -n (file null: ~/.pmaprc) or -N FILE. */
  | { readonly kind: 'create-rc'; readonly file: string | null; readonly warnings: string };

const LONG_OPTIONS: readonly LongOption[] = [
  { name: 'extended', argument: 'none', key: 'x' },
  { name: 'device', argument: 'none', key: 'd' },
  { name: 'quiet', argument: 'none', key: 'q' },
  { name: 'range', argument: 'required', key: 'A' },
  { name: 'help', argument: 'none', key: 'h' },
  { name: 'version', argument: 'none', key: 'V' },
  { name: 'read-rc', argument: 'none', key: 'c' },
  { name: 'read-rc-from', argument: 'required', key: 'C' },
  { name: 'create-rc', argument: 'none', key: 'n' },
  { name: 'create-rc-to', argument: 'required', key: 'N' },
  { name: 'show-path', argument: 'none', key: 'p' },
  // ptools' addition; no abbreviation of pmap's own long options starts with "j".
  { name: 'json', argument: 'none', key: 'json' },
];

const fail = (message: string): never => {
  throw new CommandFailed(`pmap: ${message}\n`, 1);
};

function parseRange(text: string): [bigint | null, bigint | null] {
  const comma = text.indexOf(',');
  const first = comma < 0 ? text : text.slice(0, comma);
  const second = comma < 0 ? first : text.slice(comma + 1);
  let low: bigint | null = null;
  let high: bigint | null = null;
  let leftover = false;
  if (first !== '') {
    const [value, used] = strtoul(first, 16);
    low = value;
    leftover ||= used < first.length;
  }
  if (second !== '') {
    const [value, used] = strtoul(second, 16);
    high = value;
    leftover ||= used < second.length;
  }
  if (leftover) fail(`failed to parse argument: '${text}'`);
  return [low, high];
}

export function parsePmapCommand(argv: readonly string[]): PmapCommand {
  if (argv.length === 0) throw new UsageError(USAGE, 1);
  const parsed = getoptLong(argv, { program: 'pmap', shortOptions: 'xXrdqA:hVcC:nN:p', longOptions: LONG_OPTIONS });
  let warnings = '';
  const o = { x: false, X: 0, d: false, q: false, p: false, c: false, C: false, n: false, N: false, json: false };
  let rangeLow = 0n;
  let rangeHigh = ULONG_MAX;
  let rcFile: string | null = null;
  for (const { key, value = '' } of parsed.options) {
    switch (key) {
      case 'x':
        o.x = true;
        break;
      case 'X':
        o.X++;
        break;
      case 'r':
        warnings += 'pmap: option -r is ignored as SunOS compatibility\n';
        break;
      case 'd':
        o.d = true;
        break;
      case 'q':
        o.q = true;
        break;
      case 'A': {
        const [low, high] = parseRange(value);
        if (low !== null) rangeLow = low;
        if (high !== null) rangeHigh = high;
        break;
      }
      case 'h':
        return { kind: 'help' };
      case 'V':
        return { kind: 'version' };
      case 'c':
        o.c = true;
        break;
      case 'C':
        o.C = true;
        rcFile = value;
        break;
      case 'n':
        o.n = true;
        break;
      case 'N':
        o.N = true;
        rcFile = value;
        break;
      case 'p':
        o.p = true;
        break;
      case 'json':
        o.json = true;
        break;
    }
  }
  if (parsed.error !== undefined) throw new UsageError(`${warnings}${parsed.error}\n${USAGE}`, 1);
  const failWith = (message: string): never => {
    throw new CommandFailed(`${warnings}pmap: ${message}\n`, 1);
  };
  const modes = [o.c, o.C, o.d, o.n, o.N, o.x, o.X > 0].filter(Boolean).length;
  if (modes > 1) failWith('options -c, -C, -d, -n, -N, -x, -X are mutually exclusive');
  if ((o.n || o.N) && (o.q || o.p)) failWith('options -p, -q are mutually exclusive with -n, -N');
  const operands = parsed.operands;
  if ((o.n || o.N) && operands.length > 0) failWith('too many arguments');
  if (o.N || o.n) return { kind: 'create-rc', file: o.N ? rcFile : null, warnings };
  if (operands.length < 1) failWith('argument missing');

  const pids: number[] = [];
  for (const operand of operands) {
    let walk = operand;
    if (walk.startsWith('/proc/')) {
      walk = walk.slice(6);
      if (!(walk >= '0' && walk[0] !== undefined && walk[0] <= '9')) continue;
    }
    if (!(walk[0] !== undefined && walk[0] >= '0' && walk[0] <= '9')) throw new UsageError(`${warnings}${USAGE}`, 1);
    const [pid, used] = strtoul(walk, 0);
    if (pid < 1n || pid > 0x7fffffffn || used < walk.length) throw new UsageError(`${warnings}${USAGE}`, 1);
    pids.push(Number(pid));
  }
  return {
    kind: 'run',
    warnings,
    options: {
      extended: o.x,
      more: o.X,
      device: o.d,
      quiet: o.q,
      showPath: o.p,
      rangeLow,
      rangeHigh,
      readRc: o.c || o.C ? { file: o.C ? rcFile : null } : null,
      pids,
      json: o.json,
    },
  };
}
