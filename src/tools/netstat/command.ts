// netstat's command line, parsed as net-tools 2.10 parses it: getopt_long with
// "A:CFMacdeghilnNoprsStuUvVWw2fx64?Z" and its long names (address families among them), each
// option applied in order so that -V, -h and an unknown family end the run where netstat does.
import { getoptLong, type LongOption } from '../../cli/getopt.js';
import { CommandFailed, UsageError } from '../../core/errors.js';
import { cutUtf8 } from '../../format/bytes.js';

/** netstat --help on stdout. */
export const USAGE = `usage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}
       netstat [-vWnNcaeol] [<Socket> ...]
       netstat { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }

        -r, --route              display routing table
        -i, --interfaces         display interface table
        -g, --groups             display multicast group memberships
        -s, --statistics         display networking statistics (like SNMP)
        -M, --masquerade         display masqueraded connections

        -v, --verbose            be verbose
        -W, --wide               don't truncate IP addresses
        -n, --numeric            don't resolve names
        --numeric-hosts          don't resolve host names
        --numeric-ports          don't resolve port names
        --numeric-users          don't resolve user names
        -N, --symbolic           resolve hardware names
        -e, --extend             display other/more information
        -p, --programs           display PID/Program name for sockets
        -o, --timers             display timers
        -c, --continuous         continuous listing

        -l, --listening          display listening server sockets
        -a, --all                display all sockets (default: connected)
        -F, --fib                display Forwarding Information Base (default)
        -C, --cache              display routing cache instead of FIB
        -Z, --context            display SELinux security context for sockets

  <Socket>={-t|--tcp} {-u|--udp} {-U|--udplite} {-S|--sctp} {-w|--raw}
           {-x|--unix} --ax25 --ipx --netrom
  <AF>=Use '-6|-4' or '-A <af>' or '--<af>'; default: inet
  List of possible address families (which support routing):
`;

/** The list of routable address families, which netstat always writes to stderr after the usage. */
export const AF_LIST = `    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) 
    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) 
    ddp (Appletalk DDP) x25 (CCITT X.25) 
`;

const VERSION_TEXT = `net-tools 2.10
Fred Baumgarten, Alan Cox, Bernd Eckenfels, Phil Blundell, Tuan Hoang, Brian Micek and others
+NEW_ADDRT +RTF_IRTT +RTF_REJECT +FW_MASQUERADE +I18N +SELINUX
AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH
HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 
`;

export function versionText(ptoolsVersion: string): string {
  return VERSION_TEXT.replace('net-tools 2.10\n', `net-tools 2.10 (ptools ${ptoolsVersion})\n`);
}

/** Address families netstat knows (lib/af.c's aftrans table): alias -> [name, flag]. */
const FAMILIES: Readonly<Record<string, readonly [string, AfFlag]>> = {
  ax25: ['ax25', 'ax25'],
  ip: ['inet', 'inet'],
  ip6: ['inet6', 'inet6'],
  ipx: ['ipx', 'ipx'],
  rose: ['rose', 'rose'],
  appletalk: ['ddp', 'ddp'],
  netrom: ['netrom', 'netrom'],
  inet: ['inet', 'inet'],
  inet6: ['inet6', 'inet6'],
  ddp: ['ddp', 'ddp'],
  unix: ['unix', 'unix'],
  tcpip: ['inet', 'inet'],
  econet: ['ec', 'econet'],
  x25: ['x25', 'x25'],
  ash: ['ash', 'ash'],
  bluetooth: ['bluetooth', 'bluetooth'],
};

export type AfFlag = 'inet' | 'inet6' | 'unix' | 'ipx' | 'ax25' | 'netrom' | 'x25' | 'rose' | 'ddp' | 'econet' | 'ash' | 'bluetooth';

/** The long names netstat.c accepts; AFTRANS_OPTS come first, and "tcpip" is past AFTRANS_CNT. */
const AF_LONG = ['ax25', 'x25', 'ip', 'ipx', 'appletalk', 'netrom', 'inet', 'inet6', 'ddp', 'rose', 'unix', 'bluetooth', 'tcpip'];

const LONG_OPTIONS: readonly LongOption[] = [
  // All of them return the same value (1) to getopt_long, so glibc never calls two of them ambiguous.
  ...AF_LONG.map((name): LongOption => ({ name, argument: 'none', key: 'af' })),
  { name: 'version', argument: 'none', key: 'V' },
  { name: 'interfaces', argument: 'none', key: 'i' },
  { name: 'help', argument: 'none', key: 'h' },
  { name: 'route', argument: 'none', key: 'r' },
  { name: 'masquerade', argument: 'none', key: 'M' },
  { name: 'protocol', argument: 'required', key: 'A' },
  { name: 'tcp', argument: 'none', key: 't' },
  { name: 'sctp', argument: 'none', key: 'S' },
  { name: 'udp', argument: 'none', key: 'u' },
  { name: 'udplite', argument: 'none', key: 'U' },
  { name: 'raw', argument: 'none', key: 'w' },
  { name: 'unix', argument: 'none', key: 'x' },
  { name: 'l2cap', argument: 'none', key: '2' },
  { name: 'rfcomm', argument: 'none', key: 'f' },
  { name: 'listening', argument: 'none', key: 'l' },
  { name: 'all', argument: 'none', key: 'a' },
  { name: 'timers', argument: 'none', key: 'o' },
  { name: 'continuous', argument: 'none', key: 'c' },
  { name: 'extend', argument: 'none', key: 'e' },
  { name: 'programs', argument: 'none', key: 'p' },
  { name: 'verbose', argument: 'none', key: 'v' },
  { name: 'statistics', argument: 'none', key: 's' },
  { name: 'wide', argument: 'none', key: 'W' },
  { name: 'numeric', argument: 'none', key: 'n' },
  { name: 'numeric-hosts', argument: 'none', key: '!' },
  { name: 'numeric-ports', argument: 'none', key: '@' },
  { name: 'numeric-users', argument: 'none', key: '#' },
  { name: 'symbolic', argument: 'none', key: 'N' },
  { name: 'cache', argument: 'none', key: 'C' },
  { name: 'fib', argument: 'none', key: 'F' },
  { name: 'groups', argument: 'none', key: 'g' },
  { name: 'context', argument: 'none', key: 'Z' },
  // ptools' addition; no abbreviation of netstat's own long names starts with "j".
  { name: 'json', argument: 'none', key: 'json' },
];

export type Mode = 'sockets' | 'interfaces' | 'route' | 'statistics' | 'masquerade';

export interface NetstatOptions {
  readonly mode: Mode;
  readonly all: boolean;
  readonly listening: boolean;
  readonly continuous: boolean;
  /** netstat's flag_exp: 1, plus one per -e. */
  readonly extend: number;
  readonly programs: boolean;
  readonly timers: boolean;
  readonly wide: boolean;
  readonly numericHosts: boolean;
  readonly numericPorts: boolean;
  readonly numericUsers: boolean;
  readonly symbolic: boolean;
  readonly verbose: boolean;
  readonly cache: boolean;
  readonly fib: boolean;
  readonly groups: boolean;
  readonly tcp: boolean;
  readonly sctp: boolean;
  readonly udp: boolean;
  readonly udplite: boolean;
  readonly raw: boolean;
  readonly l2cap: boolean;
  readonly rfcomm: boolean;
  readonly families: ReadonlySet<AfFlag>;
  /** Comma-joined family names in command-line order (netstat's afname), "" when none. */
  readonly afname: string;
  /** netstat's flag_arg: some socket kind was asked for. */
  readonly explicit: boolean;
  /** -4/-6/-A selected families but no protocol: every protocol of them is shown, silently. */
  readonly noProtocol: boolean;
  readonly json: boolean;
}

export type NetstatCommand =
  | { readonly kind: 'run'; readonly options: NetstatOptions; readonly warnings: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' };

const E_OPTERR = 3;

const usageError = (message: string) => new UsageError(`${message}${USAGE}${AF_LIST}`, E_OPTERR);

/**
 * The family names of the long options that getopt reported as "af", in order: the first name
 * of the table that the typed word is (a prefix of), as glibc picks it.
 */
function familyOptionNames(argv: readonly string[]): string[] {
  const names: string[] = [];
  for (const arg of argv) {
    if (arg === '--') break;
    if (!arg.startsWith('--')) continue;
    const typed = arg.slice(2).split('=')[0] as string;
    const exact = LONG_OPTIONS.find((option) => option.name === typed);
    const match = exact ?? LONG_OPTIONS.find((option) => option.name.startsWith(typed));
    if (match?.key === 'af') names.push(match.name);
  }
  return names;
}

export function parseNetstatCommand(argv: readonly string[]): NetstatCommand {
  const parsed = getoptLong(argv, { program: 'netstat', shortOptions: 'A:CFMacdeghilnNoprsStuUvVWw2fx64?Z', longOptions: LONG_OPTIONS });
  const count: Record<string, number> = {};
  const families = new Set<AfFlag>();
  const afnames: string[] = [];
  let warnings = '';
  const addFamilies = (arg: string) => {
    // net-tools copies the list into a 256-byte buffer before splitting it at commas (netstat.c,
    // -A and --protocol): what follows byte 255 is not read, and an unknown family is named cut.
    for (const alias of cutUtf8(arg, 255).split(',')) {
      const family = FAMILIES[alias];
      if (!family) throw new CommandFailed(`${warnings}Unknown address family \`${alias}'.\n`, 1);
      families.add(family[1]);
      afnames.push(family[0]);
    }
  };
  const familyNames = familyOptionNames(argv);
  for (const { key, value = '' } of parsed.options) {
    if (key === 'af') {
      const name = familyNames.shift() ?? '';
      // netstat.c checks the option's index against AFTRANS_CNT (12), which leaves out "tcpip".
      if (name === 'tcpip') warnings += "netstat.c: Internal Error `longopts 1 range'.\n";
      else addFamilies(name);
      continue;
    }
    switch (key) {
      case 'A':
        addFamilies(value);
        break;
      case '6':
        addFamilies('inet6');
        break;
      case '4':
        addFamilies('inet');
        break;
      case 'x':
        addFamilies('unix');
        break;
      case 'V':
        return { kind: 'version' };
      case 'h':
        return { kind: 'help' };
      case '?':
        throw usageError('');
      case 'Z':
        throw new CommandFailed(`${warnings}SELinux is not enabled on this machine.\n`, 1);
      default:
        count[key] = (count[key] ?? 0) + 1;
    }
  }
  if (parsed.error !== undefined) throw usageError(`${warnings}${parsed.error}\n`);
  const has = (key: string) => (count[key] ?? 0) > 0;
  const modes = (['i', 'r', 'M', 's'] as const).reduce((sum, key) => sum + (count[key] ?? 0), 0);
  if (modes > 1) throw usageError(warnings);

  const flagSta = has('s');
  let proto = { tcp: has('t'), sctp: has('S'), udp: has('u'), udplite: has('U'), raw: has('w') };
  let noProtocol = false;
  const anyProto = () => proto.tcp || proto.sctp || proto.udp || proto.udplite || proto.raw;
  if ((families.has('inet') || families.has('inet6') || flagSta) && !anyProto()) {
    proto = { tcp: true, sctp: true, udp: true, udplite: true, raw: true };
    noProtocol = true;
  }
  if ((anyProto() || has('g')) && !(families.has('inet') || families.has('inet6'))) {
    families.add('inet');
    families.add('inet6');
  }
  let l2cap = has('2');
  let rfcomm = has('f');
  if (families.has('bluetooth') && !(l2cap || rfcomm)) l2cap = rfcomm = true;
  const explicit =
    anyProto() || has('g') || l2cap || rfcomm || (['unix', 'ipx', 'ax25', 'netrom', 'x25', 'rose'] as const).some((f) => families.has(f));
  const mode: Mode = has('M') ? 'masquerade' : flagSta ? 'statistics' : has('r') ? 'route' : has('i') ? 'interfaces' : 'sockets';
  const numeric = has('n');
  return {
    kind: 'run',
    warnings,
    options: {
      mode,
      all: has('a'),
      listening: has('l'),
      continuous: has('c'),
      extend: 1 + (count.e ?? 0),
      programs: has('p'),
      timers: has('o'),
      wide: has('W'),
      numericHosts: numeric || has('!'),
      numericPorts: numeric || has('@'),
      numericUsers: numeric || has('#'),
      symbolic: has('N'),
      verbose: has('v'),
      cache: has('C'),
      fib: has('F'),
      groups: has('g'),
      ...proto,
      l2cap,
      rfcomm,
      families,
      afname: afnames.join(','),
      explicit,
      noProtocol,
      json: has('json'),
    },
  };
}
