// uptime's command line as procps-ng 4.0.2 parses it (getopt_long "phsV"): options act as
// getopt meets them, so -s prints the boot time and ends uptime before a later bad option.
import { UsageError } from '../../core/errors.js';
import { getoptLong } from '../../cli/getopt.js';

export const USAGE = `
Usage:
 uptime [options]

Options:
 -p, --pretty   show uptime in pretty format
 -h, --help     display this help and exit
 -s, --since    system up since
 -V, --version  output version information and exit

For more details see uptime(1).
`;

export type UptimeCommand =
  | { readonly kind: 'run'; readonly pretty: boolean; readonly json: boolean }
  | { readonly kind: 'since'; readonly json: boolean }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' };

export function parseUptimeCommand(argv: readonly string[]): UptimeCommand {
  const parsed = getoptLong(argv, {
    program: 'uptime',
    shortOptions: 'phsV',
    longOptions: [
      { name: 'pretty', argument: 'none', key: 'p' },
      { name: 'help', argument: 'none', key: 'h' },
      { name: 'since', argument: 'none', key: 's' },
      { name: 'version', argument: 'none', key: 'V' },
      // ptools' addition.
      { name: 'json', argument: 'none', key: 'json' },
    ],
  });
  let pretty = false;
  // ptools' --json also shapes -s, which ends the scan where it stands (as uptime prints at once).
  const json = parsed.options.some(({ key }) => key === 'json');
  for (const { key } of parsed.options) {
    if (key === 'p') pretty = true;
    else if (key === 'h') return { kind: 'help' };
    else if (key === 'V') return { kind: 'version' };
    else if (key === 's') return { kind: 'since', json };
  }
  if (parsed.error !== undefined) throw new UsageError(`${parsed.error}\n${USAGE}`, 1);
  if (parsed.operands.length > 0) throw new UsageError(USAGE, 1);
  return { kind: 'run', pretty, json };
}
