// /proc/net/{tcp,udp,udplite,raw}{,6} texts read the way the commands and the library read them
// (readInetColumns, the addon's reader), each written into a procfs tree of its own first.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inetSocketAt, readInetColumns } from '../../src/core/net/columns.js';
import type { InetProto, InetSocket } from '../../src/core/net/parsers.js';

const FILES: Readonly<Record<InetProto, string>> = { tcp: 'tcp', tcp6: 'tcp6', udp: 'udp', udp6: 'udp6', udpl: 'udplite', udpl6: 'udplite6', raw: 'raw', raw6: 'raw6' };

export class InetTables {
  private readonly root = mkdtempSync(join(tmpdir(), 'ptools-inet-'));

  constructor() {
    mkdirSync(join(this.root, 'net'));
  }

  /** The sockets of TEXT (its bytes as they are) as PROTO's table, and how many lines were bogus. */
  read(text: string | Uint8Array, proto: InetProto): { rows: InetSocket[]; bogus: number } {
    writeFileSync(join(this.root, 'net', FILES[proto]), typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
    const [table] = readInetColumns([proto], { proc: this.root, sys: join(this.root, 'sys') });
    if (!table) throw new Error(`no ${proto} table`);
    return { rows: Array.from({ length: table.count }, (_, row) => inetSocketAt(table, row, proto)), bogus: table.bogus };
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
