// pgrep's command line, parsed as procps-ng 4.0.2 parses it (getopt_long
// "lad:vwLF:cfinoxP:O:Ag:s:u:U:G:t:r:?Vh"), each option applied in command-line order so that
// the first problem reported is the one pgrep reports, with its exit statuses: 2 for a usage
// error, 1 for an unreadable pid file.
import { CommandFailed, UsageError } from '../../core/errors.js';
import { getoptLong, type LongOption } from '../../cli/getopt.js';
import { argumentBytes } from '../../format/bytes.js';
import { atoi } from '../../format/number.js';

export const USAGE = `
Usage:
 pgrep [options] <pattern>

Options:
 -d, --delimiter <string>  specify output delimiter
 -l, --list-name           list PID and process name
 -a, --list-full           list PID and full command line
 -v, --inverse             negates the matching
 -w, --lightweight         list all TID
 -c, --count               count of matching processes
 -f, --full                use full process name to match
 -g, --pgroup <PGID,...>   match listed process group IDs
 -G, --group <GID,...>     match real group IDs
 -i, --ignore-case         match case insensitively
 -n, --newest              select most recently started
 -o, --oldest              select least recently started
 -O, --older <seconds>     select where older than seconds
 -P, --parent <PPID,...>   match only child processes of the given parent
 -s, --session <SID,...>   match session IDs
 -t, --terminal <tty,...>  match by controlling terminal
 -u, --euid <ID,...>       match by effective IDs
 -U, --uid <ID,...>        match by real IDs
 -x, --exact               match exactly with the command name
 -F, --pidfile <file>      read PIDs from file
 -L, --logpidfile          fail if PID file is not locked
 -r, --runstates <state>   match runstates [D,S,Z,...]
 -A, --ignore-ancestors    exclude our ancestors from results
 --cgroup <grp,...>        match by cgroup v2 names
 --ns <PID>                match the processes that belong to the same
                           namespace as <pid>
 --nslist <ns,...>         list which namespaces will be considered for
                           the --ns option.
                           Available namespaces: ipc, mnt, net, pid, user, uts

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see pgrep(1).
`;

/** Resolves user and group names (NSS) and the caller's own process group and session. */
export interface Resolver {
  uid(name: string): number | null;
  gid(name: string): number | null;
  ownPgrp(): number;
  ownSession(): number;
  /** read_pidfile: the pid a pid file holds (locked by its daemon when `locked`), or null. */
  pidfile(path: string, locked: boolean): number | null;
}

export interface PgrepOptions {
  readonly full: boolean;
  readonly listName: boolean;
  readonly listFull: boolean;
  readonly inverse: boolean;
  readonly exact: boolean;
  readonly count: boolean;
  readonly newest: boolean;
  readonly oldest: boolean;
  readonly ignoreCase: boolean;
  readonly threads: boolean;
  readonly ignoreAncestors: boolean;
  readonly delimiter: string;
  readonly older: number;
  readonly pattern: string | null;
  readonly ppids: number[] | null;
  readonly pgrps: number[] | null;
  readonly sessions: number[] | null;
  readonly euids: number[] | null;
  readonly ruids: number[] | null;
  readonly rgids: number[] | null;
  readonly terminals: string[] | null;
  readonly cgroups: string[] | null;
  readonly runstates: string | null;
  readonly nsPid: number;
  /** Bits of the namespaces --ns compares, in procps' order (cgroup ipc mnt net pid time user uts). */
  readonly nsMask: number;
  /** The pid of -F's file. */
  readonly pidfilePid: number | null;
  readonly json: boolean;
}

export type PgrepCommand =
  | { readonly kind: 'run'; readonly options: PgrepOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' };

const LONG_OPTIONS: readonly LongOption[] = [
  { name: 'signal', argument: 'required', key: 'signal' },
  { name: 'ignore-ancestors', argument: 'none', key: 'A' },
  { name: 'count', argument: 'none', key: 'c' },
  { name: 'cgroup', argument: 'required', key: 'cgroup' },
  { name: 'delimiter', argument: 'required', key: 'd' },
  { name: 'list-name', argument: 'none', key: 'l' },
  { name: 'list-full', argument: 'none', key: 'a' },
  { name: 'full', argument: 'none', key: 'f' },
  { name: 'pgroup', argument: 'required', key: 'g' },
  { name: 'group', argument: 'required', key: 'G' },
  { name: 'ignore-case', argument: 'none', key: 'i' },
  { name: 'newest', argument: 'none', key: 'n' },
  { name: 'oldest', argument: 'none', key: 'o' },
  { name: 'older', argument: 'required', key: 'O' },
  { name: 'parent', argument: 'required', key: 'P' },
  { name: 'session', argument: 'required', key: 's' },
  { name: 'terminal', argument: 'required', key: 't' },
  { name: 'euid', argument: 'required', key: 'u' },
  { name: 'uid', argument: 'required', key: 'U' },
  { name: 'inverse', argument: 'none', key: 'v' },
  { name: 'lightweight', argument: 'none', key: 'w' },
  { name: 'exact', argument: 'none', key: 'x' },
  { name: 'pidfile', argument: 'required', key: 'F' },
  { name: 'logpidfile', argument: 'none', key: 'L' },
  // pkill's and pidwait's options, which pgrep accepts through the shared table and ignores.
  { name: 'echo', argument: 'none', key: 'e' },
  { name: 'ns', argument: 'required', key: 'ns' },
  { name: 'nslist', argument: 'required', key: 'nslist' },
  { name: 'queue', argument: 'required', key: 'q' },
  { name: 'runstates', argument: 'required', key: 'r' },
  { name: 'help', argument: 'none', key: 'h' },
  { name: 'version', argument: 'none', key: 'V' },
  // ptools' addition; no other long option of pgrep starts with "j".
  { name: 'json', argument: 'none', key: 'json' },
];

/** procps_ns_get_id's names, in the library's order (the bit of each in the --ns mask). */
export const NAMESPACES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'] as const;

const usageError = (): never => {
  throw new UsageError(USAGE, 2);
};
const warnExit = (message: string): never => {
  throw new UsageError(`pgrep: ${message}\n`, 2);
};

/**
 * pgrep's strict_atol: an optional sign and decimal digits only (the empty string is 0), or null.
 * Values past a C long are refused as pgrep refuses them.
 */
export function strictAtol(text: string): number | null {
  const match = /^[+-]?(\d*)$/.exec(text);
  if (!match) return null;
  const LONG_MAX = 0x7fffffffffffffffn;
  let value = 0n;
  for (const digit of match[1] as string) {
    // The C loop's overflow checks, before each multiplication and addition.
    if (value >= LONG_MAX / 10n) return null;
    value *= 10n;
    const d = BigInt(digit);
    if (value >= LONG_MAX - d) return null;
    value += d;
  }
  return Number(text.startsWith('-') ? -value : value);
}

/** split_list: the comma-separated items of an argument, each converted (null for an empty argument). */
function splitList<T>(text: string, convert: (item: string) => T): T[] | null {
  if (text === '') return null;
  return text.split(',').map(convert);
}


export function parsePgrepCommand(argv: readonly string[], resolver: Resolver): PgrepCommand {
  const parsed = getoptLong(argv, { program: 'pgrep', shortOptions: 'lad:vwLF:cfinoxP:O:Ag:s:u:U:G:t:r:?Vh', longOptions: LONG_OPTIONS });
  const o = {
    full: false, listName: false, listFull: false, inverse: false, exact: false, count: false, newest: false, oldest: false,
    ignoreCase: false, threads: false, ignoreAncestors: false, delimiter: '\n', older: 0,
    ppids: null as number[] | null, pgrps: null as number[] | null, sessions: null as number[] | null,
    euids: null as number[] | null, ruids: null as number[] | null, rgids: null as number[] | null,
    terminals: null as string[] | null, cgroups: null as string[] | null, runstates: null as string | null,
    nsPid: 0, nsMask: 0x3f, pidfile: null as string | null, lockedPidfile: false, json: false,
  };
  let criteria = 0;
  const uid = (name: string): number => {
    const number = strictAtol(name);
    if (number !== null) return number;
    return resolver.uid(name) ?? warnExit(`invalid user name: ${name}`);
  };
  const gid = (name: string): number => {
    const number = strictAtol(name);
    if (number !== null) return number;
    return resolver.gid(name) ?? warnExit(`invalid group name: ${name}`);
  };
  const numeric = (message: string, self?: () => number) => (name: string): number => {
    const number = strictAtol(name) ?? warnExit(`${message}: ${name}`);
    return number === 0 && self ? self() : number;
  };
  const required = <T>(list: T[] | null): T[] => list ?? usageError();
  for (const { key, value = '' } of parsed.options) {
    switch (key) {
      case 'F':
        o.pidfile = value;
        criteria++;
        break;
      case 'G':
        o.rgids = required(splitList(value, gid));
        criteria++;
        break;
      case 'L':
        o.lockedPidfile = true;
        break;
      case 'P':
        o.ppids = required(splitList(value, numeric('not a number')));
        criteria++;
        break;
      case 'U':
        o.ruids = required(splitList(value, uid));
        criteria++;
        break;
      case 'V':
        return { kind: 'version' };
      case 'c':
        o.count = true;
        break;
      case 'd':
        o.delimiter = argumentBytes(value);
        break;
      case 'f':
        o.full = true;
        break;
      case 'g':
        o.pgrps = required(splitList(value, numeric('invalid process group', resolver.ownPgrp)));
        criteria++;
        break;
      case 'i':
        // A second -i reaches usage() with 'i', which is not '?': the help goes to stdout, status 0.
        if (o.ignoreCase) return { kind: 'help' };
        o.ignoreCase = true;
        break;
      case 'l':
        o.listName = true;
        break;
      case 'a':
        o.listFull = true;
        break;
      case 'A':
        o.ignoreAncestors = true;
        break;
      case 'n':
        if (o.oldest || o.inverse || o.newest) usageError();
        o.newest = true;
        criteria++;
        break;
      case 'o':
        if (o.oldest || o.inverse || o.newest) usageError();
        o.oldest = true;
        criteria++;
        break;
      case 'O':
        o.older = atoi(value);
        criteria++;
        break;
      case 's':
        o.sessions = required(splitList(value, numeric('invalid session id', resolver.ownSession)));
        criteria++;
        break;
      case 't':
        o.terminals = required(splitList(value, argumentBytes));
        criteria++;
        break;
      case 'u':
        o.euids = required(splitList(value, uid));
        criteria++;
        break;
      case 'v':
        if (o.oldest || o.inverse || o.newest) usageError();
        o.inverse = true;
        break;
      case 'w':
        o.threads = true;
        break;
      case 'x':
        o.exact = true;
        break;
      case 'ns':
        o.nsPid = atoi(value);
        // procps 4.0.2's switch falls from --ns into -r when the pid is 0: the argument becomes
        // the run states.
        if (o.nsPid === 0) o.runstates = argumentBytes(value);
        criteria++;
        break;
      case 'r':
        o.runstates = argumentBytes(value);
        criteria++;
        break;
      case 'nslist': {
        // conv_ns clears the mask for each item, so only the last namespace of the list counts;
        // an unknown name ends pgrep with status 2 and no message.
        const list = required(
          splitList(value, (name) => {
            const id = (NAMESPACES as readonly string[]).indexOf(name);
            if (id < 0) throw new UsageError('', 2);
            return id;
          }),
        );
        o.nsMask = 1 << (list[list.length - 1] as number);
        break;
      }
      case 'cgroup':
        o.cgroups = required(splitList(value, argumentBytes));
        criteria++;
        break;
      case 'json':
        o.json = true;
        break;
      case 'h':
        return { kind: 'help' };
      default:
        // --signal, --echo and --queue are pkill's: pgrep parses and ignores them.
        break;
    }
  }
  if (parsed.error !== undefined) throw new UsageError(`${parsed.error}\n${USAGE}`, 2);
  if (o.lockedPidfile && o.pidfile === null) throw new UsageError("pgrep: -L without -F makes no sense\nTry `pgrep --help' for more information.\n", 2);
  let pidfilePid: number | null = null;
  if (o.pidfile !== null) {
    pidfilePid = resolver.pidfile(o.pidfile, o.lockedPidfile);
    if (pidfilePid === null) throw new CommandFailed("pgrep: pidfile not valid\nTry `pgrep --help' for more information.\n", 1);
  }
  const operands = parsed.operands;
  if (operands.length > 1) throw new UsageError("pgrep: only one pattern can be provided\nTry `pgrep --help' for more information.\n", 2);
  if (operands.length === 0 && criteria === 0) throw new UsageError("pgrep: no matching criteria specified\nTry `pgrep --help' for more information.\n", 2);
  return { kind: 'run', options: { ...o, pidfilePid, pattern: operands.length === 1 ? argumentBytes(operands[0] as string) : null } };
}
