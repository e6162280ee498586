// /proc/PID/cmdline and environ read as psutil reads them (psutil/_pslinux.py Process.cmdline,
// psutil/_common.py parse_environ_block), and a live child whose arguments and environment we set.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCmdline, parseEnviron } from '../../src/core/process/parsers.js';

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

  it('decodes UTF-8', () => {
    expect(env('LANG=fr_FR.UTF-8\0NAME=caf\u00e9\0')).toEqual({ LANG: 'fr_FR.UTF-8', NAME: 'caf\u00e9' });
  });
});
