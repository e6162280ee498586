// vmstat's command line, parsed as procps-ng 4.0.2 parses it (getopt_long "afmnsdDp:S:wthVy"),
// with its exact messages. Options act in command-line order: -f, -V and -h do their work the
// moment they are met (later options are never looked at), and a bad -S unit fails there.
import { UsageError } from '../../core/errors.js';
import { getoptLong, type LongOption } from '../../cli/getopt.js';

export const USAGE = `
Usage:
 vmstat [options] [delay [count]]

Options:
 -a, --active           active/inactive memory
 -f, --forks            number of forks since boot
 -m, --slabs            slabinfo
 -n, --one-header       do not redisplay header
 -s, --stats            event counter statistics
 -d, --disk             disk statistics
 -D, --disk-sum         summarize disk statistics
 -p, --partition <dev>  partition specific statistics
 -S, --unit <char>      define display unit
 -w, --wide             wide output
 -t, --timestamp        show timestamp
 -y, --no-first         skips first line of output

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see vmstat(8).
`;

/** vmstat's statMode: exactly one report kind, or none for the default. */
export type VmstatMode = 'vm' | 'sum' | 'disk' | 'partition' | 'slab' | 'disksum';

export interface VmstatUnit {
  /** dataUnit: bytes per displayed unit. */
  readonly divisor: number;
  /** szDataUnit: the -S argument's first character, printed by -s. */
  readonly letter: string;
}

export interface VmstatOptions {
  readonly mode: VmstatMode;
  readonly active: boolean;
  readonly wide: boolean;
  readonly timestamp: boolean;
  readonly noFirst: boolean;
  /** False with -n: the header is printed once instead of every `height` lines. */
  readonly moreHeaders: boolean;
  readonly unit: VmstatUnit;
  /** -p's device, without a leading /dev/. */
  readonly partition: string;
  /** Seconds between reports (1 unless a delay was given). */
  readonly delay: number;
  /** Reports to print: vmstat's num_updates, Infinity with a delay and no count. */
  readonly count: number;
  /** A delay was given: with --json, each line is written as it comes (jc's streaming shape). */
  readonly interval: boolean;
  readonly json: boolean;
}

export type VmstatCommand =
  | { readonly kind: 'run'; readonly options: VmstatOptions }
  | { readonly kind: 'forks'; readonly json: boolean }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' };

const LONG_OPTIONS: readonly LongOption[] = [
  { name: 'active', argument: 'none', key: 'a' },
  { name: 'forks', argument: 'none', key: 'f' },
  { name: 'slabs', argument: 'none', key: 'm' },
  { name: 'one-header', argument: 'none', key: 'n' },
  { name: 'stats', argument: 'none', key: 's' },
  { name: 'disk', argument: 'none', key: 'd' },
  { name: 'disk-sum', argument: 'none', key: 'D' },
  { name: 'partition', argument: 'required', key: 'p' },
  { name: 'unit', argument: 'required', key: 'S' },
  { name: 'wide', argument: 'none', key: 'w' },
  { name: 'timestamp', argument: 'none', key: 't' },
  { name: 'help', argument: 'none', key: 'h' },
  { name: 'version', argument: 'none', key: 'V' },
  { name: 'no-first', argument: 'none', key: 'y' },
  // ptools' addition; no abbreviation of vmstat's own long options starts with "j".
  { name: 'json', argument: 'none', key: 'json' },
];

/** -S's units by first character (b and B are accepted though the message does not say so). */
const UNITS: Readonly<Record<string, number>> = { b: 1, B: 1, k: 1000, K: 1024, m: 1000000, M: 1048576 };

/** The statMode bits; any combination of two is a usage error. */
const MODE_BITS: ReadonlyArray<readonly [number, VmstatMode]> = [
  [0x01, 'disk'],
  [0x02, 'sum'],
  [0x04, 'slab'],
  [0x08, 'partition'],
  [0x10, 'disksum'],
];

const fail = (message: string): never => {
  throw new UsageError(`vmstat: ${message}\n`, 1);
};

const UINT_MAX = 4294967295n;

/**
 * procps' strtol_or_err: strtol's syntax (blanks, a sign, decimal digits, nothing after), ERANGE
 * beyond a C long. In the C locale a failure without ERANGE adds no errno text.
 */
export function strtolOrErr(text: string): bigint {
  const message = `failed to parse argument: '${text}'`;
  const match = /^[ \t\n\v\f\r]*([+-]?\d+)$/.exec(text);
  if (!match) return fail(message);
  const value = BigInt(match[1] as string);
  if (value !== BigInt.asIntN(64, value)) return fail(`${message}: Numerical result out of range`);
  return value;
}

export function parseVmstatCommand(argv: readonly string[]): VmstatCommand {
  const parsed = getoptLong(argv, { program: 'vmstat', shortOptions: 'afmnsdDp:S:wthVy', longOptions: LONG_OPTIONS });
  let statMode = 0;
  let partition = '';
  let unit: VmstatUnit = { divisor: 1024, letter: 'K' };
  // ptools' --json shapes every report, -f's too, which vmstat prints as soon as it meets it.
  const flags = { active: false, wide: false, timestamp: false, noFirst: false, moreHeaders: true, json: parsed.options.some(({ key }) => key === 'json') };

  for (const { key, value = '' } of parsed.options) {
    switch (key) {
      case 'V':
        return { kind: 'version' };
      case 'h':
        return { kind: 'help' };
      case 'f':
        return { kind: 'forks', json: flags.json };
      case 'd':
        statMode |= 0x01;
        break;
      case 's':
        statMode |= 0x02;
        break;
      case 'm':
        statMode |= 0x04;
        break;
      case 'p':
        statMode |= 0x08;
        partition = value.startsWith('/dev/') ? value.slice(5) : value;
        break;
      case 'D':
        statMode |= 0x10;
        break;
      case 'a':
        flags.active = true;
        break;
      case 'n':
        flags.moreHeaders = false;
        break;
      case 'S': {
        const letter = value[0] ?? '';
        const divisor = UNITS[letter];
        if (divisor === undefined) return fail('-S requires k, K, m or M (default is KiB)');
        unit = { divisor, letter };
        break;
      }
      case 'w':
        flags.wide = true;
        break;
      case 't':
        flags.timestamp = true;
        break;
      case 'y':
        flags.noFirst = true;
        break;
    }
  }
  if (parsed.error !== undefined) throw new UsageError(`${parsed.error}\n${USAGE}`, 1);

  const operands = [...parsed.operands];
  let delay = 1;
  let count = 1;
  let infinite = false;
  const interval = operands.length > 0;
  if (operands.length > 0) {
    const value = strtolOrErr(operands.shift() as string);
    if (value < 1n) fail('delay must be positive integer');
    else if (value > UINT_MAX) fail('too large delay value');
    delay = Number(value);
    infinite = true;
  }
  if (operands.length > 0) {
    // num_updates is an unsigned long: a negative count is a count vmstat never reaches.
    const value = strtolOrErr(operands.shift() as string);
    count = value < 0n ? Infinity : Number(value);
    infinite = false;
  }
  if (operands.length > 0) throw new UsageError(USAGE, 1);

  let mode: VmstatMode = 'vm';
  if (statMode !== 0) {
    const single = MODE_BITS.find(([bit]) => bit === statMode);
    if (!single) throw new UsageError(USAGE, 1);
    mode = single[1];
  }
  return {
    kind: 'run',
    options: { mode, ...flags, unit, partition, delay, count: infinite ? Infinity : count, interval },
  };
}
