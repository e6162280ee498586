// pt-exporter's command line. There is no classic tool to copy: the options are parsed with the
// getopt_long clone so that they behave like every other ptools command (abbreviations,
// `--name=value`, glibc's diagnostics).
import { UsageError } from '../../core/errors.js';
import { getoptLong, type LongOption } from '../../cli/getopt.js';
import { MAX_TIMER_MS } from '../../util/sleep.js';

export const USAGE = `Usage: pt-exporter [OPTION]...
Serve host and per-process-group metrics to Prometheus.

  -l, --listen=ADDR:PORT     serve /metrics there (default 127.0.0.1:9256)
      --once                 print one scrape to standard output and exit
      --openmetrics          with --once: OpenMetrics 1.0.0 instead of text format 0.0.4
  -t, --textfile=DIR         write DIR/ptools.prom (atomically) every interval instead of serving
  -i, --interval=SECONDS     seconds between textfile writes (default 15)
      --min-interval=SECONDS reuse a snapshot younger than this for every scrape (default 1)
      --timeout=SECONDS      drop a client that has not sent its whole request in this time
                             (default 10)
  -g, --group-by=KEY         group processes by comm, user or cgroup (default comm)
  -m, --match=REGEX          only processes whose comm matches REGEX (JavaScript syntax)
  -n, --top=N                per metric, the N largest groups; the rest summed as "other"
                             (default 20, 0 for every group)
      --no-processes         host metrics only
  -h, --help                 display this help and exit
  -V, --version              output version information and exit

See pt-exporter(1) for every metric and its source.
`;

export type GroupBy = 'comm' | 'user' | 'cgroup';

export interface ExporterOptions {
  readonly host: string;
  readonly port: number;
  readonly mode: 'serve' | 'once' | 'textfile';
  readonly openMetrics: boolean;
  readonly textfileDir: string | null;
  /** Milliseconds. */
  readonly intervalMs: number;
  readonly minIntervalMs: number;
  /** The server's headers and request timeout, milliseconds. */
  readonly timeoutMs: number;
  readonly groupBy: GroupBy;
  readonly match: RegExp | null;
  /** 0: no limit. */
  readonly top: number;
  readonly processes: boolean;
}

export type ExporterCommand =
  | { readonly kind: 'run'; readonly options: ExporterOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' };

const LONG_OPTIONS: readonly LongOption[] = [
  { name: 'listen', argument: 'required', key: 'l' },
  { name: 'once', argument: 'none', key: 'once' },
  { name: 'openmetrics', argument: 'none', key: 'openmetrics' },
  { name: 'textfile', argument: 'required', key: 't' },
  { name: 'interval', argument: 'required', key: 'i' },
  { name: 'min-interval', argument: 'required', key: 'min-interval' },
  { name: 'timeout', argument: 'required', key: 'timeout' },
  { name: 'group-by', argument: 'required', key: 'g' },
  { name: 'match', argument: 'required', key: 'm' },
  { name: 'top', argument: 'required', key: 'n' },
  { name: 'no-processes', argument: 'none', key: 'no-processes' },
  { name: 'help', argument: 'none', key: 'h' },
  { name: 'version', argument: 'none', key: 'V' },
];

const fail = (message: string): never => {
  throw new UsageError(`pt-exporter: ${message}\nTry 'pt-exporter --help' for more information.\n`, 2);
};

/**
 * SECONDS as whole milliseconds within what a timer can wait: a value that rounds to 0 ms (unless
 * `allowZero`) or beyond MAX_TIMER_MS is refused, as it would have made the textfile loop spin.
 */
function seconds(option: string, text: string, allowZero: boolean): number {
  const ms = /^\d+(\.\d+)?$/.test(text) ? Math.round(Number(text) * 1000) : NaN;
  if (!(ms >= (allowZero ? 0 : 1) && ms <= MAX_TIMER_MS)) fail(`invalid ${option} '${text}'`);
  return ms;
}

/** ADDR:PORT, [IPv6]:PORT or :PORT (every address). */
export function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) return fail(`invalid listen address '${text}' (ADDR:PORT)`);
  const host = match[1] ?? match[2] ?? '';
  return { host: host === '' ? '::' : host, port };
}

export function parseExporterCommand(argv: readonly string[]): ExporterCommand {
  const parsed = getoptLong(argv, { program: 'pt-exporter', shortOptions: 'l:t:i:g:m:n:hV', longOptions: LONG_OPTIONS });
  let listen = { host: '127.0.0.1', port: 9256 };
  let once = false;
  let openMetrics = false;
  let textfileDir: string | null = null;
  let intervalMs = 15000;
  let minIntervalMs = 1000;
  let timeoutMs = 10000;
  let groupBy: GroupBy = 'comm';
  let match: RegExp | null = null;
  let top = 20;
  let processes = true;
  for (const { key, value = '' } of parsed.options) {
    switch (key) {
      case 'l':
        listen = parseListen(value);
        break;
      case 'once':
        once = true;
        break;
      case 'openmetrics':
        openMetrics = true;
        break;
      case 't':
        if (value === '') fail('empty textfile directory');
        textfileDir = value;
        break;
      case 'i':
        intervalMs = seconds('interval', value, false);
        break;
      case 'min-interval':
        minIntervalMs = seconds('min-interval', value, true);
        break;
      case 'timeout':
        timeoutMs = seconds('timeout', value, false);
        break;
      case 'g':
        if (value !== 'comm' && value !== 'user' && value !== 'cgroup') fail(`invalid group-by '${value}' (comm, user or cgroup)`);
        groupBy = value as GroupBy;
        break;
      case 'm':
        try {
          match = new RegExp(value);
        } catch {
          fail(`invalid match regular expression '${value}'`);
        }
        break;
      case 'n':
        if (!/^\d{1,6}$/.test(value)) fail(`invalid top '${value}'`);
        top = Number(value);
        break;
      case 'no-processes':
        processes = false;
        break;
      case 'h':
        return { kind: 'help' };
      case 'V':
        return { kind: 'version' };
    }
  }
  if (parsed.error !== undefined) fail(parsed.error.replace(/^pt-exporter: /, ''));
  if (parsed.operands.length > 0) fail(`unexpected argument '${parsed.operands[0]}'`);
  if (once && textfileDir !== null) fail('--once and --textfile exclude each other');
  if (openMetrics && !once) fail('--openmetrics goes with --once (a server asks the scraper)');
  const mode = once ? 'once' : textfileDir !== null ? 'textfile' : 'serve';
  return {
    kind: 'run',
    options: { ...listen, mode, openMetrics, textfileDir, intervalMs, minIntervalMs, timeoutMs, groupBy, match, top, processes },
  };
}
