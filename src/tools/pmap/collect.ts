// What pmap reads: the selected processes (procps' pids_select: stat and cmdline, in the order
// asked, a pid asked twice shown twice), and for each, maps or smaps.
import { join } from 'node:path';
import type { ProcfsContext } from '../../core/procfs.js';
import { readBytes } from '../../core/procfs.js';
import { parseMapsLine, parseSmapsDetail } from '../../core/process/maps.js';
import { parseStatus } from '../../core/process/parsers.js';
import { rowBytes, scanError, scanProcesses, STAT, STAT_WIDTH, ScanField } from '../../core/process/scan.js';
import { escapeProcText } from '../../format/escape.js';
import { byteString, jsonText } from '../../format/bytes.js';
import type { PmapProcess } from './render.js';
import type { PmapJsonMapping } from './json.js';

/** The processes that exist, by pid. */
export function collectProcesses(ctx: ProcfsContext, pids: readonly number[], utf8: boolean): Map<number, PmapProcess> {
  const found = new Map<number, PmapProcess>();
  if (pids.length === 0) return found;
  const scan = scanProcesses(ctx, ScanField.stat | ScanField.cmdlineJoined | ScanField.statusText, Int32Array.from(new Set(pids)));
  for (let row = 0; row < scan.count; row++) {
    const pid = scan.pids[row] as number;
    const joined = scan.cmdline !== undefined && scanError(scan, row, 'cmdline') === 0 ? rowBytes(scan.cmdline, row) : Buffer.alloc(0);
    let command: string;
    if (joined.length > 0) command = byteString(escapeProcText(joined, utf8));
    else {
      // procps' escape_command: "[comm]", and " <defunct>" for a zombie.
      const defunct = scan.state[row] === 0x5a ? ' <defunct>' : '';
      command = `[${byteString(escapeProcText(rowBytes(scan.comm, row), utf8))}]${defunct}`;
    }
    const startStack = BigInt(scan.stat[row * STAT_WIDTH + STAT.startstack] as number);
    // A thread id selects its process: pmap shows and reads the thread group's leader.
    const status = scan.statusText !== undefined && scanError(scan, row, 'statusText') === 0 ? parseStatus(rowBytes(scan.statusText, row)) : null;
    const tgid = Number(status?.get('Tgid') ?? pid);
    found.set(pid, { pid: Number.isInteger(tgid) && tgid > 0 ? tgid : pid, command, startStack });
  }
  return found;
}

/** maps (or smaps when the layout needs its figures) as a byte string, or null when it cannot be opened. */
export function readMappings(ctx: ProcfsContext, pid: number, smaps: boolean): string | null {
  try {
    return byteString(readBytes(join(ctx.proc, String(pid), smaps ? 'smaps' : 'maps')));
  } catch {
    return null;
  }
}

/** The mappings of maps or smaps text for --json. */
export function mappingsJson(text: string): PmapJsonMapping[] {
  const out: PmapJsonMapping[] = [];
  let current: PmapJsonMapping | null = null;
  for (const line of text.split('\n')) {
    const first = line.charCodeAt(0);
    if (current !== null && first >= 0x41 && first <= 0x5a) {
      const detail = parseSmapsDetail(line);
      if (detail !== null) (current.smaps ??= {})[detail.key] = Number(detail.value);
      continue;
    }
    const map = parseMapsLine(line);
    if (map === null) continue;
    const name = /^\S+\s+\S+\s+\S+\s+\S+\s+\S+\s*(.*)$/.exec(line)?.[1] ?? '';
    current = {
      address: map.start.toString(16),
      end: map.end.toString(16),
      kbytes: Number((map.end - map.start) >> 10n),
      perms: map.perms,
      offset: map.offset.toString(16),
      device: `${map.major.toString(16).padStart(2, '0')}:${map.minor.toString(16).padStart(2, '0')}`,
      inode: Number(map.inode),
      mapping: name === '' ? null : jsonText(name),
    };
    out.push(current);
  }
  return out;
}
