import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ByteColumn } from '../../native/index.js';
import { binding } from '../../src/core/native.js';
import { iterProcesses, processes, processesSync } from '../../src/core/process/iterate.js';
import { Process } from '../../src/core/process/process.js';
import { parseStat, parseStatm } from '../../src/core/process/parsers.js';
import { parseSmapsRollup } from '../../src/core/process/smaps.js';
import {
  ROLLUP,
  rowBytes,
  scanError,
  ScanField,
  scanInBatches,
  scanProcesses,
  ScanStat,
  SMAPS,
  SMAPS_WIDTH,
  STATM_WIDTH,
  STATUS,
  STATUS_WIDTH,
} from '../../src/core/process/scan.js';
import { joinArguments } from '../../src/tools/ps/row.js';
import { decodeText } from '../../src/core/text.js';

// A procfs tree whose files hold what the kernel may hand over: comms with ')', spaces, a
// newline and bytes that are not UTF-8; a pid listed without files (it exited); a zombie.
const root = mkdtempSync(join(tmpdir(), 'ptools-scan-'));
const ctx = { proc: root, sys: join(root, 'sys') };
const write = (path: string, data: string | Buffer) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), data);
};
const statLine = (pid: number, comm: Buffer, state: string, ppid: number, tail = '') =>
  Buffer.concat([
    Buffer.from(`${pid} (`),
    comm,
    Buffer.from(`) ${state} ${ppid} 7 8 34817 9 4194560 11 12 13 14 15 16 17 18 20 -5 3 0 500 8192 3 18446744073709551615 4096 8192 140000 0 0 0 0 0 0 0 0 0 17 1 0 2 5${tail}\n`),
  ]);
const COMMS: Record<number, Buffer> = {
  10: Buffer.from('a) b (c)'),
  11: Buffer.from('line\nbreak'),
  12: Buffer.from([0x63, 0xe9, 0xff, 0x29]),
};
for (const [pid, comm] of Object.entries(COMMS)) {
  write(`${pid}/stat`, statLine(Number(pid), comm, 'S', 1));
  write(`${pid}/status`, `Name:\tx\nUid:\t1000\t1001\t1002\t1003\nGid:\t100\t101\t102\t103\nVmSize:\t  2048 kB\nVmLck:\t0 kB\nVmRSS:\t    12 kB\n`);
  write(`${pid}/statm`, '5 3 1 1 0 2 0\n');
}
write('10/cmdline', 'sleep\0--flag\0\0');
// This process's own smaps, in the kernel's layout, and a copy with carriage returns.
const ownSmaps = readFileSync('/proc/self/smaps');
write('10/smaps', ownSmaps);
// A rollup with lines parseSmapsRollup takes and lines it does not: tabs and NBSP are blanks to
// its \s, "kB" must end the line, the key is \w+, and the last Pss and Swap lines stand.
write('10/smaps_rollup', Buffer.from('00400000-7ff0 ---p 00000000 00:00 0 [rollup]\nRss:\t 10 kB\nPss:   7 kB\nPss_Anon: 3 kB\nPrivate_Clean: 1 kB\nPrivate_Dirty:\xa02 kB\nPrivate_Hugetlb: 4 kB\nPrivate-x: 50 kB\nSwap: 5 kB\nSwap: 6 kB\r\nSwapPss: 9 kB\nPss: 8 kB\nLocked: 1 kB extra\nPss:9 kB\n', 'latin1'));
write('11/smaps', Buffer.from(ownSmaps.toString('latin1').replace(/\n/g, '\r\n'), 'latin1'));
write('11/cmdline', 'title with trailing space ');
write('12/cmdline', 'a\nb\0c');
mkdirSync(join(root, '20'));
write('30/stat', statLine(30, Buffer.from('defunct'), 'Z', 10));
write('30/cmdline', '');
write('stat', 'cpu  1 2 3 4\nbtime 1700000000\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ids = (pids: number[]) => Int32Array.from(pids);
const column = (bytes: ByteColumn | undefined): ByteColumn => {
  expect(bytes).toBeDefined();
  return bytes as ByteColumn;
};
const ALL = ids([10, 11, 12, 20, 30]);

describe('the process scan on a crafted tree', () => {
  const scan = scanProcesses(ctx, ScanField.status | ScanField.statm | ScanField.cmdline, ALL);

  it('drops a pid whose files are gone and keeps the zombie, marked by its state', () => {
    expect(Array.from(scan.pids)).toEqual([10, 11, 12, 30]);
    expect(new ScanStat(scan, 3).state).toBe('Z');
    expect(scanError(scan, 3, 'status')).toBe(2); // ENOENT: the zombie's tree has no status
  });

  it('splits stat after the last ")", whatever the comm holds', () => {
    [10, 11, 12].forEach((pid, row) => {
      const stat = new ScanStat(scan, row);
      const expected = parseStat(readFileSync(join(root, String(pid), 'stat')));
      expect(stat.comm).toEqual(COMMS[pid]);
      for (const key of Object.keys(expected) as Array<keyof typeof expected>) {
        if (key !== 'comm') expect([key, stat[key]]).toEqual([key, expected[key]]);
      }
    });
    const first = new ScanStat(scan, 0);
    expect([first.pid, first.ppid, first.ttyNr, first.nice, first.numThreads, first.starttime]).toEqual([10, 1, 34817, -5, 3, 500]);
    expect([first.processor, first.rtPriority, first.policy, first.blkioTicks]).toEqual([1, 0, 2, 5]);
  });

  it('parses status ids and kB lines, and statm', () => {
    const status = scan.status as Float64Array;
    expect(Array.from(status.subarray(STATUS.uid, STATUS.uid + 4))).toEqual([1000, 1001, 1002, 1003]);
    expect(Array.from(status.subarray(STATUS.gid, STATUS.gid + 4))).toEqual([100, 101, 102, 103]);
    expect([status[STATUS.VmSize], status[STATUS.VmLck], status[STATUS.VmRSS]]).toEqual([2048, 0, 12]);
    expect(status[STATUS.VmSwap]).toBeNaN();
    expect(status[3 * STATUS_WIDTH + STATUS.uid]).toBeNaN();
    const statm = parseStatm(readFileSync(join(root, '10', 'statm')));
    const row = Array.from((scan.statm as Float64Array).subarray(0, STATM_WIDTH));
    expect([row[0], row[1], row[2], row[3], row[5]]).toEqual([statm.size, statm.resident, statm.shared, statm.text, statm.data]);
  });

  it('hands command lines over as the kernel wrote them, or joined as ps shows them', () => {
    const joined = scanProcesses(ctx, ScanField.cmdlineJoined, ALL);
    [10, 11, 12].forEach((pid, row) => {
      const raw = readFileSync(join(root, String(pid), 'cmdline'));
      expect(rowBytes(column(scan.cmdline), row)).toEqual(raw);
      expect(rowBytes(column(joined.cmdline), row)).toEqual(joinArguments(raw));
    });
    // Every command line is printable ASCII once NULs and newlines are spaces; the comms with a
    // newline or bytes above 0x7e are not.
    expect(Array.from(scan.flags).map((flags) => flags & 3)).toEqual([3, 2, 2, 3]);
  });

  it('sums smaps in the addon as sumSmaps and smemTotals do, and says when smem must parse it itself', () => {
    const smaps = scanProcesses(ctx, ScanField.smaps, ALL);
    const own = readFileSync(join(root, '10', 'smaps'));
    const sums = (smaps.smaps as Float64Array).subarray(0, SMAPS_WIDTH);
    expect(Array.from(sums.subarray(SMAPS.uss, SMAPS.uss + 3))).toEqual(binding().sumSmaps(own));
    expect(Array.from(sums.subarray(SMAPS.smem, SMAPS.smemValid))).toEqual(Array.from(binding().smemTotals(own) ?? []));
    expect(sums[SMAPS.smemValid]).toBe(1);
    // A carriage return: smem's text decoding would see other lines, so no totals.
    expect(binding().smemTotals(readFileSync(join(root, '11', 'smaps')))).toBeNull();
    expect((smaps.smaps as Float64Array)[SMAPS_WIDTH + SMAPS.smemValid]).toBe(0);
    expect(scanError(smaps, 2, 'smaps')).toBe(2);
  });

  it('takes smaps_rollup\'s figures as parseSmapsRollup does', () => {
    const scan = scanProcesses(ctx, ScanField.rollup, ids([10, 11]));
    const expected = parseSmapsRollup(readFileSync(join(root, '10', 'smaps_rollup')).toString('latin1'));
    const rollup = scan.rollup as Float64Array;
    expect([rollup[ROLLUP.uss], rollup[ROLLUP.pss], rollup[ROLLUP.swap]]).toEqual([expected.uss, expected.pss, expected.swap]);
    expect(expected).toEqual({ uss: 7 * 1024, pss: 8 * 1024, swap: 5 * 1024 });
    expect(scanError(scan, 1, 'smapsRollup')).toBe(2); // ENOENT
    expect(scan.smapsRollup).toBeUndefined();
  });

  it('lists the root itself when given no pids, in the directory order', () => {
    const listed = scanProcesses(ctx, ScanField.stat);
    expect(Array.from(listed.pids).sort((a, b) => a - b)).toEqual([10, 11, 12, 30]);
    expect(Array.from(listed.pids)).toEqual(Array.from(binding().listIds(root)).filter((pid) => pid !== 20));
  });

  it('reads in batches, in order', async () => {
    const seen: number[] = [];
    for await (const batch of scanInBatches(ctx, ScanField.stat, ALL, 2)) seen.push(...batch.pids);
    expect(seen).toEqual([10, 11, 12, 30]);
  });
});

describe('the process scan on live processes', () => {
  // A stopped child: nothing in its files moves between two readings.
  let child: ChildProcess;
  beforeAll(async () => {
    child = spawn('python3', ['-c', 'import sys, time\nprint("ready", flush=True)\ntime.sleep(600)', 'x'.repeat(5000), 'y'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await once(child.stdout as NodeJS.ReadableStream, 'data');
    child.kill('SIGSTOP');
    // The signal is taken when the child next runs: until then its state still moves.
    while (parseStat(readFileSync(`/proc/${child.pid}/stat`)).state !== 'T') await new Promise((resolve) => setTimeout(resolve, 5));
  });
  afterAll(() => {
    child.kill('SIGKILL');
  });

  it('matches the files read one by one', () => {
    const pid = child.pid as number;
    const live = { proc: '/proc', sys: '/sys' };
    const all = ScanField.status | ScanField.statm | ScanField.cmdline | ScanField.io | ScanField.smapsRollup | ScanField.rollup | ScanField.smaps;
    const scan = scanProcesses(live, all, ids([pid]));
    const stat = parseStat(readFileSync(`/proc/${pid}/stat`));
    const scanned = new ScanStat(scan, 0);
    expect(scanned.comm).toEqual(stat.comm);
    expect([scanned.state, scanned.utime, scanned.starttime, scanned.vsize]).toEqual([stat.state, stat.utime, stat.starttime, stat.vsize]);
    expect((scan.status as Float64Array)[STATUS.uid]).toBe(process.getuid?.());
    expect(rowBytes(column(scan.cmdline), 0)).toEqual(readFileSync(`/proc/${pid}/cmdline`));
    expect(rowBytes(column(scan.io), 0).toString()).toBe(readFileSync(`/proc/${pid}/io`, 'latin1'));
    const rollupText = rowBytes(column(scan.smapsRollup), 0).toString('latin1');
    expect(rollupText).toMatch(/^[0-9a-f]+-[0-9a-f]+ .*\[rollup\]\nRss:/);
    // The figures parsed from the same read as the text (even a stopped process's USS moves
    // between two reads: a page becomes private when the last other process mapping it exits).
    const rollup = scan.rollup as Float64Array;
    const expected = parseSmapsRollup(rollupText);
    expect([rollup[ROLLUP.uss], rollup[ROLLUP.pss], rollup[ROLLUP.swap]]).toEqual([expected.uss, expected.pss, expected.swap]);
    // PSS moves with every process that maps the same pages: the size and mapping count do not.
    const smem = binding().smemTotals(readFileSync(`/proc/${pid}/smaps`)) ?? [];
    const sums = (scan.smaps as Float64Array).subarray(0, SMAPS_WIDTH);
    expect([sums[SMAPS.smem], sums[SMAPS.smem + 9], sums[SMAPS.smemValid]]).toEqual([smem[0], smem[9], 1]);
  });

  it('counts open descriptors as the entries of fd/, and hands cgroup over as the kernel wrote it', () => {
    const pid = child.pid as number;
    const live = { proc: '/proc', sys: '/sys' };
    const scan = scanProcesses(live, ScanField.fds | ScanField.cgroup, ids([pid, 2]));
    expect(Array.from(scan.fds as Float64Array)).toEqual([readdirSync(`/proc/${pid}/fd`).length, 0]);
    expect(rowBytes(column(scan.cgroup), 0)).toEqual(readFileSync(`/proc/${pid}/cgroup`));
    expect(scanError(scan, 0, 'cgroup')).toBe(0);
    // A directory that cannot be listed counts -1, not 0.
    const gone = scanProcesses(ctx, ScanField.fds, ids([10]));
    expect(Array.from(gone.fds as Float64Array)).toEqual([-1]);
  });

  it('reads status in place of stat when asked: the same state and status columns, nothing of stat', () => {
    const live = { proc: '/proc', sys: '/sys' };
    const pids = ids([child.pid as number, 2]);
    const both = scanProcesses(live, ScanField.status, pids);
    const only = scanProcesses(live, ScanField.statusOnly | ScanField.statText, pids);
    expect(Array.from(only.pids)).toEqual(Array.from(pids));
    // The letter of status's State line is stat's.
    expect(Array.from(only.state)).toEqual(Array.from(both.state));
    expect(Array.from(only.status as Float64Array)).toEqual(Array.from(both.status as Float64Array));
    expect([scanError(only, 0, 'stat'), scanError(only, 0, 'status')]).toEqual([0, 0]);
    expect(Array.from(only.stat).every((value) => value === 0)).toBe(true);
    expect(only.comm.data.length).toBe(0);
    expect(only.statText).toBeUndefined();
    // A pid without a status file is left out, as one without stat is otherwise.
    expect(Array.from(scanProcesses(ctx, ScanField.statusOnly, ALL).pids)).toEqual([10, 11, 12]);
  });

  it('keeps kernel threads, whose memory files answer ESRCH', () => {
    const scan = scanProcesses({ proc: '/proc', sys: '/sys' }, ScanField.smapsRollup | ScanField.cmdline, ids([2]));
    expect(Array.from(scan.pids)).toEqual([2]);
    expect(scanError(scan, 0, 'smapsRollup')).toBe(3); // ESRCH
    expect(rowBytes(column(scan.cmdline), 0).length).toBe(0);
  });
});

describe('processes', () => {
  it('gives the same rows synchronously and a batch at a time', async () => {
    const attrs = ['name', 'ppid', 'status', 'uids', 'cmdline', 'memoryInfo', 'createTime'] as const;
    const sync = processesSync({ attrs, ctx });
    const batched = [];
    for await (const info of iterProcesses({ attrs, ctx, batchSize: 1 })) batched.push(info);
    expect(batched).toEqual(sync);
    expect(await processes({ attrs, ctx, batchSize: 2 })).toEqual(sync);
    expect(sync.map((info) => [info.pid, info.name, info.status, info.cmdline])).toEqual([
      [10, 'a) b (c)', 'sleeping', ['sleep', '--flag', '']],
      [11, 'line\nbreak', 'sleeping', ['title', 'with', 'trailing', 'space']],
      // Without a final NUL the words are split on spaces (setproctitle), so the NUL stays.
      [12, decodeText(COMMS[12] ?? Buffer.alloc(0)), 'sleeping', ['a\nb\0c']],
      // A zombie has no arguments left to give, nor a status file in this tree.
      [30, 'defunct', 'zombie', null],
    ]);
    expect(sync[0]?.uids).toEqual({ real: 1000, effective: 1001, saved: 1002, fs: 1003 });
    expect(sync[0]?.createTime).toBeCloseTo(1700000000 + 500 / 100, 5);
    expect(sync[0]?.memoryInfo?.rss).toBe(3 * (binding().sysconf().pageSize));
  });

  it('finds this process among the live ones, without blocking', async () => {
    const found = [];
    for await (const info of iterProcesses({ attrs: ['ppid', 'cmdline'] })) if (info.pid === process.pid) found.push(info);
    expect(found).toEqual([{ pid: process.pid, ppid: process.ppid, cmdline: readFileSync('/proc/self/cmdline', 'utf8').split('\0').slice(0, -1) }]);
  });
});

describe('names the kernel cut to 15 bytes', () => {
  // psutil completes such a comm from argv[0]; the rows get it from a second scan of those
  // processes' cmdline alone, and must agree with Process.name().
  const tree = mkdtempSync(join(tmpdir(), 'ptools-names-'));
  const own = { proc: tree, sys: join(tree, 'sys') };
  afterAll(() => rmSync(tree, { recursive: true, force: true }));
  writeFileSync(join(tree, 'stat'), 'cpu  1 2 3 4\nbtime 1700000000\n');
  const put = (pid: number, comm: string, state: string, cmdline: string) => {
    mkdirSync(join(tree, String(pid)));
    writeFileSync(join(tree, String(pid), 'stat'), statLine(pid, Buffer.from(comm), state, 1));
    writeFileSync(join(tree, String(pid), 'cmdline'), cmdline);
  };
  put(40, 'averyveryverylo', 'S', '/opt/averyveryverylongprogramname\0--x\0');
  put(41, 'kworker/0:1-eve', 'I', '');
  put(42, 'averyveryverylo', 'S', 'other\0');
  put(43, 'zombiezombiezom', 'Z', '');
  put(44, 'ééééééééé', 'S', '/bin/x\0');

  it('completes them from argv[0] where it starts with the comm, and keeps the comm otherwise', async () => {
    const names = processesSync({ attrs: ['name'], ctx: own }).map((row) => [row.pid, row.name]);
    expect(names).toEqual([
      [40, 'averyveryverylongprogramname'],
      [41, 'kworker/0:1-eve'],
      [42, 'averyveryverylo'],
      [43, 'zombiezombiezom'],
      [44, 'ééééééééé'],
    ]);
    expect(names).toEqual(names.map(([pid]) => [pid, new Process(pid as number, { ctx: own }).name()]));
    expect((await processes({ attrs: ['name', 'ppid'], ctx: own, batchSize: 2 })).map((row) => row.name)).toEqual(names.map(([, name]) => name));
  });
});
