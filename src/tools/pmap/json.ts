// pmap --json: one object per process, with each mapping's fields from maps and, with -x, -X or
// -XX, every numeric field smaps gives it (kB). Addresses and offsets are hex strings (they do
// not fit a JSON number); names are decoded from bytes here.
import { jsonText } from '../../format/bytes.js';

export interface PmapJsonMapping {
  address: string;
  end: string;
  kbytes: number;
  perms: string;
  offset: string;
  device: string;
  inode: number;
  mapping: string | null;
  smaps?: Record<string, number>;
}

export interface PmapJsonProcess {
  pid: number;
  command: string;
  mappings: PmapJsonMapping[];
}

export function processJson(pid: number, command: string, mappings: PmapJsonMapping[]): PmapJsonProcess {
  return { pid, command: jsonText(command), mappings };
}
