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

  // Node hands a program its arguments decoded as UTF-8, with U+FFFD for bytes that are not;
  // the commands read the bytes back from /proc/self/cmdline (src/cli/argv.ts).
  // BAD stands for the bytes "bad\xff\xfe", put in place by a Python exec (a JavaScript string
  // argument is always sent as UTF-8).
  const BAD = '@BAD@';
  const EXEC_BYTES = "import os, sys; a = [x.encode().replace(b'@BAD@', b'bad\\xff\\xfe') for x in sys.argv[1:]]; os.execvp(a[0], a)";
  it.each([
    ['netstat', ['-A', BAD]],
    ['netstat', ['-A', `inet,${BAD}`]],
    ['ifconfig', [BAD]],
    ['ps', ['-o', BAD]],
    ['ps', ['-o', `pid,${BAD}é`]],
  ])('%s %j: an argument that is not UTF-8 keeps its bytes', (tool, args) => {
    const asBytes = (argv: string[]) => ['/usr/bin/python3', '-c', EXEC_BYTES, ...argv];
    const mine = run(asBytes(ours(tool, args)));
    const classic = run(asBytes([tool, ...args]));
    expect(classic.stderr.includes(Buffer.from([0xff, 0xfe]))).toBe(true);
    expectSameRun(mine, classic);
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
