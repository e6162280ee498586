// pstree's command line, parsed as psmisc 23.6 parses it: getopt_long "aAcC:GhH:nN:pglsStTuUVZ",
// each option applied as it comes (so the first problem is the one pstree reports), then at most
// one operand, a PID when it starts with a digit and a user name otherwise.
import { CommandFailed, UsageError } from '../../core/errors.js';
import { getoptLong, type LongOption } from '../../cli/getopt.js';

export const USAGE = `Usage: pstree [-acglpsStTuZ] [ -h | -H PID ] [ -n | -N type ]
              [ -A | -G | -U ] [ PID | USER ]
   or: pstree -V

Display a tree of processes.

  -a, --arguments     show command line arguments
  -A, --ascii         use ASCII line drawing characters
  -c, --compact-not   don't compact identical subtrees
  -C, --color=TYPE    color process by attribute
                      (age)
  -g, --show-pgids    show process group ids; implies -c
  -G, --vt100         use VT100 line drawing characters
  -h, --highlight-all highlight current process and its ancestors
  -H PID, --highlight-pid=PID
                      highlight this process and its ancestors
  -l, --long          don't truncate long lines
  -n, --numeric-sort  sort output by PID
  -N TYPE, --ns-sort=TYPE
                      sort output by this namespace type
                              (cgroup, ipc, mnt, net, pid, time, user, uts)
  -p, --show-pids     show PIDs; implies -c
  -s, --show-parents  show parents of the selected process
  -S, --ns-changes    show namespace transitions
  -t, --thread-names  show full thread names
  -T, --hide-threads  hide threads, show only processes
  -u, --uid-changes   show uid transitions
  -U, --unicode       use UTF-8 (Unicode) line drawing characters
  -V, --version       display version information
  -Z, --security-context
                      show security attributes

  PID    start at this PID; default is 1 (init)
  USER   show only trees rooted at processes of this user

`;

/** psmisc's namespace types, in its order (the order -S lists transitions in). */
export const NAMESPACES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'user', 'uts', 'time'] as const;

export type Symbols = 'ascii' | 'utf8' | 'vt100';

export interface PstreeOptions {
  readonly arguments: boolean;
  /** null: chosen from the terminal and locale (-A, -G and -U set it). */
  readonly symbols: Symbols | null;
  readonly compact: boolean;
  readonly colorAge: boolean;
  /** -h (the pstree process itself) or -H PID; 0 for none. */
  readonly highlight: 'self' | number;
  readonly long: boolean;
  readonly numericSort: boolean;
  /** Index in NAMESPACES of -N's type, or -1. */
  readonly nsSort: number;
  readonly pids: boolean;
  readonly pgids: boolean;
  readonly showParents: boolean;
  readonly nsChanges: boolean;
  readonly threadNames: boolean;
  readonly hideThreads: boolean;
  readonly uidChanges: boolean;
  readonly securityContext: boolean;
  /** The PID operand (psmisc's strtol then pid_t), or null. */
  readonly pid: number | null;
  /** The USER operand as given, or null. */
  readonly user: string | null;
  readonly json: boolean;
}

export type PstreeCommand = { readonly kind: 'run'; readonly options: PstreeOptions } | { readonly kind: 'version' };

/** What the run environment tells the parser: -h and -H look at TERM and the terminfo database. */
export interface TerminalProbe {
  readonly term: string | undefined;
  /** tgetent(): a terminfo entry exists for TERM. */
  readonly hasEntry: (term: string) => boolean;
}

const LONG_OPTIONS: readonly LongOption[] = [
  { name: 'arguments', argument: 'none', key: 'a' },
  { name: 'ascii', argument: 'none', key: 'A' },
  { name: 'compact-not', argument: 'none', key: 'c' },
  { name: 'color', argument: 'required', key: 'C' },
  { name: 'vt100', argument: 'none', key: 'G' },
  { name: 'highlight-all', argument: 'none', key: 'h' },
  { name: 'highlight-pid', argument: 'required', key: 'H' },
  { name: 'long', argument: 'none', key: 'l' },
  { name: 'numeric-sort', argument: 'none', key: 'n' },
  { name: 'ns-sort', argument: 'required', key: 'N' },
  { name: 'show-pids', argument: 'none', key: 'p' },
  { name: 'show-pgids', argument: 'none', key: 'g' },
  { name: 'show-parents', argument: 'none', key: 's' },
  { name: 'ns-changes', argument: 'none', key: 'S' },
  { name: 'thread-names', argument: 'none', key: 't' },
  { name: 'hide-threads', argument: 'none', key: 'T' },
  { name: 'uid-changes', argument: 'none', key: 'u' },
  { name: 'unicode', argument: 'none', key: 'U' },
  { name: 'version', argument: 'none', key: 'V' },
  { name: 'security-context', argument: 'none', key: 'Z' },
  // ptools' addition; none of pstree's long options starts with "j".
  { name: 'json', argument: 'none', key: 'json' },
];

const usage = (): never => {
  throw new UsageError(USAGE, 1);
};

/** C's atoi: optional blanks and sign, then digits, wrapped to an int. */
function atoi(text: string): number {
  const match = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  return match ? Number(BigInt.asIntN(32, BigInt(match[1] as string))) : 0;
}

/** strtol (saturating at a C long) assigned to a pid_t; null when characters follow the digits. */
function pidOperand(text: string): number | null {
  const match = /^(\d+)(.*)$/s.exec(text);
  if (!match || match[2] !== '') return null;
  const LONG_MAX = 2n ** 63n - 1n;
  let value = BigInt(match[1] as string);
  if (value > LONG_MAX) value = LONG_MAX;
  return Number(BigInt.asIntN(32, value));
}

export function parsePstreeCommand(argv: readonly string[], terminal: TerminalProbe, namespaceAvailable: (type: string) => boolean): PstreeCommand {
  const parsed = getoptLong(argv, { program: 'pstree', shortOptions: 'aAcC:GhH:nN:pglsStTuUVZ', longOptions: LONG_OPTIONS });
  const o = {
    arguments: false,
    symbols: null as Symbols | null,
    compact: true,
    colorAge: false,
    highlight: 0 as 'self' | number,
    long: false,
    numericSort: false,
    nsSort: -1,
    pids: false,
    pgids: false,
    showParents: false,
    nsChanges: false,
    threadNames: false,
    hideThreads: false,
    uidChanges: false,
    securityContext: false,
    json: false,
  };
  for (const { key, value = '' } of parsed.options) {
    switch (key) {
      case 'a':
        o.arguments = true;
        break;
      case 'A':
        o.symbols = 'ascii';
        break;
      case 'c':
        o.compact = false;
        break;
      case 'C':
        if (value.toLowerCase() !== 'age') usage();
        o.colorAge = true;
        break;
      case 'G':
        o.symbols = 'vt100';
        break;
      case 'h':
        if (o.highlight !== 0) usage();
        // Only a terminal pstree can describe gets highlighting.
        if (terminal.term !== undefined && terminal.hasEntry(terminal.term)) o.highlight = 'self';
        break;
      case 'H': {
        if (o.highlight !== 0) usage();
        if (terminal.term === undefined) throw new CommandFailed('TERM is not set\n', 1);
        if (!terminal.hasEntry(terminal.term)) throw new CommandFailed("Can't get terminal capabilities\n", 1);
        const pid = atoi(value);
        if (pid === 0) usage();
        o.highlight = pid;
        break;
      }
      case 'l':
        o.long = true;
        break;
      case 'n':
        o.numericSort = true;
        break;
      case 'N':
        o.nsSort = (NAMESPACES as readonly string[]).indexOf(value);
        if (o.nsSort < 0) usage();
        if (!namespaceAvailable(value)) throw new CommandFailed(`procfs file for ${value} namespace not available\n`, 1);
        break;
      case 'p':
        o.pids = true;
        o.compact = false;
        break;
      case 'g':
        // psmisc 23.5 and later: -g no longer turns compaction off, whatever the usage says.
        o.pgids = true;
        break;
      case 's':
        o.showParents = true;
        break;
      case 'S':
        o.nsChanges = true;
        break;
      case 't':
        o.threadNames = true;
        break;
      case 'T':
        o.hideThreads = true;
        break;
      case 'u':
        o.uidChanges = true;
        break;
      case 'U':
        o.symbols = 'utf8';
        break;
      case 'V':
        return { kind: 'version' };
      case 'Z':
        o.securityContext = true;
        break;
      case 'json':
        o.json = true;
        break;
    }
  }
  if (parsed.error !== undefined) throw new UsageError(`${parsed.error}\n${USAGE}`, 1);
  const operands = parsed.operands;
  let pid: number | null = null;
  let user: string | null = null;
  if (operands.length === 1) {
    const operand = operands[0] as string;
    if (/^\d/.test(operand)) {
      pid = pidOperand(operand);
      if (pid === null) usage();
    } else user = operand;
  } else if (operands.length > 1) usage();
  return { kind: 'run', options: { ...o, pid, user } };
}
