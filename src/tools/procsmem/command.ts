// pt-procsmem's command line. psutil's procsmem.py takes no arguments; ours takes --json and
// --help, and refuses anything else the way argparse does (status 2).
import { UsageError } from '../../core/errors.js';

export const USAGE = `usage: procsmem [-h] [--json]

Show the memory of every process that can be read, sorted by USS: the unique set size
(memory freed if the process exited), the proportional set size and swap.

options:
  -h, --help  show this help message and exit
  --json      print the rows as JSON
`;

export type ProcsmemCommand = { readonly kind: 'run'; readonly json: boolean } | { readonly kind: 'help' };

export function parseProcsmemCommand(argv: readonly string[]): ProcsmemCommand {
  let json = false;
  const unknown: string[] = [];
  for (const arg of argv) {
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '--json') json = true;
    else unknown.push(arg);
  }
  if (unknown.length > 0) {
    throw new UsageError(`usage: procsmem [-h] [--json]\nprocsmem: error: unrecognized arguments: ${unknown.join(' ')}\n`, 2);
  }
  return { kind: 'run', json };
}
