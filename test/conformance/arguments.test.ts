// Very long arguments, against the classic tools: ps and netstat copy them into fixed buffers and
// name them cut in their messages; smem (Python's re) filters with a 40 KB pattern that V8 will
// not compile as a regular expression.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV, expectSameRun, IN_CI, ours, run, unavailableReason } from './harness.js';

const missing = ['ps', 'netstat', 'smem'].map(unavailableReason).find((reason) => reason !== null) ?? null;
if (missing && IN_CI) throw new Error(missing);

const x = (n: number, char = 'x') => char.repeat(n);

describe.skipIf(missing !== null && !IN_CI)(`long arguments${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it.each([
    ['-o', x(100_000)],
    ['-o', `pid,${x(100, 'y')}`],
    ['-o', x(39)],
    ['-o', `${x(40)}é`],
  ])('ps %s <%#>: the unknown specifier named in procps\' 80-byte buffer', (option, value) => {
    expectSameRun(run(ours('ps', [option, value])), run(['ps', option, value]));
  });

  it.each([
    ['-A', x(100_000)],
    ['-A', `inet,${x(300, 'y')}`],
    ['-A', `${x(300, 'y')},inet`],
    ['--protocol', x(256)],
    ['-A', x(255)],
  ])('netstat %s <%#>: the family list read from net-tools\' 256-byte buffer', (option, value) => {
    expectSameRun(run(ours('netstat', [option, value])), run(['netstat', option, value]));
  });

  it('smem -P with a 40 KB literal pattern filters as smem does', async () => {
    // A process of nobody's whose command line holds the pattern; both tools run as root and
    // list nobody's processes only, so their own command lines (which hold it too) are left out.
    const pattern = x(40_000);
    const child = spawn('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '/usr/bin/python3', '-c', 'import sys; sys.stdin.read()', pattern], { env: ENV });
    try {
      while (!readFileSync(`/proc/${child.pid}/cmdline`, 'latin1').includes('python3')) await new Promise((resolve) => setTimeout(resolve, 10));
      const args = ['-U', 'nobody', '-P', pattern, '-c', 'pid user name'];
      const classic = run(['smem', ...args]);
      expect(classic.stdout.toString()).toContain(`${child.pid} nobody`);
      expectSameRun(run(ours('smem', args)), classic);
    } finally {
      child.stdin?.end();
      await once(child, 'exit');
    }
  });
});
