// /proc/PID/cmdline and environ read as psutil reads them (psutil/_pslinux.py Process.cmdline,
// psutil/_common.py parse_environ_block): psutil itself on crafted files, the rules by hand, and a
// live child whose arguments and environment we set.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IN_CI } from '../conformance/harness.js';
import { parseCmdline, parseCmdlineAscii, parseEnviron } from '../../src/core/process/parsers.js';

// Debian's python3-psutil, the reference the conformance tests use too.
const PYTHON = '/usr/bin/python3';
const psutilMissing = spawnSync(PYTHON, ['-c', 'import psutil'], { stdio: 'ignore' }).status !== 0 ? 'python3-psutil is not installed' : null;
if (psutilMissing && IN_CI) throw new Error(psutilMissing);

const CRAFTED: readonly string[] = [
  'ls\0-l\0\0/tmp\0',
  'a\0\0',
  '\0',
  'nginx: worker process',
  'nginx: worker process ',
  'a  b  ',
  'a\0b c',
  'postgres: checkpointer \0',
  'sh -c x\0',
  'sh -c\0x y\0',
  'HOME=/root\0OPTS=a=b\0EMPTY=\0',
  'A=1\0\0B=2\0',
  '\0A=1\0',
  'A=1\0B=2',
  'A=b c',
  'junk\0=x\0A=1\0A=2\0',
  'NAME=caf\u00e9\0',
];

describe.skipIf(psutilMissing !== null && !IN_CI)(`cmdline and environ = psutil ${psutilMissing ?? ''}`, () => {
  it('read crafted files as psutil reads them', () => {
    // psutil reads /proc through psutil.PROCFS_PATH; each case is one fake pid directory.
    const proc = mkdtempSync(join(tmpdir(), 'ptools-cmdline-'));
    try {
      CRAFTED.forEach((text, i) => {
        mkdirSync(join(proc, String(i + 1)));
        writeFileSync(join(proc, String(i + 1), 'cmdline'), text);
        writeFileSync(join(proc, String(i + 1), 'environ'), text);
      });
      const script = `
import json, sys, psutil, psutil._pslinux as linux
psutil.PROCFS_PATH = sys.argv[1]
out = []
for pid in range(1, int(sys.argv[2]) + 1):
    p = linux.Process(pid)
    out.append([p.cmdline(), p.environ()])
print(json.dumps(out))
`;
      const run = spawnSync(PYTHON, ['-c', script, proc, String(CRAFTED.length)], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const ours = CRAFTED.map((text) => {
        const data = Buffer.from(text, 'utf8');
        return [parseCmdline(data).map((arg) => arg.toString('utf8')), parseEnviron(data)];
      });
      expect(ours).toEqual(JSON.parse(run.stdout));
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });
});

const args = (text: string) => parseCmdline(Buffer.from(text, 'latin1')).map((arg) => arg.toString('latin1'));

describe('parseCmdline', () => {
  it('splits on NUL when the file ends with one, dropping only that last NUL', () => {
    expect(args('ls\0-l\0\0/tmp\0')).toEqual(['ls', '-l', '', '/tmp']);
    expect(args('a\0\0')).toEqual(['a', '']);
    expect(args('\0')).toEqual(['']);
  });

  it('splits on spaces without a final NUL (setproctitle), dropping one trailing space', () => {
    expect(args('nginx: worker process')).toEqual(['nginx:', 'worker', 'process']);
    expect(args('nginx: worker process ')).toEqual(['nginx:', 'worker', 'process']);
    expect(args('a  b  ')).toEqual(['a', '', 'b', '']);
    // The separator is a space even when NULs are inside.
    expect(args('a\0b c')).toEqual(['a\0b', 'c']);
  });

  it('splits a single NUL-terminated argument on its spaces (psutil gh-1179)', () => {
    expect(args('postgres: checkpointer \0')).toEqual(['postgres:', 'checkpointer', '']);
    expect(args('sh -c x\0')).toEqual(['sh', '-c', 'x']);
    expect(args('sh -c\0x y\0')).toEqual(['sh -c', 'x y']);
  });

  it('splits an ASCII command line held as a string as it splits the bytes (parseCmdlineAscii)', () => {
    const cases = ['', 'ls\0-l\0\0/tmp\0', 'a\0\0', '\0', '\0\0', ' ', '  ', 'nginx: worker process ', 'a  b  ', 'a\0b c', 'a\0b c ', 'postgres: checkpointer \0', 'sh -c x\0', 'sh -c\0x y\0', 'one\ntwo\0'];
    for (const text of cases) expect(parseCmdlineAscii(text)).toEqual(args(text));
  });

  it('returns copies, not views of the file buffer', () => {
    const data = Buffer.from('ab\0cd\0');
    const [first] = parseCmdline(data);
    data[0] = 0x7a;
    expect(first?.toString()).toBe('ab');
  });

  it('reads a live child its arguments as given', async () => {
    const argv = ['-e', 'setInterval(() => {}, 1000)', 'two words', '', 'last'];
    const child = spawn(process.execPath, argv, { stdio: 'ignore', env: { A: '1', B: 'x=y', C: 'with space', EMPTY: '' } });
    try {
      await once(child, 'spawn');
      const pid = child.pid as number;
      // The child's own cmdline, read until exec has replaced the parent's copy.
      let data = readFileSync(`/proc/${pid}/cmdline`);
      while (!data.includes('setInterval')) data = readFileSync(`/proc/${pid}/cmdline`);
      expect(parseCmdline(data).map(String)).toEqual([process.execPath, ...argv]);
      expect(parseEnviron(readFileSync(`/proc/${pid}/environ`))).toEqual({ A: '1', B: 'x=y', C: 'with space', EMPTY: '' });
    } finally {
      child.kill();
    }
  });
});

describe('parseEnviron', () => {
  const env = (text: string) => parseEnviron(Buffer.from(text, 'utf8'));

  it('reads NUL-terminated KEY=VALUE entries, the value keeping any further =', () => {
    expect(env('HOME=/root\0OPTS=a=b\0EMPTY=\0')).toEqual({ HOME: '/root', OPTS: 'a=b', EMPTY: '' });
  });

  it('stops at an empty entry and ignores text after the last NUL', () => {
    expect(env('A=1\0\0B=2\0')).toEqual({ A: '1' });
    expect(env('\0A=1\0')).toEqual({});
    expect(env('A=1\0B=2')).toEqual({ A: '1' });
    expect(env('A=b c')).toEqual({});
  });

  it('skips entries without = or with an empty key; a later key wins', () => {
    expect(env('junk\0=x\0A=1\0A=2\0')).toEqual({ A: '2' });
  });

  it('keeps any name as a variable of its own, __proto__ and constructor too', () => {
    const parsed = env('__proto__=x\0constructor=y\0');
    expect(Object.entries(parsed)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(parsed))).toEqual(Object.fromEntries([['__proto__', 'x'], ['constructor', 'y']]));
  });

  it('decodes UTF-8', () => {
    expect(env('LANG=fr_FR.UTF-8\0NAME=caf\u00e9\0')).toEqual({ LANG: 'fr_FR.UTF-8', NAME: 'caf\u00e9' });
  });
});
