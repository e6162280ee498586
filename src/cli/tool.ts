// What a command receives, and the table of commands. Each command's module is loaded only when
// that command runs, so one command's start-up never pays for another's code.
import type { ProcfsContext } from '../core/procfs.js';
import type { Output } from '../format/writer.js';

export interface ToolContext {
  readonly output: Output;
  readonly procfs: ProcfsContext;
  readonly env: NodeJS.ProcessEnv;
  readonly version: string;
}

export type ToolMain = (argv: readonly string[], tool: ToolContext) => Promise<void>;

export interface ToolEntry {
  /** The classic tool's name: `ptools NAME`, `pt-NAME` and a symlink named NAME all run it. */
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<ToolMain>;
}

export const TOOLS: readonly ToolEntry[] = [
  {
    name: 'free',
    summary: 'amount of free and used memory (procps-ng free)',
    load: async () => (await import('../tools/free/index.js')).runFree,
  },
];

export function findTool(name: string): ToolEntry | undefined {
  return TOOLS.find((tool) => tool.name === name);
}
