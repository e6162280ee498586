// pt-procinfo's command line. psutil's procinfo.py parses with argparse ([pid] and -v/--verbose);
// ours adds --json and --color WHEN and refuses mistakes the way argparse does: its messages,
// long options abbreviated to any unique prefix, and status 2.
import { UsageError } from '../../core/errors.js';
import type { ColorChoice } from '../../format/color.js';

const USAGE_LINE = 'usage: procinfo [-h] [--verbose] [--json] [--color WHEN] [pid]\n';

export const USAGE = `${USAGE_LINE}
print information about a process

positional arguments:
  pid            process pid (default: this process)

options:
  -h, --help     show this help message and exit
  --verbose, -v  print more info: every open file, thread, environment
                 variable and memory map instead of the first four
  --json         print every field as one JSON object
  --color WHEN   colour the keys: always, never or auto (default: auto, on a
                 terminal only)
`;

export interface ProcinfoOptions {
  readonly kind: 'run';
  /** null: this process. */
  readonly pid: bigint | null;
  readonly verbose: boolean;
  readonly json: boolean;
  readonly color: ColorChoice;
}

export type ProcinfoCommand = ProcinfoOptions | { readonly kind: 'help' };

const COLORS: readonly ColorChoice[] = ['always', 'never', 'auto'];
const LONG = ['--help', '--verbose', '--json', '--color'] as const;

const fail = (message: string): never => {
  throw new UsageError(`${USAGE_LINE}procinfo: error: ${message}\n`, 2);
};

/** Python's repr() of a str, as argparse quotes a bad value. */
function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const body = text.replace(/\\/g, '\\\\').replace(quote === "'" ? /'/g : /"/g, `\\${quote}`);
  return `${quote}${body.replace(/\n/g, '\\n').replace(/\t/g, '\\t')}${quote}`;
}

/** A long option written in full or as a unique prefix (argparse's allow_abbrev). */
function longOption(word: string): (typeof LONG)[number] | null {
  const exact = LONG.find((name) => name === word);
  if (exact) return exact;
  const matches = LONG.filter((name) => name.startsWith(word));
  if (matches.length > 1) fail(`ambiguous option: ${word} could match ${matches.join(', ')}`);
  return matches[0] ?? null;
}

/** Python 3.11's limit on the digits int() converts (sys.int_info.default_max_str_digits). */
const MAX_INT_DIGITS = 4300;

/**
 * argparse's type=int: optional blanks and sign, digits (single underscores between them
 * allowed), at most 4300 of them; any size below that, as Python's int has no bound.
 */
function parsePid(text: string): bigint {
  const trimmed = text.trim();
  // Leading zeros count; the sign, blanks and underscores do not.
  const digits = trimmed.replace(/^[+-]/, '').replace(/_/g, '');
  if (!/^[+-]?\d+(_\d+)*$/.test(trimmed) || digits.length > MAX_INT_DIGITS) return fail(`argument pid: invalid int value: ${pyRepr(text)}`);
  return BigInt(trimmed.replace(/_/g, ''));
}

export function parseProcinfoCommand(argv: readonly string[]): ProcinfoCommand {
  let verbose = false;
  let json = false;
  let color: ColorChoice = 'auto';
  const positionals: string[] = [];
  const unknown: string[] = [];
  let help = false;
  const setColor = (value: string | undefined) => {
    if (value === undefined || (value.startsWith('-') && value.length > 1 && !/^-\d/.test(value))) fail('argument --color: expected one argument');
    if (!COLORS.includes(value as ColorChoice)) {
      fail(`argument --color: invalid choice: ${pyRepr(value as string)} (choose from ${COLORS.map((c) => `'${c}'`).join(', ')})`);
    }
    color = value as ColorChoice;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    // argparse takes "-5" for a (negative) number, not an option, when no option looks like one.
    if (!arg.startsWith('-') || arg === '-' || /^-\d+$|^-\d*\.\d+$/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = longOption(eq < 0 ? arg : arg.slice(0, eq));
      const value = eq < 0 ? undefined : arg.slice(eq + 1);
      if (name === null) unknown.push(arg);
      else if (name === '--color') setColor(value ?? argv[++i]);
      else if (value !== undefined) fail(`argument ${name === '--verbose' ? '--verbose/-v' : name === '--help' ? '-h/--help' : name}: ignored explicit argument ${pyRepr(value)}`);
      else if (name === '--help') help = true;
      else if (name === '--verbose') verbose = true;
      else json = true;
      continue;
    }
    // Short flags, which may be grouped: -v, -h, -vh.
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j];
      if (flag === 'h') help = true;
      else if (flag === 'v') verbose = true;
      else {
        if (j === 1) unknown.push(arg);
        else fail(`argument --verbose/-v: ignored explicit argument ${pyRepr(arg.slice(j))}`);
        break;
      }
    }
  }
  if (help) return { kind: 'help' };
  const [pidText, ...extra] = positionals;
  const pid = pidText === undefined ? null : parsePid(pidText);
  if (extra.length > 0 || unknown.length > 0) fail(`unrecognized arguments: ${[...unknown, ...extra].join(' ')}`);
  return { kind: 'run', pid, verbose, json, color };
}
