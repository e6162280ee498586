import { describe, expect, it } from 'vitest';
import { CommandFailed, UsageError } from '../../src/core/errors.js';
import { parseIostatCommand, USAGE, type IostatOptions } from '../../src/tools/iostat/command.js';
import { deviceFigures } from '../../src/tools/iostat/collect.js';
import { ZERO_BLOCK_STAT } from '../../src/core/disk.js';
import { jcRows } from '../../src/tools/iostat/json.js';
import { Figures, renderDeviceHeader, reportDate, reportTimestamp } from '../../src/tools/iostat/render.js';

const probe = { persistentTypeExists: (type: string) => type === 'uuid', isDirectory: (path: string) => path === '/alt' };
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}): IostatOptions => {
  const command = parseIostatCommand(argv, env, probe);
  if (command.kind !== 'run') throw new Error('not a run');
  return command.options;
};
const usage = (argv: string[]) => expect(() => parseIostatCommand(argv, {}, probe)).toThrow(UsageError);

describe('iostat command line', () => {
  it('defaults to CPU and device reports, once, in kB, every whole device', () => {
    expect(parse([])).toMatchObject({ cpu: true, disk: true, count: 1, interval: 0, unit: 'kB', allDevices: true, unfiltered: false });
  });
  it('takes interval and count; an interval alone repeats forever; 0 is one report', () => {
    expect(parse(['2', '3'])).toMatchObject({ interval: 2, count: 3 });
    expect(parse(['2'])).toMatchObject({ interval: 2, count: -1 });
    expect(parse(['0'])).toMatchObject({ interval: 0, count: 1 });
  });
  it('rejects a zero or extra count, unknown letters, -k with -m, -H without -g, bad -o and --dec', () => {
    for (const argv of [['1', '0'], ['0', '2'], ['1', '2', '3'], ['-Q'], ['-2'], ['-k', '-m'], ['-m', '-k'], ['-H'], ['-o', 'XML'], ['-o'], ['--dec=3'], ['--dec=10'], ['-g'], ['-j'], ['-f', '/nope'], ['-f', '/alt', '-f', '/alt']]) {
      usage(argv);
    }
  });
  it('gives iostat exit status 1 and the usage block on stderr', () => {
    try {
      parseIostatCommand(['-Q'], {}, probe);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).exitCode).toBe(1);
      expect((error as UsageError).text).toBe(USAGE);
    }
  });
  it('reports an unknown persistent name type with its own message', () => {
    expect(() => parseIostatCommand(['-j', 'FOO'], {}, probe)).toThrow(CommandFailed);
    expect(parse(['-j', 'UUID'])).toMatchObject({ persistentType: 'uuid', pretty: true });
  });
  it('-V stops the parse (later mistakes are not seen)', () => {
    expect(parseIostatCommand(['-V', '-Q'], {}, probe).kind).toBe('version');
  });
  it('-p takes a list unless the next word is a number or an option', () => {
    expect(parse(['-p', 'sda,ALL'])).toMatchObject({ everything: true, unfiltered: true, devices: [{ name: 'sda', kind: 'partitions' }] });
    expect(parse(['-p', '1', '2'])).toMatchObject({ everything: true, interval: 1, count: 2, devices: [] });
    expect(parse(['-p'])).toMatchObject({ everything: true, unfiltered: false });
    expect(parse(['-p', '-x'])).toMatchObject({ everything: true, extended: true });
  });
  it('records, per name, whether iostat would insert it in order', () => {
    const options = parse(['sdb', '-g', 'g', 'sda', '-p', 'ALL', 'sdc']);
    expect(options.devices.map((d) => [d.name, d.kind, d.sorted])).toEqual([
      ['sdb', 'device', true],
      [' g', 'group', false],
      ['sda', 'device', false],
      ['sdc', 'device', false],
    ]);
  });
  it('uses 512-byte blocks under POSIXLY_CORRECT unless -k or -m', () => {
    expect(parse([], { POSIXLY_CORRECT: '' }).unit).toBe('blocks');
    expect(parse(['-k'], { POSIXLY_CORRECT: '' }).unit).toBe('kB');
    expect(parse(['-m']).unit).toBe('MB');
  });
  it('reads --dec=N as atoi of one character', () => {
    expect(parse(['--dec=1']).decimals).toBe(1);
    expect(parse(['--dec=x']).decimals).toBe(0);
  });
});

describe('iostat figures', () => {
  const stat = { ...ZERO_BLOCK_STAT, rdIos: 100n, rdMerges: 25n, rdSectors: 800n, rdTicks: 50, totTicks: 500, rqTicks: 1000 };
  it('computes rates over the uptime interval in hundredths', () => {
    const d = deviceFigures('sda', stat, ZERO_BLOCK_STAT, 200n, 1);
    expect(d.rIos).toBe(50);
    expect(d.rrqm).toBe(20);
    expect(d.rAwait).toBe(0.5);
    expect(d.rArqsz).toBe(8);
    expect(d.util).toBe(25);
    expect(d.aquSz).toBe(0.5);
  });
  it('wraps 32-bit time counters and corrects 32-bit sector totals', () => {
    const before = { ...stat, rdTicks: 4294967000, rdSectors: 4294967000n };
    const after = { ...stat, rdIos: 200n, rdTicks: 704, rdSectors: 200n };
    const d = deviceFigures('sda', after, before, 100n, 1);
    expect(d.rAwait).toBe(10);
    expect(d.rdSec).toBe(496n);
  });
  it('formats as cprintf_f/cprintf_pc, and --human with unit letters', () => {
    const plain = new Figures(-1, false);
    // Each figure is a space and the value right-aligned in its width (iostat -h's "     8.26       142.3k").
    expect(plain.f(8, 8.255)).toBe(`${' '.repeat(5)}8.26`);
    expect(plain.pc(6, 99.1)).toBe('  99.10');
    const human = new Figures(-1, true);
    expect(human.f(12, 284.56, 0)).toBe(`${' '.repeat(7)}142.3k`);
    expect(human.u(10, 3195498n, 0)).toBe(`${' '.repeat(7)}1.5G`);
    expect(human.pc(7, 0.27)).toBe(`${' '.repeat(4)}0.3%`);
    expect(new Figures(0, true).f(12, 284.56, 0)).toBe(`${' '.repeat(9)}142k`);
  });
  it('names units in titles', () => {
    const header = renderDeviceHeader({ ...parse(['-m']) }, 0);
    expect(header).toBe('Device             tps    MB_read/s    MB_wrtn/s    MB_dscd/s    MB_read    MB_wrtn    MB_dscd\n');
  });
  it('prints dates as %x and ISO', () => {
    process.env.TZ = 'UTC';
    expect(reportDate(0, false)).toBe('01/01/70');
    expect(reportDate(0, true)).toBe('1970-01-01');
    expect(reportTimestamp(3661, true)).toBe('1970-01-01T01:01:01+0000');
  });
});

describe('--json (jc iostat shape)', () => {
  it('keys from the header lines, a type per row, numbers as numbers', () => {
    const text =
      'avg-cpu:  %user   %nice %system %iowait  %steal   %idle\n           0.27    0.00    0.60    0.02    0.01   99.10\n\n' +
      'Device             tps    kB_read/s    kB_wrtn/s    kB_dscd/s    kB_read    kB_wrtn    kB_dscd\n' +
      'vda               8.26       142.28       115.47         5.31    1118809     907968      41732\n\n';
    expect(jcRows(text)).toEqual([
      { percent_user: 0.27, percent_nice: 0, percent_system: 0.6, percent_iowait: 0.02, percent_steal: 0.01, percent_idle: 99.1, type: 'cpu' },
      { device: 'vda', tps: 8.26, kb_read_s: 142.28, kb_wrtn_s: 115.47, kb_dscd_s: 5.31, kb_read: 1118809, kb_wrtn: 907968, kb_dscd: 41732, type: 'device' },
    ]);
  });
  it('keeps --human values as printed, and the name column last with --pretty', () => {
    const rows = jcRows('      tps    kB_read/s Device\n     8.26       142.3k vda\n');
    expect(rows).toEqual([{ tps: 8.26, kb_read_s: '142.3k', device: 'vda', type: 'device' }]);
  });
});
