// POSIX extended regular expressions (regcomp(3) with REG_EXTENDED, as glibc reads them) turned
// into JavaScript RegExps over byte strings, with glibc's messages for the patterns it refuses.
// pgrep hands its pattern to regcomp; JavaScript's syntax differs in the corners (stacked
// quantifiers "a**", "{,2}", brackets where a backslash is literal, classes like [:alpha:],
// '.' matching a newline), so the pattern is rewritten rather than passed through.

/** regerror(3)'s text for a pattern glibc's regcomp rejects. */
export class PosixRegexError extends Error {
  override name = 'PosixRegexError';
}

const CLASSES: Readonly<Record<string, string>> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: '0-9A-Za-z',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\v\\f\\r',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
};

// glibc's RE_DUP_MAX: a larger count in an interval is "Regular expression too big".
const DUP_MAX = 0x7fff;

function escapeClassChar(c: string): string {
  return /[\\\]\[^-]/.test(c) ? `\\${c}` : c;
}

function escapeLiteral(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

/** A bracket expression from `[` at `start`: its JavaScript class and the index after its `]`. */
function bracket(pattern: string, start: number): [string, number] {
  let i = start + 1;
  let negate = false;
  if (pattern[i] === '^') {
    negate = true;
    i++;
  }
  if (i >= pattern.length) throw new PosixRegexError('Invalid regular expression');
  const items: string[] = [];
  let previous: number | null = null; // the code of the last single character, for a range
  let first = true;
  for (;;) {
    if (i >= pattern.length) throw new PosixRegexError('Unmatched [, [^, [:, [., or [=');
    const c = pattern[i] as string;
    if (c === ']' && !first) {
      i++;
      break;
    }
    first = false;
    if (c === '[' && (pattern[i + 1] === ':' || pattern[i + 1] === '.' || pattern[i + 1] === '=')) {
      const kind = pattern[i + 1] as string;
      const end = pattern.indexOf(`${kind}]`, i + 2);
      if (end < 0) throw new PosixRegexError('Unmatched [, [^, [:, [., or [=');
      const name = pattern.slice(i + 2, end);
      i = end + 2;
      if (kind === ':') {
        const cls = CLASSES[name];
        if (cls === undefined) throw new PosixRegexError('Invalid character class name');
        items.push(cls);
        previous = null;
      } else {
        // A collating element or an equivalence class names a single character in the C locale.
        if (name.length !== 1) throw new PosixRegexError('Invalid collation character');
        items.push(escapeClassChar(name));
        previous = name.charCodeAt(0);
      }
      continue;
    }
    if (c === '-' && previous !== null && i + 1 < pattern.length && pattern[i + 1] !== ']') {
      let end = pattern[i + 1] as string;
      let next = i + 2;
      if (end === '[' && (pattern[i + 2] === '.' || pattern[i + 2] === '=')) {
        const close = pattern.indexOf(`${pattern[i + 2]}]`, i + 3);
        if (close < 0) throw new PosixRegexError('Unmatched [, [^, [:, [., or [=');
        end = pattern.slice(i + 3, close);
        next = close + 2;
      }
      if (end.length !== 1 || end.charCodeAt(0) < previous) throw new PosixRegexError('Invalid range end');
      items.push(`-${escapeClassChar(end)}`);
      previous = null;
      i = next;
      continue;
    }
    items.push(escapeClassChar(c));
    previous = c.charCodeAt(0);
    i++;
  }
  return [`[${negate ? '^' : ''}${items.join('')}]`, i];
}

/** An interval `{m}`, `{m,}`, `{,n}` or `{m,n}` at `start`: its JavaScript form and the index after it. */
function interval(pattern: string, start: number): [string, number] {
  const match = /^\{(\d*)(,(\d*))?\}/.exec(pattern.slice(start));
  if (!match) {
    if (pattern.indexOf('}', start) < 0) throw new PosixRegexError('Unmatched \\{');
    throw new PosixRegexError('Invalid content of \\{\\}');
  }
  const min = match[1] === '' ? 0 : Number(match[1]);
  const max = match[2] === undefined ? min : match[3] === '' ? null : Number(match[3]);
  if (match[1] === '' && match[2] === undefined) throw new PosixRegexError('Invalid content of \\{\\}');
  if (min > DUP_MAX || (max !== null && max > DUP_MAX)) throw new PosixRegexError('Regular expression too big');
  if (max !== null && max < min) throw new PosixRegexError('Invalid content of \\{\\}');
  return [`{${min},${max ?? ''}}`.replace(/^\{(\d+),\1\}$/, '{$1}'), start + match[0].length];
}

/**
 * '.' over characters. Text that is not valid UTF-8 is matched as decodeText gives it, each stray
 * byte as a lone surrogate (U+DC80-U+DCFF): glibc's regexec in a UTF-8 locale lets '.' take an
 * ASCII byte or a whole well-formed sequence but never a stray byte (check_node_accept_bytes),
 * which only the same byte in the pattern matches.
 */
const CHARACTER_DOT = '[^\\udc80-\\udcff]';

/**
 * The JavaScript source of a POSIX extended regular expression, to be compiled with the `s`
 * flag (without REG_NEWLINE, '.' matches a newline), and with `u` when the subject is characters.
 */
export function posixExtendedSource(pattern: string, unicode = false): string {
  let out = '';
  // Where the current atom starts in `out` (null: nothing to repeat here, e.g. after "(" or "|").
  let atom: number | null = null;
  // Whether the atom already carries a quantifier: JavaScript wants another one in a group.
  let quantified = false;
  const opens: Array<{ group: number; at: number }> = [];
  let groups = 0;
  const closedGroups: number[] = [];
  let i = 0;
  const quantify = (quantifier: string) => {
    if (atom === null) throw new PosixRegexError('Invalid preceding regular expression');
    if (quantified) out = `${out.slice(0, atom)}(?:${out.slice(atom)})`;
    out += quantifier;
    quantified = true;
  };
  const startAtom = (source: string) => {
    atom = out.length;
    quantified = false;
    out += source;
  };
  while (i < pattern.length) {
    const c = pattern[i] as string;
    switch (c) {
      case '\\': {
        const next = pattern[i + 1];
        if (next === undefined) throw new PosixRegexError('Trailing backslash');
        i += 2;
        if (next >= '1' && next <= '9') {
          if (!closedGroups.includes(Number(next))) throw new PosixRegexError('Invalid back reference');
          startAtom(`\\${next}`);
        } else if ('wWsSbB'.includes(next)) {
          startAtom(`\\${next}`);
        } else if (next === '<') {
          startAtom('\\b(?=\\w)');
        } else if (next === '>') {
          startAtom('\\b(?<=\\w)');
        } else if (next === '`') {
          startAtom('^');
        } else if (next === "'") {
          startAtom('$');
        } else {
          startAtom(escapeLiteral(next));
        }
        continue;
      }
      case '[': {
        const [source, end] = bracket(pattern, i);
        startAtom(source);
        i = end;
        continue;
      }
      case '(':
        groups++;
        opens.push({ group: groups, at: out.length });
        out += '(';
        atom = null;
        i++;
        continue;
      case ')': {
        const open = opens.pop();
        i++;
        if (open === undefined) {
          // glibc takes an unmatched ")" in an extended expression as a literal.
          startAtom('\\)');
          continue;
        }
        closedGroups.push(open.group);
        out += ')';
        atom = open.at;
        quantified = false;
        continue;
      }
      case '|':
        out += '|';
        atom = null;
        i++;
        continue;
      case '^':
      case '$':
        // Anchors can be repeated in glibc ("^*" is refused, as nothing precedes the star).
        out += c;
        atom = null;
        i++;
        continue;
      case '*':
      case '+':
      case '?':
        quantify(c);
        i++;
        continue;
      case '{': {
        if (atom === null) throw new PosixRegexError('Invalid preceding regular expression');
        const [source, end] = interval(pattern, i);
        quantify(source);
        i = end;
        continue;
      }
      case '.':
        startAtom(unicode ? CHARACTER_DOT : '.');
        i++;
        continue;
      default:
        startAtom(escapeLiteral(c));
        i++;
    }
  }
  if (opens.length > 0) throw new PosixRegexError('Unmatched ( or \\(');
  return out;
}

/**
 * regcomp(pattern, REG_EXTENDED | REG_NOSUB | (icase ? REG_ICASE : 0)) as a RegExp: over byte
 * strings (the C locale), or over characters (`unicode`, a UTF-8 locale: text as decodeText gives it).
 */
export function posixExtended(pattern: string, ignoreCase: boolean, unicode = false): RegExp {
  return new RegExp(posixExtendedSource(pattern, unicode), `s${ignoreCase ? 'i' : ''}${unicode ? 'u' : ''}`);
}
