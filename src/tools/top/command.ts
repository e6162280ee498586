// top's command line in batch mode, parsed as procps-ng 4.0.2's parse_args does: getopt_long
// "bcd:E:e:Hhin:Oo:p:SsU:u:Vw::1" plus top's own fix-up, which takes the next argument when it does
// not start with '-' as the value of any option given without one (so `-b 5` is an error and
// `-w 120` a width), drops a leading '='; every message is top's, and a bad option ends with status
// 0 after getopt's diagnostic, as top's bye_bye does.
import { UsageError } from '../../core/errors.js';
import { strtoul } from '../../util/number.js';

export const USAGE = `
Usage:
 top [options]

Options:
 -b, --batch-mode                run in non-interactive batch mode
 -c, --cmdline-toggle            reverse last remembered 'c' state
 -d, --delay =SECS [.TENTHS]     iterative delay as SECS [.TENTHS]
 -E, --scale-summary-mem =SCALE  set mem as: k,m,g,t,p,e for SCALE
 -e, --scale-task-mem =SCALE     set mem with: k,m,g,t,p for SCALE
 -H, --threads-show              show tasks plus all their threads
 -i, --idle-toggle               reverse last remembered 'i' state
 -n, --iterations =NUMBER        exit on maximum iterations NUMBER
 -O, --list-fields               output all field names, then exit
 -o, --sort-override =FIELD      force sorting on this named FIELD
 -p, --pid =PIDLIST              monitor only the tasks in PIDLIST
 -S, --accum-time-toggle         reverse last remembered 'S' state
 -s, --secure-mode               run with secure mode restrictions
 -U, --filter-any-user =USER     show only processes owned by USER
 -u, --filter-only-euser =USER   show only processes owned by USER
 -w, --width [=COLUMNS]          change print width [,use COLUMNS]
 -1, --single-cpu-toggle         reverse last remembered '1' state

 -h, --help                      display this help text, then exit
 -V, --version                   output version information & exit

For more details see top(1).
`;

/** top's field names (-O lists them, -o takes one), in Fieldstab order. */
export const FIELD_NAMES = [
  'PID', 'PPID', 'UID', 'USER', 'RUID', 'RUSER', 'SUID', 'SUSER', 'GID', 'GROUP', 'PGRP', 'TTY', 'TPGID', 'SID', 'PR', 'NI', 'nTH', 'P', '%CPU', 'TIME', 'TIME+',
  '%MEM', 'VIRT', 'SWAP', 'RES', 'CODE', 'DATA', 'SHR', 'nMaj', 'nMin', 'nDRT', 'S', 'COMMAND', 'WCHAN', 'Flags', 'CGROUPS', 'SUPGIDS', 'SUPGRPS', 'TGID', 'OOMa',
  'OOMs', 'ENVIRON', 'vMj', 'vMn', 'USED', 'nsIPC', 'nsMNT', 'nsNET', 'nsPID', 'nsUSER', 'nsUTS', 'LXC', 'RSan', 'RSfd', 'RSlk', 'RSsh', 'CGNAME', 'NU', 'LOGID',
  'EXE', 'RSS', 'PSS', 'PSan', 'PSfd', 'PSsh', 'USS', 'ioR', 'ioRop', 'ioW', 'ioWop', 'AGID', 'AGNI', 'STARTED', 'ELAPSED', '%CUU', '%CUC', 'nsCGROUP', 'nsTIME',
] as const;

/** The fields of top's default window, which are the ones pt-top shows. */
export const SHOWN_FIELDS = ['PID', 'USER', 'PR', 'NI', 'VIRT', 'RES', 'SHR', 'S', '%CPU', '%MEM', 'TIME+', 'COMMAND'] as const;
export type ShownField = (typeof SHOWN_FIELDS)[number];
/** Any field of top's table: -o sorts on it whether it is shown or not. */
export type FieldName = (typeof FIELD_NAMES)[number];

export type UserFilter = { readonly kind: 'effective' | 'any'; readonly uid: number; readonly match: boolean };

export interface TopOptions {
  /** Frames to print; Infinity when -n is not given. */
  readonly iterations: number;
  /** Seconds between frames. */
  readonly delay: number;
  readonly cmdline: boolean;
  readonly idle: boolean;
  readonly cumulative: boolean;
  /** Summary memory unit: 0 KiB ... 5 EiB (-E); the default MiB. */
  readonly summaryScale: number;
  /** Task memory unit: 0 KiB ... 4 PiB (-e). */
  readonly taskScale: number;
  readonly sortField: FieldName;
  /** Largest first unless -o's field began with '-'. */
  readonly descending: boolean;
  readonly pids: readonly number[];
  readonly user: UserFilter | null;
  /** -w: null to use the default 80 columns, else the width (COLUMNS or 512 for a bare -w). */
  readonly width: number | 'env' | null;
  readonly json: boolean;
  /** -b: without it top is interactive, which pt-top is not. */
  readonly batch: boolean;
  /** -H: one line per thread. */
  readonly threads: boolean;
  /** -1 (a toggle): a line per CPU in place of %Cpu(s). */
  readonly perCpu: boolean;
}

/**
 * What top does besides running. Each ends in bye_bye, which ends batch output with a newline
 * of its own: `batch` is whether -b came before.
 */
export type TopCommand =
  | { readonly kind: 'run'; readonly options: TopOptions }
  | { readonly kind: 'help'; readonly batch: boolean }
  | { readonly kind: 'version'; readonly batch: boolean }
  | { readonly kind: 'fields'; readonly batch: boolean }
  /** getopt complained; top exits with status 0. */
  | { readonly kind: 'getopt-error'; readonly message: string; readonly batch: boolean };

interface LongSpec {
  readonly name: string;
  readonly key: string;
  readonly argument: 'none' | 'required' | 'optional';
}

const LONG: readonly LongSpec[] = [
  { name: 'batch-mode', key: 'b', argument: 'none' },
  { name: 'cmdline-toggle', key: 'c', argument: 'none' },
  { name: 'delay', key: 'd', argument: 'required' },
  { name: 'scale-summary-mem', key: 'E', argument: 'required' },
  { name: 'scale-task-mem', key: 'e', argument: 'required' },
  { name: 'threads-show', key: 'H', argument: 'none' },
  { name: 'help', key: 'h', argument: 'none' },
  { name: 'idle-toggle', key: 'i', argument: 'none' },
  { name: 'iterations', key: 'n', argument: 'required' },
  { name: 'list-fields', key: 'O', argument: 'none' },
  { name: 'sort-override', key: 'o', argument: 'required' },
  { name: 'pid', key: 'p', argument: 'required' },
  { name: 'accum-time-toggle', key: 'S', argument: 'none' },
  { name: 'secure-mode', key: 's', argument: 'none' },
  { name: 'filter-any-user', key: 'U', argument: 'required' },
  { name: 'filter-only-euser', key: 'u', argument: 'required' },
  { name: 'version', key: 'V', argument: 'none' },
  { name: 'width', key: 'w', argument: 'optional' },
  { name: 'single-cpu-toggle', key: '1', argument: 'none' },
  // ptools' addition.
  { name: 'json', key: 'json', argument: 'none' },
];

const SHORT = 'bcd:E:e:Hhin:Oo:p:SsU:u:Vw::1';

function shortSpec(letter: string): 'none' | 'required' | 'optional' | undefined {
  const at = SHORT.indexOf(letter);
  if (at < 0 || letter === ':') return undefined;
  if (SHORT[at + 1] !== ':') return 'none';
  return SHORT[at + 2] === ':' ? 'optional' : 'required';
}

const fail = (message: string): never => {
  throw new UsageError(`top: ${message}\n`, 1);
};

/** mkfloat(): strtol base 0 for whole numbers, else strtof with '.' or ',' as the point; below INT_MAX. */
export function mkfloat(text: string, whole: boolean): number | null {
  if (whole) {
    const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(text);
    if (!m) return null;
    const digits = m[2] as string;
    const value = /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.length > 1 && digits.startsWith('0') ? parseInt(digits, 8) : Number(digits);
    const num = Math.fround(m[1] === '-' ? -value : value);
    return num < 2147483647 ? num : null;
  }
  const num = strtofWhole(text) ?? strtofWhole(text.replace(/[.,]/, (c) => (c === '.' ? ',' : '.')));
  return num !== null && num < 2147483647 ? num : null;
}

/** strtof() when it takes all of the text: decimal, hexadecimal ("0x1.8p1"), inf or nan; else null. */
function strtofWhole(text: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP]([+-]?\d+))?|(inf(?:inity)?)|(nan(?:\([0-9A-Za-z_]*\))?))$/i.exec(text);
  if (!m) return null;
  const [, sign, decimal, hex, power, infinity] = m;
  let value: number;
  if (decimal !== undefined) value = Number(decimal);
  else if (hex !== undefined) {
    const [whole = '', fraction = ''] = hex.split('.');
    value = (parseInt(whole || '0', 16) + (fraction ? parseInt(fraction, 16) / 16 ** fraction.length : 0)) * 2 ** Number(power ?? 0);
  } else value = infinity !== undefined ? Infinity : NaN;
  return Math.fround(sign === '-' ? -value : value);
}

/**
 * user_certify(): the user of -u/-U, '!' negating it. What strtoul takes whole is a uid, known
 * or not (negative numbers wrap, and an empty rest is uid 0: "!" alone is everyone but root);
 * anything else must be a user's name.
 */
function userFilter(text: string, kind: UserFilter['kind'], lookup: (name: string) => number | null): UserFilter | null {
  if (text === '') return null;
  const match = !text.startsWith('!');
  const rest = match ? text : text.slice(1);
  const [value, used] = strtoul(rest, 0);
  if (used === rest.length) return { kind, uid: Number(BigInt.asUintN(32, value)), match };
  const uid = lookup(rest);
  if (uid === null) return fail('Invalid user');
  return { kind, uid, match };
}

interface Parsed {
  key: string;
  value: string | null;
  /** The fix-up looked past the last argument for a value (top's "-X argument missing"). */
  missing: boolean;
}

/**
 * The options in order as glibc hands them to top, with top's fix-up applied: an option without a
 * value takes the next argument when that does not start with '-'. Non-options left over end the
 * parse with "unknown option".
 */
function scan(argv: readonly string[]): { options: Parsed[]; leftover: string | null; error?: string } {
  const options: Parsed[] = [];
  let leftover: string | null = null;
  // parse_args' fix-up of getopt: an option without a value takes the next argument when that
  // does not start with '-'; a value loses a leading '=', and one left empty takes the next
  // argument whatever it is, or is missing when there is none.
  const fixup = (key: string, given: string | null, at: number): number => {
    let i = at;
    let value = given;
    const next = argv[i + 1];
    if (value === null && next !== undefined && !next.startsWith('-')) value = argv[++i] as string;
    if (value !== null && value.startsWith('=')) value = value.slice(1);
    if (value === '') {
      i++;
      value = argv[i] ?? null;
      if (value === null) {
        options.push({ key, value, missing: true });
        return i;
      }
    }
    options.push({ key, value, missing: false });
    return i;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      leftover ??= argv[i + 1] ?? null;
      break;
    }
    if (arg.startsWith('--')) {
      const [name = '', attached] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const exact = LONG.find((o) => o.name === name);
      const candidates = exact ? [exact] : LONG.filter((o) => o.name.startsWith(name));
      if (candidates.length !== 1) {
        if (candidates.length === 0) return { options, leftover, error: `top: unrecognized option '${arg}'` };
        const list = candidates.map((o) => ` '--${o.name}'`).join('');
        return { options, leftover, error: `top: option '${arg}' is ambiguous; possibilities:${list}` };
      }
      const spec = candidates[0] as LongSpec;
      if (spec.argument === 'none' && attached !== undefined) return { options, leftover, error: `top: option '--${spec.name}' doesn't allow an argument` };
      let value: string | null = attached ?? null;
      if (value === null && spec.argument === 'required') {
        if (i + 1 >= argv.length) return { options, leftover, error: `top: option '--${spec.name}' requires an argument` };
        value = argv[++i] as string;
      }
      i = fixup(spec.key, value, i);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let k = 1; k < arg.length; k++) {
        const letter = arg[k] as string;
        const spec = shortSpec(letter);
        if (spec === undefined) return { options, leftover, error: `top: invalid option -- '${letter}'` };
        if (spec === 'none') {
          if (k + 1 === arg.length) i = fixup(letter, null, i);
          else options.push({ key: letter, value: null, missing: false });
          continue;
        }
        let value: string | null = arg.slice(k + 1) || null;
        if (value === null && spec === 'required') {
          if (i + 1 >= argv.length) return { options, leftover, error: `top: option requires an argument -- '${letter}'` };
          value = argv[++i] as string;
        }
        i = fixup(letter, value, i);
        break;
      }
      continue;
    }
    leftover ??= arg;
  }
  return { options, leftover };
}

export function parseTopCommand(argv: readonly string[], lookupUser: (name: string) => number | null): TopCommand {
  const { options: parsed, leftover, error } = scan(argv);
  let iterations = Infinity;
  let delay: number | null = null;
  let secure = false;
  const o = { cmdline: false, idle: true, cumulative: false, json: false, batch: false, threads: false, perCpu: false };
  let summaryScale = 1;
  let taskScale = 0;
  let sortField: FieldName = '%CPU';
  let descending = true;
  const pids: number[] = [];
  let user: UserFilter | null = null;
  let width: TopOptions['width'] = null;

  for (const { key, value: cp, missing } of parsed) {
    if (missing) return fail(`-${key} argument missing`);
    const value = cp ?? '';
    // Options that take no value fail on one given to them by the fix-up.
    const takesValue = 'dEenopUuw'.includes(key);
    switch (key) {
      case '1':
        // The same as the interactive '1': View_CPUSUM toggled.
        o.perCpu = !o.perCpu;
        break;
      case 'b':
        o.batch = true;
        break;
      case 'c':
        o.cmdline = !o.cmdline;
        break;
      case 'd': {
        const d = mkfloat(value, false);
        if (d === null) fail(`bad delay interval '${value}'`);
        else if (d < 0) fail('-d requires positive argument');
        else delay = d;
        break;
      }
      case 'E':
      case 'e': {
        const units = key === 'E' ? 'kmgtpe' : 'kmgtp';
        const at = value.length === 1 ? units.indexOf(value.toLowerCase()) : -1;
        if (at < 0) fail(`bad memory scaling arg '${value}'`);
        if (key === 'E') summaryScale = at;
        else taskScale = at;
        break;
      }
      case 'H':
        // Thread_mode = 1: set, not toggled.
        o.threads = true;
        break;
      case 'h':
        return { kind: 'help', batch: o.batch };
      case 'i':
        o.idle = !o.idle;
        break;
      case 'n': {
        const n = mkfloat(value, true);
        if (n === null || n < 1) fail(`bad iterations argument '${value}'`);
        else iterations = Math.trunc(n);
        break;
      }
      case 'O':
        return { kind: 'fields', batch: o.batch };
      case 'o': {
        let name = value;
        if (name.startsWith('+')) {
          descending = true;
          name = name.slice(1);
        } else if (name.startsWith('-')) {
          descending = false;
          name = name.slice(1);
        }
        if (!(FIELD_NAMES as readonly string[]).includes(name)) fail(`unrecognized field name '${name}'`);
        sortField = name as FieldName;
        break;
      }
      case 'p': {
        if (user) fail('conflicting process selections (U/p/u)');
        let rest = value;
        for (;;) {
          if (pids.length >= 20) fail('pid limit (20) exceeded');
          const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(rest);
          if (!m || /[+.-]/.test(rest)) fail(`bad pid '${rest}'`);
          let pid = Number((m as RegExpExecArray)[1]) | 0;
          if (pid === 0) pid = process.pid;
          if (!pids.includes(pid)) pids.push(pid);
          const comma = rest.indexOf(',');
          if (comma < 0) break;
          rest = rest.slice(comma + 1);
          if (rest === '') break;
        }
        break;
      }
      case 'S':
        o.cumulative = !o.cumulative;
        break;
      case 's':
        secure = true;
        break;
      case 'U':
      case 'u':
        if (pids.length > 0 || user) fail('conflicting process selections (U/p/u)');
        user = userFilter(value, key === 'u' ? 'effective' : 'any', lookupUser);
        break;
      case 'V':
        return { kind: 'version', batch: o.batch };
      case 'w': {
        if (cp !== null) {
          const w = mkfloat(cp, true);
          if (w === null || w < 3 || w > 512) fail(`bad width arg '${cp}'`);
          else width = Math.trunc(w);
        } else width = 'env';
        break;
      }
      case 'json':
        o.json = true;
        break;
    }
    if (!takesValue && cp !== null) fail(`unknown option '${cp}'`);
  }
  if (error !== undefined) return { kind: 'getopt-error', message: error, batch: o.batch };
  if (leftover !== null) fail(`unknown option '${leftover}'`);
  if (delay !== null && secure) fail('-d disallowed in "secure" mode');
  return {
    kind: 'run',
    options: { iterations, delay: delay ?? 3, ...o, summaryScale, taskScale, sortField, descending, pids, user, width },
  };
}
