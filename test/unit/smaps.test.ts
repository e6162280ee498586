// /proc/PID/smaps and smaps_rollup as psutil reads them (memory_maps, memory_full_info), checked
// on a sleeping python3 child against procps' pmap -XX, which prints the same kernel figures per
// mapping, and against the kernel's own rollup.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupedMemoryMapsOf, groupMemoryMaps, mapPath, memoryMapsOf, parseMemoryMaps, parseSmapsRollup, sumSmaps, type MemoryMap } from '../../src/core/process/smaps.js';
import { binding } from '../../src/core/native.js';

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

describe('parseMemoryMaps', () => {
  it('gives each mapping the address, permissions and kB figures pmap -XX shows', () => {
    const smaps = readFileSync(`/proc/${pid}/smaps`, 'latin1');
    const pmap = pmapRows(pid);
    const rows = parseMemoryMaps(smaps);
    expect(rows.length).toBe(pmap.length);
    rows.forEach((row, i) => {
      const shown = pmap[i] ?? {};
      const kb = (name: string) => Number(shown[name]) * 1024;
      // pmap maps the same libraries while it runs, which moves the proportional and
      // shared/private split of file pages; anonymous memory is the child's alone.
      const ours: Array<[string, number]> = [
        ['Size', row.size], ['Rss', row.rss], ['Referenced', row.referenced], ['Anonymous', row.anonymous], ['Swap', row.swap],
        ['Pss', row.pss], ['Shared_Clean', row.sharedClean], ['Shared_Dirty', row.sharedDirty], ['Private_Clean', row.privateClean], ['Private_Dirty', row.privateDirty],
      ];
      const compared = shown.Inode === '0' ? ours : ours.slice(0, 5);
      expect({ start: BigInt(`0x${row.address.split('-')[0]}`), perms: row.perms, figures: compared }).toEqual({
        start: BigInt(`0x${shown.Address}`),
        perms: shown.Perm,
        figures: compared.map(([name]) => [name, kb(name)]),
      });
    });
    expect(rows.some((row) => row.path === '[anon]' || row.path.startsWith('['))).toBe(true);
    expect(rows.some((row) => /\/python3[.\d]*$/.test(row.path))).toBe(true);
  });

  it('reads a header with a path holding spaces, and skips lines that are neither', () => {
    const text = '7f0000000000-7f0000001000 r--p 00001000 08:02 42      /opt/my app/lib.so  \nRss:                   4 kB\nVmFlags: rd mr mw me\nTHPeligible:    0\nSwap: 1 kB';
    const zero = { size: 0, pss: 0, sharedClean: 0, sharedDirty: 0, privateClean: 0, privateDirty: 0, referenced: 0, anonymous: 0 };
    expect(parseMemoryMaps(text)).toEqual([{ address: '7f0000000000-7f0000001000', perms: 'r--p', path: '/opt/my app/lib.so', ...zero, rss: 4096, swap: 1024 }]);
    expect(parseMemoryMaps('Rss:  4 kB\n')).toEqual([]);
    expect(parseMemoryMaps('')).toEqual([]);
  });

  // The line-at-a-time reading memory_maps() is defined by: each line split at '\n', a kB line
  // (KEY: N kB) before a header line. parseMemoryMaps finds the same lines in one pass.
  it('reads what a line-at-a-time parser reads, on lines cut and spliced from real smaps', () => {
    const KB = /^(\w+):\s+(\d+) kB$/;
    const HEADER = /^([0-9a-f]+-[0-9a-f]+) +(\S+) +(\S+) +(\S+) +(\S+) *(.*)$/;
    const FIELDS: Record<string, keyof MemoryMap> = { Rss: 'rss', Size: 'size', Pss: 'pss', Shared_Clean: 'sharedClean', Shared_Dirty: 'sharedDirty', Private_Clean: 'privateClean', Private_Dirty: 'privateDirty', Referenced: 'referenced', Anonymous: 'anonymous', Swap: 'swap' };
    const byLines = (text: string) => {
      const rows: Array<Record<string, string | number>> = [];
      for (const line of text.split('\n')) {
        const kb = KB.exec(line);
        if (kb) {
          const field = FIELDS[kb[1] as string];
          const row = rows[rows.length - 1];
          if (field !== undefined && row !== undefined) row[field] = Number(kb[2]) * 1024;
          continue;
        }
        const header = HEADER.exec(line);
        if (!header) continue;
        const path = (header[6] as string).trim();
        rows.push({ address: header[1] as string, perms: header[2] as string, path: path === '' ? '[anon]' : path, ...Object.fromEntries(Object.values(FIELDS).map((field) => [field, 0])) });
      }
      return rows;
    };
    const lines = readFileSync(`/proc/${pid}/smaps`, 'latin1').split('\n');
    const odd = ['Rss:\t 12 kB', 'Rss: 12 kB ', 'Rss : 3 kB', 'Swap:  7 kB\r', 'Pss_Dirty:  9 kB', '7f00-7f01 rw-p 0 00:00 0 a\rb', '7f00-7f01 rw-p 0 00:00 0 x\u2028y', '7f00-7f01 rw-p 0 00:00 0', '7f00-7f01  r 0 0 0   /p  q  ', 'ab-cd r 0 0 0 \u00e9', '', ' Rss: 1 kB', 'Size: 99999999999 kB'];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const picked = Array.from({ length: 1 + random(60) }, () => (random(4) === 0 ? odd[random(odd.length)] : lines[random(lines.length)]) as string);
      const text = picked.join('\n') + (random(2) === 0 ? '\n' : '');
      expect(parseMemoryMaps(text, () => true)).toEqual(byLines(text));
      // The same through the addon, which reads an ASCII text itself and leaves any other to parseMemoryMaps.
      expect(memoryMapsOf(Buffer.from(text), () => true)).toEqual(byLines(text));
      // And summed by path in the addon.
      expect(groupedMemoryMapsOf(Buffer.from(text), () => true)).toEqual(groupMemoryMaps(byLines(text) as unknown as MemoryMap[]));
    }
  });

  it('sums by path in the addon as groupMemoryMaps sums the rows, " (deleted)" paths merged after psutil\'s rule', () => {
    const text = [
      '7f00-7f01 r--p 0 08:02 1 /lib/a.so (deleted)',
      'Rss: 4 kB',
      'Pss: 2 kB',
      '7f01-7f02 rw-p 0 00:00 0',
      'Rss: 8 kB',
      'Rss: 12 kB',
      '7f02-7f03 r-xp 0 08:02 1 /lib/a.so\t ',
      'Rss: 16 kB',
      'Swap: 1 kB',
      '7f03-7f04 rw-p 0 00:00 0   ',
      'Anonymous: 20 kB',
      '7f04-7f05 r--p 0 08:02 2 /lib/b.so (deleted)',
      'Size: 3 kB',
      '',
    ].join('\n');
    for (const exists of [() => false, () => true]) {
      const grouped = groupedMemoryMapsOf(Buffer.from(text), exists);
      expect(grouped).toEqual(groupMemoryMaps(parseMemoryMaps(text, exists)));
      expect(grouped.map((row) => row.path)).toEqual(exists() ? ['/lib/a.so (deleted)', '[anon]', '/lib/a.so', '/lib/b.so (deleted)'] : ['/lib/a.so', '[anon]', '/lib/b.so']);
    }
    expect(groupedMemoryMapsOf(Buffer.from(text), () => false)[0]).toMatchObject({ rss: 20480, pss: 2048, swap: 1024 });
    expect(binding().smapsGroups(Buffer.from(`${text}7f05-7f06 r--p 0 0 0 /caf\u00e9\n`))).toBeNull();
    expect(groupedMemoryMapsOf(Buffer.from(`${text}7f05-7f06 r--p 0 0 0 /caf\u00e9\nRss: 8 kB\n`), () => false).at(-1)).toMatchObject({ path: '/caf\u00e9', rss: 8192 });
  });

  it('reads the bytes of a real smaps as parseMemoryMaps reads its text, in the addon when they are ASCII', () => {
    const bytes = readFileSync(`/proc/${pid}/smaps`);
    expect(bytes.every((byte) => byte < 0x80)).toBe(true);
    expect(binding().smapsMappings(bytes)).not.toBeNull();
    expect(memoryMapsOf(bytes, () => false)).toEqual(parseMemoryMaps(bytes.toString('latin1'), () => false));
    const odd = Buffer.concat([bytes, Buffer.from('7f00-7f01 rw-p 0 00:00 0 /caf\u00e9\nRss: 8 kB\n')]);
    expect(binding().smapsMappings(odd)).toBeNull();
    // A byte above 0x7f anywhere, whatever its place in the eight-byte words the addon tests.
    for (let at = 0; at < 24; at++) {
      const marked = Buffer.from(bytes.subarray(0, 24 + (at % 9)));
      marked[at] = 0x80;
      expect([binding().smapsMappings(marked), binding().smapsGroups(marked)]).toEqual([null, null]);
    }
    expect(memoryMapsOf(odd, () => false).at(-1)).toMatchObject({ path: '/caf\u00e9', rss: 8192 });
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
    expect(rollup.pss - summed.pss).toBeLessThan(parseMemoryMaps(smaps).length * 1024);
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
