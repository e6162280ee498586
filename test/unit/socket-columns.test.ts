// The addon's socket tables (native/sockets.cc): the columns agree with the TypeScript parsers the
// library uses, and the rows it prints follow netstat's column rules on crafted tables.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inetSocketAt, readInetColumns, readUnixColumns, unixSocketAt } from '../../src/core/net/columns.js';
import { parseUnixSockets, type InetProto } from '../../src/core/net/parsers.js';
import { parseNetstatCommand } from '../../src/tools/netstat/command.js';
import { NO_HOLDERS, type Owner, type ReportItem } from '../../src/tools/netstat/collect.js';
import { socketsJson } from '../../src/tools/netstat/json.js';
import { renderSockets } from '../../src/tools/netstat/render.js';

const root = mkdtempSync(join(tmpdir(), 'ptools-sockets-'));
mkdirSync(join(root, 'net'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const ctx = { proc: root, sys: '/sys' };

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000001 00:00000000 00000000     0        0 108532 1 0000000000000000 100 0 0 10 0
   1: 0100007F:83AE 0100007F:1F90 01 00000000:000003E8 02:00000A5B 00000000  1000        0 108595 2 0000000000000000 20 4 30 10 -1
   2: garbage line
   3: 0100007F:83AF 0100007F:1F90 01 00000000:000003E8 02:00000A5B
   4: 0100007F:83B0 0100007F:1F90 06 00000000:00000000 03:00001770 00000000

`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: B80D0120BBBBAAAADDDDCCCC0100EEEE:D431 B80D0120BBBBAAAADDDDCCCC0100EEEE:14E9 01 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 20 4 30 10 -1
   1: 0000000000000000FFFF00000100007F:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4243 1 0000000000000000 100 0 0 10 0
`;
// Lines the kernel does not write: a short address, lower-case hex, tabs, a field that is not a
// number, a missing inode.
const HOSTILE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 100007F:1F90 00000000:0000 0A 00000000:00000001 00:00000000 00000000     0        0 1 1
\t1:\t0100007f:1f90\t0100007f:c350 01 0000000a:0000000b 01:0000ffff 00000003  65534        7 4294967296
   2: 0100007F:1F90 0100007F:C350 0x 00000000:00000000 00:00000000 00000000     0        0 3
   3: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0
`;
const UNIX_WITHOUT_INODE = `Num       RefCount Protocol Flags    Type St Path
0000000000000000: 00000002 00000000 00010000 0001 01 /tmp/old.sock
c0ffee: 0x3 0 0 1 3
`;
const UNIX = `Num       RefCount Protocol Flags    Type St Inode Path
0000000000000000: 00000002 00000000 00010000 0001 01 107486 /tmp/alice.sock
0000000000000000: 00000002 00000000 00000000 0002 01 110142 @abstract-name
0000000000000000: 00000003 00000000 00000000 0001 03 1120
0000000000000000: 00000002 00000000 00000000 0005 01 5 /tmp/with space
0000000000000000: 00000002 00000000 00000000 0002 01 7 /tmp/bad\xff\xfe
nonsense
`;

function table(file: string, text: string, proto: InetProto) {
  writeFileSync(join(root, 'net', file), Buffer.from(text, 'latin1'));
  const [columns] = readInetColumns([proto], ctx);
  if (!columns) throw new Error('no table');
  return columns;
}

function run(argv: string[]) {
  const command = parseNetstatCommand(argv);
  if (command.kind !== 'run') throw new Error('expected a run');
  return command.options;
}

describe('socket columns', () => {
  it('hold the lines that scan as net-tools scans them, and count the others as bogus', () => {
    // tcp needs 11 of sscanf's conversions, udp 10 (TCP's line 3 has 10); a field after the last
    // that scanned reads as 0 (HOSTILE's line 3 has no inode); an address of 7 digits, or a
    // state "0x" followed by no second field, fails the line.
    for (const [file, text, proto, inodes, bogus] of [
      ['tcp', TCP, 'tcp', [108532, 108595, 0], 2],
      ['udp', TCP, 'udp', [108532, 108595, 0, 0], 1],
      ['tcp6', TCP6, 'tcp6', [4242, 4243], 0],
      ['tcp', HOSTILE, 'tcp', [4294967296, 0], 2],
      ['udp', HOSTILE, 'udp', [4294967296, 0], 2],
    ] as const) {
      const columns = table(file, text, proto);
      const rows = Array.from({ length: columns.count }, (_, i) => inetSocketAt(columns, i, proto));
      expect([rows.map((row) => row.inode), columns.bogus]).toEqual([inodes, bogus]);
    }
    const tabbed = inetSocketAt(table('tcp', HOSTILE, 'tcp'), 0, 'tcp');
    expect(tabbed).toMatchObject({ localPort: 0x1f90, remotePort: 0xc350, state: 1, txQueue: 10, rxQueue: 11, timerActive: 1, timerExpires: 0xffff, retransmits: 3, uid: 65534, timeout: 7 });
    for (const text of [UNIX, UNIX_WITHOUT_INODE]) {
      writeFileSync(join(root, 'net', 'unix'), Buffer.from(text, 'latin1'));
      const unix = readUnixColumns(ctx);
      if (unix === null) throw new Error('no table');
      const parsed = parseUnixSockets(text);
      expect([unix.bogus, unix.hasInode]).toEqual([parsed.bogus, parsed.hasInode]);
      expect(Array.from({ length: unix.count }, (_, i) => unixSocketAt(unix, i))).toEqual(parsed.rows);
    }
  });

  it('is null for a missing file', () => {
    expect(readInetColumns(['raw6'], ctx)).toEqual([null]);
  });

  it('reads several tables at once in the order asked, each as when read alone', () => {
    const alone = { tcp: table('tcp', TCP, 'tcp'), tcp6: table('tcp6', TCP6, 'tcp6'), udp: table('udp', HOSTILE, 'udp') };
    const together = readInetColumns(['tcp6', 'raw6', 'udp', 'tcp', 'tcp6'], ctx);
    expect(together).toEqual([alone.tcp6, null, alone.udp, alone.tcp, alone.tcp6]);
    expect(together.map((columns) => columns?.count)).toEqual([alone.tcp6.count, undefined, alone.udp.count, alone.tcp.count, alone.tcp6.count]);
  });

  it('prints endpoints cut to 23 columns unless wide, and an IPv4-mapped address as IPv4', () => {
    const columns = table('tcp6', TCP6, 'tcp6');
    const items: ReportItem[] = [{ type: 'inet', proto: 'tcp6', table: columns }];
    const render = (argv: string[]) => renderSockets(items, { options: run(argv), clockTicks: 100, holders: NO_HOLDERS }).toString('latin1');
    expect(render(['-ant'])).toBe(
      'tcp6       0      0 2001:db8:aaaa:bbb:54321 2001:db8:aaaa:bbbb:5353 ESTABLISHED\n' +
        'tcp6       0      0 127.0.0.1:22            :::*                    LISTEN     \n',
    );
    expect(render(['-ntW'])).toBe('tcp6       0      0 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1:54321 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1:5353 ESTABLISHED\n');
    expect(render(['-lnt'])).toBe('tcp6       0      0 127.0.0.1:22            :::*                    LISTEN     \n');
  });

  it('prints timers in clock ticks for TCP and hundredths for UDP, whose retransmits are zeroed', () => {
    const tcp = table('tcp', TCP, 'tcp');
    const udp = table('udp', TCP, 'udp');
    const options = run(['-anto']);
    const text = renderSockets([{ type: 'inet', proto: 'tcp', table: tcp }, { type: 'inet', proto: 'udp', table: udp }], { options, clockTicks: 250, holders: NO_HOLDERS }).toString('latin1');
    const timers = text.split('\n').map((line) => /\S+ \([^)]*\)$/.exec(line)?.[0]);
    // tcp needs 11 conversions: line 3 stops after tm->when, which is enough for udp.
    expect(timers).toEqual([
      'off (0.00/0/0)',
      'keepalive (10.60/0/0)',
      'timewait (24.00/0/0)',
      'off (0.00/0/0)',
      'on2 (26.51/0/0)',
      'on2 (26.51/0/0)',
      'unkn-3 (60.00/0/0)',
      undefined,
    ]);
  });

  it('writes program labels and paths as their bytes, padded by bytes; JSON decodes them', () => {
    writeFileSync(join(root, 'net', 'unix'), Buffer.from(UNIX, 'latin1'));
    const unix = readUnixColumns(ctx);
    if (unix === null) throw new Error('no table');
    // "12/caf\xc3\xa9" is 8 bytes: "%-20s" adds 12 spaces.
    const owner: Owner = { pid: 12, name: 'caf\xc3\xa9', label: '12/caf\xc3\xa9' };
    const later: Owner = { pid: 14, name: 'later', label: '14/later' };
    // The first pid holding an inode is its holder; pid 13's cmdline could not be read.
    const holders = { inodes: Float64Array.of(7, 1120, 7), pids: Int32Array.of(12, 13, 14), owners: new Map([[12, owner], [14, later]]) };
    const render = { options: run(['-xp']), clockTicks: 100, holders };
    const items: ReportItem[] = [{ type: 'unix', table: unix }];
    const lines = renderSockets(items, render).toString('latin1').split('\n');
    expect(lines).toContain(`unix  2      [ ]         DGRAM                    7        12/caf\xc3\xa9${' '.repeat(12)} /tmp/bad\xff\xfe`);
    expect(lines).toContain(`unix  3      [ ]         STREAM     CONNECTED     1120     -                    `);
    expect(lines.some((line) => line.includes('alice'))).toBe(false);
    expect(socketsJson(items, render).at(-1)).toMatchObject({ program_name: 'café', path: '/tmp/bad\ufffd\ufffd' });
    expect(renderSockets(items, { ...render, options: run(['-lx']) }).toString('latin1')).toBe(
      'unix  2      [ ACC ]     STREAM     LISTENING     107486   /tmp/alice.sock\n',
    );
  });
});
