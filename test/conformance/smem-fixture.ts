// A smem fixture tree as smem reads it: copied to a temporary directory with the owners recorded
// in its `owners` file applied to each /proc/PID directory (git keeps no owners).
import { chownSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from './harness.js';

export interface Materialized {
  /** The directory to give smem's -S (it holds proc/). */
  readonly dir: string;
  readonly remove: () => void;
}

export function materialize(fixture: string): Materialized {
  const dir = mkdtempSync(join(tmpdir(), `${fixture}-`));
  cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  for (const line of readFileSync(join(dir, 'owners'), 'utf8').split('\n')) {
    const [pid, uid] = line.split(' ').map(Number);
    if (pid !== undefined && uid !== undefined && !Number.isNaN(uid)) chownSync(join(dir, 'proc', String(pid)), uid, 0);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
