// A smem fixture tree as smem reads it: copied to a temporary directory with the owners recorded
// in its `owners` file applied to each /proc/PID directory (git keeps no owners).
import { chownSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

/**
 * Every /proc/PID/smaps of the smem fixture trees, all in the kernel's layout: smem-live as read
 * from /proc, smem-crafted and smem-nopss written as show_map_vma and __show_smap print.
 */
export function fixtureSmapsFiles(): string[] {
  return ['smem-live', 'smem-crafted', 'smem-nopss'].flatMap((tree) => {
    const dir = join(FIXTURES, tree, 'proc');
    return readdirSync(dir)
      .filter((entry) => /^\d+$/.test(entry) && existsSync(join(dir, entry, 'smaps')))
      .map((entry) => join(dir, entry, 'smaps'));
  });
}
