// /proc/PID/smaps and smaps_rollup as psutil reads them (memory_maps, memory_full_info), checked
// on a sleeping python3 child against procps' pmap -XX, which prints the same kernel figures per
// mapping, and against the kernel's own rollup.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupMemoryMaps, mapPath, memoryMapsOf, parseSmaps, parseSmapsRollup, sumSmaps, type MemoryMap } from '../../src/core/process/smaps.js';

let child: ChildProcess;
let pid: number;

beforeAll(async () => {
  // A child that says when it is loaded (after exec, the dynamic loader still maps libraries).
  child = spawn('python3', ['-c', 'import time\nprint("ready", flush=True)\ntime.sleep(600)'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const stdout = child.stdout as NonNullable<typeof child.stdout>;
  await once(stdout, 'data');
  pid = child.pid as number;
});

afterAll(() => {
  child.kill();
});

/** pmap -XX's rows: the columns from Address through THPeligible, by header name. */
function pmapRows(target: number): Array<Record<string, string>> {
  const run = spawnSync('pmap', ['-XX', String(target)], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  const lines = run.stdout.split('\n');
  const header = (lines[1] ?? '').trim().split(/\s+/);
  const numeric = header.indexOf('THPeligible') + 1;
  return lines
    .slice(2)
    .filter((line) => /^\s*[0-9a-f]+ [-r][-w][-x][-ps] /.test(line))
    .map((line) => {
      const words = line.trim().split(/\s+/);
      return Object.fromEntries(header.slice(0, numeric).map((name, i) => [name, words[i] ?? '']));
    });
}

describe('parseSmaps and memoryMapsOf', () => {
  it('give each mapping the header and the kB figures pmap -XX shows', () => {
    const smaps = readFileSync(`/proc/${pid}/smaps`, 'latin1');
    const pmap = pmapRows(pid);
    const mappings = parseSmaps(smaps);
    const rows = memoryMapsOf(mappings);
    expect(mappings.length).toBe(pmap.length);
    mappings.forEach((mapping, i) => {
      const shown = pmap[i] ?? {};
      const row = rows[i] as MemoryMap & { address: string; perms: string };
      const kb = (name: string) => Number(shown[name]) * 1024;
      // pmap maps the same libraries while it runs, which moves the proportional and
      // shared/private split of file pages; anonymous memory is the child's alone.
      const ours: Array<[string, number]> = [
        ['Size', row.size], ['Rss', row.rss], ['Referenced', row.referenced], ['Anonymous', row.anonymous], ['Swap', row.swap],
        ['Pss', row.pss], ['Shared_Clean', row.sharedClean], ['Shared_Dirty', row.sharedDirty], ['Private_Clean', row.privateClean], ['Private_Dirty', row.privateDirty],
      ];
      const compared = mapping.inode === '0' ? ours : ours.slice(0, 5);
      expect({
        start: BigInt(`0x${mapping.address.split('-')[0]}`),
        perms: row.perms,
        offset: mapping.offset,
        dev: mapping.dev,
        inode: mapping.inode,
        figures: compared,
      }).toEqual({
        start: BigInt(`0x${shown.Address}`),
        perms: shown.Perm,
        offset: shown.Offset,
        dev: shown.Device,
        inode: shown.Inode,
        figures: compared.map(([name]) => [name, kb(name)]),
      });
    });
    expect(rows.some((row) => row.path === '[anon]' || row.path.startsWith('['))).toBe(true);
    expect(rows.some((row) => /\/python3[.\d]*$/.test(row.path))).toBe(true);
  });

  it('reads a header with a path holding spaces, and skips lines that are neither', () => {
    const text = '7f0000000000-7f0000001000 r--p 00001000 08:02 42      /opt/my app/lib.so  \nRss:                   4 kB\nVmFlags: rd mr mw me\nTHPeligible:    0\n';
    expect(parseSmaps(text)).toEqual([
      { address: '7f0000000000-7f0000001000', perms: 'r--p', offset: '00001000', dev: '08:02', inode: '42', path: '/opt/my app/lib.so', kb: new Map([['Rss', 4]]) },
    ]);
    expect(parseSmaps('Rss:  4 kB\n')).toEqual([]);
  });
});

describe('mapPath', () => {
  it('names anonymous memory [anon] and drops " (deleted)" only when no such file exists', () => {
    expect(mapPath('')).toBe('[anon]');
    expect(mapPath('/usr/lib/x.so (deleted)', () => false)).toBe('/usr/lib/x.so');
    expect(mapPath('/tmp/really (deleted)', () => true)).toBe('/tmp/really (deleted)');
    expect(mapPath('[heap]', () => false)).toBe('[heap]');
  });
});

describe('groupMemoryMaps', () => {
  const row = (path: string, n: number): MemoryMap => ({
    path, rss: n, size: 2 * n, pss: 3 * n, sharedClean: 4 * n, sharedDirty: 5 * n, privateClean: 6 * n, privateDirty: 7 * n, referenced: 8 * n, anonymous: 9 * n, swap: 10 * n,
  });

  it('sums every figure by path, in order of first appearance', () => {
    expect(groupMemoryMaps([row('/lib/a', 1), row('[anon]', 10), row('/lib/a', 100)])).toEqual([row('/lib/a', 101), row('[anon]', 10)]);
  });
});

describe('parseSmapsRollup and sumSmaps', () => {
  it('agree on a live process: USS and swap exactly, PSS within the rounding of each mapping', () => {
    // Other processes mapping the same libraries move shared pages; take a rollup that smaps
    // read before and after it agree on.
    let smaps = readFileSync(`/proc/${pid}/smaps`, 'latin1');
    let rollupText = readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1');
    for (let after = readFileSync(`/proc/${pid}/smaps`, 'latin1'); after !== smaps; after = readFileSync(`/proc/${pid}/smaps`, 'latin1')) {
      smaps = after;
      rollupText = readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1');
    }
    const rollup = parseSmapsRollup(rollupText);
    const summed = sumSmaps(smaps);
    expect(rollup.uss).toBeGreaterThan(0);
    expect(summed.uss).toBe(rollup.uss);
    expect(summed.swap).toBe(rollup.swap);
    // Each mapping's Pss is truncated to whole kB; the rollup truncates the exact total once.
    expect(rollup.pss - summed.pss).toBeGreaterThanOrEqual(0);
    expect(rollup.pss - summed.pss).toBeLessThan(parseSmaps(smaps).length * 1024);
  });

  it('take USS from every Private line and PSS and swap from their own lines only', () => {
    const rollup = '00400000-7ffd0000 ---p 00000000 00:00 0 [rollup]\nRss: 100 kB\nPss: 50 kB\nPss_Anon: 20 kB\nPrivate_Clean: 8 kB\nPrivate_Dirty: 16 kB\nPrivate_Hugetlb: 2048 kB\nSwap: 4 kB\nSwapPss: 2 kB\n';
    expect(parseSmapsRollup(rollup)).toEqual({ uss: (8 + 16 + 2048) * 1024, pss: 50 * 1024, swap: 4 * 1024 });
    expect(sumSmaps(rollup + rollup.replace('[rollup]', 'b'))).toEqual({ uss: 2 * (8 + 16 + 2048) * 1024, pss: 2 * 50 * 1024, swap: 2 * 4 * 1024 });
  });

  it('skip lines whose value is not a number', () => {
    expect(sumSmaps('Pss:\nSwap: x kB\nPrivate_Dirty:  12 kB\n')).toEqual({ uss: 12 * 1024, pss: 0, swap: 0 });
  });
});
