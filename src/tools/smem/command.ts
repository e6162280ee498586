// smem 1.5's command line: Python optparse with smem's options, its help text and its errors
// (usage line, `smem: error: ...`, exit 2). --json and --output are ptools' additions; neither
// shares a prefix with smem's own long options, so every abbreviation smem accepts still works.
import { UsageError } from '../../core/errors.js';
import { parseOptparse, type PyOption } from '../../cli/optparse.js';

export const USAGE = `Usage: smem [options]

Options:
  -h, --help            show this help message and exit
  -H, --no-header       disable header line
  -c COLUMNS, --columns=COLUMNS
                        columns to show
  -t, --totals          show totals
  -a, --autosize        size columns to fit terminal size
  -R REALMEM, --realmem=REALMEM
                        amount of physical RAM
  -K KERNEL, --kernel=KERNEL
                        path to kernel image
  -m, --mappings        show mappings
  -u, --users           show users
  -w, --system          show whole system
  -P PROCESSFILTER, --processfilter=PROCESSFILTER
                        process filter regex
  -M MAPFILTER, --mapfilter=MAPFILTER
                        map filter regex
  -U USERFILTER, --userfilter=USERFILTER
                        user filter regex
  -n, --numeric         numeric output
  -s SORT, --sort=SORT  field to sort on
  -r, --reverse         reverse sort
  -p, --percent         show percentage
  -k, --abbreviate      show unit suffixes
  --pie=PIE             show pie graph
  --bar=BAR             show bar graph
  -S SOURCE, --source=SOURCE
                        /proc data source
`;

export type SmemView = 'processes' | 'users' | 'mappings' | 'system';

export interface SmemOptions {
  readonly view: SmemView;
  readonly noHeader: boolean;
  /** -c as given (split on whitespace later); null or '' means the view's default columns. */
  readonly columns: string | null;
  readonly totals: boolean;
  readonly autosize: boolean;
  /** -R: physical RAM with a unit (1024M), for -w's firmware line and percentages. */
  readonly realmem: string | null;
  /** -K: kernel image whose loaded size is -w's "kernel image" line. */
  readonly kernel: string | null;
  /** Regex filters; '' filters nothing, as in smem. */
  readonly processFilter: string | null;
  readonly mapFilter: string | null;
  readonly userFilter: string | null;
  readonly numeric: boolean;
  readonly sort: string | null;
  readonly reverse: boolean;
  readonly percent: boolean;
  readonly abbreviate: boolean;
  readonly pie: string | null;
  readonly bar: string | null;
  /** -S: a directory holding proc/, or a tarball of PID/ entries; null reads the live /proc. */
  readonly source: string | null;
  readonly json: boolean;
  /** Where --pie/--bar write their SVG. */
  readonly output: string | null;
}

export type SmemCommand = { readonly kind: 'run'; readonly options: SmemOptions } | { readonly kind: 'help' };

const option = (key: string, short: string | undefined, long: string, takesValue: boolean): PyOption =>
  short === undefined ? { key, long, takesValue } : { key, short, long, takesValue };

const OPTIONS: readonly PyOption[] = [
  option('noHeader', '-H', '--no-header', false),
  option('columns', '-c', '--columns', true),
  option('totals', '-t', '--totals', false),
  option('autosize', '-a', '--autosize', false),
  option('realmem', '-R', '--realmem', true),
  option('kernel', '-K', '--kernel', true),
  option('mappings', '-m', '--mappings', false),
  option('users', '-u', '--users', false),
  option('system', '-w', '--system', false),
  option('processFilter', '-P', '--processfilter', true),
  option('mapFilter', '-M', '--mapfilter', true),
  option('userFilter', '-U', '--userfilter', true),
  option('numeric', '-n', '--numeric', false),
  option('sort', '-s', '--sort', true),
  option('reverse', '-r', '--reverse', false),
  option('percent', '-p', '--percent', false),
  option('abbreviate', '-k', '--abbreviate', false),
  option('pie', undefined, '--pie', true),
  option('bar', undefined, '--bar', true),
  option('source', '-S', '--source', true),
  option('json', undefined, '--json', false),
  option('output', undefined, '--output', true),
];

const HELP = option('help', '-h', '--help', false);

/** smem takes no operands and ignores any it is given (optparse collects them; smem never looks). */
export function parseSmemCommand(argv: readonly string[]): SmemCommand {
  const parsed = parseOptparse(argv, OPTIONS, HELP);
  if (parsed.kind === 'help') return parsed;
  if (parsed.kind === 'error') throw new UsageError(`Usage: smem [options]\n\nsmem: error: ${parsed.message}\n`, 2);
  const { values } = parsed;
  const flag = (key: string) => values.get(key) === true;
  const text = (key: string) => {
    const value = values.get(key);
    return typeof value === 'string' ? value : null;
  };
  const view: SmemView = flag('mappings') ? 'mappings' : flag('users') ? 'users' : flag('system') ? 'system' : 'processes';
  return {
    kind: 'run',
    options: {
      view,
      noHeader: flag('noHeader'),
      columns: text('columns'),
      totals: flag('totals'),
      autosize: flag('autosize'),
      realmem: text('realmem'),
      kernel: text('kernel'),
      processFilter: text('processFilter'),
      mapFilter: text('mapFilter'),
      userFilter: text('userFilter'),
      numeric: flag('numeric'),
      sort: text('sort'),
      reverse: flag('reverse'),
      percent: flag('percent'),
      abbreviate: flag('abbreviate'),
      pie: text('pie'),
      bar: text('bar'),
      source: text('source'),
      json: flag('json'),
      output: text('output'),
    },
  };
}
