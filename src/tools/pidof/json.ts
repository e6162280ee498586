// pidof --json: the pids as a list of numbers (empty with -q, which prints nothing).
export function pidofJson(pids: readonly number[], quiet: boolean): number[] {
  return quiet ? [] : [...pids];
}
