// Mounted filesystems: /proc/PID/mounts lines (fs/proc_namespace.c show_vfsmnt: device, mount
// point, type, options, with space, tab, newline and backslash written as \ooo octal) and
// statfs(2) of each, read off the JavaScript thread.
import { promises } from 'node:fs';

export interface MountEntry {
  /** Byte strings (latin1), unescaped. */
  readonly device: string;
  readonly mountPoint: string;
  readonly fsType: string;
  readonly options: readonly string[];
}

/** The kernel's mangle(): \ooo for the four characters that would break the line's fields. */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-3][0-7]{2})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

export function parseMounts(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    if (fields.length < 4) continue;
    entries.push({
      device: unescapeMountField(fields[0] as string),
      mountPoint: unescapeMountField(fields[1] as string),
      fsType: unescapeMountField(fields[2] as string),
      options: (fields[3] as string).split(','),
    });
  }
  return entries;
}

export interface FilesystemUsage {
  /** f_bsize: the unit of the block counts. */
  readonly blockSize: number;
  readonly blocks: number;
  readonly blocksFree: number;
  /** Free blocks that unprivileged users may take. */
  readonly blocksAvailable: number;
  readonly files: number;
  readonly filesFree: number;
}

/** statfs(2) of a mount point on libuv's threads; it can stall on a dead network mount. */
export async function filesystemUsage(mountPoint: string): Promise<FilesystemUsage> {
  const stats = await promises.statfs(Buffer.from(mountPoint, 'latin1'));
  return {
    blockSize: stats.bsize,
    blocks: stats.blocks,
    blocksFree: stats.bfree,
    blocksAvailable: stats.bavail,
    files: stats.files,
    filesFree: stats.ffree,
  };
}
