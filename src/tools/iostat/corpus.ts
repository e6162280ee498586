// The block tree of sysstat's test corpus (tests/root*): directories list their entries in
// `_list` files and devices are regular files holding "major minor". iostat replays the corpus
// through this reader; the library reads only live trees.
import { join } from 'node:path';
import type { BlockFs } from '../../core/disk.js';
import { readText } from '../../core/procfs.js';

export const sysstatCorpusFs: BlockFs = {
  listBlockDir(path) {
    let text: string;
    try {
      text = readText(join(path, '_list'));
    } catch {
      return null;
    }
    // read_list() stops at the first empty line.
    const names: string[] = [];
    for (const line of text.split('\n')) {
      if (line === '') break;
      names.push(line);
    }
    return names;
  },
  deviceNumber(path) {
    let text: string;
    try {
      text = readText(path);
    } catch {
      return null;
    }
    const match = /^\s*(-?\d+)\s+(-?\d+)/.exec(text);
    return match ? { major: Number(match[1]), minor: Number(match[2]) } : { major: 0, minor: 0 };
  },
  realpath: (path) => path,
};
