// Reads the same files of many processes at once through the addon's thread pool, and seeds
// each Process's cache with them. A file that could not be read is left out: the Process then
// reads it itself and raises the error its getter would.
import { binding } from '../native.js';
import type { Process, ProcFile } from './process.js';

export function prefetch(processes: readonly Process[], files: readonly ProcFile[]): void {
  if (processes.length === 0 || files.length === 0) return;
  const [first] = processes;
  const pids = Int32Array.from(processes, (process) => process.pid);
  const { data, offsets } = binding().readProcFiles((first as Process).ctx.proc, pids, [...files]);
  processes.forEach((process, i) => {
    files.forEach((file, j) => {
      const k = i * files.length + j;
      const start = offsets[2 * k] as number;
      const length = offsets[2 * k + 1] as number;
      if (length >= 0) process.prime(file, data.subarray(start, start + length));
    });
  });
}
