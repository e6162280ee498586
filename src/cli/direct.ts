// A command run from its own bin shim (`pt-free`): its bundle (dist/tools/NAME.cjs) holds this
// runner with the command, so the shim loads that one bundle and never the dispatcher
// (dist/main.cjs), whose table, loading and compilation would be paid again on every run.
import { rawArguments } from './argv.js';
import { runTool } from './run.js';
import { findTool } from './tool.js';

/** Runs the command NAME, whose bundle this is, on the process's arguments. */
export function runNamed(name: string): Promise<void> {
  const entry = findTool(name);
  if (!entry) throw new Error(`no command named ${name}`);
  return runTool(entry, rawArguments(process.argv.slice(2)));
}
