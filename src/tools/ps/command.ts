// ps's command line, parsed as procps-ng 4.0.2 parses it (src/ps/parser.c, sortformat.c): UNIX
// options after '-', BSD options without, GNU long options after '--', lists separated by commas
// or blanks, and when the first reading fails, a second reading that treats everything as BSD.
// Only when both fail is the first reading's error printed, with the short usage, exit 1.
import { statSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import { argumentBytes, cutUtf8 } from '../../format/bytes.js';
import { groupByName, userByName } from '../../core/users.js';
import { writeStderr } from '../../format/writer.js';
import { parseAixFormat } from './aix.js';
import { formatOf, MACROS, type FormatSpec } from './formats.js';
import { helpText } from './help.js';
import { strtolWhole, strtoul } from '../../util/number.js';

export type SelectionKind = 'ruid' | 'euid' | 'rgid' | 'egid' | 'pgrp' | 'pid' | 'quickPid' | 'ppid' | 'tty' | 'sess' | 'comm';

export interface Selection {
  readonly kind: SelectionKind;
  /** Ids, tty device numbers, or command names for 'comm'. */
  readonly values: ReadonlyArray<number | string>;
}

export interface Column {
  /** The header text. */
  readonly name: string;
  readonly width: number;
  /** null for the literal text of an AIX %-format. */
  readonly format: FormatSpec | null;
}

export interface SortKey {
  readonly format: FormatSpec;
  readonly descending: boolean;
}

export interface PsOptions {
  /** -e, -A, or a BSD "ax". */
  readonly allProcesses: boolean;
  /** The selection table of -a, -d, a, x (procps' select_bits), or 0 when lists decide. */
  readonly selectBits: number;
  /** simple_select was used (a table applies alongside the lists). */
  readonly simpleSelect: boolean;
  readonly lists: readonly Selection[];
  readonly negate: boolean;
  readonly runningOnly: boolean;
  readonly columns: readonly Column[];
  readonly sort: readonly SortKey[];
  readonly forest: 'b' | 'g' | 'u' | null;
  readonly header: 'single' | 'none' | 'multi';
  /** Terminal width used to cut lines; 2 * 64 KiB when unlimited. */
  readonly screenCols: number;
  readonly screenRows: number;
  /** Threads: per-process lines, per-thread lines, or both (m). */
  readonly threads: 'none' | 'tasks' | 'both' | 'loose';
  readonly unixF: boolean;
  readonly bsdC: boolean;
  readonly bsdE: boolean;
  readonly cumulative: boolean;
  readonly userIsNumber: boolean;
  readonly wchanIsNumber: boolean;
  readonly json: boolean;
}

export type PsCommand =
  | { readonly kind: 'run'; readonly options: PsOptions }
  | { readonly kind: 'help'; readonly section: string | undefined }
  | { readonly kind: 'version' }
  | { readonly kind: 'list-formats' };

/** The environment the parser consults: pid_max digits, the terminal, our tty and euid. */
export interface ParseEnvironment {
  readonly pidDigits: number;
  readonly stdoutIsTty: boolean;
  readonly terminalColumns: number | undefined;
  readonly terminalRows: number | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** tty_nr of ps itself (0 without a terminal): what T and a bare t select. */
  readonly ownTty: number;
}

/** ps's output buffer size, the width of an unlimited line. */
export const OUTBUF_SIZE = 2 * 64 * 1024;

// Selection flags (procps' SS_*), format flags (FF_*), modifiers (FM_*), thread flags (TF_*).
const SS_B_x = 0x01;
const SS_B_g = 0x02;
const SS_U_d = 0x04;
const SS_U_a = 0x08;
const SS_B_a = 0x10;
const FF_Uf = 0x1;
const FF_Ul = 0x4;
const FF_Bj = 0x8;
const FF_Bl = 0x10;
const FF_Bs = 0x20;
const FF_Bu = 0x40;
const FF_Bv = 0x80;
const FF_LX = 0x100;
const FF_Lm = 0x200;
const FF_Fc = 0x400;
const FM_c = 0x1;
const FM_j = 0x2;
const FM_y = 0x4;
const FM_P = 0x10;
const FM_M = 0x20;
const FM_F = 0x80;
const TF_B_H = 0x1;
const TF_B_m = 0x2;
const TF_U_m = 0x4;
const TF_U_T = 0x8;
const TF_U_L = 0x10;

type SortFormatSource = 'U_O' | 'U_o' | 'B_O' | 'B_o' | 'B_m' | 'G_sort' | 'G_format';

interface Deferred {
  readonly text: string;
  readonly source: SortFormatSource;
}

/** Everything the parser sets; made anew for the BSD retry, as procps' reset_global does. */
class State {
  allProcesses = false;
  simpleSelect = 0;
  lists: Selection[] = [];
  negate = false;
  runningOnly = false;
  forest: 'b' | 'g' | 'u' | null = null;
  header: 'single' | 'none' | 'multi' = 'single';
  formatFlags = 0;
  formatModifiers = 0;
  threadFlags = 0;
  unixF = false;
  bsdC = false;
  bsdE = false;
  cumulative = false;
  userIsNumber = false;
  wchanIsNumber = false;
  preferBsd = false;
  wCount = 0;
  deferred: Deferred[] = [];
  haveGnuSort = false;
  screenCols: number;
  screenRows: number;
  json = false;

  constructor(
    readonly e: ParseEnvironment,
    /** Shared by both readings, as procps' static buffer is. */
    readonly unknown: UnknownSpecifier,
  ) {
    // set_screen_size: the terminal, else 80x24; unlimited when stdout is not a terminal;
    // COLUMNS and LINES override.
    this.screenCols = e.terminalColumns ?? 80;
    this.screenRows = e.terminalRows ?? 24;
    if (!e.stdoutIsTty) this.screenCols = OUTBUF_SIZE;
    const columns = strtolWhole(e.env.COLUMNS ?? '');
    if (columns !== null && columns > 0n && columns < BigInt(OUTBUF_SIZE)) this.screenCols = Number(columns);
    const lines = strtolWhole(e.env.LINES ?? '');
    if (lines !== null && lines > 0n && lines < BigInt(OUTBUF_SIZE)) this.screenRows = Number(lines);
  }
}

/** strtoul(item, &end, 0) with *end == '\0' required (procps' id lists): a negative wraps as in C. */
function wholeUnsigned(item: string): number | null {
  const [value, used] = strtoul(item, 0);
  return used === item.length ? Number(value) : null;
}

type Parse = (item: string) => number | string;

class ParseFailure {
  constructor(readonly message: string) {}
}
const fail = (message: string): never => {
  throw new ParseFailure(message);
};

const parsePid: Parse = (item) => {
  const value = wholeUnsigned(item);
  if (value === null) fail('process ID list syntax error');
  if ((value as number) < 1 || (value as number) > 0x7fffffff) fail('process ID out of range');
  return value as number;
};

function parseId(item: string, negate: boolean, lookup: (name: string) => number | undefined, kind: 'user' | 'group'): number {
  let value = wholeUnsigned(item);
  if (value === null) {
    const found = lookup(item);
    if (found === undefined) {
      if (!negate) fail(`${kind} name does not exist`);
      value = 0xffffffff;
    } else {
      value = found;
    }
  }
  if (!negate && value > 0xfffffffe) fail(`${kind} ID out of range`);
  return value;
}

function parseTty(item: string): number {
  const device = (path: string) => {
    try {
      return statSync(path);
    } catch {
      return null;
    }
  };
  const candidates = item.startsWith('/')
    ? [item]
    : [`/dev/pts/${item}`, `/dev/${item}`, `/dev/tty${item}`, `/dev/pty${item}`, `/dev/${item}nsole`];
  for (const path of candidates) {
    const found = device(path);
    if (found) {
      if (!found.isCharacterDevice()) fail('list member was not a TTY');
      return found.rdev;
    }
  }
  if (item.startsWith('/')) fail('TTY could not be found');
  if (item === '-' || item === '?') return 0;
  // "Assume bash ate '?'": a one-character name that exists as a file.
  if (item.length === 1 && device(item)) return 0;
  return fail('TTY could not be found');
}

/** parse_list: items separated by commas, blanks or tabs, none empty. */
function parseList(arg: string, parse: Parse): Array<number | string> {
  if (arg === '' || /^[ ,\t]|[ ,\t]{2}|[ ,\t]$/.test(arg)) fail('improper list');
  return arg.split(/[ ,\t]/).map(parse);
}

class Parser {
  private index = 0;
  private flag = 0;
  private forceBsd: boolean;

  constructor(
    private readonly argv: readonly string[],
    private readonly s: State,
    forceBsd: boolean,
  ) {
    this.forceBsd = forceBsd;
  }

  private get arg(): string {
    return this.argv[this.index] as string;
  }

  /** The option's argument: the rest of this word, or the next word when it is not empty. */
  private optionArgument(): string | null {
    if (this.flag + 1 < this.arg.length) return this.arg.slice(this.flag + 1);
    const next = this.argv[this.index + 1];
    if (next === undefined || next === '') return null;
    this.index++;
    return next;
  }

  private select(kind: SelectionKind, arg: string, parse: Parse): void {
    this.s.lists.push({ kind, values: parseList(arg, parse) });
  }

  private uid: Parse = (item) =>
    parseId(item, this.s.negate, (name) => userByName(name)?.uid, 'user');

  private gid: Parse = (item) =>
    parseId(item, this.s.negate, (name) => groupByName(name)?.gid, 'group');

  private exclusive(option: string): void {
    // --json is ptools' own and not one of procps' options: `-V --json` prints the version as `-V`
    // does (the text, as the man page says), instead of refusing --json as a second option.
    const options = this.argv.filter((arg) => arg !== '--json');
    if (options.length !== 1 || options[0] !== option) fail(`the option is exclusive: ${option}`);
  }

  parseAll(): PsCommand | null {
    for (this.index = 0; this.index < this.argv.length; this.index++) {
      const type = argType(this.arg);
      let result: PsCommand | null = null;
      if (type === 'gnu') result = this.gnu();
      else if (type === 'sysv' && !this.forceBsd) result = this.sysv();
      // The retry reads SysV options as BSD ones, but a dashless BSD option fails it: in
      // parse_all_options, case ARG_BSD falls into the SysV case's force_bsd test ("way bad"),
      // and the first reading's error is the one printed.
      else if (type === 'bsd' && this.forceBsd) fail('way bad');
      else if (type === 'sysv' || type === 'bsd') {
        this.s.preferBsd = true;
        result = this.bsd();
      } else if (type === 'pid' || type === 'pgrp' || type === 'sess') {
        this.s.preferBsd = true;
        this.trailingPids();
      } else {
        fail('garbage option');
      }
      if (result) return result;
    }
    return null;
  }

  private sysv(): PsCommand | null {
    const s = this.s;
    for (this.flag = 1; this.flag < this.arg.length; this.flag++) {
      const letter = this.arg[this.flag] as string;
      const take = (message: string) => this.optionArgument() ?? fail(message);
      switch (letter) {
        case 'A':
        case 'e':
          s.allProcesses = true;
          break;
        case 'C':
          // procps keeps 63 bytes of each name (a char[64] in its selection node).
          this.select('comm', take('list of command names must follow -C'), (item) => argumentBytes(item).slice(0, 63));
          return null;
        case 'F':
          s.formatModifiers |= FM_F;
          s.formatFlags |= FF_Uf;
          s.unixF = true;
          break;
        case 'G':
          this.select('rgid', take('list of real groups must follow -G'), this.gid);
          return null;
        case 'H':
          s.forest = 'u';
          break;
        case 'L':
          s.threadFlags |= TF_U_L;
          break;
        case 'M':
        case 'Z':
          s.formatModifiers |= FM_M;
          break;
        case 'N':
          s.negate = true;
          break;
        case 'O':
          s.deferred.push({ text: take('format or sort specification must follow -O'), source: 'U_O' });
          return null;
        case 'P':
          s.formatModifiers |= FM_P;
          break;
        case 'T':
          s.threadFlags |= TF_U_T;
          break;
        case 'U':
          this.select('ruid', take('list of real users must follow -U'), this.uid);
          return null;
        case 'V':
          this.exclusive('-V');
          return { kind: 'version' };
        case 'a':
          s.simpleSelect |= SS_U_a;
          break;
        case 'c':
          s.formatModifiers |= FM_c;
          break;
        case 'd':
          s.simpleSelect |= SS_U_d;
          break;
        case 'f':
          s.formatFlags |= FF_Uf;
          s.unixF = true;
          break;
        case 'g': {
          const arg = take('list of session leaders OR effective group names must follow -g');
          for (const [kind, parse] of [
            ['sess', parsePid],
            ['egid', this.gid],
          ] as const) {
            try {
              this.select(kind, arg, parse);
              return null;
            } catch (error) {
              if (!(error instanceof ParseFailure)) throw error;
            }
          }
          return fail('list of session leaders OR effective group IDs was invalid');
        }
        case 'j':
          s.formatModifiers |= FM_j;
          break;
        case 'l':
          s.formatFlags |= FF_Ul;
          break;
        case 'm':
          s.threadFlags |= TF_U_m;
          break;
        case 'o':
          s.deferred.push({ text: take('format specification must follow -o'), source: 'U_o' });
          return null;
        case 'p':
          this.select('pid', take('list of process IDs must follow -p'), parsePid);
          return null;
        case 'q':
          this.select('quickPid', take('List of process IDs must follow -q.'), parsePid);
          return null;
        case 's':
          this.select('sess', take('list of session IDs must follow -s'), parsePid);
          return null;
        case 't':
          this.select('tty', take('list of terminals (pty, tty...) must follow -t'), parseTty);
          return null;
        case 'u':
          this.select('euid', take('list of users must follow -u'), this.uid);
          return null;
        case 'w':
          s.wCount++;
          break;
        case 'x':
          return fail('must set personality to get -x option');
        case 'y':
          s.formatModifiers |= FM_y;
          break;
        case '-':
          return fail("embedded '-' among SysV options makes no sense");
        default:
          return fail('unsupported SysV option');
      }
    }
    return null;
  }

  private ownTty(): void {
    this.s.lists.push({ kind: 'tty', values: [this.s.e.ownTty] });
  }

  private bsd(): PsCommand | null {
    const s = this.s;
    if (this.arg.startsWith('-') && !this.forceBsd) fail('cannot happen - problem #1');
    for (this.flag = this.arg.startsWith('-') ? 1 : 0; this.flag < this.arg.length; this.flag++) {
      const letter = this.arg[this.flag] as string;
      const take = (message: string) => this.optionArgument() ?? fail(message);
      switch (letter) {
        case 'H':
          s.threadFlags |= TF_B_H;
          break;
        case 'L':
          this.exclusive('L');
          return { kind: 'list-formats' };
        case 'M':
          s.threadFlags |= TF_B_m;
          break;
        case 'O':
          s.deferred.push({ text: take('format or sort specification must follow O'), source: 'B_O' });
          return null;
        case 'S':
          s.cumulative = true;
          break;
        case 'T':
          this.ownTty();
          break;
        case 'U':
          this.select('euid', take('list of users must follow U'), this.uid);
          return null;
        case 'V':
          this.exclusive('V');
          return { kind: 'version' };
        case 'W':
          return fail('obsolete W option not supported (you have a /dev/drum?)');
        case 'X':
          s.formatFlags |= FF_LX;
          break;
        case 'Z':
          s.formatModifiers |= FM_M;
          break;
        case 'a':
          s.simpleSelect |= SS_B_a;
          break;
        case 'c':
          s.bsdC = true;
          break;
        case 'e':
          s.bsdE = true;
          break;
        case 'f':
          s.forest = 'b';
          break;
        case 'g':
          s.simpleSelect |= SS_B_g;
          break;
        case 'h':
          if (s.header !== 'single') fail('only one heading option may be specified');
          s.header = 'none';
          break;
        case 'j':
          s.formatFlags |= FF_Bj;
          break;
        case 'k':
          s.deferred.push({ text: take("long sort specification must follow 'k'"), source: 'G_sort' });
          s.haveGnuSort = true;
          return null;
        case 'l':
          s.formatFlags |= FF_Bl;
          break;
        case 'm':
          // With the default personality a failed first reading sets PER_OLD_m: "m" is then the
          // old Linux memory format.
          if (this.forceBsd) s.formatFlags |= FF_Lm;
          else s.threadFlags |= TF_B_m;
          break;
        case 'n':
          s.wchanIsNumber = true;
          s.userIsNumber = true;
          break;
        case 'o':
          s.deferred.push({ text: take('format specification must follow o'), source: 'B_o' });
          return null;
        case 'p':
          this.select('pid', take('list of process IDs must follow p'), parsePid);
          return null;
        case 'q':
          this.select('quickPid', take('List of process IDs must follow q.'), parsePid);
          return null;
        case 'r':
          s.runningOnly = true;
          break;
        case 's':
          s.formatFlags |= FF_Bs;
          break;
        case 't': {
          const arg = this.optionArgument();
          if (arg === null) this.ownTty();
          else this.select('tty', arg, parseTty);
          return null;
        }
        case 'u':
          s.formatFlags |= FF_Bu;
          break;
        case 'v':
          s.formatFlags |= FF_Bv;
          break;
        case 'w':
          s.wCount++;
          break;
        case 'x':
          s.simpleSelect |= SS_B_x;
          break;
        case '-':
          return fail("embedded '-' among BSD options makes no sense");
        default:
          if (letter >= '0' && letter <= '9') {
            this.select('pid', this.arg.slice(this.flag), parsePid);
            return null;
          }
          return fail('unsupported option (BSD syntax)');
      }
    }
    return null;
  }

  /** The argument of a GNU option: after '=' or ':', or the next word when it is not empty. */
  private gnuArgument(rest: string): string | null {
    if (rest.startsWith('=') || rest.startsWith(':')) return rest.length > 1 ? rest.slice(1) : null;
    if (rest !== '') return null;
    const next = this.argv[this.index + 1];
    if (next === undefined || next === '') return null;
    this.index++;
    return next;
  }

  private gnu(): PsCommand | null {
    const s = this.s;
    const body = this.arg.slice(2);
    const length = body.search(/[:=]/);
    const name = length < 0 ? body : body.slice(0, length);
    const rest = length < 0 ? '' : body.slice(length);
    if (name.length > 15) fail('unknown gnu long option');
    const take = (message: string) => this.gnuArgument(rest) ?? fail(message);
    const noArgument = (option: string) => {
      if (rest !== '') fail(`option --${option} does not take an argument`);
    };
    switch (name) {
      case 'Group':
        this.select('rgid', take('list of real groups must follow --Group'), this.gid);
        break;
      case 'User':
        this.select('ruid', take('list of real users must follow --User'), this.uid);
        break;
      case 'cols':
      case 'columns':
      case 'width': {
        const value = strtolWhole(this.gnuArgument(rest) ?? '');
        if (value === null || value <= 0n || value >= 2000000000n) fail('number of columns must follow --cols, --width, or --columns');
        s.screenCols = Number(value);
        break;
      }
      case 'cumulative':
        noArgument('cumulative');
        s.cumulative = true;
        break;
      case 'deselect':
        noArgument('deselect');
        s.negate = true;
        break;
      case 'no-header':
      case 'no-headers':
      case 'no-heading':
      case 'no-headings':
      case 'noheader':
      case 'noheaders':
      case 'noheading':
      case 'noheadings':
        noArgument('no-heading');
        if (s.header !== 'single') fail('only one heading option may be specified');
        s.header = 'none';
        break;
      case 'header':
      case 'headers':
      case 'heading':
      case 'headings':
        noArgument('heading');
        if (s.header !== 'single') fail('only one heading option may be specified');
        s.header = 'multi';
        break;
      case 'forest':
        noArgument('forest');
        s.forest = 'g';
        break;
      case 'format':
        s.deferred.push({ text: take('format specification must follow --format'), source: 'G_format' });
        break;
      case 'group':
        this.select('egid', take('list of effective groups must follow --group'), this.gid);
        break;
      case 'help':
        return { kind: 'help', section: this.gnuArgument(rest) ?? undefined };
      case 'info':
        this.exclusive('--info');
        return fail('the --info option is not supported');
      case 'pid':
        this.select('pid', take('list of process IDs must follow --pid'), parsePid);
        break;
      case 'quick-pid':
        this.select('quickPid', take('List of process IDs must follow --quick-pid.'), parsePid);
        break;
      case 'ppid':
        this.select('ppid', take('list of process IDs must follow --ppid'), parsePid);
        break;
      case 'rows':
      case 'lines': {
        const value = strtolWhole(this.gnuArgument(rest) ?? '');
        if (value === null || value <= 0n || value >= 2000000000n) fail('number of rows must follow --rows or --lines');
        s.screenRows = Number(value);
        break;
      }
      case 'sid':
        this.select('sess', take('some sid thing(s) must follow --sid'), parsePid);
        break;
      case 'sort':
        s.deferred.push({ text: take('long sort specification must follow --sort'), source: 'G_sort' });
        s.haveGnuSort = true;
        break;
      case 'tty':
        this.select('tty', take('list of ttys must follow --tty'), parseTty);
        break;
      case 'user':
        this.select('euid', take('list of effective users must follow --user'), this.uid);
        break;
      case 'version':
        this.exclusive('--version');
        return { kind: 'version' };
      case 'context':
        s.formatFlags |= FF_Fc;
        break;
      case 'json':
        // ptools' addition.
        noArgument('json');
        s.json = true;
        break;
      default:
        fail('unknown gnu long option');
    }
    return null;
  }

  /** Everything from here on is pids, -pgrps or +sessions (parse_trailing_pids). */
  private trailingPids(): void {
    const pids: number[] = [];
    const groups: number[] = [];
    const sessions: number[] = [];
    for (const item of this.argv.slice(this.index)) {
      if (item.startsWith('-')) groups.push(parsePid(item.slice(1)) as number);
      else if (item.startsWith('+')) sessions.push(parsePid(item.slice(1)) as number);
      else pids.push(parsePid(item) as number);
    }
    this.index = this.argv.length - 1;
    if (pids.length) this.s.lists.push({ kind: 'pid', values: pids });
    if (groups.length) this.s.lists.push({ kind: 'pgrp', values: groups });
    if (sessions.length) this.s.lists.push({ kind: 'sess', values: sessions });
  }
}

function argType(text: string): 'gnu' | 'end' | 'pgrp' | 'sysv' | 'pid' | 'bsd' | 'fail' | 'sess' {
  const letter = (c: string | undefined) => c !== undefined && /[a-zA-Z]/.test(c);
  const digit = (c: string | undefined) => c !== undefined && /[0-9]/.test(c);
  if (letter(text[0])) return 'bsd';
  if (digit(text[0])) return 'pid';
  if (text[0] === '+') return 'sess';
  if (text[0] !== '-') return 'fail';
  if (letter(text[1])) return 'sysv';
  if (digit(text[1])) return 'pgrp';
  if (text[1] !== '-') return 'fail';
  if (letter(text[2])) return 'gnu';
  if (text.length === 2) return 'end';
  return 'fail';
}

/** One format keyword, or a macro's keywords, with an optional header override (do_one_spec). */
function oneSpec(spec: string, override: string | undefined, pidDigits: number): Column[] | null {
  const format = formatOf(spec);
  if (format) {
    const base = format.pidMax ? Math.max(pidDigits, format.head.length) : format.width;
    return [
      override === undefined
        ? { name: format.head, width: base, format }
        : { name: override, width: Math.max(base, override.length), format },
    ];
  }
  const macro = MACROS.get(spec);
  if (macro === undefined) return null;
  return macro.split(',').flatMap((part) => oneSpec(part, override, pidDigits) ?? []);
}

/**
 * procps words the first unknown specifier's message once, in a static buffer, and reports it for
 * every later unknown specifier of the run: "-o %p -o bogus" complains about "%p".
 */
interface UnknownSpecifier {
  message: string | null;
}

/**
 * A user format list (format_parse): "pid,user:20,args=COMMAND LINE". When that fails on a
 * format with a '%', the format is read again as AIX descriptors, after the items that did parse.
 */
function parseFormatList(text: string, pidDigits: number, unknown: UnknownSpecifier): Column[] {
  const columns: Column[] = [];
  try {
    parseKeywords(text, pidDigits, unknown, columns);
    return columns;
  } catch (error) {
    if (!(error instanceof ParseFailure) || !text.includes('%')) throw error;
  }
  const items = parseAixFormat(text);
  if (typeof items === 'string') return fail(items);
  for (const item of items) {
    if ('text' in item) columns.push({ name: item.text, width: item.text.length, format: null });
    else columns.push(...(oneSpec(item.keyword, item.head, pidDigits) ?? []));
  }
  return columns;
}

/**
 * The items of a format or sort list, split on blanks, commas, tabs and newlines, less one
 * trailing delimiter. An empty item left means an improper list: format_parse and
 * long_sort_parse (sortformat.c) refuse an empty list, a leading delimiter and two in a row
 * before they count items, so their "empty ... list" is never reached.
 */
function listItems(text: string): string[] {
  const items = text.split(/[ ,\t\n]/);
  return items.length > 1 && items.at(-1) === '' ? items.slice(0, -1) : items;
}

/** The keyword items of a format list, pushed onto `columns` as they parse. */
function parseKeywords(text: string, pidDigits: number, unknown: UnknownSpecifier, columns: Column[]): void {
  const trimmed = listItems(text);
  if (trimmed.some((item) => item === '')) fail('improper format list');
  for (const word of trimmed) {
    // "name=HEADER" renames a column; the header ends at the next delimiter.
    const eq = word.indexOf('=');
    const override = eq >= 0 ? word.slice(eq + 1) : undefined;
    let item = eq >= 0 ? word.slice(0, eq) : word;
    const colon = item.indexOf(':');
    let width: number | undefined;
    if (colon >= 0) {
      const digits = item.slice(colon + 1);
      if (!/^[1-9]\d*$/.test(digits)) fail('column widths must be unsigned decimal numbers');
      width = Number(digits);
      item = item.slice(0, colon);
    }
    const found = oneSpec(item, override, pidDigits);
    // procps words it with snprintf into a static char errbuf[80] (sortformat.c): 79 bytes at most.
    if (!found) fail((unknown.message ??= cutUtf8(`unknown user-defined format specifier "${item}"`, 79)));
    if (width !== undefined) {
      if ((found as Column[]).length > 1) fail('can not set width for a macro (multi-column) format specifier');
      const [only] = found as Column[];
      if (only) (found as Column[])[0] = { ...only, width };
    }
    columns.push(...(found as Column[]));
  }
}

/** A --sort or k list: "[+|-]key,...". */
function parseSortList(text: string): SortKey[] {
  const trimmed = listItems(text);
  if (trimmed.some((item) => item === '')) fail('improper sort list');
  return trimmed.map((item) => {
    const descending = item.startsWith('-');
    const format = formatOf(item.replace(/^[+-]/, ''));
    if (!format) fail('unknown sort specifier');
    return { format: format as FormatSpec, descending };
  });
}

/** The old one-letter sort codes of O (shortsort_array). */
const SHORT_SORT: Readonly<Record<string, string>> = {
  C: 'pcpu', G: 'tpgid', J: 'cstime', M: 'maj_flt', N: 'cmaj_flt', P: 'ppid', R: 'resident', S: 'share',
  T: 'start_time', U: 'uid', c: 'cmd', f: 'flags', g: 'pgrp', j: 'cutime', k: 'utime', m: 'min_flt',
  n: 'cmin_flt', o: 'session', p: 'pid', r: 'rss', s: 'size', t: 'tty', u: 'user', v: 'vsize', y: 'priority',
};

function parseShortSort(text: string, forest: boolean): SortKey[] {
  if (!/^[CGJKMNPRSTUcfgjkmnoprstuvy+-]*$/.test(text)) fail('bad sorting code');
  const seen = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '+' || c === '-') {
      const next = text[i + 1];
      if (next === undefined || next === '+' || next === '-') fail('bad sorting code');
      continue;
    }
    if (c === 'P' && forest) fail('PPID sort and forest output conflict');
    if (seen.has(c)) fail('bad sorting code');
    seen.add(c);
  }
  const keys: SortKey[] = [];
  let descending = false;
  for (const c of text) {
    if (c === '+' || c === '-') {
      descending = c === '-';
      continue;
    }
    const key = SHORT_SORT[c];
    const format = key === undefined ? undefined : formatOf(key);
    // procps ignores short_sort_parse's failure: the codes before the unknown one still sort.
    if (!format) break;
    keys.push({ format, descending });
    descending = false;
  }
  return keys;
}

/** Format and sort options, then the default formats (process_sf_options). */
function sortAndFormat(s: State): { columns: Column[]; sort: SortKey[] } {
  const digits = s.e.pidDigits;
  let columns: Column[] = [];
  let sort: SortKey[] = [];
  let parsedFormat = false;
  let parsedSort = false;
  for (const { text, source } of s.deferred) {
    switch (source) {
      case 'B_o':
      case 'G_format':
      case 'U_o':
        columns.push(...parseFormatList(text, digits, s.unknown));
        parsedFormat = true;
        break;
      case 'U_O':
        if (parsedFormat) fail('option -O can not follow other format options');
        columns.push(...(oneSpec('pid', undefined, digits) ?? []), ...parseFormatList(text, digits, s.unknown), ...(oneSpec('END_SYS5', undefined, digits) ?? []));
        parsedFormat = true;
        break;
      case 'B_O': {
        let sortError: string | null = null;
        if (s.haveGnuSort || parsedSort) sortError = 'multiple sort options';
        if (sortError === null) {
          try {
            sort.push(...parseShortSort(text, s.forest !== null));
            parsedSort = true;
            break;
          } catch (error) {
            if (!(error instanceof ParseFailure)) throw error;
            sortError = error.message;
          }
        }
        if (parsedFormat) fail('option O is neither first format nor sort order');
        try {
          columns.push(...(oneSpec('pid', undefined, digits) ?? []), ...parseFormatList(text, digits, s.unknown), ...(oneSpec('END_BSD', undefined, digits) ?? []));
          parsedFormat = true;
        } catch (error) {
          if (!(error instanceof ParseFailure)) throw error;
          fail(sortError);
        }
        break;
      }
      case 'G_sort':
      case 'B_m':
        if (parsedSort) fail('multiple sort options');
        sort = parseSortList(text);
        parsedSort = true;
        break;
    }
  }
  if (!s.formatFlags && !s.formatModifiers && columns.length === 0 && s.e.env.PS_FORMAT) {
    try {
      columns = parseFormatList(s.e.env.PS_FORMAT, digits, s.unknown);
    } catch (error) {
      if (!(error instanceof ParseFailure)) throw error;
      writeStderr(`warning: $PS_FORMAT ignored. (${error.message})\n`);
    }
  }
  if (columns.length > 0) {
    if (s.formatFlags) fail('conflicting format options');
    if (s.formatModifiers) fail('can not use output modifiers with user-defined output');
    return { columns, sort };
  }
  return { columns: defaultColumns(s), sort };
}

const spec = (name: string, s: State): Column[] => oneSpec(name, undefined, s.e.pidDigits) ?? [];

/** The standard formats: a BSD macro, or the SysV list built from -f -l -j -F... */
function defaultColumns(s: State): Column[] {
  const macros: Record<number, string> = {
    [FF_Bj]: 'OL_j',
    [FF_Bl]: 'OL_l',
    [FF_Bs]: 'OL_s',
    [FF_Bu]: 'OL_u',
    [FF_Bv]: 'OL_v',
    [FF_LX]: 'OL_X',
    [FF_Lm]: 'OL_m',
    [FF_Fc]: 'FLASK_context',
  };
  const macro = macros[s.formatFlags];
  let columns: Column[];
  if (macro !== undefined) columns = spec(macro, s);
  else if (s.formatFlags === 0 || s.formatFlags === FF_Uf || s.formatFlags === FF_Ul || s.formatFlags === (FF_Uf | FF_Ul)) return sysvColumns(s);
  else return fail('conflicting format options');
  const after = (name: string, heads: string[]) => {
    const at = columns.findIndex((column) => heads.includes(column.name));
    if (at >= 0) columns.splice(at + 1, 0, ...spec(name, s));
    return at >= 0;
  };
  // fmt_delete: the first column of that header goes.
  const remove = (head: string) => {
    const at = columns.findIndex((column) => column.name === head);
    if (at >= 0) columns.splice(at, 1);
  };
  if (s.formatModifiers & FM_j) {
    if (!after('pgid', ['PPID']) && !after('pgid', ['PID'])) fail('internal error: no PID or PPID for -j option');
    if (!after('sid', ['PGID'])) fail('lost my PGID');
  }
  if (s.formatModifiers & FM_y) {
    remove('F');
    if (after('rss', ['ADDR'])) remove('ADDR');
  }
  if (s.formatModifiers & FM_c) {
    for (const head of ['%CPU', 'CPU', 'CP', 'C', 'NI']) remove(head);
    // catastrophic_failure: error_at_line's message, and no BSD retry.
    if (!after('class', ['PRI'])) throw new UsageError('ps:src/ps/sortformat.c:900: internal error: no PRI for -c option\n', 1);
    remove('PRI');
    if (!after('pri', ['CLS'])) fail('lost my CLS');
  }
  if (s.threadFlags & TF_U_T) after('spid', ['PID']);
  if (s.threadFlags & TF_U_L) {
    for (const head of ['SID', 'SESS', 'PGID', 'PGRP', 'PPID', 'PID']) if (after('lwp', [head])) break;
    after('nlwp', ['%CPU']);
  }
  if (s.formatModifiers & FM_M) columns.unshift(...spec('label', s));
  return columns;
}

/** generate_sysv_list: the columns of ps, -f, -l, -F, -j, -L, -T, -y, -c, -P. */
function sysvColumns(s: State): Column[] {
  const f = s.formatFlags & FF_Uf;
  const l = s.formatFlags & FF_Ul;
  const m = s.formatModifiers;
  if (m & FM_y && !l) fail('modifier -y without format -l makes no sense');
  const names: string[] = [];
  const push = (name: string) => names.unshift(name);
  if (s.preferBsd) {
    push(s.formatFlags ? 'cmd' : 'args');
    push('bsdtime');
    if (!l) push('stat');
  } else {
    push(f ? 'cmd' : 'ucmd');
    push('time');
  }
  push('tname');
  if (f) push('stime');
  if (m & FM_F) {
    if (!(m & FM_P)) push('psr');
    if (!(l && m & FM_y)) push('rss');
  }
  if (l) push('wchan');
  if (m & FM_F || l) push('sz');
  if (l) push(m & FM_y ? 'rss' : 'addr_1');
  if (m & FM_c) {
    push('pri');
    push('class');
  } else if (l) {
    push('ni');
    push('opri');
  }
  if (s.threadFlags & TF_U_L && f) push('nlwp');
  if (s.formatFlags & (FF_Uf | FF_Ul) && !(m & FM_c)) push('c');
  if (m & FM_P) push('psr');
  if (s.threadFlags & TF_U_L) push('lwp');
  if (m & FM_j) {
    push('sid');
    push('pgid');
  }
  if (s.formatFlags & (FF_Uf | FF_Ul)) push('ppid');
  if (s.threadFlags & TF_U_T) push('spid');
  push('pid');
  if (f) push('uid_hack');
  else if (l) push('uid');
  if (l) {
    push('s');
    if (!(m & FM_y)) push('f');
  }
  if (m & FM_M) push('label');
  return names.flatMap((name) => spec(name, s));
}

/** select_bits_setup: the table for -a -d a x g, or "all" for BSD "ax". */
function selectBits(s: State): number {
  if (!s.simpleSelect && !s.preferBsd) return 0xaa00;
  const value = s.simpleSelect & (SS_U_a | SS_U_d) ? s.simpleSelect : s.simpleSelect | SS_B_g;
  const table: Record<number, number> = {
    [SS_U_a | SS_U_d]: 0x3f3f,
    [SS_U_a]: 0x0303,
    [SS_U_d]: 0x3333,
    [SS_B_g]: 0x0a0a,
    [SS_B_g | SS_B_a]: 0x0f0f,
    [SS_B_g | SS_B_x]: 0xaaaa,
  };
  if (value === (SS_B_g | SS_B_x | SS_B_a)) {
    s.allProcesses = true;
    s.simpleSelect = 0;
    return 0;
  }
  const bits = table[value];
  if (bits === undefined) fail('process selection options conflict');
  return bits as number;
}

function threadMode(s: State): PsOptions['threads'] {
  const t = s.threadFlags;
  if (!t) return 'none';
  if (s.forest) fail('thread display conflicts with forest display');
  if (t & TF_B_H && t & (TF_B_m | TF_U_m)) fail("thread flags conflict; can't use H with m or -m");
  if (t & TF_B_m && t & TF_U_m) fail("thread flags conflict; can't use both m and -m");
  if (t & TF_U_L && t & TF_U_T) fail("thread flags conflict; can't use both -L and -T");
  if (t & (TF_B_m | TF_U_m)) return 'both';
  if (t & TF_B_H) return 'loose';
  return 'tasks';
}

function attempt(argv: readonly string[], e: ParseEnvironment, forceBsd: boolean, unknown: UnknownSpecifier): PsCommand {
  const s = new State(e, unknown);
  // set_screen_size's complaint, made by reset_global: once, and again for the BSD retry.
  if (s.screenCols < 9 || s.screenRows < 2) writeStderr(`your ${s.screenCols}x${s.screenRows} screen size is bogus. expect trouble\n`);
  s.preferBsd = forceBsd;
  const early = new Parser(argv, s, forceBsd).parseAll();
  if (early) return early;
  const threads = threadMode(s);
  const { columns, sort } = sortAndFormat(s);
  const bits = selectBits(s);
  // choose_dimensions: w gives 132 columns, ww unlimited.
  if (s.wCount && s.screenCols < 132) s.screenCols = 132;
  if (s.wCount > 1) s.screenCols = OUTBUF_SIZE;
  return {
    kind: 'run',
    options: {
      allProcesses: s.allProcesses,
      selectBits: bits,
      simpleSelect: s.simpleSelect !== 0,
      lists: s.lists,
      negate: s.negate,
      runningOnly: s.runningOnly,
      columns,
      sort,
      forest: s.forest,
      header: s.header,
      screenCols: s.screenCols,
      screenRows: s.screenRows,
      threads,
      unixF: s.unixF,
      bsdC: s.bsdC,
      bsdE: s.bsdE,
      cumulative: s.cumulative,
      userIsNumber: s.userIsNumber,
      wchanIsNumber: s.wchanIsNumber,
      json: s.json,
    },
  };
}

/** arg_check_conflicts: -q stands alone. */
function checkQuickPid(options: PsOptions): void {
  const quick = options.lists.filter((node) => node.kind === 'quickPid').length;
  const fatal = (text: string) => {
    throw new UsageError(`${text}\n`, 1);
  };
  if (quick > 1) fatal('q/-q/--quick-pid can only be used once.');
  if (quick && options.lists.length > quick) fatal('q/-q/--quick-pid cannot be combined with other selection options.');
  if (quick && options.forest) fatal('q/-q/--quick-pid cannot be used together with forest type listings.');
  if (quick && options.sort.length) fatal('q/-q,--quick-pid cannot be used together with sort options.');
  if (quick && options.negate) fatal('q/-q/--quick-pid cannot be used together with negation switches.');
}

export function parsePsCommand(argv: readonly string[], e: ParseEnvironment): PsCommand {
  let command: PsCommand;
  const unknown: UnknownSpecifier = { message: null };
  try {
    command = attempt(argv, e, false, unknown);
  } catch (first) {
    if (!(first instanceof ParseFailure)) throw first;
    try {
      command = attempt(argv, e, true, unknown);
    } catch (second) {
      if (!(second instanceof ParseFailure)) throw second;
      throw new UsageError(`error: ${first.message}\n${helpText()}`, 1);
    }
  }
  if (command.kind === 'run') checkQuickPid(command.options);
  return command;
}

