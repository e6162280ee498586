// Python's optparse, for the commands whose original is a Python script (smem): clustered short
// options, `--long=value`, unique-prefix abbreviations, a value taken from the next argument even
// when it starts with '-', operands anywhere, `--` to end options, and optparse's error texts.

export interface PyOption {
  /** The key the parsed value is stored under. */
  readonly key: string;
  /** `-x`, or undefined for a long-only option. */
  readonly short?: string;
  /** `--name`. */
  readonly long: string;
  readonly takesValue: boolean;
}

export type PyParsed =
  | { readonly kind: 'options'; readonly values: ReadonlyMap<string, string | true>; readonly operands: readonly string[] }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

/** optparse's _match_abbrev: an exact name, else the one long option the text is a prefix of. */
function matchLong(text: string, options: readonly PyOption[]): PyOption | string {
  const exact = options.find((option) => option.long === text);
  if (exact) return exact;
  const candidates = options.filter((option) => option.long.startsWith(text));
  const [only] = candidates;
  if (candidates.length === 1 && only) return only;
  if (candidates.length === 0) return `no such option: ${text}`;
  const names = candidates.map((option) => option.long).sort();
  return `ambiguous option: ${text} (${names.join(', ')}?)`;
}

/**
 * Parses argv as optparse does. `help` names the option that prints help (optparse's -h/--help):
 * it takes effect where it appears, so an error after it is never reached. The last value of a
 * repeated option wins.
 */
export function parseOptparse(argv: readonly string[], options: readonly PyOption[], help: PyOption): PyParsed {
  const all = [...options, help];
  const rest = [...argv];
  const values = new Map<string, string | true>();
  const operands: string[] = [];
  const take = (option: PyOption, name: string, explicit: string | undefined): PyParsed | null => {
    if (option === help) return { kind: 'help' };
    if (!option.takesValue) {
      if (explicit !== undefined) return { kind: 'error', message: `${name} option does not take a value` };
      values.set(option.key, true);
      return null;
    }
    const value = explicit ?? rest.shift();
    if (value === undefined) return { kind: 'error', message: `${name} option requires 1 argument` };
    values.set(option.key, value);
    return null;
  };
  while (rest.length > 0) {
    const arg = rest.shift() as string;
    if (arg === '--') {
      operands.push(...rest);
      break;
    }
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const name = equals < 0 ? arg : arg.slice(0, equals);
      const option = matchLong(name, all);
      if (typeof option === 'string') return { kind: 'error', message: option };
      const outcome = take(option, option.long, equals < 0 ? undefined : arg.slice(equals + 1));
      if (outcome) return outcome;
    } else if (arg.startsWith('-') && arg.length > 1) {
      const letters = [...arg.slice(1)];
      for (let i = 0; i < letters.length; i++) {
        const name = `-${letters[i]}`;
        const option = all.find((candidate) => candidate.short === name);
        if (!option) return { kind: 'error', message: `no such option: ${name}` };
        // The rest of the cluster, if any, is the value: -sPSS.
        const attached = option.takesValue && i + 1 < letters.length ? letters.slice(i + 1).join('') : undefined;
        const outcome = take(option, name, attached);
        if (outcome) return outcome;
        if (attached !== undefined) break;
      }
    } else {
      operands.push(arg);
    }
  }
  return { kind: 'options', values, operands };
}
