// glibc's getopt_long, as the C tools we clone parse their command lines: clustered short options,
// attached or separate arguments, `--name=value`, unambiguous prefixes of long names, `--` and
// operand permutation, and glibc's exact diagnostics. commander cannot be made to print these
// messages or accept the same spellings, and a user's muscle memory depends on both.

export type ArgumentMode = 'none' | 'required' | 'optional';

export interface LongOption {
  readonly name: string;
  readonly argument: ArgumentMode;
  /** What the option reports as: its short letter when it has one, else its name. */
  readonly key: string;
}

export interface GetoptSpec {
  /** The tool's name, printed before each diagnostic. */
  readonly program: string;
  /** getopt's optstring: letters, `:` after one that takes an argument, `::` for an optional one. */
  readonly shortOptions: string;
  readonly longOptions: readonly LongOption[];
}

export interface ParsedOption {
  readonly key: string;
  readonly value: string | undefined;
}

export interface GetoptResult {
  /** Options in command-line order, up to the first error. */
  readonly options: ParsedOption[];
  readonly operands: string[];
  /** glibc's message (without newline) for the first bad option, after which parsing stopped. */
  readonly error?: string;
}

function shortArgumentMode(optstring: string, letter: string): ArgumentMode | undefined {
  const at = letter === ':' ? -1 : optstring.indexOf(letter);
  if (at < 0) return undefined;
  if (optstring[at + 1] !== ':') return 'none';
  return optstring[at + 2] === ':' ? 'optional' : 'required';
}

export function getoptLong(argv: readonly string[], spec: GetoptSpec): GetoptResult {
  const options: ParsedOption[] = [];
  const operands: string[] = [];
  const fail = (error: string): GetoptResult => ({ options, operands, error: `${spec.program}: ${error}` });

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const body = arg.slice(2);
      const eq = body.indexOf('=');
      const name = eq < 0 ? body : body.slice(0, eq);
      const attached = eq < 0 ? undefined : body.slice(eq + 1);
      const match = matchLong(spec.longOptions, name);
      if (match === 'none') return fail(`unrecognized option '${arg}'`);
      if (Array.isArray(match)) {
        const names = match.map((option) => ` '--${option.name}'`).join('');
        return fail(`option '${arg}' is ambiguous; possibilities:${names}`);
      }
      if (match.argument === 'none' && attached !== undefined) {
        return fail(`option '--${match.name}' doesn't allow an argument`);
      }
      let value = attached;
      if (match.argument === 'required' && value === undefined) {
        if (i + 1 >= argv.length) return fail(`option '--${match.name}' requires an argument`);
        value = argv[++i];
      }
      options.push({ key: match.key, value });
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j] as string;
        const mode = shortArgumentMode(spec.shortOptions, letter);
        if (mode === undefined) return fail(`invalid option -- '${letter}'`);
        if (mode === 'none') {
          options.push({ key: letter, value: undefined });
          continue;
        }
        let value: string | undefined = arg.slice(j + 1);
        if (value === '') {
          if (mode === 'required') {
            if (i + 1 >= argv.length) return fail(`option requires an argument -- '${letter}'`);
            value = argv[++i];
          } else {
            value = undefined;
          }
        }
        options.push({ key: letter, value });
        break;
      }
      continue;
    }
    operands.push(arg);
  }
  return { options, operands };
}

/**
 * An exact name wins; otherwise a unique prefix. Several prefix matches that mean the same thing
 * (same key and argument mode) are not ambiguous, as in glibc.
 */
function matchLong(longOptions: readonly LongOption[], name: string): LongOption | LongOption[] | 'none' {
  const exact = longOptions.find((option) => option.name === name);
  if (exact) return exact;
  const candidates = longOptions.filter((option) => option.name.startsWith(name));
  const [first] = candidates;
  if (!first) return 'none';
  const distinct = candidates.some((option) => option.key !== first.key || option.argument !== first.argument);
  return distinct ? candidates : first;
}
