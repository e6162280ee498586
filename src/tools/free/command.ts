// free's command line, parsed as procps-ng 4.0.2 parses it (getopt_long "bkmghltvc:ws:V"), with
// its exact messages. Each option is applied in command-line order, so that the first problem
// reported is the one free reports.
import { UsageError } from '../../core/errors.js';
import { getoptLong, type LongOption } from '../../cli/getopt.js';
import type { ProcpsScale } from '../../format/units.js';

export const USAGE = `
Usage:
 free [options]

Options:
 -b, --bytes         show output in bytes
     --kilo          show output in kilobytes
     --mega          show output in megabytes
     --giga          show output in gigabytes
     --tera          show output in terabytes
     --peta          show output in petabytes
 -k, --kibi          show output in kibibytes
 -m, --mebi          show output in mebibytes
 -g, --gibi          show output in gibibytes
     --tebi          show output in tebibytes
     --pebi          show output in pebibytes
 -h, --human         show human-readable output
     --si            use powers of 1000 not 1024
 -l, --lohi          show detailed low and high memory statistics
 -t, --total         show total for RAM + swap
 -v, --committed     show committed memory and commit limit
 -s N, --seconds N   repeat printing every N seconds
 -c N, --count N     repeat printing N times, then exit
 -w, --wide          wide output

     --help     display this help and exit
 -V, --version  output version information and exit

For more details see free(1).
`;

export interface Repeat {
  /** Microseconds between reports, as free's float (1 s unless -s). */
  readonly intervalMicros: number;
  /** Reports to print, or null for "until interrupted". */
  readonly count: number | null;
}

export interface FreeOptions {
  readonly scale: ProcpsScale;
  readonly lohi: boolean;
  readonly total: boolean;
  readonly committed: boolean;
  readonly wide: boolean;
  readonly repeat: Repeat | null;
  readonly json: boolean;
}

export type FreeCommand =
  | { readonly kind: 'run'; readonly options: FreeOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' };

const LONG_OPTIONS: readonly LongOption[] = [
  { name: 'bytes', argument: 'none', key: 'b' },
  { name: 'kilo', argument: 'none', key: 'kilo' },
  { name: 'mega', argument: 'none', key: 'mega' },
  { name: 'giga', argument: 'none', key: 'giga' },
  { name: 'tera', argument: 'none', key: 'tera' },
  { name: 'peta', argument: 'none', key: 'peta' },
  { name: 'kibi', argument: 'none', key: 'k' },
  { name: 'mebi', argument: 'none', key: 'm' },
  { name: 'gibi', argument: 'none', key: 'g' },
  { name: 'tebi', argument: 'none', key: 'tebi' },
  { name: 'pebi', argument: 'none', key: 'pebi' },
  { name: 'human', argument: 'none', key: 'h' },
  { name: 'si', argument: 'none', key: 'si' },
  { name: 'lohi', argument: 'none', key: 'l' },
  { name: 'total', argument: 'none', key: 't' },
  { name: 'committed', argument: 'none', key: 'v' },
  { name: 'seconds', argument: 'required', key: 's' },
  { name: 'count', argument: 'required', key: 'c' },
  { name: 'wide', argument: 'none', key: 'w' },
  { name: 'help', argument: 'none', key: 'help' },
  { name: 'version', argument: 'none', key: 'V' },
  // ptools' addition; no abbreviation of free's own long options starts with "j".
  { name: 'json', argument: 'none', key: 'json' },
];

/** Unit options: exponent of the base, and whether the base is 1000. */
const UNITS: Readonly<Record<string, { exponent: ProcpsScale['exponent']; si: boolean }>> = {
  b: { exponent: 1, si: false },
  k: { exponent: 2, si: false },
  m: { exponent: 3, si: false },
  g: { exponent: 4, si: false },
  tebi: { exponent: 5, si: false },
  pebi: { exponent: 6, si: false },
  kilo: { exponent: 2, si: true },
  mega: { exponent: 3, si: true },
  giga: { exponent: 4, si: true },
  tera: { exponent: 5, si: true },
  peta: { exponent: 6, si: true },
};

const fail = (message: string): never => {
  throw new UsageError(`free: ${message}\n`, 1);
};

const C_SPACE = /[ \t\n\v\f\r]/;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/**
 * procps' strtod_nol_or_err: a locale-free decimal with '.' or ',' as the radix, summed digit by
 * digit in doubles exactly as the C code does (so the same inputs round the same way).
 */
export function parseSeconds(text: string): number {
  const failed = (suffix: string) => fail(`seconds argument failed: '${text}'${suffix}`);
  if (text === '') return failed('');
  let at = 0;
  while (at < text.length && C_SPACE.test(text[at] as string)) at++;
  let negative = false;
  if (text[at] === '-' || text[at] === '+') negative = text[at++] === '-';
  let mult = 0.1;
  for (let radix = at; isDigit(text[radix]); radix++) mult *= 10;
  let num = 0;
  for (; isDigit(text[at]); at++) {
    num += Number(text[at]) * mult;
    mult /= 10;
  }
  if (at === text.length) return negative ? -num : num;
  if (text[at] !== '.' && text[at] !== ',') return failed(': Invalid argument');
  at++;
  mult = 0.1;
  for (; isDigit(text[at]); at++) {
    num += Number(text[at]) * mult;
    mult /= 10;
  }
  if (at === text.length) return negative ? -num : num;
  return failed('');
}

/**
 * procps' strtol_or_err followed by free's assignment to an int: strtol's syntax (blanks, a sign,
 * decimal digits, nothing after), ERANGE beyond a C long, then truncation to 32 bits.
 */
export function parseCount(text: string): number {
  const message = `failed to parse count argument: '${text}'`;
  const match = /^[ \t\n\v\f\r]*([+-]?\d+)$/.exec(text);
  if (!match) return fail(message);
  const value = BigInt(match[1] as string);
  if (value !== BigInt.asIntN(64, value)) return fail(`${message}: Numerical result out of range`);
  const count = Number(BigInt.asIntN(32, value));
  if (count < 1) return fail(`${message}: Numerical result out of range`);
  return count;
}

export function parseFreeCommand(argv: readonly string[]): FreeCommand {
  const parsed = getoptLong(argv, { program: 'free', shortOptions: 'bkmghltvc:ws:V', longOptions: LONG_OPTIONS });
  let unit: { exponent: ProcpsScale['exponent']; si: boolean } | undefined;
  let si = false;
  const flags = { human: false, lohi: false, total: false, committed: false, wide: false, json: false };
  let intervalMicros: number | undefined;
  let count: number | undefined;

  for (const { key, value = '' } of parsed.options) {
    const unitOption = UNITS[key];
    if (unitOption) {
      if (unit) fail("Multiple unit options don't make sense.");
      unit = unitOption;
      si ||= unitOption.si;
      continue;
    }
    switch (key) {
      case 'h':
        flags.human = true;
        break;
      case 'si':
        si = true;
        break;
      case 'l':
        flags.lohi = true;
        break;
      case 't':
        flags.total = true;
        break;
      case 'v':
        flags.committed = true;
        break;
      case 'w':
        flags.wide = true;
        break;
      case 'json':
        flags.json = true;
        break;
      case 's':
        // free keeps the interval in a C float of microseconds.
        intervalMicros = Math.fround(1000000 * parseSeconds(value));
        if (intervalMicros < 1) fail(`seconds argument \`${value}' is not positive number`);
        break;
      case 'c':
        count = parseCount(value);
        break;
      case 'help':
        return { kind: 'help' };
      case 'V':
        return { kind: 'version' };
    }
  }
  if (parsed.error !== undefined) throw new UsageError(`${parsed.error}\n${USAGE}`, 1);
  if (parsed.operands.length > 0) throw new UsageError(USAGE, 1);

  const { human, json, ...rows } = flags;
  const repeat =
    intervalMicros === undefined && count === undefined
      ? null
      : { intervalMicros: intervalMicros ?? 1000000, count: count ?? null };
  return {
    kind: 'run',
    options: { scale: { exponent: unit?.exponent ?? 0, si, human }, ...rows, repeat, json },
  };
}
