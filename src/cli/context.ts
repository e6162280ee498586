// What a command receives from the dispatcher. Commands import this, never the table of
// commands (src/cli/tool.ts), which imports every command.
import type { ProcfsContext } from '../core/procfs.js';
import type { Output } from '../format/writer.js';

export interface ToolContext {
  readonly output: Output;
  readonly procfs: ProcfsContext;
  readonly env: NodeJS.ProcessEnv;
  readonly version: string;
}

export type ToolMain = (argv: readonly string[], tool: ToolContext) => Promise<void>;
