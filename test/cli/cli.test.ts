// The commands as users run them: through the bins, symlinks and pipes.
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TOOLS } from '../../src/cli/tool.js';
import { IN_CI, REPO } from '../conformance/harness.js';

const scratch = mkdtempSync(join(tmpdir(), 'ptools-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const run = (file: string, args: string[], options: SpawnSyncOptions = {}) => {
  const result = spawnSync(process.execPath, [file, ...args], { encoding: 'utf8', ...options });
  return { stdout: String(result.stdout), stderr: String(result.stderr), status: result.status };
};
const ptools = (...args: string[]) => run(join(REPO, 'bin/ptools.js'), args);
const ptFree = (...args: string[]) => run(join(REPO, 'bin/pt-free.js'), args);
const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

// What procps-ng's free prints for --help: the text every way of running ours must print.
const classicHelp = spawnSync('free', ['--help'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' } });
const freeMissing = classicHelp.error ? 'free (procps-ng) is not installed' : null;
if (freeMissing && IN_CI) throw new Error(freeMissing);

describe('multicall dispatch', () => {
  it.skipIf(freeMissing !== null)(`runs free as \`ptools free\`, \`pt-free\` and a symlink named free${freeMissing ? ` (skipped: ${freeMissing})` : ''}`, () => {
    const link = join(scratch, 'free');
    symlinkSync(join(REPO, 'bin/ptools.js'), link);
    const expected = { stdout: classicHelp.stdout, stderr: classicHelp.stderr, status: classicHelp.status };
    expect(expected.stdout).toMatch(/^\nUsage:\n free \[options\]\n/);
    for (const result of [ptools('free', '--help'), ptFree('--help'), run(link, ['--help'])]) {
      expect(result).toEqual(expected);
    }
  });

  it('lists the commands when run without arguments, and with --help', () => {
    const list = ptools();
    expect(list.status).toBe(0);
    for (const tool of TOOLS) expect(list.stdout).toMatch(new RegExp(`^ {2}${tool.name} +${tool.summary.replace(/[()]/g, '\\$&')}$`, 'm'));
    expect(list.stdout).not.toMatch(/\x1b\[/);
    const help = ptools('--help');
    expect(help.stdout).toMatch(/--install <dir>/);
    expect(help.stdout).toMatch(/^ {2}free /m);
  });

  it('prints its version', () => {
    expect(ptools('--version')).toEqual({ stdout: `${version}\n`, stderr: '', status: 0 });
    expect(ptFree('-V').stdout).toBe(`free from procps-ng 4.0.2 (ptools ${version})\n`);
  });

  it('refuses an unknown command with exit 1', () => {
    expect(ptools('nosuch')).toEqual({ stdout: '', stderr: "ptools: 'nosuch' is not a ptools command; see 'ptools --help'\n", status: 1 });
  });

  it('refuses a --color that is not always, never or auto', () => {
    const bogus = ptools('--color', 'bogus');
    expect(bogus.status).toBe(1);
    expect(bogus.stdout).toBe('');
    expect(bogus.stderr).toMatch(/'bogus' is invalid\. Allowed choices are always, never, auto/);
    expect(ptools('--color', 'never').status).toBe(0);
  });
});

describe('ptools --install', () => {
  it('makes classic-name symlinks, is idempotent, and never replaces a file', () => {
    const dir = join(scratch, 'links');
    mkdirSync(dir);
    const first = ptools('--install', dir);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(`${TOOLS.map((tool) => `${join(dir, tool.name)} -> ptools\n`).join('')}${join(dir, 'ptools.bash')}\n${join(dir, '_ptools')}\n`);
    for (const tool of TOOLS) expect(readlinkSync(join(dir, tool.name))).toBe(join(REPO, 'bin/ptools.js'));
    expect(ptools('--install', dir)).toEqual({ stdout: '', stderr: '', status: 0 });

    const taken = join(scratch, 'taken');
    mkdirSync(taken);
    writeFileSync(join(taken, 'free'), 'mine\n');
    const refused = ptools('--install', taken);
    expect(refused.stderr).toBe(`ptools: ${join(taken, 'free')} exists; not replacing it\n`);
    expect(refused.status).toBe(1);
    expect(refused.stdout).not.toContain(`${join(taken, 'free')} ->`);
    expect(lstatSync(join(taken, 'free')).isFile()).toBe(true);
    expect(readFileSync(join(taken, 'free'), 'utf8')).toBe('mine\n');
  });

  it('needs an existing directory', () => {
    expect(ptools('--install', join(scratch, 'absent'))).toMatchObject({ stderr: `ptools: ${join(scratch, 'absent')}: not a directory\n`, status: 1 });
  });
});

describe('pipes and failures', () => {
  const bash = (script: string) => spawnSync('bash', ['-c', script], { cwd: REPO, encoding: 'utf8' });

  it('stops quietly when the reader goes away, with the status of a SIGPIPE death like free', () => {
    const ours = bash('node bin/pt-free.js -s 0.05 | head -1; echo "status=${PIPESTATUS[0]}"');
    expect(ours.stderr).toBe('');
    expect(ours.stdout).toBe(`${USAGE_HEADER_LINE}\nstatus=141\n`);
  });

  it('ends quietly with status 0 when the reader goes away from ps, as procps ps does', () => {
    // Enough long command lines to make the listing larger than a pipe's buffer, so the pipe
    // does break (sleep adds up its arguments: 60 + 0 + 0...).
    const sleepers = Array.from({ length: 400 }, () => spawn('sleep', ['60', ...Array<string>(150).fill('0')], { stdio: 'ignore' }));
    try {
      expect(Number(bash('node bin/pt-ps.js ax | wc -c').stdout)).toBeGreaterThan(128 * 1024);
      const ours = bash('node bin/pt-ps.js ax | head -1; echo "status=${PIPESTATUS[0]}"');
      expect(ours.stderr).toBe('');
      expect(ours.stdout).toMatch(/^ +PID TTY +STAT +TIME COMMAND\nstatus=0\n$/);
    } finally {
      for (const sleeper of sleepers) sleeper.kill();
    }
  });

  it('reports a missing meminfo as free does, without a stack trace', () => {
    const empty = join(scratch, 'empty-proc');
    mkdirSync(empty);
    const result = run(join(REPO, 'bin/pt-free.js'), [], { env: { ...process.env, PTOOLS_PROC: empty } });
    expect(result).toEqual({ stdout: '', stderr: 'free: Memory information file /proc/meminfo does not exist\n', status: 1 });
    const debug = run(join(REPO, 'bin/pt-free.js'), [], { env: { ...process.env, PTOOLS_PROC: empty, PTOOLS_DEBUG: '1' } });
    expect(debug.stderr).toMatch(/\n {4}at /);
    expect(debug.stderr).toMatch(/\[cause\]: Error: ENOENT/);
  });

  it("runs pt-NAME from the command's bundle alone, and ptools NAME through the dispatcher", () => {
    const copy = join(scratch, 'without-dispatcher');
    mkdirSync(join(copy, 'dist', 'tools'), { recursive: true });
    for (const file of ['package.json', 'binding.gyp']) copyFileSync(join(REPO, file), join(copy, file));
    cpSync(join(REPO, 'bin'), join(copy, 'bin'), { recursive: true });
    for (const file of ['ptools.cjs', 'tools/free.cjs']) copyFileSync(join(REPO, 'dist', file), join(copy, 'dist', file));
    symlinkSync(join(REPO, 'build'), join(copy, 'build'));
    symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
    const direct = run(join(copy, 'bin/pt-free.js'), ['-V']);
    expect(direct).toEqual({ stdout: expect.stringMatching(/^free from procps-ng 4\.0\.2/), stderr: '', status: 0 });
    const dispatched = run(join(copy, 'bin/ptools.js'), ['free', '-V']);
    expect(dispatched.status).not.toBe(0);
    expect(dispatched.stderr).toMatch(/main\.cjs/);
  });

  it('says in one line how to rebuild a missing addon, and exits 1', () => {
    const copy = join(scratch, 'no-addon');
    mkdirSync(join(copy, 'dist'), { recursive: true });
    for (const file of ['package.json', 'binding.gyp']) copyFileSync(join(REPO, file), join(copy, file));
    cpSync(join(REPO, 'bin'), join(copy, 'bin'), { recursive: true });
    mkdirSync(join(copy, 'dist', 'tools'));
    for (const file of ['ptools.cjs', 'main.cjs', 'tools/free.cjs']) copyFileSync(join(REPO, 'dist', file), join(copy, 'dist', file));
    symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
    expect(existsSync(join(copy, 'build'))).toBe(false);
    const result = run(join(copy, 'bin/pt-free.js'), []);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^ptools: the native addon does not load \(.*\); rebuild it with `npm rebuild ptools` \(needs python3, make and g\+\+\)\n$/);
  });
});

const USAGE_HEADER_LINE = '               total        used        free      shared  buff/cache   available';

describe('free --json', () => {
  const json = (...args: string[]) => {
    const result = ptFree('--json', ...args);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return result.stdout;
  };

  it("gives jc's free shape with integers in the printed unit", () => {
    const rows = JSON.parse(json('-m')) as Array<Record<string, unknown>>;
    expect(rows.map((row) => Object.keys(row))).toEqual([
      ['type', 'total', 'used', 'free', 'shared', 'buff_cache', 'available'],
      ['type', 'total', 'used', 'free'],
    ]);
    const meminfo = readFileSync('/proc/meminfo', 'utf8');
    const totalKiB = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1]);
    expect(rows[0]?.total).toBe(Math.trunc(totalKiB / 1024));
  });

  it('names the rows and columns of -w -l -t -v, and keeps -h values as printed', () => {
    const rows = JSON.parse(json('-w', '-l', '-t', '-v')) as Array<Record<string, unknown>>;
    expect(rows.map((row) => row.type)).toEqual(['Mem', 'Low', 'High', 'Swap', 'Total', 'Comm']);
    expect(Object.keys(rows[0] ?? {})).toEqual(['type', 'total', 'used', 'free', 'shared', 'buffers', 'cache', 'available']);
    const human = JSON.parse(json('-h')) as Array<Record<string, unknown>>;
    expect(human[0]?.total).toMatch(/^[\d.]+[KMGTP]?i?B?$/);
  });

  it('prints one line per report with -c', () => {
    const lines = json('-c', '3', '-s', '0.01').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect((JSON.parse(line) as unknown[]).length).toBe(2);
  });
});
