// Reads the same files of many processes at once through the addon's thread pool, and seeds
// each Process's cache with them. A file that could not be read is left out: the Process then
// reads it itself and raises the error its getter would.
import type { ProcFiles } from '../../../native/index.js';
import { binding } from '../native.js';
import type { Process, ProcFile } from './process.js';

function prime(processes: readonly Process[], files: readonly ProcFile[], { data, offsets }: ProcFiles): void {
  processes.forEach((process, i) => {
    files.forEach((file, j) => {
      const k = i * files.length + j;
      const start = offsets[2 * k] as number;
      const length = offsets[2 * k + 1] as number;
      if (length >= 0) process.prime(file, data.subarray(start, start + length));
    });
  });
}

const pidsOf = (processes: readonly Process[]) => Int32Array.from(processes, (process) => process.pid);

export function prefetch(processes: readonly Process[], files: readonly ProcFile[]): void {
  const [first] = processes;
  if (!first || files.length === 0) return;
  prime(processes, files, binding().readProcFiles(first.ctx.proc, pidsOf(processes), [...files]));
}
