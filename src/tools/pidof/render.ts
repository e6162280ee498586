// pidof's one line: the pids joined by the separator character, a newline after the last.
export function renderPidof(pids: readonly number[], separator: string): string {
  return pids.length === 0 ? '' : `${pids.join(separator)}\n`;
}
