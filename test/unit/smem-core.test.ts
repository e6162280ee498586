// The pure parts of pt-smem and pt-procsmem: smaps parsers, Python's text rules, optparse,
// smem's units and the tarball source.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { groupMemoryMaps, mapPath, parseMemoryMaps, parseSmapsRollup, sumSmaps } from '../../src/core/process/smaps.js';
import { parseSmemMaps, smemTotals } from '../../src/tools/smem/smaps.js';
import { parseOptparse } from '../../src/cli/optparse.js';
import { PyFloat, pyCompare, pyFloatRepr, pyPad, pySum } from '../../src/format/python.js';
import { parseSmemCommand } from '../../src/tools/smem/command.js';
import { elfLoadedSize, fromUnits } from '../../src/tools/smem/collect.js';
import { smemUnits } from '../../src/tools/smem/render.js';
import { parseTar, tarSource } from '../../src/tools/smem/source.js';
import { convertBytes, procsmemLine, renderProcsmem } from '../../src/tools/procsmem/render.js';
import { UsageError } from '../../src/core/errors.js';
import { python } from './python.js';
import { fixtureSmapsFiles } from '../conformance/smem-fixture.js';

const SMAPS = `55d0c0000000-55d0c0002000 r--p 00000000 fe:00 42                         /usr/bin/my tool (deleted)
Size:                  8 kB
Rss:                   8 kB
Pss:                   3 kB
Private_Clean:         2 kB
Private_Dirty:         1 kB
Private_Hugetlb:       4 kB
Swap:                  5 kB
SwapPss:               5 kB
VmFlags: rd mr mw me
7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0
Size:                132 kB
Rss:                  12 kB
Pss:                  12 kB
Private_Dirty:        12 kB
Swap:                  0 kB
`;

describe('smaps parsers', () => {
  it('reads smaps_rollup as psutil: every Private_* line, Pss and Swap only', () => {
    expect(parseSmapsRollup('Rss: 10 kB\nPss:  7 kB\nPss_Anon: 3 kB\nPrivate_Clean: 1 kB\nPrivate_Dirty: 2 kB\nPrivate_Hugetlb: 4 kB\nSwap: 5 kB\nSwapPss: 9 kB\n')).toEqual({
      uss: 7 * 1024,
      pss: 7 * 1024,
      swap: 5 * 1024,
    });
  });
  it('sums smaps over mappings for the fallback', () => {
    expect(sumSmaps(SMAPS)).toEqual({ uss: 19 * 1024, pss: 15 * 1024, swap: 5 * 1024 });
  });
  it('splits mappings, keeps paths with spaces and names anonymous memory [anon]', () => {
    expect(parseMemoryMaps(SMAPS, () => true).map((m) => [m.address, m.perms, m.path])).toEqual([
      ['55d0c0000000-55d0c0002000', 'r--p', '/usr/bin/my tool (deleted)'],
      ['7ffc00000000-7ffc00021000', 'rw-p', '[anon]'],
    ]);
    const rows = parseMemoryMaps(SMAPS, () => false);
    expect(rows.map((r) => r.path)).toEqual(['/usr/bin/my tool', '[anon]']);
    expect(groupMemoryMaps([...rows, ...rows]).map((r) => [r.path, r.rss])).toEqual([
      ['/usr/bin/my tool', 16 * 1024],
      ['[anon]', 24 * 1024],
    ]);
    expect(mapPath('/a (deleted)', () => true)).toBe('/a (deleted)');
  });
  it("reads smaps as smem: the path's first word, lower-cased keys, Pss presence", () => {
    const parsed = parseSmemMaps(SMAPS);
    expect(parsed.hasPss).toBe(true);
    expect(parsed.mappings.map((m) => m.name)).toEqual(['/usr/bin/my', '<anonymous>']);
    expect(parsed.mappings[0]?.kb.get('private_clean')).toBe(2);
    expect(parseSmemMaps(SMAPS.replace(/^Pss:.*\n/gm, '')).hasPss).toBe(false);
    expect(() => parseSmemMaps('Rss: 1 kB\n')).toThrow();
    expect(() => parseSmemMaps('00-10 r--p 0 0:0 0\n\nRss: 1 kB\n')).toThrow();
    expect(parseSmemMaps('')).toEqual({ mappings: [], hasPss: false });
  });
});

describe('Python text rules', () => {
  it('prints floats as repr does', () => {
    expect([12.0, 0.5, 1e16, 1.5e-5, 123456.25, -3.0].map(pyFloatRepr)).toEqual(['12.0', '0.5', '1e+16', '1.5e-05', '123456.25', '-3.0']);
  });
  it('pads and cuts by code points', () => {
    expect(pyPad('日本語テキスト', 5, true, 5)).toBe('日本語テキ');
    expect(pyPad('ab', 4, false)).toBe('  ab');
  });
  it('compares strings by code point and sums ints as ints unless a float joins', () => {
    expect(pyCompare('\u{1F600}', '\uFFFF')).toBeGreaterThan(0);
    expect(pySum([1, 2])).toBe(3);
    expect(pySum([1, new PyFloat(2)])).toEqual(new PyFloat(3));
  });
});

describe('optparse', () => {
  const options = [
    { key: 'sort', short: '-s', long: '--sort', takesValue: true },
    { key: 'source', short: '-S', long: '--source', takesValue: true },
    { key: 'totals', short: '-t', long: '--totals', takesValue: false },
  ];
  const help = { key: 'help', short: '-h', long: '--help', takesValue: false };
  it('clusters, abbreviates and takes values that look like options', () => {
    const parsed = parseOptparse(['-tsrss', 'x', '--sor', '-t', '--', '-t'], options, help);
    expect(parsed).toEqual({ kind: 'options', values: new Map<string, string | true>([['totals', true], ['sort', '-t']]), operands: ['x', '-t'] });
  });
  it("reports optparse's errors", () => {
    expect(parseOptparse(['--s'], options, help)).toEqual({ kind: 'error', message: 'ambiguous option: --s (--sort, --source?)' });
    expect(parseOptparse(['--totals=1'], options, help)).toEqual({ kind: 'error', message: '--totals option does not take a value' });
    expect(parseOptparse(['-s'], options, help)).toEqual({ kind: 'error', message: '-s option requires 1 argument' });
    expect(parseOptparse(['-h', '--bogus'], options, help)).toEqual({ kind: 'help' });
  });
  it('gives smem its usage error with status 2', () => {
    expect(() => parseSmemCommand(['--bogus'])).toThrow(UsageError);
    try {
      parseSmemCommand(['--bogus']);
    } catch (error) {
      expect(error).toMatchObject({ exitCode: 2, text: 'Usage: smem [options]\n\nsmem: error: no such option: --bogus\n' });
    }
  });
});

describe('smem units', () => {
  it('abbreviates as units() does, ties to even', () => {
    expect([0, 1023, 1024, 1024 * 1.25, 1024 ** 3 * 16, 1024 ** 5 * 2].map(smemUnits)).toEqual(['0', '1023.0', '1.0K', '1.2K', '16.0G', '2.0T']);
  });
  it('reads -R with the first suffix that matches', () => {
    expect(fromUnits('1G')).toBe(2 ** 30);
    expect(fromUnits('1.5kB')).toBe(1536);
    expect(fromUnits(' 2_0 M')).toBe(20 * 2 ** 20);
    expect(() => fromUnits('1024')).toThrow('Memory size should be written with units');
    expect(() => fromUnits('abcM')).toThrow("could not convert string to float: 'abc'");
  });
  it('sizes an ELF image as size(1) does', () => {
    const node = readFileSync(process.execPath);
    const size = spawnSync('size', [process.execPath], { encoding: 'utf8' });
    if (size.status === 0) expect(elfLoadedSize(node)).toBe(Number(size.stdout.split('\n')[1]?.trim().split(/\s+/)[3]));
    expect(elfLoadedSize(Buffer.from('not an elf file at all, just some text to make it long enough'))).toBeNull();
  });
});

describe('smem tarball source', () => {
  it('reads smemcap-style members with their owners', () => {
    const dir = mkdtempSync(join(tmpdir(), 'smem-tar-'));
    try {
      const proc = join(dir, 'src');
      spawnSync('sh', ['-c', `mkdir -p ${proc}/42 && printf 'x\\0' > ${proc}/42/cmdline && printf '${SMAPS.replace(/\n/g, '\\n')}' > ${proc}/42/smaps && echo 'MemTotal: 1 kB' > ${proc}/meminfo && tar -C ${proc} --owner=alice:1234 -czf ${dir}/s.tgz 42 meminfo`]);
      const members = parseTar(readFileSync(join(dir, 's.tgz')));
      expect(members).not.toBeNull();
      const source = tarSource(members ?? []);
      expect(source.entries()).toEqual(['42']);
      expect(source.ownerUid(42)).toBe(1234);
      expect(source.userName(1234)).toBe('alice');
      expect(source.processFile(42, 'cmdline').toString()).toBe('x\0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('procsmem', () => {
  it('converts bytes as the script does', () => {
    expect([0, 1023, 1024, 1536, 5 * 2 ** 30].map(convertBytes)).toEqual(['0B', '1023B', '1.0K', '1.5K', '5.0G']);
  });
  it('rounds as Python does, ties to even, in every unit', () => {
    // Ties (1280 is 1.25K, 1792 is 1.75K), values next to them, unit boundaries, and figures
    // whose tenths are no longer exact in a double.
    const values = [1280, 1279, 1281, 1792, 0.5 * 2 ** 20 + 0.05 * 2 ** 20, 2 ** 20 - 1, 2 ** 20, 2 ** 30 - 52, 3 * 2 ** 40 + 2 ** 38, 2 ** 50 + 2 ** 45, 2 ** 53 - 1, 2 ** 60 + 2 ** 50, 2 ** 70, 2 ** 80 * 1.25, 2 ** 90, 1536.5];
    for (let i = 0; i < 2000; i++) values.push(Math.floor(1024 * 1.0007 ** (i * 17)) % Number.MAX_SAFE_INTEGER);
    // convert_bytes() of psutil's scripts/procsmem.py.
    const expected = python<string[]>(
      "def convert_bytes(n):\n    symbols = ('K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y')\n    prefix = {}\n    for i, s in enumerate(symbols):\n        prefix[s] = 1 << (i + 1) * 10\n    for s in reversed(symbols):\n        if n >= prefix[s]:\n            value = float(n) / prefix[s]\n            return '%.1f%s' % (value, s)\n    return '%sB' % n\nprint(json.dumps([convert_bytes(int(n) if n == int(n) else n) for n in data]))",
      values,
    );
    expect(values.map(convertBytes)).toEqual(expected);
  });
  it('lays out the rows under the 78-character rule', () => {
    const text = renderProcsmem([procsmemLine({ pid: 7, user: 'verylongname', cmdline: ['a'.repeat(40)], uss: 2048, pss: 4096, swap: 0, rss: 8192 })]);
    expect(text).toBe(
      'PID     User    Cmdline                            USS     PSS    Swap     RSS\n' +
        `${'='.repeat(78)}\n` +
        `7       verylon ${'a'.repeat(30)}    2.0K    4.0K      0B    8.0K\n`,
    );
  });
});

describe('smemTotals', () => {
  const keys = ['size', 'rss', 'pss', 'shared_clean', 'shared_dirty', 'private_clean', 'private_dirty', 'referenced', 'swap'] as const;
  const files = fixtureSmapsFiles();

  // Every fixture smaps is in the kernel's layout, so the addon must answer for each.
  it.each(files)('answers for the kernel layout and agrees with the long parse (%s)', (file) => {
    const data = readFileSync(file);
    const totals = smemTotals(data);
    const parsed = parseSmemMaps(data.toString('utf8'));
    expect(totals).not.toBeNull();
    if (totals === null) return;
    expect(totals.mappings).toBe(parsed.mappings.length);
    expect(totals.hasPss).toBe(parsed.hasPss);
    for (const key of keys) expect([key, totals.kb[key]]).toEqual([key, parsed.mappings.reduce((sum, m) => sum + (m.kb.get(key) ?? 0), 0)]);
  });

  // The addon reads the kernel's 28-byte figure lines a word at a time and everything else the
  // long way: lines that are almost the kernel's must sum as the long parse sums them.
  it('sums figure lines that stray from the kernel columns as the long parse does', () => {
    const mapping = (start: string, name: string) => `${start}-${start.replace(/.$/, 'f')} r-xp 00000000 fe:00 1234                       ${name}\n`;
    const figure = (key: string, value: string) => `${`${key}:`.padEnd(16)}${value.padStart(8)} kB\n`;
    const text = [
      mapping('00400000', '/usr/bin/caf\u00e9'),
      figure('Size', '8'),
      figure('Rss', '123456789'), // wider than its 8 columns
      'Pss:        7 kB\n', // not padded to 16 columns
      figure('Private_Clean', '00012'),
      figure('Private_Dirty', '4'),
      figure('Private_Hugetlb', '2'),
      figure('Pss_Dirty', '1'),
      figure('Unknown_Key_That_Is_Long', '5'),
      figure('Swap', '3'),
      'THPeligible:           0\n',
      'VmFlags: rd ex mr mw me \n',
      mapping('00500000', ''),
      figure('Shared_Clean', '9'),
      figure('Referenced', '6'),
      'Swap: 3 kB\n',
    ].join('');
    const totals = smemTotals(Buffer.from(text));
    const parsed = parseSmemMaps(text);
    expect(totals).not.toBeNull();
    if (totals === null) return;
    expect(totals.mappings).toBe(2);
    for (const key of keys) expect([key, totals.kb[key]]).toEqual([key, parsed.mappings.reduce((sum, m) => sum + (m.kb.get(key) ?? 0), 0)]);
    expect(totals.kb.rss).toBe(123456789);
    expect(totals.kb.pss).toBe(7);
  });

  it('finds a carriage return or invalid UTF-8 anywhere in a long file', () => {
    const line = `${'Size:'.padEnd(16)}${'4'.padStart(8)} kB\n`;
    const head = `00400000-00401000 r-xp 00000000 fe:00 1234 /a\n${line.repeat(10)}`;
    for (const at of [0, 63, 64, 65, 200]) {
      const lines = head.split('\n');
      const crlf = Buffer.from(`${head}${line.repeat(at % 7)}`.replace(/\n/, '\r\n'));
      expect(smemTotals(crlf)).toBeNull();
      const bytes = Buffer.from(`${lines[0]}\n${line.repeat(10)}`);
      bytes[Math.min(at, bytes.length - 2)] = 0xff;
      expect(smemTotals(bytes)).toBeNull();
    }
  });

  it('leaves what is not the kernel layout to the long parse', () => {
    expect(smemTotals(Buffer.from('Rss: 4 kB\n'))).toBeNull(); // a figure before any mapping
    expect(smemTotals(Buffer.from('00400000-00401000 r-xp 0 0:0 0 /a\r\nRss: 4 kB\n'))).toBeNull();
    expect(smemTotals(Buffer.from('00400000-00401000 r-xp 0 0:0 0 /a\nRss: 4 kB\n00400000-00402000 r-xp 0 0:0 0 /b\n'))).toBeNull();
    expect(smemTotals(Buffer.from([0x30, 0x2d, 0x31, 0x20, 0xff, 0x0a]))).toBeNull();
  });
});
