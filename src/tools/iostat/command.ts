// iostat's command line, parsed as sysstat 12.6.1's main() parses it (it does not use getopt):
// whole-word options (-p, -g, -j, -o, -f/+f, --human, --pretty, --compact, --dec=N) are matched
// first, then any other word starting with '-' is a cluster of letters, then a word that is not
// all digits is a device name (or ALL), then the interval and the count. The first mistake ends
// the parse with the usage block and exit status 1, as usage() does.
import { UsageError, CommandFailed } from '../../core/errors.js';

export const USAGE = `Usage: iostat [ options ] [ <interval> [ <count> ] ]
Options are:
[ -c ] [ -d ] [ -h ] [ -k | -m ] [ -N ] [ -s ] [ -t ] [ -V ] [ -x ] [ -y ] [ -z ]
[ { -f | +f } <directory> ] [ -j { ID | LABEL | PATH | UUID | ... } ]
[ --compact ] [ --dec={ 0 | 1 | 2 } ] [ --human ] [ --pretty ] [ -o JSON ]
[ [ -H ] -g <group_name> ] [ -p [ <device> [,...] | ALL ] ]
[ <device> [...] | ALL ]
`;

/** sysstat's MAX_NAME_LEN: names this long or longer are not stored; group names are cut to fit. */
export const MAX_NAME_LEN = 128;
/** sysstat's MAX_FILE_LEN, the buffer of the -j type. */
const MAX_FILE_LEN = 512;

/**
 * A device named on the command line, with the state of the flags that decide how iostat stores
 * it at that moment (add_list_device() consults them as each name is parsed).
 */
export interface DeviceSpec {
  readonly name: string;
  /** `device` (a name or -p's list without partitions), `partitions` (-p DEV), `group` (-g NAME). */
  readonly kind: 'device' | 'partitions' | 'group';
  /** Whether -N was given before this name (the name is then looked up in /dev/mapper). */
  readonly devmap: boolean;
  /** The -j type given before this name, if any (the name is then a persistent name). */
  readonly persistentType: string | null;
  /** Whether iostat inserts it in alphabetical order: no group and no -p ALL yet. */
  readonly sorted: boolean;
}

export interface IostatOptions {
  readonly cpu: boolean;
  readonly disk: boolean;
  readonly timestamp: boolean;
  readonly extended: boolean;
  /** -p / -p ALL: every device and partition, from /proc/diskstats. */
  readonly everything: boolean;
  /** Devices named: devices with no I/O since boot are shown too. */
  readonly unfiltered: boolean;
  /** Every whole device of /sys/block (ALL, or no device named). */
  readonly allDevices: boolean;
  readonly unit: 'kB' | 'MB' | 'blocks';
  readonly pretty: boolean;
  readonly compact: boolean;
  /** --human: values with a unit suffix. */
  readonly human: boolean;
  readonly persistentType: string | null;
  readonly devmap: boolean;
  readonly omitSinceBoot: boolean;
  readonly zeroOmit: boolean;
  readonly short: boolean;
  readonly groupDefined: boolean;
  readonly groupTotalOnly: boolean;
  /** --dec=N, or -1 for each column's own. */
  readonly decimals: number;
  /** sysstat's own JSON (-o JSON). */
  readonly sysstatJson: boolean;
  /** ptools' --json: jc's iostat shape, one line per report. */
  readonly json: boolean;
  /** Alternate directory of -f/+f, and whether +f keeps /sys and /proc/diskstats as well. */
  readonly altDir: string | null;
  readonly altDirAlso: boolean;
  /** Seconds between reports, 0 for a single report. */
  readonly interval: number;
  /** Reports to print, -1 for "until interrupted". */
  readonly count: number;
  readonly devices: readonly DeviceSpec[];
}

export type IostatCommand = { readonly kind: 'run'; readonly options: IostatOptions } | { readonly kind: 'version' };

/** The filesystem facts the parse itself needs (iostat checks these while parsing). */
export interface ParseProbe {
  /** /dev/disk/by-TYPE exists and is readable. */
  persistentTypeExists(type: string): boolean;
  isDirectory(path: string): boolean;
}

const isDigits = (word: string) => /^[0-9]*$/.test(word);

/** C's atol() on a word of digits: overflow saturates at LONG_MAX, as glibc's strtol. */
function atol(word: string): number {
  const value = word === '' ? 0n : BigInt(word);
  const max = (1n << 63n) - 1n;
  return Number(value > max ? max : value);
}

export function parseIostatCommand(argv: readonly string[], env: NodeJS.ProcessEnv, probe: ParseProbe): IostatCommand {
  const usage = (): never => {
    throw new UsageError(USAGE, 1);
  };
  const f = {
    cpu: false,
    disk: false,
    timestamp: false,
    extended: false,
    everything: false,
    unfiltered: false,
    allDevices: false,
    kilobytes: false,
    megabytes: false,
    pretty: false,
    compact: false,
    human: false,
    devmap: false,
    omitSinceBoot: false,
    zeroOmit: false,
    short: false,
    groupDefined: false,
    groupTotalOnly: false,
    sysstatJson: false,
    json: false,
    altDirAlso: false,
  };
  let reportSet = false;
  let persistentType: string | null = null;
  let decimals = -1;
  let altDir: string | null = null;
  let interval = 0;
  let count = 1;
  let numbers = 0;
  const devices: DeviceSpec[] = [];
  const add = (name: string, kind: DeviceSpec['kind']) =>
    devices.push({ name, kind, devmap: f.devmap, persistentType, sorted: !f.groupDefined && !f.everything });

  let opt = 0;
  while (opt < argv.length) {
    const word = argv[opt] as string;
    if (word === '-p') {
      const next = argv[++opt];
      if (next !== undefined && !isDigits(next) && !next.startsWith('-')) {
        f.unfiltered = true;
        for (const token of next.split(',').filter((t) => t !== '')) {
          if (token === 'ALL') f.everything = true;
          else add(token, 'partitions');
        }
        opt++;
      } else {
        f.everything = true;
      }
    } else if (word === '-g') {
      const name = argv[++opt];
      if (name === undefined) usage();
      f.groupDefined = true;
      add(` ${(name as string).slice(0, MAX_NAME_LEN - 2)}`, 'group');
      opt++;
    } else if (word === '--human') {
      f.human = true;
      opt++;
    } else if (word === '--pretty') {
      f.pretty = true;
      opt++;
    } else if (word === '--compact') {
      f.compact = true;
      opt++;
    } else if (word === '--json') {
      // ptools' addition: a word iostat itself would reject as the letters "-json".
      f.json = true;
      opt++;
    } else if (word.startsWith('--dec=') && word.length === 7) {
      // atoi() of the one character: a non-digit reads as 0.
      decimals = /[0-9]/.test(word[6] as string) ? Number(word[6]) : 0;
      if (decimals > 2) usage();
      opt++;
    } else if (word === '-f' || word === '+f') {
      const dir = argv[opt + 1];
      if (altDir !== null || dir === undefined) usage();
      if (word === '+f') f.altDirAlso = true;
      altDir = (dir as string).slice(0, MAX_FILE_LEN - 1);
      opt += 2;
      if (!probe.isDirectory(altDir)) usage();
    } else if (word === '-j') {
      const type = argv[++opt];
      if (type === undefined || type.length >= MAX_FILE_LEN - 1) usage();
      persistentType = (type as string).replace(/[A-Z]/g, (c) => c.toLowerCase());
      if (!probe.persistentTypeExists(persistentType)) {
        throw new CommandFailed('Invalid type of persistent device name\n', 1);
      }
      // Persistent names are long: iostat puts the name column last.
      f.pretty = true;
      opt++;
    } else if (word === '-o') {
      if (argv[++opt] !== 'JSON') usage();
      f.sysstatJson = true;
      opt++;
    } else if (word.startsWith('-')) {
      for (const letter of word.slice(1)) {
        switch (letter) {
          case 'c':
            f.cpu = true;
            reportSet = true;
            break;
          case 'd':
            f.disk = true;
            reportSet = true;
            break;
          case 'H':
            f.groupTotalOnly = true;
            break;
          case 'h':
            f.pretty = true;
            f.human = true;
            break;
          case 'k':
            if (f.megabytes) usage();
            f.kilobytes = true;
            break;
          case 'm':
            if (f.kilobytes) usage();
            f.megabytes = true;
            break;
          case 'N':
            f.devmap = true;
            break;
          case 'p':
            f.everything = true;
            break;
          case 's':
            f.short = true;
            break;
          case 't':
            f.timestamp = true;
            break;
          case 'x':
            f.extended = true;
            break;
          case 'y':
            f.omitSinceBoot = true;
            break;
          case 'z':
            f.zeroOmit = true;
            break;
          case 'V':
            return { kind: 'version' };
          default:
            usage();
        }
      }
      opt++;
    } else if (!isDigits(word)) {
      // Naming devices shows them even without I/O since boot.
      f.unfiltered = true;
      if (word === 'ALL') f.allDevices = true;
      else add(word, 'device');
      opt++;
    } else if (numbers === 0) {
      interval = atol(word);
      count = -1;
      numbers = 1;
      opt++;
    } else if (numbers === 1) {
      count = atol(word);
      if (count < 1 || interval === 0) usage();
      numbers = 2;
      opt++;
    } else {
      usage();
    }
  }
  if (interval === 0) count = 1;
  if (!reportSet) {
    f.cpu = true;
    f.disk = true;
  }
  if (f.everything || f.extended || f.unfiltered) f.disk = true;
  if (!f.unfiltered) f.allDevices = true;
  if (f.groupTotalOnly && !f.groupDefined) usage();
  // Without -k or -m, POSIXLY_CORRECT asks for 512-byte blocks.
  const unit = f.megabytes ? 'MB' : f.kilobytes || env.POSIXLY_CORRECT === undefined ? 'kB' : 'blocks';
  const { kilobytes: _kilobytes, megabytes: _megabytes, ...flags } = f;
  return { kind: 'run', options: { ...flags, unit, persistentType, decimals, altDir, interval, count, devices } };
}
